"""The multi-node drill (docs/deploy.md, "The multi-node drill"), on one machine, loopback only:

- a fresh PostgreSQL database (wb_tasks_drill), migrated, with the demo users and fresh claims;
- two gunicorn instances (127.0.0.1:8111 and :8112, production settings) and two `db_worker`s on it;
- editors working claims over HTTP, every request sent to the two servers in turn: they assign claims
  and hand them from one fact-checker to the other, each change notifying the new assignee by mail;
  some claims are worked by every client at once, so conflicts (409) happen;
- half-way through, worker 1 is killed with SIGKILL; `enqueue_scheduled` runs every few seconds, as
  cron does, and recovers what the killed worker held;
- afterwards: every notification's mail delivered exactly once (counted by Message-ID in the file
  sink), no lost update (each change the clients were told succeeded is in the database once), no
  error (5xx, broken connection, unexpected answer).

    DATABASE_URL is ignored: the drill always uses postgres://postgres@127.0.0.1:5432/wb_tasks_drill,
    which it drops and creates again.
    python devtools/drill.py [--clients 8] [--claims-per-client 4] [--rounds 8] [--max-seconds 240]

Bounded: a fixed number of rounds, a time cap, every child process stopped at the end.
"""
import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DATABASE = "wb_tasks_drill"
SERVER = "postgres://postgres@127.0.0.1:5432"
PORTS = (8111, 8112)
TEXTS = {}  # claim id -> its wording, which the details form sends back unchanged
MESSAGE_ID = re.compile(r"^Message-ID: <notification-(\d+)@", re.MULTILINE)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, choices=range(2, 33), metavar="2..32")
    parser.add_argument("--claims-per-client", type=int, default=4, choices=range(1, 21), metavar="1..20")
    parser.add_argument("--contested", type=int, default=2, choices=range(0, 11), metavar="0..10",
                        help="claims every client works at once")
    parser.add_argument("--rounds", type=int, default=8, choices=range(2, 51), metavar="2..50")
    parser.add_argument("--max-seconds", type=int, default=240, choices=range(30, 601), metavar="30..600")
    parser.add_argument("--mail-delay-ms", type=int, default=50, choices=range(0, 1001), metavar="0..1000")
    return parser.parse_args()


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="wb-drill-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devtools.drill_settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "drill-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DRILL_MAIL_DIR": str(workdir / "mail"),
        "DRILL_MAIL_DELAY_MS": str(args.mail_delay_ms),
        # Recover lost work within seconds rather than the production minutes.
        "WORKBENCH_MAIL_STALE_SECONDS": "5",
        "WORKBENCH_LOST_TASK_SECONDS": "5",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    print(f"Drill directory: {workdir}")
    recreate_database()
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage({**env, "DJANGO_DEBUG": "1"}, "loadseed", "--demo-users")

    import django

    django.setup()
    from devtools.management.commands.loadtest import Stats

    people = demo_people()
    n_own = args.clients * args.claims_per_client
    claim_ids = fresh_claims(n_own + args.contested, people["editor"])
    own = [claim_ids[i * args.claims_per_client:(i + 1) * args.claims_per_client] for i in range(args.clients)]
    contested = claim_ids[n_own:]

    procs = {}
    try:
        for port in PORTS:
            gunicorn = [PY, "-m", "gunicorn", "-c", "workbench/gunicorn.conf.py", "workbench.wsgi"]
            procs[f"gunicorn :{port}"] = spawn(env, workdir, f"gunicorn-{port}", gunicorn, GUNICORN_BIND=f"127.0.0.1:{port}",
                                               GUNICORN_ACCESS_LOG=str(workdir / f"access-{port}.log"))
        for n in (1, 2):
            worker = [PY, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--worker-id", f"drill-w{n}",
                      "--interval", "0.2"]
            procs[f"worker {n}"] = spawn(env, workdir, f"worker-{n}", worker)
        wait_until_serving(PORTS, 90)
        stats = Stats()
        started = time.monotonic()
        expected = args.clients * (args.claims_per_client + min(1, args.contested)) * args.rounds
        kill = Killer(procs["worker 1"], stats, target=expected // 2)
        load(args, people, own, contested, stats, kill, deadline=started + args.max_seconds)
        load_seconds = time.monotonic() - started
        drained, drain_seconds, cron_runs = drain(env, deadline=time.monotonic() + 120)
        report = check(stats, claim_ids, own, workdir / "mail", kill, load_seconds, drained, drain_seconds, cron_runs, args)
    finally:
        stop(procs)
    print(report)
    (workdir / "report.txt").write_text(report)
    return 0 if report.endswith("PASS\n") else 1


# --- set-up -------------------------------------------------------------------------------------------

def recreate_database():
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def manage(env, *command):
    subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, timeout=300)


