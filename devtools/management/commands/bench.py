"""python manage.py bench: how fast the workbench's pages are at newsroom scale, next to two peers on
the same data, and next to the raw queries that fetch the same rows (the floor).

Builds (or reuses) the data set of devtools/benchdata.py on the configured database (COPY on
PostgreSQL, with a progress bar), then measures in INTERLEAVED ROUNDS: each round makes one request
of every page and every peer, in a random order, so a change in the machine's load (it is shared)
touches all of them alike instead of whichever page was being measured at the time. Per page:

- ours: median and 90th percentile of the rounds, the queries of one more request, the database time
  (inside cursor.execute), the process's CPU time, and the template rendering time;
- lean admin: Django's admin changelist for Claim configured with care (devtools/lean_admin.py); the
  ratio ours / lean admin is the figure the targets are about;
- admin: the project's own ClaimAdmin (claims/admin.py), as editors use it;
- floor: the page's main queries on the raw driver connection, rows as tuples, no ORM, no template.

Requests go through django.test.Client in this process (force_login: no password hashing measured).
The load average before and after is printed and written with the table, to docs/performance.md
between markers (the hand-written analysis around them stays).

The product never imports this module; it reads the product only through public names: URL names,
the models' QuerySet methods, the list's page size.
"""
import csv
import datetime
import json
import math
import os
import platform
import random
import re
import statistics
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim
from claims.views.claims import PER_PAGE
from claims.views.queue import QUEUE_LIMIT
from claims.workflow import Status
from devtools import benchdata

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# The floor's ordering for the unsorted list: most recently updated first (the list's default).
DEFAULT_ORDER = ["-updated_at", "-pk"]
# Tables too small for a sequential scan to matter. The claim tally holds one row per (status,
# assignee) once compacted (claims/schedule.py folds it every few minutes), whatever the claims; the
# due-date tally one per (due date, assignee) of the desk's claims (900 at both sizes of the set).
SMALL_TABLES = {"claims_rating", "claims_organisation", "auth_user", "auth_group", "django_content_type",
                "auth_permission", "auth_group_permissions", "auth_user_groups", "auth_user_user_permissions",
                "claims_claimtally", "claims_duedatetally"}
# Targets of issue #17, ours / lean admin at 100,000 claims: list cases and the other pages.
LIST_TARGET, PAGE_TARGET = 0.35, 0.5
VARIANTS = ("ours", "lean", "admin", "floor")


@dataclass
class Page:
    key: str
    label: str
    ours: object  # bench -> (path, params)
    role: str = "editor"
    lean: object = None  # (bench, site) -> (path, params) on an admin site ("admin" or "lean_admin")
    floor: object = None  # bench -> querysets the page needs at the least; None: its own data queries
    rows: object = None  # bench -> the queryset whose count the page shows
    target: float = PAGE_TARGET


@dataclass
class Timing:
    wall: list = field(default_factory=list)
    cpu: list = field(default_factory=list)
    db: list = field(default_factory=list)

    def median(self, what="wall"):
        values = getattr(self, what)
        return statistics.median(values) if values else None

    def p90(self):
        return _percentile(self.wall, 90)


@dataclass
class Result:
    page: Page
    timings: dict = field(default_factory=lambda: {v: Timing() for v in VARIANTS})
    status: int = 0
    queries: dict = field(default_factory=dict)
    render: float = None
    rows: int = None
    captured: list = field(default_factory=list)
    seq_scans: list = field(default_factory=list)
    plan: list = field(default_factory=list)
    note: str = ""


def _list_rows(qs):
    """The columns the list shows, with the joins it makes (ClaimQuerySet.for_list)."""
    return qs.for_list().only(
        "id", "text", "claimant", "status", "due_date", "updated_at", "priority", "anchor_state",
        "article__id", "article__title", "rating__label", "rating__colour",
        "assignee__username", "assignee__first_name", "assignee__last_name",
    )


def _page_of(qs, order=DEFAULT_ORDER, page=1):
    """The page's rows (keys first, then the page's rows joined, as claims/paging.py does) and the
    set they come from, counted."""
    keys = qs.order_by(*order).values("pk")[(page - 1) * PER_PAGE:page * PER_PAGE]
    return [_list_rows(qs).filter(pk__in=keys).order_by(*order), _Counted(qs)]


@dataclass
class _Counted:
    """In a floor: the paginator's count of this set."""

    queryset: object


