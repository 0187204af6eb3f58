"""python manage.py bench: how fast the workbench's pages are at newsroom scale, next to Django's
admin on the same data and next to the raw query that fetches the same rows.

Builds (or reuses) the data set of claims/benchdata.py on the configured database, then, in one run,
for every page: the median server time over --repeat requests made in-process with Django's test
client (logged in with force_login, so no password hashing is measured), and the number of
queries of one more request. The peer is Django's admin changelist for Claim with the same page
size and its own search, filters and sorting; the floor is the page's main query (and its count)
run on the raw database connection, with no ORM and no template. Exports are timed through the
`export_claims` command, with their peak memory growth.

Pages not built yet (their URL name does not resolve) are listed as such, so the benchmark can run
while the workbench is being written. The table is printed and written to docs/performance.md
between markers, leaving the hand-written analysis around it alone.
"""
import csv
import datetime
import json
import math
import re
import os
import platform
import statistics
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl

import django
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment, teardown_test_environment
from django.urls import NoReverseMatch, reverse

from claims import benchdata
from claims.models import Article, Claim
from claims.views import queue
from claims.workflow import Status

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# The claims list's query parameters, as the list view reads them.
LIST_PARAMS = {"status": "status", "assignee": "assignee", "search": "q", "sort": "sort", "page": "page"}
SORT_BY_DUE_DATE = "due_date"
# The floor's ordering for the unsorted list: most recently updated first.
DEFAULT_ORDER = ["-updated_at", "-pk"]
# Tables too small for a sequential scan to matter.
SMALL_TABLES = {"claims_rating", "claims_organisation", "auth_user", "auth_group", "django_content_type",
                "auth_permission", "auth_group_permissions", "auth_user_groups", "auth_user_user_permissions"}


@dataclass
class Page:
    key: str
    label: str
    url_names: tuple
    role: str = "editor"
    list_like: bool = True
    args: object = None  # bench -> URL arguments
    params: object = None  # (bench, found) -> query parameters
    admin: object = None  # (bench, found) -> (admin URL, parameters)
    floor: object = None  # (bench, found) -> list of querysets the page needs at the least


@dataclass
class Result:
    page: Page
    built: bool = False
    status: int = 0
    ours: float = None
    queries: int = None
    admin: float = None
    admin_queries: int = None
    floor: float = None
    render: float = None  # of `ours`, the time spent rendering templates
    rows: int = None
    seq_scans: list = field(default_factory=list)
    note: str = ""


def _list_rows(qs, found):
    return qs.with_related().only(
        "id", "text", "claimant", "status", "due_date", "updated_at", "priority",
        "article__id", "article__title", "rating__label", "rating__colour",
        "assignee__username", "assignee__first_name", "assignee__last_name",
        "proposed_by__username", "approved_by__username",
    )


def _page_of(qs, found, order=DEFAULT_ORDER, page=1):
    """The page's rows and the set they come from (for the paginator's count). The rows are fetched
    the fastest way we know: the offset walked over primary keys, then the page's rows joined
    (claims/paging.py), which on deep pages is several times faster than a plain OFFSET."""
    per_page = found["per_page"]
    keys = qs.order_by(*order).values("pk")[(page - 1) * per_page:page * per_page]
    rows = _list_rows(qs, found).filter(pk__in=keys).order_by(*order)
    return [rows, _Counted(qs)]


@dataclass
class _Counted:
    """In a floor: the paginator's count of this set."""

    queryset: object


def _claim_list_pages():
    def p(f, name):
        return f["params"][name]

    return [
        Page("list", "Claims list", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {},
             admin=lambda b, f: ({}),
             floor=lambda b, f: _page_of(Claim.objects.all(), f)),
        Page("list_status", "Claims list, status = in research", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {p(f, "status"): Status.IN_RESEARCH},
             admin=lambda b, f: {"status__exact": Status.IN_RESEARCH},
             floor=lambda b, f: _page_of(Claim.objects.filter(status=Status.IN_RESEARCH), f)),
        Page("list_assignee", "Claims list, one assignee", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {p(f, "assignee"): b.checkers[0].pk},
             admin=lambda b, f: {"assignee__id__exact": b.checkers[0].pk},
             floor=lambda b, f: _page_of(Claim.objects.filter(assignee=b.checkers[0]), f)),
        Page("list_search", "Claims list, search one word", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {p(f, "search"): b.search_word},
             admin=lambda b, f: {"q": b.search_word},
             floor=lambda b, f: _page_of(Claim.objects.search(b.search_word), f)),
        Page("list_sorted", "Claims list, sorted by due date", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {p(f, "sort"): f["sort_by_due_date"]},
             admin=lambda b, f: {"o": _admin_column("due_date")},
             floor=lambda b, f: _page_of(Claim.objects.all(), f, order=["due_date", "pk"])),
        Page("list_page", "Claims list, page 2,000", ("claims:list", "claims:claim_list", "claims:claims"),
             params=lambda b, f: {p(f, "page"): f["last_page"]},
             admin=lambda b, f: {"p": f["last_page"]},
             floor=lambda b, f: _page_of(Claim.objects.all(), f, page=f["last_page"])),
    ]


