"""Log-in and password-reset throttling: slow down password guessing without letting anyone lock a real
user out, and stop anyone from making the server send reset mails over and over.

Failed attempts are counted over a sliding window (LOGIN_THROTTLE["window"], 15 minutes) in three ways,
and reaching any limit refuses further attempts (HTTP 429, with a page saying when to try again)
until enough failures have aged out of the window:

- one account from one address ("per_account_and_address", 5): someone guessing one password;
  a successful log-in from that address resets it, so a user who mistyped is not near a lock;
- one address, any account ("per_address", 30): someone trying many accounts (password spraying);
- one account, any address ("per_account", 20): a guessing attack spread over many addresses. An
  attacker could use it to keep a real user out, so it does not apply to an address the user
  logged in from successfully in the last LOGIN_THROTTLE["known_address_days"] days: the user's
  own office or home connection keeps working while the account is under attack.

Attempts refused while locked are not counted, so every lock ends by itself at most one window after
the last counted failure; nobody is locked out for good and no operator needs to unlock anyone.

The account is the name as typed, whether or not such a user exists, and the refusal is the same
either way: the throttle never reveals which accounts exist. It is stored as a keyed hash of the
name normalised as Django's log-in form normalises it before looking the user up (NFKC, as
AbstractBaseUser.normalize_username and UsernameField do), then without case: "ｅditor2" (full-width)
logs in as editor2, so it is counted and checked as editor2. One normalisation (account_key) for
counting and for checking.

Counting is atomic. An attempt is counted before its password is checked (begin_attempt: a failure
until the password proves right), inside a transaction that holds a lock per account and per
address; so 25 attempts sent at once are checked one after the other, each seeing the ones before
it, and no more than the limit get through. (Checking first and counting after the slow password
hash let 15 of 25 parallel guesses through a limit of 5.) On PostgreSQL the locks are transaction
advisory locks on the keys; SQLite's IMMEDIATE transactions (settings.py) serialise writers anyway.

Wrong old passwords on the password-change form are guesses too: that form goes through the same
throttle, counting under the signed-in user's account (claims/views/accounts.py).

Attempts live in the database (claims.LoginAttempt), not in a process's memory: several gunicorn
workers and several app servers share one count. A small model rather than Django's database
cache: counting "failures for this account in the last 15 minutes" is one indexed query, the rows
can be read in the admin or in SQL when investigating an attack, and there is no cache table to
create at deployment.

Password-reset requests (POSTs to the reset form that name an e-mail address) are counted the same
way, as rows of kind "password reset", over PASSWORD_RESET_THROTTLE["window"] (an hour):

- one address, any e-mail ("per_address", 5): someone mailing many people, or probing;
- one e-mail address, any address ("per_email", 3): someone flooding one person's mailbox from
  many addresses. It can also delay that person's own reset request by up to an hour; that is the
  price of not letting a stranger decide how many mails they receive.

Over either limit the request is refused (HTTP 429) before Django looks anyone up: no mail is sent
and nothing is written, so the lock ends by itself one window after the last counted request. The
refusal is the same whether or not an account has that e-mail address, as Django's own answer is.
The two kinds never count towards each other: asking for reset mails does not lock anyone's log-in.
"""
import datetime
import hashlib
import ipaddress
import math
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.crypto import salted_hmac

from .middleware import from_trusted_proxy
from .models import LoginAttempt

DEFAULTS = {
    "window": 15 * 60,
    "per_account_and_address": 5,
    "per_address": 30,
    "per_account": 20,
    "known_address_days": 30,
}


RESET_DEFAULTS = {
    "window": 60 * 60,
    "per_address": 5,
    "per_email": 3,
}


def policy():
    return {**DEFAULTS, **getattr(settings, "LOGIN_THROTTLE", {})}


def reset_policy():
    return {**RESET_DEFAULTS, **getattr(settings, "PASSWORD_RESET_THROTTLE", {})}


@dataclass(frozen=True)
class Lock:
    """Why attempts are refused, and for how long (seconds)."""

    reason: str
    retry_after: int

    @property
    def minutes(self):
        return max(1, math.ceil(self.retry_after / 60))


def normalise_account(name):
    """The one normalisation of a user name or e-mail address for counting and checking: NFKC, as
    Django's log-in form applies before authenticating (so full-width "ｅditor2" is editor2), then
    case-folded and NFKC again (Django user names are case-sensitive, but "Editor" and "editor" are
    the same guess; the reset form matches e-mail addresses without case too)."""
    name = unicodedata.normalize("NFKC", (name or "")).strip()
    return unicodedata.normalize("NFKC", name.casefold())


def account_key(username):
    normalised = normalise_account(username)
    return salted_hmac("claims.throttling.account", normalised, algorithm="sha256").hexdigest()


