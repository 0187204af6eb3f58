"""What a newcomer meets first (issue #16, item 8): a development server that prints each log line
once, and an icon at /favicon.ico. (Browser tests without Chromium: tests/browser/conftest.py.)"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_development_server_prints_each_log_line_once():
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.request').warning('ONE-LINE');"
        "logging.getLogger('django.server').info('SERVER-LINE');"
        "logging.getLogger('claims').warning('APP-LINE')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "workbench.settings", "DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    log = out.stderr
    assert log.count("ONE-LINE") == 1
    assert log.count("APP-LINE") == 1
    # runserver's request lines keep their own format, once.
    assert log.count("SERVER-LINE") == 1 and "] SERVER-LINE" in log


def test_favicon_ico_is_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    static_icon = b"".join(client.get("/static/claims/favicon.svg").streaming_content)
    assert response.content == static_icon and b"<svg" in static_icon
    assert "max-age=86400" in response["Cache-Control"]


def run_browser_test(**env):
    """One browser test in a pytest of its own, with `env` added to the environment (CI unset)."""
    import os

    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:randomly",
               "tests/browser/test_viewer.py", "-k", "viewer"]
    environment = {**{k: v for k, v in os.environ.items() if k != "CI"}, **env}
    out = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    return out.returncode, out.stdout + out.stderr


def test_browser_tests_fail_without_chromium_saying_how_to_install_it():
    code, output = run_browser_test(WORKBENCH_CHROMIUM="/nonexistent/chromium", SKIP_BROWSER="")
    assert code != 0
    assert "apt-get install chromium" in output and "SKIP_BROWSER=1" in output
    assert "failed" in output or "error" in output


def test_skip_browser_skips_them_and_says_so_loudly():
    code, output = run_browser_test(WORKBENCH_CHROMIUM="/nonexistent/chromium", SKIP_BROWSER="1")
    assert code == 0
    assert "BROWSER TESTS WERE SKIPPED (SKIP_BROWSER=1)" in output


def test_ci_runs_browser_tests_even_with_skip_browser():
    code, output = run_browser_test(WORKBENCH_CHROMIUM="/nonexistent/chromium", SKIP_BROWSER="1", CI="true")
    assert code != 0 and "apt-get install chromium" in output
