"""Password-reset throttling (claims/throttling.py): nobody can make the workbench mail someone over and
over. Requests are counted per client address and per e-mail address typed; over a limit the answer is
a 429 with a page saying when to try again, and no mail is sent; locks end by themselves; an address no
account has is treated exactly like a real one; asking for reset mails never locks anyone's log-in."""
import datetime

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, override_settings

from claims.models import LoginAttempt

from .conftest import PASSWORD
# The same time control (ageing the rows) and the same page comparison as for log-in.
from .test_login_throttling import let_time_pass, page_text

RESET = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"
PER_ADDRESS = 5  # settings.PASSWORD_RESET_THROTTLE["per_address"]
PER_EMAIL = 3  # settings.PASSWORD_RESET_THROTTLE["per_email"]
WINDOW = datetime.timedelta(hours=1)


def ask(client, email, address="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def ask_through(client, emails, address="10.0.0.1"):
    for email in emails:
        response = ask(client, email, address)
        assert response.status_code == 302 and response["Location"] == DONE, "below the limit Django answers"


def test_five_requests_from_one_address_go_through_and_the_sixth_is_a_human_429(client, checker):
    ask_through(client, [f"someone{i}@example.org" for i in range(PER_ADDRESS - 1)] + ["checker@example.org"])
    assert len(mail.outbox) == 1
    refused = ask(client, "checker@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    body = refused.content.decode()
    assert "Too many password-reset requests" in body and "Try again in about 60 minutes" in body
    assert "no-cache" in refused["Cache-Control"]


def test_a_refused_request_sends_no_mail_and_writes_nothing(client, checker):
    ask_through(client, [f"someone{i}@example.org" for i in range(PER_ADDRESS)])
    rows = list(LoginAttempt.objects.values_list())
    for _ in range(10):
        assert ask(client, "checker@example.org").status_code == 429
    assert len(mail.outbox) == 0
    assert list(LoginAttempt.objects.values_list()) == rows


def test_one_email_address_is_limited_across_addresses(checker):
    for i in range(PER_EMAIL):
        ask_through(Client(), ["checker@example.org"], address=f"198.51.100.{i}")
    assert len(mail.outbox) == PER_EMAIL
    # Case and surrounding spaces do not make it another address (Django matches it without case).
    refused = ask(Client(), " Checker@Example.ORG", address="198.51.100.99")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert len(mail.outbox) == PER_EMAIL


def test_another_address_and_another_email_still_get_through(client, checker, checker2):
    ask_through(client, [f"someone{i}@example.org" for i in range(PER_ADDRESS)], address="10.0.0.1")
    for i in range(PER_EMAIL):
        ask_through(Client(), ["checker@example.org"], address=f"198.51.100.{i}")
    assert ask(client, "checker2@example.org", address="10.0.0.1").status_code == 429
    assert ask(Client(), "checker@example.org", address="203.0.113.5").status_code == 429
    # Neither lock reaches a request that shares neither the address nor the e-mail address.
    ask_through(Client(), ["checker2@example.org"], address="203.0.113.5")
    assert [message.to for message in mail.outbox[-1:]] == [["checker2@example.org"]]


def test_the_lock_ends_by_itself_after_the_window(client, checker):
    ask_through(client, ["checker@example.org"] * PER_EMAIL)
    assert ask(client, "checker@example.org").status_code == 429
    let_time_pass(WINDOW - datetime.timedelta(seconds=5))
    assert ask(client, "checker@example.org").status_code == 429
    let_time_pass(datetime.timedelta(seconds=6))
    ask_through(client, ["checker@example.org"])
    assert len(mail.outbox) == PER_EMAIL + 1


def test_requests_refused_while_locked_do_not_extend_the_lock(client, checker):
    ask_through(client, ["checker@example.org"] * PER_EMAIL)
    for _ in range(20):
        assert ask(client, "checker@example.org").status_code == 429
    assert LoginAttempt.objects.count() == PER_EMAIL
    let_time_pass(WINDOW + datetime.timedelta(seconds=1))
    ask_through(client, ["checker@example.org"])


def test_an_email_address_no_account_has_gets_exactly_the_same_answers(checker):
    answers = {}
    for email, address in (("checker@example.org", "10.0.0.2"), ("nobody@example.org", "10.0.0.3")):
        client = Client()
        responses = [ask(client, email, address) for _ in range(PER_EMAIL + 2)]
        # Retry-After is compared as present or not: the two runs are a moment apart.
        answers[email] = [(r.status_code, r.get("Location"), "Retry-After" in r, page_text(r)) for r in responses]
    assert answers["checker@example.org"] == answers["nobody@example.org"]
    assert [status for status, *_ in answers["nobody@example.org"]] == [302] * PER_EMAIL + [429, 429]
    # Only the owner of the address learns anything, by mail.
    assert {tuple(message.to) for message in mail.outbox} == {("checker@example.org",)}


def test_the_email_address_is_stored_only_as_a_hash(client, checker):
    ask_through(client, ["checker@example.org", "nobody@example.org"])
    rows = list(LoginAttempt.objects.values_list())
    assert len(rows) == 2
    stored = repr(rows).casefold()
    assert "checker" not in stored and "nobody" not in stored and "example" not in stored


def test_an_empty_submission_is_not_counted(client, checker):
    for _ in range(PER_ADDRESS + 1):
        assert client.post(RESET, {"email": ""}, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert not LoginAttempt.objects.exists()
    ask_through(client, ["checker@example.org"])


def test_reading_the_form_is_never_locked(client, checker):
    ask_through(client, [f"someone{i}@example.org" for i in range(PER_ADDRESS)])
    assert client.get(RESET, REMOTE_ADDR="10.0.0.1").status_code == 200


def test_the_count_is_shared_by_every_worker(checker):
    # Each Client stands for a different worker process: the count lives in the database.
    for _ in range(PER_EMAIL):
        ask_through(Client(), ["checker@example.org"])
    assert ask(Client(), "checker@example.org").status_code == 429


@override_settings(PASSWORD_RESET_THROTTLE={"per_address": 2})
def test_the_setting_overrides_the_defaults(client, checker):
    ask_through(client, ["a@example.org", "b@example.org"])
    assert ask(client, "c@example.org").status_code == 429


def test_old_requests_are_pruned(client, checker):
    ask_through(client, ["checker@example.org"] * 2)
    let_time_pass(WINDOW + datetime.timedelta(seconds=1))
    ask_through(client, ["checker@example.org"])
    assert LoginAttempt.objects.count() == 1


def test_pruning_requests_keeps_the_log_in_history(client, checker):
    # The log-in throttle remembers successful log-ins for 30 days; an hour-old one must survive.
    assert client.post("/accounts/login/", {"username": "checker", "password": PASSWORD},
                       REMOTE_ADDR="10.0.0.1").status_code == 302
    let_time_pass(WINDOW + datetime.timedelta(seconds=1))
    ask_through(Client(), ["checker@example.org"])
    assert LoginAttempt.objects.filter(kind=LoginAttempt.Kind.LOG_IN, succeeded=True).count() == 1


@override_settings(PASSWORD_RESET_THROTTLE={"per_address": 100, "per_email": 100})
def test_reset_requests_do_not_lock_log_in(client, db):
    # A user whose user name is their e-mail address: reset requests and log-ins share the account
    # key and the address, so only the kind keeps the counts apart.
    User.objects.create_user("reader@example.org", "reader@example.org", PASSWORD)
    for _ in range(30):  # settings.LOGIN_THROTTLE["per_address"], and more than the other log-in limits
        ask_through(Client(), ["reader@example.org"], address="10.0.0.7")
    assert LoginAttempt.objects.filter(kind=LoginAttempt.Kind.PASSWORD_RESET).count() == 30
    response = client.post("/accounts/login/", {"username": "reader@example.org", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_failed_log_ins_do_not_lock_reset_requests(client, checker):
    # Enough failed log-ins to lock the address (settings.LOGIN_THROTTLE["per_address"]), some of them
    # with the e-mail address as the user name, from the address the reset is then asked from.
    for name in ["checker@example.org"] * 4 + [f"guess{i}" for i in range(26)]:
        client.post("/accounts/login/", {"username": name, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    ask_through(client, ["checker@example.org"])
    assert len(mail.outbox) == 1
