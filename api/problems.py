"""One error body for every refusal the API gives: RFC 9457 problem details
(`application/problem+json` with type, title, status, detail), plus `errors` for input that did not
parse and `current_version` for an edit conflict.

A refusal from the model keeps the model's own message in `detail` and its status from its class
(claims.workflow.http_status): 403 not allowed, 409 stale version, 422 not ready.
"""
import json

from django.http import HttpResponse

TITLES = {
    400: "Malformed request",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Edit conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Not ready",
    429: "Too many requests",
}
TYPE_BASE = "/api/problems/"


def problem(status, detail, **extra):
    title = TITLES.get(status, "Error")
    body = {"type": TYPE_BASE + title.lower().replace(" ", "-"), "title": title, "status": status, "detail": detail}
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