def _last_page(bench):
    return min(2_000, max(1, math.ceil(bench.claims / PER_PAGE)))


def _changelist(**params):
    return lambda b, s: (reverse(f"{s}:claims_claim_changelist"), {k: v(b) if callable(v) else v for k, v in params.items()})


def _list(**params):
    return lambda b: (reverse("claims:list"), {k: v(b) if callable(v) else v for k, v in params.items()})


def _admin_column(name):
    """The admin's `o=` value sorting by `name` (its 1-based place in list_display)."""
    from devtools.lean_admin import LeanClaimAdmin

    return str(LeanClaimAdmin.list_display.index(name) + 1)


def _checker(b):
    return b.checkers[0].pk


PAGES = [
    Page("list", "Claims list", _list(), target=LIST_TARGET,
         lean=_changelist(), floor=lambda b: _page_of(Claim.objects.all()), rows=lambda b: Claim.objects.all()),
    Page("list_status", "Claims list, status = in research", _list(status=Status.IN_RESEARCH), target=LIST_TARGET,
         lean=_changelist(status__exact=Status.IN_RESEARCH),
         floor=lambda b: _page_of(Claim.objects.filter(status=Status.IN_RESEARCH)),
         rows=lambda b: Claim.objects.filter(status=Status.IN_RESEARCH)),
    Page("list_assignee", "Claims list, one assignee", _list(assignee=_checker), target=LIST_TARGET,
         lean=_changelist(assignee__id__exact=_checker),
         floor=lambda b: _page_of(Claim.objects.filter(assignee_id=_checker(b))),
         rows=lambda b: Claim.objects.filter(assignee_id=_checker(b))),
    Page("list_search", "Claims list, search one word", _list(q=lambda b: b.search_word), target=LIST_TARGET,
         lean=_changelist(q=lambda b: b.search_word),
         floor=lambda b: _page_of(Claim.objects.search(b.search_word)), rows=lambda b: Claim.objects.search(b.search_word)),
    Page("list_sorted", "Claims list, sorted by due date", _list(sort="due"), target=LIST_TARGET,
         lean=_changelist(o=lambda b: _admin_column("due_date")),
         floor=lambda b: _page_of(Claim.objects.all(), order=["due_date", "pk"]), rows=lambda b: Claim.objects.all()),
    Page("list_page", "Claims list, page 2,000", _list(page=_last_page), target=LIST_TARGET,
         lean=_changelist(p=_last_page),
         floor=lambda b: _page_of(Claim.objects.all(), page=_last_page(b)), rows=lambda b: Claim.objects.all()),
    Page("detail", "Claim detail (20 evidence, 30 notes, 50 history)",
         lambda b: (reverse("claims:detail", args=[b.big_claim_id]), {}),
         lean=lambda b, s: (reverse(f"{s}:claims_claim_change", args=[b.big_claim_id]), {}),
         floor=lambda b: [
             Claim.objects.with_related().filter(pk=b.big_claim_id),
             Claim.objects.get(pk=b.big_claim_id).evidence.select_related("source", "added_by"),
             Claim.objects.get(pk=b.big_claim_id).notes.select_related("author"),
             Claim.objects.get(pk=b.big_claim_id).history.select_related("actor"),
         ]),
    Page("board", "Board", lambda b: (reverse("claims:board"), {}), lean=_changelist()),
    Page("dashboard", "Dashboard", lambda b: (reverse("claims:home"), {}), lean=_changelist()),
    Page("queue", "My queue (a fact-checker)", lambda b: (reverse("claims:queue"), {}), role="checker",
         lean=_changelist(assignee__id__exact=_checker),
         # The queue's own query (ClaimQuerySet.most_urgent_for), as the page sends it.
         floor=lambda b: [Claim.objects.most_urgent_for(b.checkers[0], timezone.localdate(), QUEUE_LIMIT + 1)]),
    Page("article", "Article view (200 claims)", lambda b: (reverse("claims:article", args=[b.big_article_id]), {}),
         lean=_changelist(article__id__exact=lambda b: b.big_article_id),
         floor=lambda b: [
             Article.objects.filter(pk=b.big_article_id).defer("body"),
             _list_rows(Claim.objects.filter(article_id=b.big_article_id)).order_by("start", "pk"),
         ]),
]

# (format, status, label): ClaimReview is for published claims only (the exporter refuses others).
EXPORTS = [
    ("csv", "all", "CSV, every claim"),
    ("claimreview", "published", "ClaimReview JSON-LD, published claims"),
    ("json", "all", "JSON backup, every claim with evidence and history"),
]


