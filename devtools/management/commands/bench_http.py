"""python manage.py bench_http: requests per second for the claims list under concurrent users, served
by gunicorn with the production configuration (workbench/gunicorn.conf.py: gthread workers, so many
workers x threads) on loopback, as in production (debug off, collected static files). The load
average is printed before and after each level: the machine may be shared.

Bounded: each level of concurrency runs for --seconds, then the server is stopped (it is started by
this command and stopped in a `finally`, whatever happens). Needs the bench data set
(`manage.py bench` builds it) for its users. The load comes from threads in this process, on the
same machine as the server: on a small machine they compete for the same cores, which the report
says, with the CPU each side spent per request (the client's, this process; the server's, gunicorn's
processes, read from /proc on Linux; PostgreSQL's, the backends serving gunicorn's connections, which
this command tells apart by their application_name): requests/s moves with whatever else the machine
runs, CPU per request much less. Each user keeps the cookies the server sets, as a browser does (the
CSRF cookie: without it every answer would make and set a new one).

What is measured is the server's steady state: before the first level, every worker is given
--warm-up seconds of traffic at the highest level (workers x threads users at least), so that no
worker's start-up (booting, its first database connection) falls inside a measured level.
"""
import datetime
import http.client
import os
import runpy
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from devtools import benchdata

from .bench import DEFAULT_OUTPUT, _machine, _percentile, load_average

START, END = "<!-- bench_http:start -->", "<!-- bench_http:end -->"


class Command(BaseCommand):
    help = "Requests per second for the claims list at 10 and 50 concurrent users, against gunicorn on loopback."

    def add_arguments(self, parser):
        parser.add_argument("--users", default="10,50", help="Concurrency levels, comma-separated.")
        parser.add_argument("--seconds", type=float, default=10.0, help="Duration of each level.")
        parser.add_argument("--workers", type=int, default=None,
                            help="gunicorn workers (default: the production config's, 2 x cores + 1).")
        parser.add_argument("--threads", type=int, default=None, help="Threads per worker (default: the config's, 4).")
        parser.add_argument("--path", default="", help="Page to load (default: the claims list).")
        parser.add_argument("--warm-up", type=float, default=5.0,
                            help="Seconds of unmeasured traffic before the first level, so every worker has started.")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Where to write the result (Markdown).")

    def handle(self, *args, users, seconds, workers, threads, path, warm_up, output, **options):
        bench = benchdata.find()
        if bench is None:
            raise CommandError("There is no bench data set in this database: run `manage.py bench` first.")
        levels = [int(n) for n in users.split(",") if n.strip()]
        path = path or reverse("claims:list")
        cookie = _session_cookie(bench.editors[0])
        call_command("collectstatic", interactive=False, verbosity=0)
        port = _free_port()
        application_name = f"bench_http-{port}"
        server, workers, threads = _start_gunicorn(port, workers, threads, application_name)
        try:
            _wait_until_up(port, server)
            # Every worker up and connected to the database before anything is measured.
            _load(port, path, cookie, max([workers * threads, *levels]), warm_up)
            results = []
            for level in levels:
                before = load_average()
                self.stdout.write(f"{level} users on {path} for {seconds:.0f} s (load average before: {before}) ...", ending="")
                self.stdout.flush()
                result = _load(port, path, cookie, level, seconds, server=server.pid, database=application_name)
                result["load"] = (before, load_average())
                results.append((level, result))
                self.stdout.write(f" {result['rps']:.1f} requests/s, median {result['median']:.0f} ms, "
                                  f"errors {result['errors']}; CPU per request: client {_ms(result['client_cpu'])}, "
                                  f"server {_ms(result['server_cpu'])}, PostgreSQL {_ms(result['database_cpu'])}; "
                                  f"load average after: {result['load'][1]}")
        finally:
            _stop(server)
        table = self._render(bench, path, workers, threads, seconds, results)
        self.stdout.write(table)
        if output:
            _write_section(Path(output), table)
            self.stdout.write(f"Written to {output}")

    def _render(self, bench, path, workers, threads, seconds, results):
        lines = [
            START, "",
            f"Under load, measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {_machine()}: "
            f"`{path}` ({bench.claims:,} claims) served by gunicorn with the production configuration "
            f"(`-c workbench/gunicorn.conf.py`: {workers} gthread workers x {threads} threads), on loopback; "
            f"each user a thread sending its next request as soon as the last is answered, for {seconds:.0f} s "
            f"(`python manage.py bench_http --seconds {seconds:.0f}`), after an unmeasured warm-up. Client and server "
            f"share the machine: CPU per request is each side's CPU time over the level divided by the requests answered "
            f"(client: this process; server: gunicorn's processes; PostgreSQL: the backends of gunicorn's connections).",
            "",
            "| concurrent users | requests/s | median (ms) | 95th percentile (ms) | 99th percentile (ms) | requests | errors "
            "| client CPU (ms/request) | server CPU (ms/request) | PostgreSQL CPU (ms/request) "
            "| load average before | load average after |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for level, r in results:
            lines.append(f"| {level} | {r['rps']:.1f} | {r['median']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['requests']:,} | "
                         f"{r['errors']} | {_ms(r['client_cpu'])} | {_ms(r['server_cpu'])} | {_ms(r['database_cpu'])} "
                         f"| {r['load'][0]} | {r['load'][1]} |")
        lines += ["", END]
        return "\n".join(lines) + "\n"


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(application_name=""):
    """The database this command is connected to (the test database, under pytest), for the server,
    with the same connection options (settings.database_from_url reads them back), and the server's
    connections named `application_name` so that their PostgreSQL backends can be told apart."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    options = {name: ("none" if value is None else str(value).lower() if isinstance(value, bool) else value)
               for name, value in db["OPTIONS"].items() if value is None or isinstance(value, (str, int))}
    if application_name:
        options["application_name"] = application_name
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}{query}"


def _start_gunicorn(port, workers, threads, application_name=""):
    """gunicorn with the production configuration (workbench/gunicorn.conf.py) on `port`, its
    workers and threads overridden only when asked; (process, workers, threads)."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(application_name),
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_DEVTOOLS": "0",
        # Plain HTTP on loopback: no redirect to https, cookies without the secure flag.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SESSION_IDLE_SECONDS": str(2 * 60 * 60),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    config_path = Path(settings.BASE_DIR) / "workbench" / "gunicorn.conf.py"
    saved = os.environ.copy()
    try:
        os.environ.update(env)
        config = runpy.run_path(str(config_path))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # No access log: writing a line per request is not what is measured.
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "-c", str(config_path), "--access-logfile", "/dev/null",
               "workbench.wsgi:application"]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env), config["workers"], config["threads"]


