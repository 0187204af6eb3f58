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
either way: the throttle never reveals which accounts exist. It is stored as a keyed hash.

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
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac

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


def account_key(username):
    # Django user names are case-sensitive, but "Editor" and "editor" are the same guess; the reset
    # form matches e-mail addresses without case too.
    normalised = (username or "").strip().casefold()
    return salted_hmac("claims.throttling.account", normalised, algorithm="sha256").hexdigest()


def client_address(request):
    """The address the request came from. Behind a reverse proxy, REMOTE_ADDR is the proxy's own;
    set DJANGO_CLIENT_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR) so the proxy's header is used instead.
    Of a comma-separated list, the last entry is the one the trusted proxy itself added."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
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
    return longest_lock("Too many failed log-in attempts.", checks, window, now)


def record_attempt(username, address, succeeded):
    rules = policy()
    now = timezone.now()
    LoginAttempt.objects.create(
        kind=LoginAttempt.Kind.LOG_IN, account_key=account_key(username), address=address, succeeded=succeeded,
        created_at=now,
    )
    # Keep the table small: nothing older than the longest look-back is ever counted again.
    keep = max(datetime.timedelta(seconds=rules["window"]), datetime.timedelta(days=rules["known_address_days"]))
    LoginAttempt.objects.filter(kind=LoginAttempt.Kind.LOG_IN, created_at__lt=now - keep).delete()


def reset_lock_for(email, address, now=None):
    """The lock that refuses a password-reset request for `email` from `address` now, or None."""
    rules = reset_policy()
    now = now or timezone.now()
    window = datetime.timedelta(seconds=rules["window"])
    requests = LoginAttempt.objects.filter(kind=LoginAttempt.Kind.PASSWORD_RESET, created_at__gt=now - window)
    checks = [(requests.filter(account_key=account_key(email)), rules["per_email"])]
    if address is not None:
        checks.append((requests.filter(address=address), rules["per_address"]))
    return longest_lock("Too many password-reset requests.", checks, window, now)


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


@receiver(user_login_failed, dispatch_uid="claims.throttling.failed")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:  # authenticate() called outside a request (a shell, a test helper)
        return
    record_attempt(credentials.get("username", ""), client_address(request), succeeded=False)


@receiver(user_logged_in, dispatch_uid="claims.throttling.succeeded")
def count_successful_login(sender, request, user, **kwargs):
    if request is None:
        return
    record_attempt(user.get_username(), client_address(request), succeeded=True)
