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


def test_favicon_ico_is_served_from_static(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/claims/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