def interleaved_rounds(tasks, rounds, rng):
    """`rounds` rounds of `tasks`, each round every task once in a random order."""
    for _ in range(rounds):
        order = list(tasks)
        rng.shuffle(order)
        yield from order


def _percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, math.ceil(pct / 100 * len(ordered)) - 1)
    return ordered[rank]


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"


class Command(BaseCommand):
    help = "Build (or reuse) a newsroom-sized data set; measure every page against a lean admin, interleaved."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000, help="Size of the data set (default 100,000).")
        parser.add_argument("--rounds", "--repeat", dest="rounds", type=int, default=11,
                            help="Interleaved rounds (each: every page and peer once, in random order).")
        parser.add_argument("--skip-build", action="store_true", help="Measure the set already in the database.")
        parser.add_argument("--build-only", action="store_true", help="Build the set, measure nothing.")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Where to write the table (Markdown).")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN each page's queries; report sequential scans.")
        parser.add_argument("--no-exports", action="store_true", help="Leave the exports out.")
        parser.add_argument("--exports", default=",".join(fmt for fmt, _, _ in EXPORTS),
                            help="Comma-separated export formats to time (default: all).")
        parser.add_argument("--only", default="", help="Comma-separated page keys to measure (default: all).")
        parser.add_argument("--seed", type=int, default=17, help="Seed of the rounds' random order.")

    def handle(self, *args, claims, rounds, skip_build, build_only, output, explain, no_exports, exports, only, seed,
               **options):
        self.rounds = max(1, rounds)
        if skip_build:
            bench = benchdata.find()
            if bench is None:
                raise CommandError("There is no bench data set in this database: run without --skip-build first.")
        else:
            try:
                bench = benchdata.ensure(claims, log=self.stdout.write, progress=self._progress)
            except ValueError as problem:
                raise CommandError(str(problem)) from problem
        if build_only:
            return
        self.bench = bench
        self.explain = explain and connection.vendor == "postgresql"
        if explain and not self.explain:
            self.stderr.write("--explain needs PostgreSQL; plans are not checked on this database.")
        wanted = {key.strip() for key in only.split(",") if key.strip()}
        unknown = wanted - {page.key for page in PAGES}
        if unknown:
            raise CommandError(f"Unknown page key(s): {', '.join(sorted(unknown))}. Known: {', '.join(p.key for p in PAGES)}.")
        pages = [page for page in PAGES if not wanted or page.key in wanted]

        load_before = load_average()
        self.stdout.write(f"Load average before: {load_before}")
        with self._bench_settings(), _admin_page_size():
            self.clients = self._clients(bench)
            results = self._measure(pages, random.Random(seed))
        formats = {fmt.strip() for fmt in exports.split(",") if fmt.strip()}
        exports = [] if no_exports else self._exports(formats)
        load_after = load_average()
        self.stdout.write(f"Load average after: {load_after}")

        table = self._render(bench, results, exports, load_before, load_after)
        self.stdout.write(table)
        if output:
            self._write(Path(output), table)
            self.stdout.write(f"Written to {output}")

    def _progress(self, done, total, started):
        width = 30
        filled = int(width * done / total) if total else width
        elapsed = time.monotonic() - started
        eta = f", about {elapsed / done * (total - done):.0f} s left" if done and done < total else ""
        self.stdout.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,} / {total:,} claims, {elapsed:.0f} s{eta}",
                          ending="\n" if done >= total else "")
        self.stdout.flush()

    # --- set-up ----------------------------------------------------------------------------------

    def _bench_settings(self):
        """The lean admin's URLs next to the workbench's; the test client speaks plain HTTP to
        'testserver', and static files may not be collected: allow both. Static URLs then skip the
        manifest lookup, a dictionary access per tag; nothing else that costs time per request changes."""
        storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        return override_settings(
            ROOT_URLCONF="devtools.urls", ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages,
            SECURE_SSL_REDIRECT=False,
        )

    def _clients(self, bench):
        clients = {}
        for role, users in (("editor", bench.editors), ("checker", bench.checkers)):
            client = Client()
            client.force_login(users[0])
            clients[role] = client
        return clients

    # --- measuring -------------------------------------------------------------------------------

    def _requests(self, page):
        """variant -> (client, path, params), for the variants this page has."""
        b = self.bench
        requests = {"ours": (self.clients[page.role], *page.ours(b))}
        if page.lean is not None:
            requests["lean"] = (self.clients["editor"], *page.lean(b, "lean_admin"))
            requests["admin"] = (self.clients["editor"], *page.lean(b, "admin"))
        return requests

    def _measure(self, pages, rng):
        results = {page.key: Result(page) for page in pages}
        requests = {page.key: self._requests(page) for page in pages}
        floors = {}
        # Warm-up, queries and plans: one request of each, outside the rounds.
        for page in pages:
            result = results[page.key]
            for variant, (client, path, params) in requests[page.key].items():
                response = _get(client, path, params)
                if response.status_code != 200:
                    result.note += f" {variant} answered {response.status_code}"
                with CaptureQueriesContext(connection) as captured:
                    _get(client, path, params)
                result.queries[variant] = len(captured.captured_queries)
                if variant == "ours":
                    result.status = response.status_code
                    result.captured = captured.captured_queries
            floors[page.key] = self._floor_statements(page, result.captured)
            if page.rows is not None:
                result.rows = page.rows(self.bench).count()
            if self.explain:
                result.seq_scans = _sequential_scans(result.captured)
                if page.key == "list_search":
                    result.plan = _search_plan(result.captured)
        tasks = [(page.key, variant) for page in pages for variant in VARIANTS
                 if variant in requests[page.key] or (variant == "floor" and floors[page.key])]
        total = len(tasks) * self.rounds
        started = time.monotonic()
        for done, (key, variant) in enumerate(interleaved_rounds(tasks, self.rounds, rng), 1):
            timing = results[key].timings[variant]
            if variant == "floor":
                timing.wall.append(self._time_statements(floors[key]))
            else:
                wall, cpu, db = _timed_get(*requests[key][variant])
                timing.wall.append(wall)
                timing.cpu.append(cpu)
                timing.db.append(db)
            if done % len(tasks) == 0:
                self.stdout.write(f"\r  round {done // len(tasks)} of {self.rounds}, {time.monotonic() - started:.0f} s",
                                  ending="\n" if done == total else "")
                self.stdout.flush()
        for page in pages:
            client, path, params = requests[page.key]["ours"]
            results[page.key].render = self._time_rendering(client, path, params)
        return [results[page.key] for page in pages]

    def _floor_statements(self, page, captured):
        if page.floor is None:
            # No single main query (the board, the dashboard): the floor is the page's own data
            # queries, as it sent them.
            return [(sql, None) for sql in _data_queries(captured)]
        statements = []
        for qs in page.floor(self.bench):
            if isinstance(qs, _Counted):
                sql, params = qs.queryset.order_by().values("pk").query.sql_with_params()
                statements.append((f"SELECT COUNT(*) FROM ({sql}) AS counted", params))
            else:
                statements.append(qs.query.sql_with_params())
        return statements

    def _time_rendering(self, client, path, params):
        """Of a few requests (median), the time spent in template rendering: outermost
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
                for _ in range(min(self.rounds, 5)):
                    spent[0] = 0.0
                    _get(client, path, params)
                    renders.append(spent[0] * 1000)
        finally:
            base.Template.render = original
        return statistics.median(renders)

    def _time_statements(self, statements):
        """One run of the floor's statements on the raw driver connection (psycopg on PostgreSQL),
        rows fetched as tuples, in milliseconds."""
        connection.ensure_connection()
        raw = connection.connection if connection.vendor == "postgresql" else None
        started = time.perf_counter()
        for sql, params in statements:
            cursor = raw.cursor() if raw is not None else connection.cursor()
            try:
                cursor.execute(sql, params)
                cursor.fetchall()
            finally:
                cursor.close()
        return (time.perf_counter() - started) * 1000

    # --- exports ---------------------------------------------------------------------------------

    def _exports(self, formats):
        if "export_claims" not in get_commands():
            return [{"label": label, "note": "not built yet"} for _, _, label in EXPORTS]
        results = []
        for fmt, status, label in EXPORTS:
            if fmt not in formats:
                continue
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

    def _render(self, bench, results, exports, load_before, load_after):
        lines = [START, "", f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {_machine()}; "
                            f"load average (1, 5, 15 min) before {load_before}, after {load_after}.", ""]
        lines.append(
            f"Data: {bench.claims:,} claims over {bench.articles:,} articles ({_database_counts()}); page size "
            f"{PER_PAGE}; {self.rounds} interleaved rounds (each round requests every page and peer once, in "
            f"random order): `python manage.py bench --claims {bench.claims} --rounds {self.rounds}"
            f"{' --explain' if self.explain else ''}`."
        )
        lines += [
            "",
            "| page | ours median (ms) | ours p90 | queries | database (ms) | CPU (ms) | rendering (ms) "
            "| lean admin median (ms) | lean p90 | lean queries | **ours / lean** | target | admin (ms) | admin queries "
            "| ours / admin | floor (ms) | rows |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            ours, lean, adm, floor = (r.timings[v] for v in VARIANTS)
            ratio = ours.median() / lean.median() if lean.wall else None
            met = "" if ratio is None else f"≤ {r.page.target} {'✓' if ratio <= r.page.target else '✗'}"
            lines.append(
                f"| {r.page.label} | {_ms(ours.median())} | {_ms(ours.p90())} | {_n(r.queries.get('ours'))} | "
                f"{_ms(ours.median('db'))} | {_ms(ours.median('cpu'))} | {_ms(r.render)} | {_ms(lean.median())} | "
                f"{_ms(lean.p90())} | {_n(r.queries.get('lean'))} | **{_ratio(ours.median(), lean.median())}** | {met} | "
                f"{_ms(adm.median())} | {_n(r.queries.get('admin'))} | {_ratio(ours.median(), adm.median())} | "
                f"{_ms(floor.median())} | {_n(r.rows)} |" + (f" {r.note.strip()}" if r.note else "")
            )
        lines += ["", "Ours: the workbench's page through the whole stack (middleware, session, queries, templates). "
                      "Database: time inside the driver's execute, median. CPU: this process's CPU time for the "
                      "request (the test client's share included; PostgreSQL's own work is in other processes). "
                      "Rendering: the part of ours spent in templates. Lean admin: Django's changelist configured "
                      "with care (devtools/lean_admin.py: no article texts, `list_select_related` of what is shown, "
                      "the article filter showing the chosen article, no date hierarchy, Django's own search); for "
                      "the claim page its change page, for the board and dashboard its unfiltered changelist, for "
                      "my queue and the article view the changelist filtered the same way. Admin: the project's "
                      "ClaimAdmin (claims/admin.py). Floor: the page's main query and its count on the raw driver "
                      "connection, rows as tuples (the board and the dashboard: every query of their own).", ""]
        search = next((r for r in results if r.page.key == "list_search"), None)
        if search is not None and self.explain and getattr(search, "plan", None):
            lines += ["The search page's row query (`EXPLAIN ANALYZE`):", "", "```", *search.plan, "```", ""]
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


class _admin_page_size:
    """Give both admins' changelists the list's page size for the run, then put them back."""

    def __enter__(self):
        from django.contrib import admin

        from devtools.lean_admin import site

        self.admins = [admin.site._registry[Claim], site._registry[Claim]]
        self.saved = [a.list_per_page for a in self.admins]
        for model_admin in self.admins:
            model_admin.list_per_page = PER_PAGE

    def __exit__(self, *exc):
        for model_admin, saved in zip(self.admins, self.saved):
            model_admin.list_per_page = saved


def _get(client, path, params):
    response = client.get(path, params)
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 -- rendered already; read as a real server would send it
    return response


def _timed_get(client, path, params):
    """(wall, CPU, database) milliseconds of one request."""
    spent = [0.0]

    def timed_query(execute, sql, query_params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, query_params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with connection.execute_wrapper(timed_query):
        cpu, wall = time.process_time(), time.perf_counter()
        _get(client, path, params)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall * 1000, cpu * 1000, spent[0] * 1000


def _search_plan(captured):
    """EXPLAIN ANALYZE of the search page's slowest query that reads claims through the search."""
    plans = []
    with connection.cursor() as cursor:
        for sql in _selects(captured):
            if "to_tsvector" not in sql or "claims_claim" not in sql:
                continue
            cursor.execute("EXPLAIN ANALYZE " + sql)
            plan = [line for (line,) in cursor.fetchall()]
            total = next((float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time")), 0.0)
            plans.append((total, plan))
    if not plans:
        return []
    # The plan's nodes and conditions, each line cut short: enough to see which indexes serve.
    keep = ("Scan", "BitmapOr", "Sort", "Limit", "Join", "Aggregate", "InitPlan", "Index Cond", "Rows Removed", "Time")
    return [line[:160] for line in max(plans)[1] if any(word in line for word in keep)]


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