def _wait_until_up(port, server, timeout=120):
    # Generous: on a shared 2-core machine, several workers starting at once can take a minute.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped at start (exit code {server.returncode}).")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer within {timeout} s.")


def _stop(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _ms(value):
    return "n/a" if value is None else f"{value:.1f}"


def _server_cpu(pid):
    """CPU seconds used so far by process `pid` and its children (gunicorn's master and workers), from
    /proc (Linux); None elsewhere. A worker recycled during a level takes its CPU time with it: with
    max_requests at 2,000 a short level recycles none."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return _cpu_seconds([pid, *(int(child) for child in f.read().split())])
    except (OSError, ValueError):
        return None


def _cpu_seconds(pids):
    """CPU seconds the processes `pids` have used so far (utime + stime, proc(5)); None when /proc
    cannot say (not Linux, or a process gone)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    try:
        for pid in pids:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None
    return total / tick


def _database_cpu(application_name):
    """CPU seconds used so far by the PostgreSQL backends whose connections are named
    `application_name` (gunicorn's), from /proc: None when PostgreSQL is not on this machine (or not
    PostgreSQL). A backend that ends during a level takes its CPU time with it; one that starts is
    counted from nothing (its start-up is then in the level, as it is in production)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name])
        pids = [pid for (pid,) in cursor.fetchall()]
    try:
        for pid in pids:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    return None
    except OSError:
        return None
    return _cpu_seconds(pids)


def _keep_cookies(jar, response):
    """What a browser does with the answer's Set-Cookie headers: keep each cookie, drop an expired one."""
    for header in response.msg.get_all("Set-Cookie") or ():
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                jar.pop(name, None)
            else:
                jar[name] = morsel.value


def _load(port, path, cookie, users, seconds, server=None, database=None):
    """`users` threads, each requesting `path` again as soon as it has its answer, for `seconds`,
    keeping the cookies it is given and those the server sets; with `server` (gunicorn's pid), the
    CPU each side spent per request, and with `database` (the application_name of gunicorn's
    connections) PostgreSQL's."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        jar = {name: morsel.value for name, morsel in SimpleCookie(cookie).items()}
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                _keep_cookies(jar, response)
                if response.status != 200:
                    failed += 1
                else:
                    mine.append((time.perf_counter() - started) * 1000)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    server_before = _server_cpu(server) if server else None
    database_before = _database_cpu(database) if database else None
    client_before = time.process_time()
    started = time.monotonic()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    client_cpu = time.process_time() - client_before
    server_after = _server_cpu(server) if server_before is not None else None
    database_after = _database_cpu(database) if database_before is not None else None
    latencies.sort()
    answered = len(latencies) + sum(errors)
    return {
        "client_cpu": client_cpu * 1000 / answered if answered else None,
        "server_cpu": (server_after - server_before) * 1000 / answered if answered and server_after is not None else None,
        "database_cpu": ((database_after - database_before) * 1000 / answered
                         if answered and database_after is not None else None),
        "rps": len(latencies) / elapsed if elapsed else 0,
        "median": statistics.median(latencies) if latencies else 0,
        "p95": _percentile(latencies, 95) or 0,
        "p99": _percentile(latencies, 99) or 0,
        "requests": len(latencies),
        "errors": sum(errors),
    }


def _write_section(path, table):
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text() if path.exists() else ""
    if START in existing and END in existing:
        before, rest = existing.split(START, 1)
        text = before + table.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = (existing.rstrip("\n") + "\n\n" if existing else "# Performance\n\n") + table
    path.write_text(text)
