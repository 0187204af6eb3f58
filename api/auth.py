"""Who is calling the API: a personal token (`Authorization: Bearer wbt_...`) or, for the browser,
the Django session (with its CSRF token on unsafe methods). Either way the request acts as the
user, with exactly that user's roles: the model decides what they may do.

Throttling: API_THROTTLE_RATE (default 600 requests a minute) per token, or per user for a session,
counted in the database (the `api_throttle` cache, Django's DatabaseCache), so every gunicorn worker
and app server draws on one budget. The local-memory cache would give each worker its own, and the
real limit would be the number of workers times the documented one.
"""
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.connection import ConnectionProxy
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from claims.throttling import serialise

from .models import ApiToken


class TokenAuth(HttpBearer):
    """A personal API token. Stored hashed; see ApiToken."""

    def authenticate(self, request, token):
        api_token = ApiToken.authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser: Django's session cookie, CSRF-checked on POST, PATCH and DELETE."""

    def authenticate(self, request, key):
        if "HTTP_AUTHORIZATION" in request.META:
            # A request that presents a token is judged by the token alone: a revoked or mistyped
            # token is a 401 even in a browser that is logged in.
            return None
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


def _per_thread(name):
    return property(lambda self: getattr(self._request_state, name),
                    lambda self, value: setattr(self._request_state, name, value))


class PerCallerThrottle(SimpleRateThrottle):
    """One budget per token (each of a user's tokens has its own), or per user on a session."""

    scope = "api"
    # django-ninja keeps one throttle object for the whole API and stores the request being checked
    # on it (its key, its list of recent requests, the time), which wait() reads afterwards for
    # Retry-After. A gunicorn gthread worker answers several requests at once: another caller's
    # check could overwrite them half-way and one caller's request be counted in the other's list.
    # Kept per thread, each request sees only its own.
    key = _per_thread("key")
    history = _per_thread("history")
    now = _per_thread("now")
    # Looked up on each use, as django.core.cache.cache is: one cache object per thread.
    cache = ConnectionProxy(caches, settings.API_THROTTLE_CACHE)

    def __init__(self):
        self._request_state = threading.local()
        super().__init__(self.configured_rate())

    @staticmethod
    def configured_rate():
        return getattr(settings, "API_THROTTLE_RATE", "600/min")

    def allow_request(self, request):
        # Read the setting on each request (not once at import), so it can be changed per deployment
        # and per test.
        self.rate = self.configured_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        # django-ninja reads the caller's list of recent requests, then writes it back with this one
        # added. Two workers doing that at once for one caller would each write a list without the
        # other's request, and both would be let through uncounted; one transaction holding a lock
        # on the caller makes them take turns (as the log-in throttle does).
        with transaction.atomic():
            serialise(f"api:{self.get_cache_key(request)}")
            return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
