"""The API (mounted at /api/ by workbench/urls.py) and the pages to manage tokens and webhooks."""
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from . import pages
from .endpoints import api

app_name = "api_pages"

urlpatterns = [
    path("account/api-tokens/", pages.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", pages.revoke_token, name="revoke_token"),
    path("webhooks/", pages.webhooks_page, name="webhooks"),
    path("webhooks/<int:pk>/", pages.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/deliveries/<int:delivery_pk>/replay/", pages.replay_delivery, name="replay"),
]


def api_urls():
    """The API's URL patterns, exempt from LoginRequiredMiddleware: the API answers an
    unauthenticated call itself (401, problem+json) instead of redirecting to the log-in page, and
    its OpenAPI document and docs are public (they describe the API, they hold no data)."""
    patterns, app, namespace = api.urls
    for pattern in patterns:
        if pattern.name in ("openapi-json", "openapi-view"):
            # Documents: read-only (ninja's views would answer a POST too).
            pattern.callback = require_safe(pattern.callback)
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app, namespace
