"""Content-Security-Policy (Django's built-in middleware) on every response, and every page written so it
works under it: each <script> carries the response's nonce, and there are no inline event handlers,
style attributes, <style> blocks, javascript: URLs or htmx attributes that need eval.

Pages come from the URL configuration (tests/every_page.py), so new pages are checked as they are
merged."""
import json

import pytest
from django.test import Client

from .every_page import World, all_routes, concrete_url
from .html_rules import audit, body_of, csp_directives, nonce_of

ROUTES = all_routes()
FORBIDDEN_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:"}


def assert_strict_csp(response, where):
    header = response.get("Content-Security-Policy")
    assert header, f"{where}: no Content-Security-Policy header"
    directives = csp_directives(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert "'self'" in scripts, where
    # Django names the nonce in the header only when the page used it; scripts without it are refused.
    nonces = [w for w in scripts if w.startswith("'nonce-")]
    assert all(len(w) > len("'nonce-'") + 16 for w in nonces), f"{where}: {scripts}"
    assert not set(scripts) & FORBIDDEN_SCRIPT_SOURCES, f"{where}: {scripts}"
    assert "'unsafe-inline'" not in directives.get("style-src", []), where
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("base-uri") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("default-src") == ["'self'"], where


def assert_html_obeys_csp(response, where):
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = body_of(response).decode()
    if not html:
        return
    page = audit(html, nonce_of(response))
    assert not page.problems, f"{where}:\n" + "\n".join(page.problems)
    if any((s.get("src") or "").startswith("/static/django_htmx/") for s in page.scripts):
        assert_htmx_needs_no_eval(page, where)


def assert_htmx_needs_no_eval(page, where):
    configs = [attrs.get("content") for tag, attrs in page.tags if tag == "meta" and attrs.get("name") == "htmx-config"]
    assert configs, f"{where}: htmx is loaded without its configuration (meta name=htmx-config)"
    config = json.loads(configs[0])
    # Without these htmx would evaluate code (hx-on, js: values) or inject a <style> element.
    assert config.get("allowEval") is False and config.get("includeIndicatorStyles") is False, where
    assert config.get("allowScriptTags") is False, where


@pytest.fixture
def world(article):
    return World(article)


@pytest.mark.parametrize("kind", ["anonymous", "viewer", "editor", "superuser"])
def test_every_page_carries_the_policy_and_obeys_it(world, kind):
    client = Client()
    if kind != "anonymous":
        client.force_login(world.user(kind))
    for route in ROUTES:
        url = concrete_url(route, world)
        response = client.get(url)
        assert response.status_code < 500, url
        assert_strict_csp(response, f"{kind} GET {url}")
        assert_html_obeys_csp(response, f"{kind} GET {url}")


def test_the_nonce_is_new_for_every_response(client, world):
    client.force_login(world.users["editor"])
    nonces = {nonce_of(client.get("/claims/")) for _ in range(3)}
    assert len(nonces) == 3 and None not in nonces


def test_error_pages_carry_the_policy(client, world):
    answers = {}
    answers["404"] = client.get("/no-such-page/")
    client.force_login(world.users["outsider"])
    answers["403"] = client.get("/claims/")
    answers["405"] = client.put("/claims/")
    strict = Client(enforce_csrf_checks=True)
    answers["403 csrf"] = strict.post("/accounts/login/", {"username": "x", "password": "y"})
    for status, response in answers.items():
        assert str(response.status_code) == status.split()[0]
        assert_strict_csp(response, status)
        assert_html_obeys_csp(response, status)


def test_the_throttled_log_in_page_obeys_the_policy(client, world):
    for _ in range(6):
        response = client.post("/accounts/login/", {"username": "checker", "password": "wrong"})
    assert response.status_code == 429
    assert_strict_csp(response, "429")
    assert_html_obeys_csp(response, "429")


def test_the_throttled_password_reset_page_obeys_the_policy(client, world):
    for _ in range(4):
        response = client.post("/accounts/password_reset/", {"email": "checker@example.org"})
    assert response.status_code == 429
    assert_strict_csp(response, "429 reset")
    assert_html_obeys_csp(response, "429 reset")


def test_htmx_fragments_obey_the_policy(client, world):
    """The fragments htmx swaps into a page: the change endpoints' answers, successes and refusals."""
    checker = world.users["checker"]
    claim = world.claim
    client.force_login(checker)
    htmx = {"HTTP_HX_REQUEST": "true"}
    answers = {
        "note added": client.post(f"/claims/{claim.pk}/notes/", {"body": "A finding"}, **htmx),
        "empty note": client.post(f"/claims/{claim.pk}/notes/", {"body": ""}, **htmx),
        "step refused": client.post(f"/claims/{claim.pk}/steps/approve/", {"version": claim.version}, **htmx),
        "stale version": client.post(f"/claims/{claim.pk}/steps/propose/", {
            "version": claim.version - 1, "rating": world.published.rating_id, "conclusion": "Stale",
            "justification": "One source"}, **htmx),
        "details invalid": client.post(f"/claims/{claim.pk}/details/", {"version": claim.version}, **htmx),
        "evidence invalid": client.post(f"/claims/{claim.pk}/evidence/", {}, **htmx),
    }
    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses["note added"] == 200 and statuses["step refused"] == 403 and statuses["stale version"] == 409
    for name, response in answers.items():
        assert_strict_csp(response, name)
        assert_html_obeys_csp(response, name)
