"""Production settings: with debug off and the required variables set, Django's deployment checks pass
with no warning; cookies are secure, HSTS and the referrer policy are on, no debug page is shown, and
WhiteNoise serves the collected static files itself."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "workbench.example.org",
        # Production sends real mail: Django's check refuses the console backend (mail.E001), rightly,
        # since notifications would otherwise vanish. docs/deploy.md lists it as required.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **extra,
    })
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_deploy_checks_pass_with_the_required_variables(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_fail_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


PRINT_SETTINGS = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_REFERRER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SESSION_ENGINE", "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXIES", "MIDDLEWARE"]}))
"""


def test_production_settings_are_secure(tmp_path):
    result = run(["-c", PRINT_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_REFERRER_POLICY"] == "same-origin" and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    # Sessions live in the database: several app servers share them (docs/deploy.md). The engine is
    # Django's database sessions with a cheaper renewal of the idle clock.
    assert values["SESSION_ENGINE"] == "claims.sessions"
    # X-Forwarded-Proto is believed only from the proxies gunicorn trusts too (FORWARDED_ALLOW_IPS),
    # by claims.middleware, not from anyone through Django's SECURE_PROXY_SSL_HEADER.
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]
    assert values["MIDDLEWARE"][0] == "claims.middleware.TrustedProxySchemeMiddleware"


SERVE_STATIC = """
import django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
client = Client()
hashed = staticfiles_storage.url("claims/app.css")
ok = client.get(hashed, secure=True, headers={"host": "workbench.example.org"})
missing = client.get("/static/claims/no-such-file.css", secure=True, headers={"host": "workbench.example.org"})
page = client.get("/no-such-page/", secure=True, headers={"host": "workbench.example.org"})
plain = client.get("/accounts/login/", headers={"host": "workbench.example.org"})
print(*[hashed, ok.status_code, ok.headers.get("Cache-Control"), missing.status_code, page.status_code,
      b"Traceback" in page.content or b"URLconf" in page.content, plain.status_code, plain.headers.get("Location"),
      client.get("/accounts/login/", secure=True,
                 headers={"host": "workbench.example.org"}).headers.get("Strict-Transport-Security")], sep="|")
"""


def test_whitenoise_serves_the_collected_static_files_with_debug_off(tmp_path):
    env = production_env(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    collected = run(["manage.py", "collectstatic", "--no-input"], env)
    assert collected.returncode == 0, collected.stderr
    result = run(["-c", SERVE_STATIC], env)
    assert result.returncode == 0, result.stderr
    hashed, status, cache, missing, page, debug_page, plain, location, hsts = result.stdout.strip().split("|")
    # The file is served under its content-hashed name, cacheable for ever.
    assert hashed.startswith("/static/claims/app.") and hashed.endswith(".css") and hashed != "/static/claims/app.css"
    assert status == "200" and "max-age=315360000" in cache and "immutable" in cache
    assert missing == "404"
    # No debug page: a 404 says nothing about the URL configuration.
    assert page == "404" and debug_page == "False"
    # Plain http is redirected to https, and https answers carry HSTS.
    assert plain == "301" and location.startswith("https://workbench.example.org/")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


@pytest.mark.parametrize("name", ["workbench/gunicorn.conf.py"])
def test_the_gunicorn_configuration_runs_several_workers(name, tmp_path):
    config = {}
    exec((ROOT / name).read_text(), config)
    assert config["workers"] >= 2 and config["worker_class"] == "gthread" and config["threads"] >= 2
    assert config["timeout"] <= 60 and config["max_requests"] > 0
    assert "::1" in config["forwarded_allow_ips"] and "*" not in config["forwarded_allow_ips"]
