"""How fast the Desk page and `desk_report` are at newsroom scale (issue 14), on the bench data set of
the benchmark (100,000 claims and their history over a year by default).

    DATABASE_URL=postgres://... python -m devtools.desk_bench [--claims 100000] [--repeat 5]

Builds (or reuses) the bench set, then for a year and for a month ending today: the median server
time of the Desk page over --repeat requests (in-process, Django's test client, logged in as a bench
editor), its number of queries, and the same for `manage.py desk_report` (CSV to a temporary file).
Every query of one request is then EXPLAINed, and a sequential scan of the history table is reported
(on a period as long as the history, reading all of it is the right plan; on a month it is not).

Development tooling: the product never imports it, and it uses only the product's public names.
"""
import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    try:
        from devtools import benchdata
    except ImportError:
        from claims import benchdata
    from claims.models import HistoryEntry

    if connection.vendor != "postgresql":
        sys.exit("Run the Desk benchmark on PostgreSQL (set DATABASE_URL).")
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Static files from the finders (no collectstatic needed to run the bench), as in the tests.
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    bench = benchdata.ensure(args.claims, log=print)
    client = Client()
    client.force_login(bench.editors[0])
    history = HistoryEntry.objects.count()
    stage_changes = HistoryEntry.objects.filter(action__in=HistoryEntry.STAGE_ACTIONS).count()
    today = timezone.localdate()
    periods = {
        "year": (today - datetime.timedelta(days=364), today),
        "month": (today - datetime.timedelta(days=29), today),
    }
    print(f"\n{bench.claims:,} claims, {history:,} history entries ({stage_changes:,} creations and status changes); "
          f"PostgreSQL {connection.pg_version // 10000}; median of {args.repeat}.\n")
    print("| what | period | median (s) | queries | sequential scans of history |")
    print("|---|---|---:|---:|---|")
    for name, (first, last) in periods.items():
        params = {"since": first.isoformat(), "until": last.isoformat()}

        def page():
            response = client.get(reverse("claims:desk"), params, secure=True)
            assert response.status_code == 200, response.status_code

        def report():
            with tempfile.NamedTemporaryFile(suffix=".csv") as target:
                call_command("desk_report", "--from", params["since"], "--to", params["until"], "--output", target.name,
                             stderr=io.StringIO())

        for what, run in (("Desk page", page), ("desk_report (CSV)", report)):
            run()  # warm: connection, caches
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                run()
                times.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as captured:
                run()
            scans = _history_scans(connection, captured)
            print(f"| {what} | {name} ({first} to {last}) | {statistics.median(times):.3f} | {len(captured)} | "
                  f"{', '.join(scans) or 'none'} |")


def _history_scans(connection, captured):
    """The queries (by number) whose plan reads claims_historyentry with a sequential scan."""
    found = []
    with connection.cursor() as cursor:
        for number, query in enumerate(captured.captured_queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if "Seq Scan on claims_historyentry" in plan:
                found.append(f"query {number}")
    return found


if __name__ == "__main__":
    main()