PAGES = _claim_list_pages() + [
    Page("detail", "Claim detail (20 evidence, 30 notes, 50 history)", ("claims:detail",), list_like=False,
         args=lambda b: [b.big_claim_id],
         admin=lambda b, f: (reverse("admin:claims_claim_change", args=[b.big_claim_id]), {}),
         floor=lambda b, f: [
             Claim.objects.with_related().filter(pk=b.big_claim_id),
             Claim.objects.get(pk=b.big_claim_id).evidence.select_related("source", "added_by"),
             Claim.objects.get(pk=b.big_claim_id).notes.select_related("author"),
             Claim.objects.get(pk=b.big_claim_id).history.select_related("actor"),
         ]),
    Page("board", "Board", ("claims:board",), admin=lambda b, f: {}),
    Page("dashboard", "Dashboard", ("claims:dashboard", "claims:home"), admin=lambda b, f: {}),
    Page("queue", "My queue (a fact-checker)", ("claims:queue", "claims:my_queue"), role="checker",
         admin=lambda b, f: {"assignee__id__exact": b.checkers[0].pk},
         # The queue's own query: its most urgent claims, in its order (claims/views/queue.py).
         floor=lambda b, f: [queue.most_urgent(b.checkers[0], datetime.date.today())]),
    Page("article", "Article view (200 claims)", ("claims:article",),
         args=lambda b: [b.big_article_id],
         admin=lambda b, f: {"article__id__exact": b.big_article_id},
         floor=lambda b, f: [
             Article.objects.filter(pk=b.big_article_id),
             _list_rows(Claim.objects.filter(article_id=b.big_article_id), f).order_by("start", "pk"),
         ]),
]

# (format, status, label): ClaimReview is for published claims only (the exporter refuses others).
EXPORTS = [
    ("csv", "all", "CSV, every claim"),
    ("claimreview", "published", "ClaimReview JSON-LD, published claims"),
    ("json", "all", "JSON backup, every claim with evidence and history"),
]


def _admin_column(name):
    """The admin's `o=` value sorting by `name` (its 1-based place in list_display)."""
    model_admin = admin.site._registry[Claim]
    return str(list(model_admin.list_display).index(name) + 1)