def client_address(request):
    """The address the request came from. Behind a reverse proxy, REMOTE_ADDR is the proxy's own;
    set DJANGO_CLIENT_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR) so the proxy's header is used instead,
    when the request comes from one of settings.TRUSTED_PROXIES.
    Of a comma-separated list, the last entry is the one the trusted proxy itself added."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    # Only a trusted proxy's word counts (settings.TRUSTED_PROXIES, as for X-Forwarded-Proto): a
    # client talking to the app server directly could write any address there.
    raw = request.META.get(header, "") if header and from_trusted_proxy(request) else ""
    raw = raw.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def longest_lock(reason, checks, window, now):
    """The Lock for the (attempts, limit) check that ends last, of those at their limit, or None."""
    waits = []
    for attempts, limit in checks:
        # The limit-th most recent: once it leaves the window, fewer than `limit` remain.
        times = list(attempts.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            waits.append(max(1, math.ceil((times[limit - 1] + window - now).total_seconds())))
    return Lock(reason, retry_after=max(waits)) if waits else None


def lock_for(username, address, now=None):
    """The lock that refuses an attempt on `username` from `address` now, or None."""
    rules = policy()
    now = now or timezone.now()
    window = datetime.timedelta(seconds=rules["window"])
    key = account_key(username)
    log_ins = LoginAttempt.objects.filter(kind=LoginAttempt.Kind.LOG_IN)
    failures = log_ins.filter(succeeded=False, created_at__gt=now - window)

    pair = failures.filter(account_key=key, address=address)
    last_success = (
        log_ins.filter(account_key=key, address=address, succeeded=True)
        .order_by("-created_at").values_list("created_at", flat=True).first()
    )
    if last_success is not None:
        pair = pair.filter(created_at__gt=last_success)
    checks = [(pair, rules["per_account_and_address"])]
    if address is not None:
        checks.append((failures.filter(address=address), rules["per_address"]))
    known_since = now - datetime.timedelta(days=rules["known_address_days"])
    if last_success is None or last_success < known_since:
        checks.append((failures.filter(account_key=key), rules["per_account"]))
    return longest_lock(gettext("Too many failed log-in attempts."), checks, window, now)


def record_attempt(username, address, succeeded):
    rules = policy()
    now = timezone.now()
    attempt = LoginAttempt.objects.create(
        kind=LoginAttempt.Kind.LOG_IN, account_key=account_key(username), address=address, succeeded=succeeded,
        created_at=now,
    )
    # Keep the table small: nothing older than the longest look-back is ever counted again.
    keep = max(datetime.timedelta(seconds=rules["window"]), datetime.timedelta(days=rules["known_address_days"]))
    LoginAttempt.objects.filter(kind=LoginAttempt.Kind.LOG_IN, created_at__lt=now - keep).delete()
    return attempt


def serialise(*keys):
    """Within the current transaction, wait for any other transaction holding one of `keys`: a
    PostgreSQL advisory lock per key, released at commit. The keys are taken in one order so two
    attempts never wait on each other. SQLite needs none: its IMMEDIATE transactions already run
    one writer at a time."""
    if connection.vendor != "postgresql":
        return
    numbers = sorted({int.from_bytes(hashlib.sha256(f"claims.throttling:{k}".encode()).digest()[:8], "big", signed=True)
                      for k in keys if k is not None})
    with connection.cursor() as cursor:
        for number in numbers:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def begin_attempt(username, address):
    """Check and count a log-in attempt in one step, before its password is checked: returns (Lock,
    None) when attempts are refused now, else (None, the LoginAttempt), counted as a failure until
    settle_attempt says the password was right. Serialised per account and per address, so
    parallel attempts cannot all pass the check before any of them is counted."""
    with transaction.atomic():
        serialise(f"account:{account_key(username)}", f"address:{address}")
        lock = lock_for(username, address)
        if lock is not None:
            return lock, None
        return None, record_attempt(username, address, succeeded=False)


def serialise_requests_for(email, address):
    """As begin_attempt's lock, for password-reset requests (inside the caller's transaction)."""
    serialise(f"reset:{account_key(email)}", f"reset-address:{address}")


def settle_attempt(attempt):
    """The password of a counted attempt proved right: it no longer counts as a failure."""
    LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)


def reset_lock_for(email, address, now=None):
    """The lock that refuses a password-reset request for `email` from `address` now, or None."""
    rules = reset_policy()
    now = now or timezone.now()
    window = datetime.timedelta(seconds=rules["window"])
    requests = LoginAttempt.objects.filter(kind=LoginAttempt.Kind.PASSWORD_RESET, created_at__gt=now - window)
    checks = [(requests.filter(account_key=account_key(email)), rules["per_email"])]
    if address is not None:
        checks.append((requests.filter(address=address), rules["per_address"]))
    return longest_lock(gettext("Too many password-reset requests."), checks, window, now)


def record_reset_request(email, address):
    rules = reset_policy()
    now = timezone.now()
    LoginAttempt.objects.create(
        kind=LoginAttempt.Kind.PASSWORD_RESET, account_key=account_key(email), address=address, created_at=now
    )
    # Keep the table small: a request older than the window is never counted again.
    LoginAttempt.objects.filter(
        kind=LoginAttempt.Kind.PASSWORD_RESET, created_at__lt=now - datetime.timedelta(seconds=rules["window"])
    ).delete()


# Django's own authentication signals cover every log-in form (the workbench's and the admin's).


# An attempt the throttled log-in views already counted (begin_attempt) is kept on the request.
COUNTED = "_claims_login_attempt"


@receiver(user_login_failed, dispatch_uid="claims.throttling.failed")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:  # authenticate() called outside a request (a shell, a test helper)
        return
    if getattr(request, COUNTED, None) is not None:
        return  # counted as a failure already, before the password was checked
    record_attempt(credentials.get("username", ""), client_address(request), succeeded=False)


@receiver(user_logged_in, dispatch_uid="claims.throttling.succeeded")
def count_successful_login(sender, request, user, **kwargs):
    if request is None:
        return
    attempt = getattr(request, COUNTED, None)
    if attempt is not None and attempt.account_key == account_key(user.get_username()):
        settle_attempt(attempt)
    else:
        record_attempt(user.get_username(), client_address(request), succeeded=True)
