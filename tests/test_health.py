"""/healthz: answers a load balancer's probe without login, and says 503 when the database is down."""
import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from claims.views import health


def test_health_check_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    # A probe leaves no session behind.
    assert "sessionid" not in response.cookies


def test_health_check_answers_head(client, db):
    assert client.head("/healthz").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_health_check_refuses_unsafe_methods(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_health_check_says_503_when_the_database_does_not_answer(client, db, monkeypatch, caplog):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
    # The reason goes to the log for the operator, not to whoever asked.
    assert b"refused" not in response.content
    assert "did not answer" in caplog.text


def test_health_check_is_not_redirected_to_https(db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        probe = Client()
        assert probe.get("/healthz").status_code == 200
        # Every other page is.
        assert probe.get("/accounts/login/").status_code == 301
