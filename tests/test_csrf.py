"""CSRF: every unsafe request without the token is refused with 403 and changes nothing; the htmx
request that carries the token in the X-CSRFToken header (sent by <body hx-headers> in base.html)
gets through. Every URL pattern is covered (tests/every_page.py); nothing is csrf_exempt."""
import json

import pytest
from django.test import Client

from .conftest import PASSWORD
from .every_page import World, all_routes, concrete_url, fingerprint
from .html_rules import audit, nonce_of

ROUTES = all_routes()
UNSAFE = ["post", "put", "patch", "delete"]


def is_csrf_refusal(response):
    return response.status_code == 403 and b"This form could not be sent" in response.content


@pytest.fixture
def world(article):
    return World(article)


def htmx_token(client, url="/claims/"):
    """The token as a page hands it to htmx: the X-CSRFToken value in <body hx-headers>."""
    page = client.get(url)
    parsed = audit(page.content.decode(), nonce_of(page))
    body = next(attrs for tag, attrs in parsed.tags if tag == "body")
    return json.loads(body["hx-headers"])["X-CSRFToken"]


def is_api(route):
    """The JSON API's routes (api/): exempt from the middleware by django-ninja, because the API checks
    CSRF itself for a caller using the session cookie (api/auth.py BrowserSessionAuth), and a caller
    with a token has no cookie a forged request could ride on."""
    return (route.name or "").startswith("api:")


def is_api_csrf_refusal(response, kind):
    # The API's CSRF problem (the session check runs before the credentials are looked at, so an
    # anonymous caller gets it too), an anonymous caller refused as unauthenticated, or a method the
    # path does not take at all (405). The documents' views (require_safe) keep Django's refusal.
    if response.status_code == 405 or is_csrf_refusal(response):
        return True
    if kind == "anonymous" and response.status_code == 401:
        return True
    return response.status_code == 403 and "CSRF" in json.loads(response.content)["detail"]


def test_no_view_is_csrf_exempt():
    exempt = [r.id for r in ROUTES if getattr(r.callback, "csrf_exempt", False) and not is_api(r)]
    assert not exempt


@pytest.mark.parametrize("kind", ["anonymous", "editor", "superuser"])
def test_every_unsafe_request_without_the_token_is_refused(world, kind):
    client = Client(enforce_csrf_checks=True)
    if kind != "anonymous":
        client.force_login(world.user(kind))
    before = fingerprint()
    accepted = []
    for route in ROUTES:
        url = concrete_url(route, world)
        for method in UNSAFE:
            response = getattr(client, method)(url, {"version": world.claim.version})
            refused = is_api_csrf_refusal(response, kind) if is_api(route) else is_csrf_refusal(response)
            if not refused:
                accepted.append(f"{method.upper()} {url}: {response.status_code}")
    assert not accepted, "Accepted without a CSRF token:\n" + "\n".join(accepted)
    assert fingerprint() == before


def test_a_token_from_another_session_is_refused(world):
    attacker = Client(enforce_csrf_checks=True)
    attacker.force_login(world.users["viewer"])
    stolen = htmx_token(attacker)
    victim = Client(enforce_csrf_checks=True)
    victim.force_login(world.users["editor"])
    victim.get("/claims/")
    claim = world.claims["new"]
    response = victim.post(f"/claims/{claim.pk}/steps/dismiss/", {"version": claim.version, "reason": "forged"},
                           HTTP_X_CSRFTOKEN=stolen, HTTP_HX_REQUEST="true")
    assert is_csrf_refusal(response)
    claim.refresh_from_db()
    assert claim.status == "new"


def test_the_htmx_request_carrying_the_token_gets_through(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["checker"])
    claim = world.claim
    token = htmx_token(client, f"/claims/{claim.pk}/")
    htmx = {"HTTP_X_CSRFTOKEN": token, "HTTP_HX_REQUEST": "true"}

    note = client.post(f"/claims/{claim.pk}/notes/", {"body": "Sent by htmx"}, **htmx)
    assert note.status_code == 200
    assert claim.notes.filter(body="Sent by htmx").exists()

    without = client.post(f"/claims/{claim.pk}/notes/", {"body": "Forged"}, HTTP_HX_REQUEST="true")
    assert is_csrf_refusal(without)
    assert not claim.notes.filter(body="Forged").exists()


def test_every_change_endpoint_accepts_the_htmx_token(world):
    """With the token every unsafe endpoint answers for itself (a refusal, a validation error, a
    success) instead of the CSRF refusal."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["superuser"])
    token = htmx_token(client)
    refused = []
    for route in ROUTES:
        if route.is_admin or route.name in ("logout", "login"):
            continue  # the admin's forms send the token as a field; the log-in is tested below
        url = concrete_url(route, world)
        response = client.post(url, {"version": world.claim.version}, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
        if is_csrf_refusal(response):
            refused.append(url)
    assert not refused


def test_the_log_in_and_log_out_forms_work_with_their_token(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = next(attrs["value"] for tag, attrs in audit(page.content.decode(), nonce_of(page)).tags
                 if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken")
    response = client.post("/accounts/login/", {"username": "checker", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    logout_token = htmx_token(client)
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": logout_token}).status_code == 302
    assert client.get("/claims/").status_code == 302


def test_the_csrf_refusal_is_a_page_for_people(world):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Nothing was saved" in body and "reload the page" in body
