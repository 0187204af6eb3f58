"""A bounded load test against a running server on this machine (loopback only).

    python manage.py loadtest --url http://127.0.0.1:8001 --users 50 --seconds 60

Simulated people log in over HTTP as the demo users and, for a fixed time, either work claims through
the workflow (an editor assigns, the fact-checker adds evidence and proposes a verdict, a second
editor approves and publishes, an editor reopens) or read pages (dashboard, claims list, board,
queue, claim and article pages, public pages). Several of them act on the same claims at once, so
conflicts (409) and refusals (403) happen and are counted: they are the system working. Errors are
5xx answers, unexpected answers and broken connections.

It needs the same DATABASE_URL as the server: it creates fresh claims for the run, and afterwards
checks every claim in the database against what the clients were told (no lost update: each
successful step and each added piece of evidence is exactly one version bump and one history entry,
and the evidence is stored). The demo users must exist (`DJANGO_DEBUG=1 manage.py loadseed --demo-users`).

Behind production settings (DJANGO_DEBUG=0) the server redirects plain http to https; the load test
sends `X-Forwarded-Proto: https` and an Origin header, as the TLS-terminating proxy and a browser do.
"""
import http.client
import ipaddress
import os
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims.models import Article, Claim, Evidence, HistoryEntry, Rating

