"""The claims list through the API next to the claims list page, on the bench data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_api python devtools/api_bench.py --claims 100000

Builds (or reuses) devtools/benchdata.py's data set on the configured database, then for each case
times --repeat requests made in-process with Django's test client (median, server time without
the network) and counts the queries of one more request. The page is logged in with force_login;
the API call carries a personal token (its lookup is one of the counted queries). Both ask for 50
rows (the page's size). Development tooling: imports the product only through its public names and
is never imported by it.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402

from api.models import ApiToken  # noqa: E402
from devtools import benchdata  # noqa: E402


def cases(bench):
    word = bench.search_word
    return [
        ("default order (last updated)", "", ""),
        ("status = in research", "status=in_research", "status=in_research"),
        (f"search “{word}”", f"q={word}", f"q={word}"),
        ("sorted by due date", "sort=due", "sort=due"),
        ("page 21 (1,000 rows in)", "page=21", None),  # the API's 21st page is reached by its cursor
    ]


def measure(client, url, repeat, headers):
    throttle = caches[settings.API_THROTTLE_CACHE]
    times = []
    for _ in range(repeat):
        throttle.clear()  # the throttle's counter must not refuse the benchmark
        start = time.perf_counter()
        response = client.get(url, **headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    throttle.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(times) * 1000, len(queries.captured_queries), response


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    bench = benchdata.ensure(args.claims)
    editor = bench.editors[0]
    page_client = Client()
    page_client.force_login(editor)
    api_client = Client()
    _, secret = ApiToken.issue(editor, "api bench")
    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    print(f"{connection.vendor}, {bench.claims:,} claims, {bench.articles:,} articles; median of {args.repeat} requests, ms")
    print("| case | page ms | page queries | API ms | API queries |\n|---|---:|---:|---:|---:|")
    # As manage.py bench: plain HTTP to "testserver", static files uncollected; and no throttle.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(API_THROTTLE_RATE="1000000/min", SECURE_SSL_REDIRECT=False, STORAGES=storages):
        for label, page_query, api_query in cases(bench):
            page_ms, page_queries, _ = measure(page_client, f"/claims/?{page_query}", args.repeat, {})
            if api_query is None:
                url = "/api/claims/?limit=50"
                for _ in range(20):
                    url = api_client.get(url, **token).json()["next"]
            else:
                url = f"/api/claims/?limit=50&{api_query}"
            api_ms, api_queries, response = measure(api_client, url, args.repeat, token)
            assert response.json()["results"], label
            print(f"| {label} | {page_ms:.1f} | {page_queries} | {api_ms:.1f} | {api_queries} |")


if __name__ == "__main__":
    main()
