"""Two request-wide rules that no single view should restate.

RefuseInvalidInput: a request parameter that does not parse (claims.parsing.InvalidInput, raised by
the strict number helpers) is answered 400 with the reason, as JSON to a caller that asked for
JSON, as a short page otherwise: never a 500, and no view repeats the try/except.

TrustedProxySchemeMiddleware: whether a request came over https. Behind a TLS-terminating proxy the
connection Django sees is plain http and the proxy says "https" in X-Forwarded-Proto. Django's
SECURE_PROXY_SSL_HEADER believes that header from anyone who can reach the app server; here it is
believed only when the request comes from one of settings.TRUSTED_PROXIES (the same list gunicorn's
forwarded_allow_ips reads, FORWARDED_ALLOW_IPS), and ignored from anyone else, who then cannot
pass a plain-http request off as secure (the https redirect, secure-cookie and CSRF origin checks
all read request.scheme).
"""
import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from .parsing import InvalidInput


class RefuseInvalidInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, InvalidInput):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"error": exception.message}, status=400)
        template = "bad_input.html#message" if getattr(request, "htmx", False) else "bad_input.html"
        return render(request, template, {"message": exception.message}, status=400)


def trusted_networks(addresses):
    """settings.TRUSTED_PROXIES as networks: addresses or CIDR ranges; "*" trusts every address,
    as in gunicorn (only for an app server no client can reach directly)."""
    networks = []
    for entry in addresses:
        entry = entry.strip()
        if entry == "*":
            return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return networks


def from_trusted_proxy(request):
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in network for network in trusted_networks(getattr(settings, "TRUSTED_PROXIES", ())))


class TrustedProxySchemeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.META.get("HTTP_X_FORWARDED_PROTO")
        if forwarded is not None and from_trusted_proxy(request):
            # A chain of proxies appends: the first entry is what the outermost one saw.
            scheme = forwarded.split(",")[0].strip().lower()
            if scheme in ("http", "https"):
                request.META["wsgi.url_scheme"] = scheme
        return self.get_response(request)
