"""One error body for every refusal the API gives: RFC 9457 problem details
(`application/problem+json` with type, title, status, detail), plus `errors` for input that did not
parse and `current_version` for an edit conflict.

A refusal from the model keeps the model's own message in `detail` and its status from its class
(claims.workflow.http_status): 403 not allowed, 409 stale version, 422 not ready.
"""
import json

from django.http import HttpResponse
from django.utils.translation import gettext, gettext_noop

# The English titles name the problem types (stable keys for clients); `title` and `detail` are in
# the language the client asked for (Accept-Language).
TITLES = {
    400: gettext_noop("Malformed request"),
    401: gettext_noop("Authentication required"),
    403: gettext_noop("Not allowed"),
    404: gettext_noop("Not found"),
    405: gettext_noop("Method not allowed"),
    409: gettext_noop("Edit conflict"),
    413: gettext_noop("Too large"),
    415: gettext_noop("Unsupported media type"),
    422: gettext_noop("Not ready"),
    429: gettext_noop("Too many requests"),
}
TYPE_BASE = "/api/problems/"


def problem(status, detail, **extra):
    title = TITLES.get(status, gettext_noop("Error"))
    body = {"type": TYPE_BASE + title.lower().replace(" ", "-"), "title": gettext(title), "status": status,
            "detail": str(detail)}
    body.update(extra)
    response = HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


class Problem(Exception):
    """Raise from an operation to answer with a problem (for refusals that are not the model's)."""

    def __init__(self, status, detail, **extra):
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra
