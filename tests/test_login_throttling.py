"""Log-in throttling (claims/throttling.py): guessing is stopped with a 429 and a page saying when to try
again; locks end by themselves; an unknown account is treated exactly like a real one; a user's own
address keeps working while their account is attacked from elsewhere."""
import datetime
import re

from django.test import Client, override_settings

from claims.models import LoginAttempt

from .conftest import PASSWORD

LOGIN = "/accounts/login/"
HOME = "/"
LIMIT = 5  # settings.LOGIN_THROTTLE["per_account_and_address"]
WINDOW = datetime.timedelta(minutes=15)


def attempt(client, username, password="wrong password", address="10.0.0.1", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, address=address)
        assert response.status_code == 200, "a failure below the limit is the ordinary form error"


def let_time_pass(delta):
    """Time control: age every recorded attempt instead of moving the clock."""
    for row in LoginAttempt.objects.all():
        LoginAttempt.objects.filter(pk=row.pk).update(created_at=row.created_at - delta)


def page_text(response):
    # What the person reads, without the per-request CSRF token and nonce.
    # Tokens differ on every answer (CSRF in forms and in <body hx-headers>, the CSP nonce).
    return re.sub(r'(value|nonce)="[^"]*"|"X-CSRFToken": "[^"]*"', "", response.content.decode())


def test_five_failures_lock_the_account_from_that_address_with_a_human_429(client, checker):
    fail(client, "checker", LIMIT)
    locked = attempt(client, "checker", PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    body = locked.content.decode()
    assert "Too many failed log-in attempts" in body and "Try again in about 15 minutes" in body
    # Even the right password is refused while locked: that is what stops the guessing.
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(client, checker):
    fail(client, "checker", LIMIT)
    assert attempt(client, "checker", PASSWORD).status_code == 429
    let_time_pass(WINDOW + datetime.timedelta(seconds=1))
    assert attempt(client, "checker", PASSWORD).status_code == 302
    assert client.get(HOME).status_code == 200


def test_attempts_refused_while_locked_do_not_extend_the_lock(client, checker):
    fail(client, "checker", LIMIT)
    for _ in range(20):
        assert attempt(client, "checker").status_code == 429
    assert LoginAttempt.objects.filter(succeeded=False).count() == LIMIT
    let_time_pass(WINDOW + datetime.timedelta(seconds=1))
    assert attempt(client, "checker", PASSWORD).status_code == 302


def test_an_unknown_account_gets_exactly_the_same_answers(checker):
    real, unknown = Client(), Client()
    answers = {}
    for name, client in (("checker", real), ("nobody-by-this-name", unknown)):
        responses = [attempt(client, name, address="10.0.0.2" if name == "checker" else "10.0.0.3")
                     for _ in range(LIMIT + 2)]
        # Retry-After is compared as present or not: the two runs are a second apart.
        answers[name] = [(r.status_code, "Retry-After" in r, page_text(r).replace(name, "NAME")) for r in responses]
    assert answers["checker"] == answers["nobody-by-this-name"]
    assert [status for status, _, _ in answers["checker"]] == [200] * LIMIT + [429, 429]


def test_an_inactive_account_gets_the_same_answers_as_a_wrong_password(client, checker, checker2):
    checker2.is_active = False
    checker2.save()
    inactive = attempt(client, "checker2", PASSWORD, address="10.0.0.4")
    wrong = attempt(client, "checker", "wrong", address="10.0.0.5")
    assert inactive.status_code == wrong.status_code == 200
    assert page_text(inactive).replace("checker2", "NAME") == page_text(wrong).replace("checker", "NAME")


def test_the_lock_is_per_address_for_one_account(client, checker):
    fail(client, "checker", LIMIT, address="10.0.0.1")
    assert attempt(client, "checker", PASSWORD, address="10.0.0.1").status_code == 429
    # The real user elsewhere is not locked out by someone guessing from 10.0.0.1.
    assert attempt(Client(), "checker", PASSWORD, address="192.0.2.7").status_code == 302


def test_a_successful_log_in_resets_the_count_for_that_address(client, checker):
    fail(client, "checker", LIMIT - 1)
    assert attempt(client, "checker", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    fail(client, "checker", LIMIT - 1)
    assert attempt(client, "checker", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, checker):
    for i in range(30):  # settings.LOGIN_THROTTLE["per_address"]
        attempt(client, f"guess{i}", address="198.51.100.9")
    assert attempt(client, "checker", PASSWORD, address="198.51.100.9").status_code == 429
    assert attempt(Client(), "checker", PASSWORD, address="198.51.100.10").status_code == 302


def test_one_account_attacked_from_many_addresses_is_locked_except_from_its_known_address(client, checker):
    # The user logged in from their office before the attack.
    assert attempt(Client(), "checker", PASSWORD, address="203.0.113.1").status_code == 302
    for i in range(20):  # settings.LOGIN_THROTTLE["per_account"], spread so no address reaches its own limit
        attempt(Client(), "checker", address=f"198.51.100.{i + 20}")
    assert attempt(Client(), "checker", PASSWORD, address="198.51.100.99").status_code == 429
    # From the office the user still gets in: an attacker cannot keep them out.
    assert attempt(Client(), "checker", PASSWORD, address="203.0.113.1").status_code == 302


def test_the_account_name_is_matched_without_case_and_stored_only_as_a_hash(client, checker):
    fail(client, "CHECKER", LIMIT - 1)
    fail(client, " checker", 1)
    assert attempt(client, "checker", PASSWORD).status_code == 429
    keys = set(LoginAttempt.objects.values_list("account_key", flat=True))
    assert len(keys) == 1 and "checker" not in keys.pop()


def test_the_admin_log_in_is_throttled_too(client, editor):
    for _ in range(LIMIT):
        assert attempt(client, "editor", url="/admin/login/").status_code == 200
    assert attempt(client, "editor", PASSWORD, url="/admin/login/").status_code == 429
    # The two forms share one count.
    assert attempt(client, "editor", PASSWORD).status_code == 429


def test_the_count_is_shared_by_every_worker(checker):
    # Each Client stands for a different worker process: the count lives in the database.
    for _ in range(LIMIT):
        attempt(Client(), "checker")
    assert attempt(Client(), "checker", PASSWORD).status_code == 429


# The proxy must be one of TRUSTED_PROXIES (FORWARDED_ALLOW_IPS): anyone else could write the header.
@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXIES=["10.9.9.9"])
def test_behind_a_proxy_the_client_address_comes_from_the_proxy_header(client, checker):
    for _ in range(LIMIT):
        client.post(LOGIN, {"username": "checker", "password": "x"}, REMOTE_ADDR="10.9.9.9",
                    HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.50")
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {"192.0.2.50"}
    # Another client behind the same proxy is not affected.
    response = Client().post(LOGIN, {"username": "checker", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9",
                             HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert response.status_code == 302


def test_without_a_proxy_setting_the_forwarded_header_is_ignored(client, checker):
    # A client cannot escape the count by sending a different X-Forwarded-For with every attempt.
    for i in range(LIMIT):
        client.post(LOGIN, {"username": "checker", "password": "x"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert attempt(client, "checker", PASSWORD, address="10.0.0.1").status_code == 429


def test_old_attempts_are_pruned(client, checker):
    fail(client, "checker", 2)
    let_time_pass(datetime.timedelta(days=31))
    fail(client, "checker", 1)
    assert LoginAttempt.objects.count() == 1


def test_the_log_in_page_itself_is_never_locked_for_reading(client, checker):
    fail(client, "checker", LIMIT)
    assert client.get(LOGIN, REMOTE_ADDR="10.0.0.1").status_code == 200
