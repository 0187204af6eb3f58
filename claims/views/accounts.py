"""Logging in, with the throttle in front (claims/throttling.py)."""
from functools import wraps

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .. import throttling


def refuse_when_locked(login_view):
    """Answer 429 with a page saying when to try again, instead of checking the password, while the
    account or the address is locked. The same page whether or not the account exists."""

    @wraps(login_view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            lock = throttling.lock_for(request.POST.get("username", ""), throttling.client_address(request))
            if lock is not None:
                response = render(request, "registration/login_throttled.html", {"lock": lock}, status=429)
                response["Retry-After"] = str(lock.retry_after)
                add_never_cache_headers(response)
                return response
        return login_view(request, *args, **kwargs)

    return login_not_required(throttled)


# Django's LoginView, unchanged: the failed and successful attempts are counted by throttling's
# receivers of Django's log-in signals, and refuse_when_locked stops attempts while locked.
login = refuse_when_locked(LoginView.as_view())
# The admin has its own log-in form at admin/login/: the same throttle guards it.
admin_login = refuse_when_locked(admin.site.login)