def demo_people():
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(username__in=["editor", "editor2", "checker", "checker2"])}


def fresh_claims(n, editor):
    from claims.models import Article, Claim

    body = "\n\n".join(f"Sentence {i} says the drill counted {i} things." for i in range(n))
    article = Article.objects.create(title="Drill article", publisher="Drill", body=body)
    ids = []
    for i in range(n):
        quote = f"drill counted {i} things"
        start = article.body.index(quote)
        ids.append(Claim.create_from_span(article, start, start + len(quote), text=f"Drill claim {i}",
                                          claim_type="quantity", actor=editor).pk)
        TEXTS[ids[-1]] = f"Drill claim {i}"
    return ids


def spawn(env, workdir, name, command, **extra):
    log = open(workdir / f"{name}.log", "wb")
    return subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_serving(ports, seconds):
    deadline = time.monotonic() + seconds
    for port in ports:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn on port {port} did not answer /healthz in {seconds} s")
            time.sleep(0.5)


def stop(procs):
    for proc in procs.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs.values():
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the load -----------------------------------------------------------------------------------------

class Killer:
    """SIGKILLs worker 1 once half the expected changes have succeeded, and notes what it held."""

    def __init__(self, proc, stats, target):
        self.proc, self.stats, self.target = proc, stats, target
        self.lock = threading.Lock()
        self.killed_at_changes = None
        self.running_when_killed = None

    def maybe(self):
        with self.lock:
            if self.killed_at_changes is not None or sum(self.stats.steps_ok.values()) < self.target:
                return
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.killed_at_changes = sum(self.stats.steps_ok.values())
            from django_tasks_db.models import DBTaskResult

            self.running_when_killed = DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["drill-w1"]).count()