LOOPBACK_NAMES = {"localhost"}
MAX_SECONDS = 300
MAX_USERS = 200
STEP_ACTION = re.compile(r'action="/claims/(\d+)/steps/(\w+)/"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One logged-in browser: its cookies and a kept-alive connection."""

    def __init__(self, host, port, stats, cookies=None):
        self.host, self.port, self.stats = host, port, stats
        self.cookies = dict(cookies or {})
        self.connection = None

    def _connect(self):
        # Generous: on a busy machine a request can queue for a while, and a client that gives up
        # cannot know whether its change was made.
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=180)

    def request(self, kind, method, path, form=None, htmx=False):
        headers = {
            "Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if method == "POST":
            origin = f"https://{self.host}:{self.port}"
            headers.update({"Origin": origin, "Referer": origin + path,
                            "Content-Type": "application/x-www-form-urlencoded",
                            "X-CSRFToken": self.cookies.get("csrftoken", "")})
            body = urlencode(form or {})
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        # A kept-alive connection the server has closed fails on first use: a GET is tried again on a
        # new one; a POST never is (it may have been made), its outcome is counted as unknown.
        if method == "POST" and self.connection is not None:
            # A fresh connection for every change: it is never one the server is closing.
            self.connection.close()
            self.connection = None
        for attempt in (1, 2) if method == "GET" else (2,):
            try:
                if self.connection is None:
                    self._connect()
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (OSError, http.client.HTTPException):
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                if attempt == 2:
                    self.stats.record(kind, time.perf_counter() - started, None)
                    return None, b""
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        self.stats.record(kind, time.perf_counter() - started, response.status)
        return response.status, content

    def log_in(self, username, password):
        status, page = self.request("login page", "GET", "/accounts/login/")
        token = CSRF_INPUT.search(page.decode()) if page else None
        if status != 200 or not token:
            raise CommandError(f"The log-in page answered {status}: is the server at {self.host}:{self.port}?")
        status, _ = self.request("log in", "POST", "/accounts/login/",
                                 {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
        if status != 302 or "sessionid" not in self.cookies:
            raise CommandError(f"Logging in as {username} failed ({status}): run loadseed --demo-users first.")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = Counter()
        self.errors = Counter()
        # What the clients were told succeeded, per claim.
        self.steps_ok = Counter()
        self.evidence_ok = Counter()
        # Changes whose answer never arrived (a broken connection): made or not, nobody was told.
        self.unknown = Counter()

    def record(self, kind, seconds, status):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            if status is None or status >= 500:
                self.errors[f"{kind}: {status or 'connection failed'}"] += 1

    def unexpected(self, kind, status):
        with self.lock:
            self.errors[f"{kind}: unexpected {status}"] += 1


class Command(BaseCommand):
    help = "Bounded load test against a server on this machine: people working the workflow and reading pages."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The server (loopback only).")
        parser.add_argument("--users", type=int, default=50, help=f"Concurrent simulated people (at most {MAX_USERS}).")
        parser.add_argument("--seconds", type=float, default=60, help=f"How long to run (at most {MAX_SECONDS}).")
        parser.add_argument("--claims", type=int, default=40, help="Fresh claims created for the run.")
        parser.add_argument("--workers-share", type=float, default=0.6, help="Share of people working the workflow.")
        parser.add_argument("--password", default="workbench-demo", help="The demo users' password.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        parts = urlsplit(options["url"])
        host, port = parts.hostname or "", parts.port or 80
        if not _is_loopback(host):
            raise CommandError("The load test only runs against this machine (127.0.0.1, ::1 or localhost).")
        users = options["users"]
        seconds = options["seconds"]
        if not 1 <= users <= MAX_USERS or not 0 < seconds <= MAX_SECONDS:
            raise CommandError(f"--users must be 1..{MAX_USERS} and --seconds 1..{MAX_SECONDS}.")

        people = _demo_users()
        pool = _fresh_claims(options["claims"], people["editor"])
        start_versions = {c.pk: c.version for c in pool}
        run_started = timezone.now()
        rating_ids = list(Rating.objects.values_list("pk", flat=True))
        articles = list(Article.objects.values_list("pk", flat=True)[:5])
        stats = Stats()
        n_workers = max(1, round(users * options["workers_share"])) if users > 1 else 1
        self.stdout.write(f"{users} people ({n_workers} working the workflow, {users - n_workers} reading) "
                          f"for {seconds:g} s against {options['url']}; {len(pool)} fresh claims.")
        # The machine may be shared: the load average says how quiet it was (1, 5, 15 minutes).
        self.stdout.write(f"load average before: {_load_average()}")

        # Log in once per demo account, before the clock starts: password hashing is deliberately
        # slow, and people log in once a day, not once a minute. Each simulated person then uses
        # its account's session over its own connection, as a second browser tab would.
        login_stats = Stats()
        cookies = {}
        for username in ("editor", "editor2", "checker", "checker2", "viewer"):
            session = Session(host, port, login_stats)
            session.log_in(username, options["password"])
            cookies[username] = session.cookies

        failures = []
        start_line = threading.Barrier(users + 1)
        deadline = [0.0]

        def person(index):
            rng = random.Random(options["seed"] * 1000 + index)
            try:
                if index < n_workers:
                    sessions = {role: Session(host, port, stats, cookies[role]) for role in ("editor", "editor2", "checker")}
                    start_line.wait()
                    while time.monotonic() < deadline[0]:
                        _work_one_claim(rng, sessions, rng.choice(pool).pk, people, rating_ids, stats)
                else:
                    reader = Session(host, port, stats, cookies[rng.choice(["viewer", "checker2", "editor2"])])
                    start_line.wait()
                    while time.monotonic() < deadline[0]:
                        _read_a_page(rng, reader, pool, articles, stats)
            except Exception as error:  # reported, and the run fails
                failures.append(repr(error))

        threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(users)]
        for t in threads:
            t.start()
        deadline[0] = time.monotonic() + seconds
        started = time.monotonic()
        start_line.wait()
        for t in threads:
            t.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
        if failures:
            raise CommandError(failures[0])

        load_after = _load_average()
        lost = _lost_updates(pool, start_versions, run_started, stats)
        self._report(stats, elapsed, lost)
        self.stdout.write(f"load average after: {load_after}")

    def _report(self, stats, elapsed, lost):
        everything = [s for values in stats.latencies.values() for s in values]
        total = len(everything)
        self.stdout.write(f"\n{total} requests in {elapsed:.1f} s ({total / elapsed:.1f}/s)")
        self.stdout.write(f"{'request':<22}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
        for kind in sorted(stats.latencies):
            values = stats.latencies[kind]
            self.stdout.write(f"{kind:<22}{len(values):>8}{_ms(_percentile(values, 50)):>10}"
                              f"{_ms(_percentile(values, 95)):>10}{_ms(_percentile(values, 99)):>10}{_ms(max(values)):>10}")
        self.stdout.write(f"{'all':<22}{total:>8}{_ms(_percentile(everything, 50)):>10}"
                          f"{_ms(_percentile(everything, 95)):>10}{_ms(_percentile(everything, 99)):>10}{_ms(max(everything)):>10}")
        self.stdout.write("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items(), key=str)))
        self.stdout.write(f"workflow steps that succeeded: {sum(stats.steps_ok.values())}; "
                          f"evidence added: {sum(stats.evidence_ok.values())}")
        n_errors = sum(stats.errors.values())
        kinds = ", ".join(f"{k} x{v}" for k, v in stats.errors.items())
        self.stdout.write(f"errors: {n_errors}" + (f" ({kinds})" if n_errors else ""))
        self.stdout.write(f"changes whose answer never arrived: {sum(stats.unknown.values())}")
        self.stdout.write(f"lost updates: {len(lost)}" + ("" if not lost else ": " + "; ".join(lost[:10])))
        if n_errors or lost:
            raise CommandError("The load test found errors or lost updates (see above).")


def _is_loopback(host):
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _demo_users():
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["editor", "editor2", "checker", "checker2", "viewer"])}
    missing = {"editor", "editor2", "checker", "checker2", "viewer"} - set(people)
    if missing:
        raise CommandError(f"Demo users missing ({', '.join(sorted(missing))}): run "
                           "`DJANGO_DEBUG=1 python manage.py loadseed --demo-users` on this database first.")
    return people


def _fresh_claims(n, editor):
    """New claims on the first article, anchored to its sentences in turn."""
    article = Article.objects.order_by("pk").first()
    if article is None:
        raise CommandError("No article in the database: run `python manage.py loadseed` first.")
    sentences = [m.span() for m in re.finditer(r"[^.\n]{20,}?[.]", article.body)][:50] or [(0, min(20, len(article.body)))]
    claims = []
    for i in range(n):
        start, end = sentences[i % len(sentences)]
        claims.append(Claim.create_from_span(article, start, end, text=f"Load test claim {i + 1}", actor=editor))
    return claims


def _detail(session, pk):
    status, page = session.request("claim page", "GET", f"/claims/{pk}/")
    if status != 200:
        return None, set()
    text = page.decode()
    version = VERSION.search(text)
    steps = {name for claim_pk, name in STEP_ACTION.findall(text) if int(claim_pk) == pk}
    return (int(version.group(1)) if version else None), steps


def _count_change(stats, succeeded, pk, label, status):
    """Count one change's answer: done (into `succeeded`), never answered, or unexpected. A 403 or
    409 is the workflow refusing cleanly and counts as neither; 5xx are counted by the session."""
    if status == 200:
        with stats.lock:
            succeeded[pk] += 1
    elif status is None:
        with stats.lock:
            stats.unknown[pk] += 1
    elif status not in (403, 409) and status < 500:
        stats.unexpected(label, status)


def _post_step(session, stats, pk, name, form):
    status, _ = session.request(f"step {name}", "POST", f"/claims/{pk}/steps/{name}/", form, htmx=True)
    _count_change(stats, stats.steps_ok, pk, f"step {name}", status)
    return status


def _work_one_claim(rng, sessions, pk, people, rating_ids, stats):
    """The next step of this claim's life, made by whoever makes it, on the version the editor saw."""
    editor, approver, checker = sessions["editor"], sessions["editor2"], sessions["checker"]
    version, steps = _detail(editor, pk)
    if version is None:
        return
    if "assign" in steps:
        _post_step(editor, stats, pk, "assign", {"version": version, "assignee": people["checker"].pk})
    elif "publish" in steps:
        _post_step(approver, stats, pk, "publish", {"version": version, "public_note": "Corrected after a new source."})
    elif "approve" in steps:
        _post_step(approver, stats, pk, "approve", {"version": version})
    elif "reopen" in steps:
        _post_step(editor, stats, pk, "reopen", {"version": version, "reason": "A reader sent a new source."})
    elif "propose" in steps:
        status, _ = checker.request("add evidence", "POST", f"/claims/{pk}/evidence/", {
            "stance": rng.choice(["supports", "refutes", "context"]), "excerpt": "The relevant passage.",
            "source-url": f"https://example.org/source/{pk}/{rng.randrange(10**9)}", "source-title": "A source",
            "source-publisher": "Example", "source-accessed_on": timezone.localdate().isoformat(),
        }, htmx=True)
        _count_change(stats, stats.evidence_ok, pk, "add evidence", status)
        _post_step(checker, stats, pk, "propose", {
            "version": version, "rating": rng.choice(rating_ids), "conclusion": "What the sources show.",
            "justification": "The primary source settles it.",
        })


READ_PAGES = ["/", "/claims/", "/board/", "/queue/", "/articles/", "/claims/?status=in_review", "/exports/"]


def _read_a_page(rng, reader, pool, articles, stats):
    choice = rng.random()
    if choice < 0.5:
        path = rng.choice(READ_PAGES)
        kind = f"read {path.split('?')[0]}"
    elif choice < 0.75:
        path, kind = f"/claims/{rng.choice(pool).pk}/", "read claim"
    elif choice < 0.9 and articles:
        path, kind = f"/articles/{rng.choice(articles)}/", "read article"
    else:
        path, kind = f"/fact-checks/{rng.choice(pool).pk}/", "read public page"
    status, _ = reader.request(kind, "GET", path)
    # A public page of a claim not (yet) published is a 404, as for the public.
    if status is not None and status not in (200, 404) and status < 500:
        stats.unexpected(kind, status)


def _lost_updates(pool, start_versions, since, stats):
    """Claims where what the clients were told does not match what the database holds.

    Every change that bumps a claim's version writes exactly one history entry of its own kind: a
    workflow step one "status" entry (an assignment or verdict beside it does not bump again), added
    evidence one "evidence" entry (the model bumps the version for evidence so that an approver who
    loaded the claim before it is refused). So the version bumps must equal those entries, each
    within what the clients were told plus the answers that never arrived."""
    lost = []
    for claim in Claim.objects.filter(pk__in=[c.pk for c in pool]):
        entries = HistoryEntry.objects.filter(claim=claim, created_at__gte=since)
        steps = entries.filter(action=HistoryEntry.Action.STATUS).count()
        evidence_entries = entries.filter(action=HistoryEntry.Action.EVIDENCE).count()
        evidence = Evidence.objects.filter(claim=claim, created_at__gte=since).count()
        bumps = claim.version - start_versions[claim.pk]
        told, unknown = stats.steps_ok[claim.pk], stats.unknown[claim.pk]
        # A change whose answer was lost may or may not have been made; none may be made twice or lost.
        if not (bumps == steps + evidence_entries and told <= steps <= told + unknown):
            lost.append(f"claim {claim.pk}: {told} steps succeeded, {steps} step entries, {evidence_entries} evidence "
                        f"entries, {bumps} version bumps")
        if not (evidence == evidence_entries and stats.evidence_ok[claim.pk] <= evidence <= stats.evidence_ok[claim.pk] + unknown):
            lost.append(f"claim {claim.pk}: {stats.evidence_ok[claim.pk]} evidence added, {evidence} stored, "
                        f"{evidence_entries} evidence entries")
    return lost


def _percentile(values, p):
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _ms(seconds):
    return f"{seconds * 1000:.0f}"


def _load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"
