"""`make run`: the development web server and a task worker, started by one command and stopped
together (Ctrl-C, or either one dying stops both), plus `enqueue_scheduled` every few minutes, as
cron does in production (docs/deploy.md).

Each child runs in its own session (process group), so stopping one stops its whole tree (runserver
and db_worker both fork a reloader child in debug); the terminal's Ctrl-C reaches only this script,
which then stops them in order. Environment: PORT (8000), WORKBENCH_SCHEDULE_SECONDS (300).
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def whole_number(name, default):
    value = os.environ.get(name, "") or default
    if not (value.isascii() and value.isdigit()):
        sys.exit(f"error: {name} must be a whole number (got {value!r}).")
    return int(value)


def start(command):
    return subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, start_new_session=True)


def stop(children):
    for proc in children.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main():
    port = whole_number("PORT", "8000")
    every = whole_number("WORKBENCH_SCHEDULE_SECONDS", "300")
    stopping = []
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: stopping.append(signum))

    children = {
        "web server": start(["runserver", f"127.0.0.1:{port}"]),
        "task worker": start(["db_worker", "--no-startup-delay"]),
    }
    print(f"Serving on http://127.0.0.1:{port}/ with a task worker; scheduled jobs every {every} s. Ctrl-C stops both.",
          flush=True)
    next_schedule = time.monotonic() + 5
    status = 0
    try:
        while not stopping:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(f"The {name} stopped (exit status {proc.returncode}); stopping the rest.", file=sys.stderr)
                    status = proc.returncode or 1
                    stopping.append(name)
            if not stopping and time.monotonic() >= next_schedule:
                subprocess.run([sys.executable, "manage.py", "enqueue_scheduled", "--verbosity", "0"], cwd=ROOT,
                               timeout=120, start_new_session=True)
                next_schedule = time.monotonic() + every
            time.sleep(0.5)
    finally:
        stop(children)
    return status


if __name__ == "__main__":
    sys.exit(main())
