"""Logging in and asking for a password-reset mail, with the throttles in front (claims/throttling.py)."""
from functools import wraps

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, PasswordResetView
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .. import throttling


def too_many(request, template, lock):
    """429 with a page saying when to try again."""
    response = render(request, template, {"lock": lock}, status=429)
    response["Retry-After"] = str(lock.retry_after)
    add_never_cache_headers(response)
    return response


def refuse_when_locked(login_view):
    """Answer 429 with a page saying when to try again, instead of checking the password, while the
    account or the address is locked. The same page whether or not the account exists."""

    @wraps(login_view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            lock = throttling.lock_for(request.POST.get("username", ""), throttling.client_address(request))
            if lock is not None:
                return too_many(request, "registration/login_throttled.html", lock)
        return login_view(request, *args, **kwargs)

    return login_not_required(throttled)


def refuse_reset_when_locked(reset_view):
    """Count each request for a reset mail and let Django answer it; while the address or the e-mail
    address is over its limit, answer 429 instead, before Django looks anyone up: no mail, nothing
    written. The same page whether or not an account has that e-mail address."""

    @wraps(reset_view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            email, address = request.POST.get("email", ""), throttling.client_address(request)
            lock = throttling.reset_lock_for(email, address)
            if lock is not None:
                return too_many(request, "registration/password_reset_throttled.html", lock)
            # A submission without an address asks for no mail and is no more than reading the form.
            if email.strip():
                throttling.record_reset_request(email, address)
        return reset_view(request, *args, **kwargs)

    return login_not_required(throttled)


# Django's LoginView, unchanged: the failed and successful attempts are counted by throttling's
# receivers of Django's log-in signals, and refuse_when_locked stops attempts while locked.
login = refuse_when_locked(LoginView.as_view())
# The admin has its own log-in form at admin/login/: the same throttle guards it.
admin_login = refuse_when_locked(admin.site.login)
# Django's PasswordResetView, unchanged: it already answers the same whether the address exists.
password_reset = refuse_reset_when_locked(PasswordResetView.as_view())
