"""Where the workbench and its public pages are served, for the absolute URLs that leave a page:
links in e-mails, ClaimReview `url`, feed ids and links.

Never a hard-coded host or port. Configured addresses win (production): the Organisation's public base
URL for the public pages, the WORKBENCH_URL setting for the workbench. Without them (development), the
address the current request came to, so `PORT=8101 make run` gives links on 8101. The request's origin
is recorded by RequestOriginMiddleware in a context variable, because the code that builds links often
runs far from the view: a claim_changed receiver sending mail after the commit, or an export generator
streaming the response."""
import contextvars
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost

logger = logging.getLogger(__name__)

# The request being served, or None outside a request (commands, tasks).
_current_request = contextvars.ContextVar("current_request", default=None)

# When nothing says where the site is (a management command run with no WORKBENCH_URL and no public
# base URL): an address that is obviously local, with no guessed port.
FALLBACK = "http://localhost"


def origin_of(request):
    """The scheme, host and port the request was made to, as the client saw them (Host header,
    checked against ALLOWED_HOSTS by request.get_host(); the scheme honours SECURE_PROXY_SSL_HEADER)."""
    return f"{request.scheme}://{request.get_host()}"


class RequestOriginMiddleware:
    """Records the current request for the links built while serving it; its origin is only worked out
    when a link needs it (most requests build none).
    The record is reset when the response is returned; a streamed response (exports, the DataFeed) is
    produced after that, so such views wrap their chunks in keeping_request_origin()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _current_origin():
    request = _current_request.get()
    if request is None:
        return None
    try:
        return origin_of(request)
    except DisallowedHost:
        return None


_warned = False


def _unknown():
    global _warned
    if not _warned:
        _warned = True
        logger.warning("No site URL is configured (set WORKBENCH_URL, or the organisation's public base URL) and "
                       "there is no request to take one from: links use %s.", FALLBACK)
    return FALLBACK


def workbench_url(request=None):
    """The workbench's own address, no trailing slash: WORKBENCH_URL when set, else the request's."""
    configured = getattr(settings, "WORKBENCH_URL", "")
    if configured:
        return configured.rstrip("/")
    origin = origin_of(request) if request is not None else _current_origin()
    return (origin or _unknown()).rstrip("/")


def public_base_url(organisation=None, request=None):
    """Where the public fact-check pages are served, no trailing slash: the organisation's public base
    URL when set (schema.org ClaimReview: `url` on the publisher's own domain), else the workbench's."""
    if organisation is None:
        from .models import Organisation

        organisation = Organisation.current()
    if organisation.public_base_url:
        return organisation.public_base_url.rstrip("/")
    return workbench_url(request)


def keeping_request_origin(chunks):
    """The chunks of a streamed response, each produced in a copy of the context the view ran in, so
    that URLs built while streaming (after RequestOriginMiddleware has returned) still see the request's
    origin. The context is copied when this is called, in the view (not a generator itself, which would
    copy it only when the server starts reading, too late)."""
    context = contextvars.copy_context()
    iterator = iter(chunks)

    def chunks_in_context():
        while True:
            try:
                yield context.run(next, iterator)
            except StopIteration:
                return

    return chunks_in_context()
