"""Logging in, changing one's password and asking for a password-reset mail, with the throttles in
front (claims/throttling.py)."""
from functools import wraps

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetView
from django.db import transaction
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
    account or the address is locked. The same page whether or not the account exists. An attempt
    is counted before its password is checked (throttling.begin_attempt), so parallel attempts
    cannot slip past the limit; the log-in signal settles it when the password is right."""

    @wraps(login_view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            username = request.POST.get("username", "")
            address = throttling.client_address(request)
            if not (username.strip() and request.POST.get("password")):
                # Django's form refuses it without checking any password: nothing to count, but
                # still nothing to try while locked.
                lock = throttling.lock_for(username, address)
            else:
                lock, attempt = throttling.begin_attempt(username, address)
                setattr(request, throttling.COUNTED, attempt)
            if lock is not None:
                return too_many(request, "registration/login_throttled.html", lock)
        return login_view(request, *args, **kwargs)

    return login_not_required(throttled)


def refuse_wrong_old_passwords(change_view):
    """The password-change form asks for the current password: a guess at it is a guess at a
    log-in, counted and refused the same way, under the signed-in user's account. An attempt is
    settled (not a failure) when the form did not refuse the old password."""

    @wraps(change_view)
    def throttled(request, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated or not request.POST.get("old_password"):
            return change_view(request, *args, **kwargs)
        lock, attempt = throttling.begin_attempt(request.user.get_username(), throttling.client_address(request))
        if lock is not None:
            return too_many(request, "registration/login_throttled.html", lock)
        response = change_view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is None or "old_password" not in form.errors:
            throttling.settle_attempt(attempt)
        return response

    return throttled


def refuse_reset_when_locked(reset_view):
    """Count each request for a reset mail and let Django answer it; while the address or the e-mail
    address is over its limit, answer 429 instead, before Django looks anyone up: no mail, nothing
    written. The same page whether or not an account has that e-mail address."""

    @wraps(reset_view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            email, address = request.POST.get("email", ""), throttling.client_address(request)
            # Checked and counted in one serialised step, as log-ins are (throttling.begin_attempt).
            with transaction.atomic():
                throttling.serialise_requests_for(email, address)
                lock = throttling.reset_lock_for(email, address)
                # A submission without an address asks for no mail and is no more than reading the form.
                if lock is None and email.strip():
                    throttling.record_reset_request(email, address)
            if lock is not None:
                return too_many(request, "registration/password_reset_throttled.html", lock)
        return reset_view(request, *args, **kwargs)

    return login_not_required(throttled)


# Django's LoginView, unchanged: attempts are counted by refuse_when_locked and settled by
# throttling's receivers of Django's log-in signals.
login = refuse_when_locked(LoginView.as_view())
# The admin has its own log-in form at admin/login/: the same throttle guards it.
admin_login = refuse_when_locked(admin.site.login)
# Django's PasswordChangeView (login required, as in django.contrib.auth.urls), throttled like log-in.
password_change = refuse_wrong_old_passwords(PasswordChangeView.as_view())
# Django's PasswordResetView, unchanged: it already answers the same whether the address exists.
password_reset = refuse_reset_when_locked(PasswordResetView.as_view())