def load(args, people, own, contested, stats, kill, deadline):
    threads = [threading.Thread(target=client, args=(i, args, people, own[i], contested, stats, kill, deadline))
               for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def client(index, args, people, mine, contested, stats, kill, deadline):
    from django.db import connection

    from devtools.management.commands.loadtest import Session
    from claims.models import Claim

    rng = random.Random(index)
    me = people["editor" if index % 2 == 0 else "editor2"]
    checkers = [people["checker"], people["checker2"]]
    sessions = [Session("127.0.0.1", port, stats) for port in PORTS]
    sessions[index % 2].log_in(me.username, "workbench-demo")
    sessions[(index + 1) % 2].cookies = sessions[index % 2].cookies  # one browser, either server
    # What this client knows of its own claims: nobody else changes them, so any 409 is a lost update.
    known = {pk: {"version": 1, "assignee": None} for pk in mine}
    turn = index
    try:
        for _ in range(args.rounds):
            work = [(pk, False) for pk in mine] + ([(rng.choice(contested), True)] if contested else [])
            for pk, shared in work:
                if time.monotonic() > deadline:
                    return
                turn += 1
                session = sessions[turn % 2]
                if shared:
                    claim = Claim.objects.get(pk=pk)
                    state = {"version": claim.version, "assignee": claim.assignee_id}
                else:
                    state = known[pk]
                if state["assignee"] is None:
                    target = checkers[0]
                    status, _ = session.request("step assign", "POST", f"/claims/{pk}/steps/assign/",
                                                {"version": state["version"], "assignee": target.pk}, htmx=True)
                else:
                    target = checkers[1] if state["assignee"] == checkers[0].pk else checkers[0]
                    status, _ = session.request("reassign", "POST", f"/claims/{pk}/details/", {
                        "version": state["version"], "text": TEXTS[pk], "claimant": "",
                        "claimant_url": "", "claim_type": "quantity", "priority": "2", "assignee": target.pk, "due_date": "",
                    }, htmx=True)
                if status == 200:
                    with stats.lock:
                        stats.steps_ok[pk] += 1
                    if not shared:
                        known[pk] = {"version": state["version"] + 1, "assignee": target.pk}
                elif status is None:
                    with stats.lock:
                        stats.unknown[pk] += 1
                    if not shared:
                        return  # its state is unknown now: stop rather than guess
                elif not (shared and status == 409) and status < 500:
                    stats.unexpected("own claim" if not shared else "contested claim", status)
                kill.maybe()
    finally:
        connection.close()


# --- afterwards ---------------------------------------------------------------------------------------

def drain(env, deadline):
    """Run enqueue_scheduled every 3 s (as cron would, more often) until no mail is pending."""
    from claims.models import Notification

    started, runs = time.monotonic(), 0
    while time.monotonic() < deadline:
        if not Notification.objects.filter(mail_status=Notification.MailStatus.PENDING).exists():
            return True, time.monotonic() - started, runs
        subprocess.run([PY, "manage.py", "enqueue_scheduled", "--verbosity", "0"], cwd=ROOT, env=env, check=True, timeout=60)
        runs += 1
        time.sleep(3)
    return False, time.monotonic() - started, runs


def check(stats, claim_ids, own, mail_dir, kill, load_seconds, drained, drain_seconds, cron_runs, args):
    from django_tasks_db.models import DBTaskResult

    from claims.models import Claim, HistoryEntry, Notification

    told = sum(stats.steps_ok.values())
    unknown = sum(stats.unknown.values())
    lost = []
    for claim in Claim.objects.filter(pk__in=claim_ids):
        bumps = claim.version - 1
        entries = HistoryEntry.objects.filter(claim=claim, action=HistoryEntry.Action.ASSIGNMENT, field="assignee").count()
        if not (entries == bumps and stats.steps_ok[claim.pk] <= bumps <= stats.steps_ok[claim.pk] + stats.unknown[claim.pk]):
            lost.append(f"claim {claim.pk}: told {stats.steps_ok[claim.pk]}, {bumps} version bumps, {entries} history entries")
    notifications = Notification.objects.count()
    by_status = Counter(Notification.objects.values_list("mail_status", flat=True))
    deliveries = Counter()
    for path in mail_dir.glob("*") if mail_dir.exists() else []:
        deliveries.update(int(n) for n in MESSAGE_ID.findall(path.read_text(errors="replace")))
    sent_ids = set(Notification.objects.filter(mail_status="sent").values_list("pk", flat=True))
    twice = sorted(pk for pk, n in deliveries.items() if n > 1)
    never = sorted(sent_ids - set(deliveries))
    unrecorded = sorted(set(deliveries) - sent_ids)
    tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
    lost_tasks = DBTaskResult.objects.filter(exception_class_path="claims.schedule.WorkerLost").count()
    other_failures = Counter(DBTaskResult.objects.filter(status="FAILED").exclude(
        exception_class_path="claims.schedule.WorkerLost").values_list("exception_class_path", flat=True))
    errors = sum(stats.errors.values())
    requests = sum(stats.statuses.values())
    # A mail whose claim was handed on again before a worker reached it is skipped on purpose (the new
    # assignee has their own); anything else not sent is a failure of the drill.
    skipped = Notification.objects.filter(mail_status="skipped")
    moved_on = skipped.filter(mail_error__contains="is no longer assigned to").count()
    ok = (errors == 0 and not lost and drained and not twice and not never and not unrecorded and unknown == 0
          and notifications == told and by_status.get("sent", 0) + moved_on == notifications
          and kill.killed_at_changes is not None and not other_failures)
    lines = [
        f"Drill: 2 gunicorn (:{PORTS[0]}, :{PORTS[1]}; 2 processes x 4 threads each), 2 db_workers, one PostgreSQL ({DATABASE}).",
        f"{args.clients} editors' clients, {len(claim_ids)} claims ({args.contested} worked by every client at once), "
        f"{args.rounds} rounds; mail sink: files, {args.mail_delay_ms} ms per send.",
        f"HTTP: {requests} requests in {load_seconds:.1f} s, "
        f"statuses {dict(sorted((str(k), v) for k, v in stats.statuses.items()))}",
        f"  per server: {per_server(stats)}",
        f"  changes the clients were told succeeded: {told}; answers never received: {unknown}",
        f"  errors (5xx, broken connections, unexpected answers): {errors} {dict(stats.errors) if errors else ''}",
        f"  lost updates: {len(lost)} {lost[:5] if lost else ''}",
        f"Worker 1 SIGKILLed after {kill.killed_at_changes} changes, holding {kill.running_when_killed} running task(s).",
        f"Mail: {notifications} notifications written; mail status {dict(by_status)}; "
        f"all delivered {'in' if drained else 'NOT in'} {drain_seconds:.1f} s after the load "
        f"({cron_runs} enqueue_scheduled runs).",
        f"  skipped because the claim had been handed on again before a worker reached the mail: {moved_on} "
        f"(of {skipped.count()} skipped)",
        f"  distinct mails in the sink: {len(deliveries)}; delivered twice: {len(twice)} {twice[:10] if twice else ''}; "
        f"recorded sent but not delivered: {len(never)}; delivered but not recorded sent: {len(unrecorded)}",
        f"Tasks: {dict(tasks)}; marked lost (the killed worker's): {lost_tasks}; other failures: {dict(other_failures)}",
        "PASS" if ok else "FAIL",
    ]
    return "\n".join(lines) + "\n"


def per_server(stats):
    # The load test's Session records by kind, not by server; the access logs say which server answered.
    counts = {}
    for port in PORTS:
        log = Path(os.environ["DRILL_MAIL_DIR"]).parent / f"access-{port}.log"
        counts[port] = sum(1 for _ in log.open()) if log.exists() else 0
    return ", ".join(f":{port} answered {n}" for port, n in counts.items())


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
