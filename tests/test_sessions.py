"""Sessions: a new key at log-in, ended by log-out, by deactivation and by two idle hours; the idle
clock is renewed by activity at most once per SESSION_RENEWAL_SECONDS, not written on every request."""
import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.sessions import end_sessions_of

from .conftest import PASSWORD

HOME = "/"


def log_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_log_in_starts_a_new_session_key(client, checker):
    # An anonymous session exists first (as it would after any page that stores something in it):
    # keeping its key at log-in would let whoever planted it ride the logged-in session (fixation).
    anonymous = client.session
    anonymous["planted"] = "by an attacker"
    anonymous.save()
    planted_key = anonymous.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted_key

    key = log_in(client, "checker")
    assert key != planted_key
    assert not Session.objects.filter(session_key=planted_key).exists()
    assert client.get(HOME).status_code == 200
    # The planted cookie alone does not get in.
    intruder = Client()
    intruder.cookies[settings.SESSION_COOKIE_NAME] = planted_key
    assert intruder.get(HOME).status_code == 302


def test_log_out_ends_the_session(client, checker):
    key = log_in(client, "checker")
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get(HOME).status_code == 302


def test_deactivating_a_user_ends_all_their_sessions_at_once(checker, viewer):
    laptop, phone, colleague = Client(), Client(), Client()
    log_in(laptop, "checker")
    log_in(phone, "checker")
    colleague_key = log_in(colleague, "viewer")
    assert Session.objects.count() == 3

    checker.is_active = False
    checker.save()

    assert list(Session.objects.values_list("session_key", flat=True)) == [colleague_key]
    assert laptop.get(HOME).status_code == 302 and phone.get(HOME).status_code == 302
    assert colleague.get(HOME).status_code == 200


def test_deactivating_through_the_admin_ends_the_sessions(client, superuser, checker):
    victim = Client()
    log_in(victim, "checker")
    client.force_login(superuser)
    response = client.post(f"/admin/auth/user/{checker.pk}/change/", {
        "username": "checker", "first_name": "", "last_name": "", "email": "", "is_active": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "groups": [g.pk for g in checker.groups.all()],
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    checker.refresh_from_db()
    assert not checker.is_active
    assert victim.get(HOME).status_code == 302


def test_saving_an_active_user_keeps_their_sessions(client, checker):
    key = log_in(client, "checker")
    checker.first_name = "Renamed"
    checker.save()
    assert Session.objects.filter(session_key=key).exists()
    assert end_sessions_of(checker) == 1


def test_an_idle_session_expires(client, checker):
    key = log_in(client, "checker")
    # Two idle hours pass: the session's expiry is in the past.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _stored_expiry(key):
    return Session.objects.get(session_key=key).expire_date


def _renewed_ago(key, seconds):
    """Make the stored expiry what a renewal `seconds` ago would have written."""
    expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds)
    Session.objects.filter(session_key=key).update(expire_date=expiry)
    return expiry


def test_activity_renews_the_idle_clock(client, checker):
    key = log_in(client, "checker")
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(HOME).status_code == 200
    renewed = _stored_expiry(key)
    assert renewed - timezone.now() > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60


def test_the_idle_clock_is_renewed_once_its_last_renewal_is_older_than_the_interval(client, checker):
    key = log_in(client, "checker")
    interval = settings.SESSION_RENEWAL_SECONDS
    assert 0 < interval <= 60

    recent = _renewed_ago(key, interval - 5)
    assert client.get(HOME).status_code == 200
    assert _stored_expiry(key) == recent

    _renewed_ago(key, interval + 5)
    assert client.get(HOME).status_code == 200
    assert _stored_expiry(key) - timezone.now() > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)


def test_a_page_within_the_interval_writes_no_session(client, checker):
    log_in(client, "checker")
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []


def test_an_expired_cookie_does_not_start_a_new_session(client, checker):
    key = log_in(client, "checker")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    # A page open to everyone reads no user: the renewal itself finds the session gone.
    assert client.get("/healthz").status_code == 200
    assert client.get(HOME).status_code == 302
    assert client.get("/accounts/login/").status_code == 200
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()


def test_a_page_open_to_everyone_renews_a_live_session_too(client, checker):
    key = log_in(client, "checker")
    _renewed_ago(key, settings.SESSION_RENEWAL_SECONDS + 5)
    assert client.get("/healthz").status_code == 200
    assert _stored_expiry(key) - timezone.now() > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser(client, checker):
    log_in(client, "checker")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]


def test_the_session_is_read_as_django_reads_it_in_one_query(client, checker):
    # claims/sessions.py reads the row with SQL written once instead of the ORM's get(): the same
    # answer, data and expiry, for a live key ...
    from claims.sessions import SessionStore

    key = log_in(client, "checker")
    row = Session.objects.get(session_key=key)
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        data = store.load()
    assert len(queries.captured_queries) == 1
    assert data == row.get_decoded() and data["_auth_user_id"] == str(checker.pk)
    assert store.stored_expiry == row.expire_date
    # ... and none, with the key forgotten, for an expired one or one that never existed.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    for gone in (SessionStore(key), SessionStore("no-such-session-key-0123456789")):
        assert gone.load() == {} and gone.session_key is None and gone.stored_expiry is None