class Command(BaseCommand):
    help = "Build (or reuse) a newsroom-sized data set and measure every page against Django's admin."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000, help="Size of the data set (default 100,000).")
        parser.add_argument("--repeat", type=int, default=7, help="Requests per page; the median counts.")
        parser.add_argument("--skip-build", action="store_true", help="Measure the set already in the database.")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Where to write the table (Markdown).")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN each page's queries; report sequential scans.")
        parser.add_argument("--no-exports", action="store_true", help="Leave the exports out.")
        parser.add_argument("--only", default="", help="Comma-separated page keys to measure (default: all).")

    def handle(self, *args, claims, repeat, skip_build, output, explain, no_exports, only, **options):
        self.repeat = max(1, repeat)
        if skip_build:
            bench = benchdata.find()
            if bench is None:
                raise CommandError("There is no bench data set in this database: run without --skip-build first.")
        else:
            try:
                bench = benchdata.ensure(claims, log=self.stdout.write)
            except ValueError as problem:
                raise CommandError(str(problem)) from problem
        self.bench = bench
        self.explain = explain and connection.vendor == "postgresql"
        if explain and not self.explain:
            self.stderr.write("--explain needs PostgreSQL; plans are not checked on this database.")
        wanted = {key.strip() for key in only.split(",") if key.strip()}
        pages = [page for page in PAGES if not wanted or page.key in wanted]

        with self._bench_settings(), self._admin_page_size() as set_admin_page_size:
            self.clients = self._clients(bench)
            found = self._discover(set_admin_page_size)
            results = [self._measure(page, found) for page in pages]
        exports = [] if no_exports else self._exports()

        table = self._render(bench, results, exports, found)
        self.stdout.write(table)
        if output:
            self._write(Path(output), table)
            self.stdout.write(f"Written to {output}")

    # --- set-up ----------------------------------------------------------------------------------

    def _bench_settings(self):
        """The test client speaks plain HTTP to 'testserver', and static files may not be collected
        (or be collected from an older checkout): allow both. Static URLs then skip the manifest
        lookup, a dictionary access per tag; nothing else that costs time per request changes."""
        storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        return override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages, SECURE_SSL_REDIRECT=False,
        )

    class _admin_page_size:
        """Give the admin changelist the same page size as ours for the run, then put it back."""

        def __enter__(self):
            self.model_admin = admin.site._registry[Claim]
            self.saved = self.model_admin.list_per_page
            return self.set

        def set(self, per_page):
            self.model_admin.list_per_page = per_page

        def __exit__(self, *exc):
            self.model_admin.list_per_page = self.saved

    def _clients(self, bench):
        clients = {}
        for role, users in (("editor", bench.editors), ("checker", bench.checkers)):
            client = Client()
            client.force_login(users[0])
            clients[role] = client
        return clients

    def _discover(self, set_admin_page_size):
        """The list's page size and size, read from one rendered page (the test client records the
        template context only while Django's test instrumentation is on; it is off while timing)."""
        found = {"per_page": 50, "count": Claim.objects.count(), "list_url": None,
                 "params": dict(LIST_PARAMS), "sort_by_due_date": SORT_BY_DUE_DATE}
        instrumented = _instrument()
        try:
            for name in PAGES[0].url_names:
                url = _resolve(name, [])
                if url:
                    found["list_url"] = url
                    response = self.clients["editor"].get(url)
                    paginator = _context_value(response, "paginator")
                    page_obj = _context_value(response, "page_obj")
                    page = _context_value(response, "page")
                    paginator = paginator or getattr(page_obj, "paginator", None) or getattr(page, "paginator", None)
                    if paginator is not None:
                        found["per_page"], found["count"] = paginator.per_page, paginator.count
                    _detect_list_params(response.content.decode(errors="replace"), self.bench, found)
                    break
        finally:
            if instrumented:
                teardown_test_environment()
        found["last_page"] = min(2_000, max(1, math.ceil(found["count"] / found["per_page"])))
        set_admin_page_size(found["per_page"])
        return found

    # --- measuring -------------------------------------------------------------------------------

    def _measure(self, page, found):
        result = Result(page)
        url = next((u for u in (_resolve(n, page.args(self.bench) if page.args else []) for n in page.url_names) if u), None)
        self.stdout.write(f"{page.label} ...", ending="")
        self.stdout.flush()
        if url is not None:
            result.built = True
            params = page.params(self.bench, found) if page.params else {}
            client = self.clients[page.role]
            result.status, result.ours, result.queries, captured = self._time_requests(client, url, params)
            result.render = self._time_rendering(client, url, params)
            if result.status != 200:
                result.note = f"answered {result.status}"
            result.rows = _rows_of(client, url, params) if page.list_like else None
            if self.explain:
                result.seq_scans = _sequential_scans(captured)
        if page.admin is not None:
            admin_url, admin_params = _admin_request(page.admin(self.bench, found))
            status, result.admin, result.admin_queries, _ = self._time_requests(self.clients["editor"], admin_url, admin_params)
            if status != 200:
                result.note += f" admin answered {status}"
        if page.floor is not None and result.built:
            result.floor = self._time_floor(page.floor(self.bench, found))
        elif result.built:
            # No single main query (the board, the dashboard): the floor is the page's own data
            # queries, as it sent them, on the raw connection.
            result.floor = self._time_statements([(sql, None) for sql in _data_queries(captured)])
        self.stdout.write(" " + (f"{result.ours:.1f} ms, {result.queries} queries" if result.built else "not built yet"))
        return result

    def _time_requests(self, client, url, params):
        response = _get(client, url, params)  # warm-up: compiled templates, open connection
        times = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            _get(client, url, params)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            _get(client, url, params)
        return response.status_code, statistics.median(times), len(queries.captured_queries), queries.captured_queries

    def _time_rendering(self, client, url, params):
        """Of a few more requests (median), the time spent in template rendering: outermost
        Template.render calls only (an included template is inside its parent's time), less the
        queries run while rendering (a queryset the template loops over runs then: that is the
        floor's part, not rendering's)."""
        from django.template import base

        original, spent, depth = base.Template.render, [0.0], [0]

        def timed(template, context):
            depth[0] += 1
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent[0] += time.perf_counter() - started

        def untimed_queries(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                if depth[0]:
                    spent[0] -= time.perf_counter() - started

        base.Template.render = timed
        try:
            renders = []
            with connection.execute_wrapper(untimed_queries):
                for _ in range(min(self.repeat, 3)):
                    spent[0] = 0.0
                    _get(client, url, params)
                    renders.append(spent[0] * 1000)
        finally:
            base.Template.render = original
        return statistics.median(renders)

    def _time_floor(self, querysets):
        """The page's rows fetched with no ORM objects and no template: the SQL the ORM would send,
        run on the raw driver connection (psycopg on PostgreSQL), results fetched as tuples."""
        statements = []
        for qs in querysets:
            if isinstance(qs, _Counted):
                sql, params = qs.queryset.order_by().values("pk").query.sql_with_params()
                statements.append((f"SELECT COUNT(*) FROM ({sql}) AS counted", params))
            else:
                statements.append(qs.query.sql_with_params())
        return self._time_statements(statements)

    def _time_statements(self, statements):
        connection.ensure_connection()
        raw = connection.connection if connection.vendor == "postgresql" else None

        def run():
            for sql, params in statements:
                cursor = raw.cursor() if raw is not None else connection.cursor()
                try:
                    cursor.execute(sql, params)
                    cursor.fetchall()
                finally:
                    cursor.close()

        run()
        times = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    # --- exports ---------------------------------------------------------------------------------

    def _exports(self):
        if "export_claims" not in get_commands():
            return [{"label": label, "note": "not built yet"} for _, _, label in EXPORTS]
        results = []
        for fmt, status, label in EXPORTS:
            self.stdout.write(f"Export {label} ...", ending="")
            self.stdout.flush()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"export.{fmt}"
                try:
                    # Timed run, with the resident set size sampled; then a second run under
                    # tracemalloc (which slows Python down) for the peak of Python allocations.
                    with RSSPeak() as rss:
                        started = time.perf_counter()
                        call_command("export_claims", "--format", fmt, "--status", status, "--output", str(path),
                                     stdout=_Null(), stderr=_Null())
                        seconds = time.perf_counter() - started
                    size = path.stat().st_size
                    n = _count_exported(path, fmt)
                    tracemalloc.start()
                    call_command("export_claims", "--format", fmt, "--status", status, "--output", str(path),
                                 stdout=_Null(), stderr=_Null())
                    traced_peak = tracemalloc.get_traced_memory()[1]
                    tracemalloc.stop()
                except Exception as problem:  # an export that fails is a finding to report, not a crash
                    if tracemalloc.is_tracing():
                        tracemalloc.stop()
                    results.append({"label": label, "note": f"failed: {problem}"[:200]})
                    self.stdout.write(" failed")
                    continue
            results.append({
                "label": label, "claims": n, "seconds": seconds, "rate": n / seconds if seconds else 0,
                "bytes": size, "rss": rss.growth, "traced": traced_peak,
            })
            self.stdout.write(f" {n:,} claims in {seconds:.1f} s")
        return results

    # --- the report ------------------------------------------------------------------------------

    def _render(self, bench, results, exports, found):
        lines = [START, "", f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {_machine()}.", ""]
        lines.append(
            f"Data: {bench.claims:,} claims over {bench.articles:,} articles "
            f"({_database_counts()}); page size {found['per_page']}; median of {self.repeat} requests "
            f"(`python manage.py bench --claims {bench.claims} --repeat {self.repeat}"
            f"{' --explain' if self.explain else ''}`)."
        )
        if found["list_url"]:
            asked = ", ".join(f"{k} `{v}`" for k, v in found["params"].items())
            lines += ["", f"Claims list at `{found['list_url']}`; query parameters used: {asked}, "
                          f"sort by due date `{found['sort_by_due_date']}`."]
        lines += [
            "",
            "| page | ours (ms) | queries | admin (ms) | admin queries | ours/admin | floor (ms) | ours/floor "
            "| rendering (ms) | 3 × floor + rendering (ms) | rows |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            if not r.built:
                lines.append(f"| {r.page.label} | not built yet | | {_ms(r.admin)} | {_n(r.admin_queries)} | | | | | | |")
                continue
            budget = 3 * r.floor + r.render if r.floor is not None and r.render is not None else None
            within = "" if budget is None else (" ✓" if r.ours <= budget else " ✗")
            lines.append(
                f"| {r.page.label} | {_ms(r.ours)} | {r.queries} | {_ms(r.admin)} | {_n(r.admin_queries)} | "
                f"{_ratio(r.ours, r.admin)} | {_ms(r.floor)} | {_ratio(r.ours, r.floor)} | {_ms(r.render)} | "
                f"{_ms(budget)}{within} | {_n(r.rows)} |"
                + (f" {r.note.strip()}" if r.note else "")
            )
        lines += ["", "Admin: Django's changelist for Claim (`/admin/claims/claim/`) with the same page size and its own "
                      "filter, search (`?q=`), sort (`?o=`) and page (`?p=`); for the claim detail, the admin's change page; "
                      "for the board and dashboard, the unfiltered changelist. Floor: the page's main query and its "
                      "count, as SQL on the raw driver connection, rows fetched as tuples (a list page's rows "
                      "fetched the fastest way: keys first, then the page's rows joined); for the board and the "
                      "dashboard, which have no single main query, every query of their own as they sent it "
                      "(not the session, user, permissions and badge every page pays). Rendering: the part of "
                      "`ours` spent in template rendering. ✓: ours is within 3 × floor + rendering.", ""]
        if exports:
            lines += ["| export | claims | seconds | claims/s | size (MB) | peak RSS growth (MB) | peak Python allocations (MB) |",
                      "|---|---:|---:|---:|---:|---:|---:|"]
            for e in exports:
                if "claims" not in e:
                    lines.append(f"| {e['label']} | {e['note']} | | | | | |")
                    continue
                lines.append(
                    f"| {e['label']} | {e['claims']:,} | {e['seconds']:.1f} | {e['rate']:,.0f} | {e['bytes'] / 2**20:.1f} | "
                    f"{e['rss'] / 2**20:.1f} | {e['traced'] / 2**20:.1f} |"
                )
            lines += ["", "Exports run `manage.py export_claims --format F --status S --output FILE` in-process; "
                          "RSS growth is sampled every 5 ms during the timed run, Python allocations are tracemalloc's "
                          "peak during a second run.", ""]
        if self.explain:
            scans = [(r.page.label, scan) for r in results for scan in r.seq_scans]
            lines.append("Plans (EXPLAIN of every query of each page above):")
            lines.append("")
            if not scans:
                lines.append("- no sequential scan of claims_claim or any other large table.")
            for label, (table, sql) in scans:
                lines.append(f"- {label}: sequential scan of `{table}` in `{sql[:160]}`")
            lines.append("")
        lines.append(END)
        return "\n".join(lines) + "\n"

    def _write(self, path, table):
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text() if path.exists() else ""
        if START in existing and END in existing:
            before, rest = existing.split(START, 1)
            after = rest.split(END, 1)[1]
            text = before + table.rstrip("\n") + after
        else:
            text = (existing.rstrip("\n") + "\n\n" if existing else "# Performance\n\n") + table
        path.write_text(text)


# --- helpers ----------------------------------------------------------------------------------------


def _resolve(name, args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _get(client, url, params):
    response = client.get(url, params)
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 -- rendered already; read as a real server would send it
    return response


def _detect_list_params(html, bench, found):
    """Read the list's own query parameter names from its filter form and links (a select offering
    "in_research", the search input, a link sorting by due date, a link to page 2), so the benchmark
    asks for what the page offers. LIST_PARAMS is the fallback."""
    params = found["params"]
    for name, options in re.findall(r'<select[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        values = set(re.findall(r'<option[^>]*\bvalue="([^"]*)"', options))
        if Status.IN_RESEARCH in values:
            params["status"] = name
        elif str(bench.checkers[0].pk) in values and "assign" in name:
            params["assignee"] = name
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if name and ('type="search"' in tag or name.group(1) in ("q", "search")):
            params["search"] = name.group(1)
            break
    for query in re.findall(r'href="[^"?]*\?([^"]+)"', html):
        for key, value in parse_qsl(unescape(query)):
            if value.lstrip("-+") in ("due_date", "due"):
                params["sort"] = key
                if not found.get("sort_detected") or not value.startswith("-"):
                    found["sort_by_due_date"] = value
                    found["sort_detected"] = True
            elif value == "2" and ("page" in key or key in ("p", "pg")):
                params["page"] = key


def _admin_request(spec):
    if isinstance(spec, tuple):
        return spec
    return reverse("admin:claims_claim_changelist"), spec


def _instrument():
    """Turn on the test client's template-context capture unless the test runner already has."""
    try:
        setup_test_environment()
    except RuntimeError:
        return False
    return True


def _context_value(response, name):
    context = getattr(response, "context", None)
    if context is None:
        return None
    try:
        return context[name]
    except (KeyError, TypeError):
        return None


def _rows_of(client, url, params):
    """How many claims the page says it has (its paginator's count), when it paginates."""
    instrumented = _instrument()
    try:
        response = client.get(url, params)
    finally:
        if instrumented:
            teardown_test_environment()
    paginator = _context_value(response, "paginator")
    page_obj = _context_value(response, "page_obj")
    page = _context_value(response, "page")
    paginator = paginator or getattr(page_obj, "paginator", None) or getattr(page, "paginator", None)
    return paginator.count if paginator is not None else None


# What every logged-in page pays before its own work: the session, the user, the permissions and
# the unread-notifications badge.
_PER_REQUEST_TABLES = ("django_session", "auth_permission", "claims_notification")
_DECLARE = re.compile(r'^\s*DECLARE\s+"?\w+"?\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+', re.S | re.I)


def _selects(captured):
    """The SELECT statements among captured queries, server-side cursors' included (their
    DECLARE ... FOR prefix removed)."""
    for query in captured:
        sql = _DECLARE.sub("", query["sql"], count=1)
        if sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
            yield sql


def _data_queries(captured):
    """The page's own SELECTs: not the per-request session, user, permissions and badge."""
    for sql in _selects(captured):
        first_from = sql.split(" FROM ", 1)[1] if " FROM " in sql else ""
        if any(table in sql for table in _PER_REQUEST_TABLES) or first_from.startswith('"auth_user" WHERE "auth_user"."id" = '):
            continue
        yield sql


def _sequential_scans(captured):
    """(table, query) for every sequential scan of a claims table in these queries' plans."""
    scans = []
    with connection.cursor() as cursor:
        for sql in _selects(captured):
            # A query with no condition wants every row (the article filter lists every article):
            # reading the whole table is its plan, not a missing index.
            if "claims_" not in sql or " WHERE " not in sql:
                continue
            cursor.execute("EXPLAIN " + sql)
            for (line,) in cursor.fetchall():
                if "Seq Scan on " in line:
                    table = line.split("Seq Scan on ", 1)[1].split()[0]
                    if table not in SMALL_TABLES:
                        scans.append((table, sql))
    return scans


def _count_exported(path, fmt):
    if fmt == "csv":
        with path.open(newline="") as f:
            return max(0, sum(1 for _ in csv.reader(f)) - 1)
    text = path.read_text()
    try:
        data = json.loads(text)
    except ValueError:
        # JSON Lines, or several JSON-LD blocks: one object per line.
        return sum(1 for line in text.splitlines() if line.strip().startswith("{"))
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("@graph", "itemListElement", "claims"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return 1


class RSSPeak:
    """The growth of the process's resident set during a block, sampled every 5 ms (Linux /proc)."""

    def __enter__(self):
        self.start = self.peak = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())
        self.growth = self.peak - self.start


def _rss():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def _machine():
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        memory = f", {kb / 2**20:.0f} GB memory"
    except (OSError, StopIteration, ValueError):
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        database = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}".strip()
    return (
        f"{os.cpu_count()} CPUs (nproc){memory}, {database}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {platform.system()} {platform.release()}"
    )


def _database_counts():
    from claims.models import Evidence, HistoryEntry, Note, Source

    return ", ".join(
        f"{model.objects.count():,} {name}"
        for model, name in ((Source, "sources"), (Evidence, "evidence items"), (Note, "notes"), (HistoryEntry, "history entries"))
    )


def _ms(value):
    return "" if value is None else f"{value:.1f}"


def _n(value):
    return "" if value is None else f"{value:,}"


def _ratio(ours, other):
    if ours is None or not other:
        return ""
    return f"{ours / other:.2f}"
