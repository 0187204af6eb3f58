"""Webhooks: tell newsroom systems when a claim is created, assigned, given a verdict, approved,
published, corrected or reopened.

Events come from claims.models.claim_changed (sent after the change commits) and, for a new claim,
from Claim's post_save (create_from_span sends no claim_changed). Each event becomes one
WebhookDelivery per subscribed endpoint, delivered by the `deliver_webhook` task through Django's
task framework (django.tasks), so the person who made the change never waits on a slow receiver.

Signing follows Standard Webhooks (standardwebhooks.com): headers `webhook-id`, `webhook-timestamp`
and `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with the endpoint's
`whsec_` secret. A failed attempt is retried with exponential backoff (RETRY_DELAYS) when the task
backend can run a task later; the delivery log keeps state, attempts and the last response code.

SSRF stance: only http and https; the host is resolved at delivery time and EVERY address it resolves
to must be a public (globally routable) address, unless it falls inside a network listed in the
WEBHOOK_ALLOWED_NETWORKS setting. The connection is then made to the address that was checked (not
resolved again), so a DNS answer cannot change between the check and the request; redirects are
not followed. See docs/api.md.
"""
import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, claim_changed, person_name

from .models import Event, WebhookDelivery, WebhookEndpoint

# Seconds to wait before attempt 2, 3, ... : exponential (x4), about 9 hours in all.
RETRY_DELAYS = (30, 120, 480, 1920, 7680, 30720)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT = 10
USER_AGENT = "ClaimWorkbench-Webhooks/1"

# Workflow step (claim_changed's `step`) -> event. "publish" is decided in _event_for (first
# publication or a correction); an "edit" that changed the assignee is a reassignment.
STEP_EVENTS = {
    "assign": Event.ASSIGNED,
    "take": Event.ASSIGNED,
    "propose": Event.VERDICT_PROPOSED,
    "approve": Event.APPROVED,
    "reopen": Event.REOPENED,
}


# --- signing -----------------------------------------------------------------------------------


def sign(key, message_id, timestamp, body):
    """Standard Webhooks v1 signature of `body` (bytes) with the signing key (bytes)."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(secret, headers, body, *, tolerance=300, now=None):
    """What a receiver does (and the tests do): True if one of the signatures in `webhook-signature`
    is ours for this id, timestamp and body, and the timestamp is within `tolerance` seconds."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    now = int(timezone.now().timestamp()) if now is None else now
    if not timestamp.isascii() or not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    expected = sign(key, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in headers["webhook-signature"].split())


# --- where a delivery may go -------------------------------------------------------------------


class UnsafeDestination(Exception):
    """The endpoint's address is not one the workbench delivers to (see the module docstring)."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # path and query
    address: str  # the checked IP address to connect to


def allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", ())]


def check_address(address, networks=None):
    """Refuse an IP address that is not globally routable (loopback, private, link-local, the
    cloud metadata address 169.254.169.254, multicast, reserved...) unless allow-listed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    networks = allowed_networks() if networks is None else networks
    if any(ip in network for network in networks):
        return ip
    if not ip.is_global or ip.is_multicast:
        raise UnsafeDestination(
            _("%(address)s is a private or reserved address: the workbench does not deliver there.") % {"address": ip})
    return ip


def check_url(url):
    """Refusals that do not need DNS (used when an endpoint is registered, and again at delivery)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeDestination(_("Only http:// and https:// addresses receive webhooks."))
    if not parts.hostname:
        raise UnsafeDestination(_("The address has no host."))
    if parts.username or parts.password:
        raise UnsafeDestination(_("Put no user name or password in the address; the signature authenticates us."))
    try:
        port = parts.port
    except ValueError:
        raise UnsafeDestination(_("The address's port is not a number between 0 and 65535.")) from None
    try:
        check_address(parts.hostname)
    except ValueError:
        pass  # a name, resolved at delivery time
    return parts, port or (443 if parts.scheme == "https" else 80)


def resolve_destination(url):
    """Resolve the URL's host now and check every address it has (all must pass: a name that
    answers with one public and one private address is refused)."""
    parts, port = check_url(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeDestination(_("The host %(host)s could not be resolved (%(error)s).") % {
            "host": parts.hostname, "error": exc}) from None
    networks = allowed_networks()
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        check_address(address, networks)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, parts.hostname, port, target, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, destination, timeout):
        super().__init__(destination.host, destination.port, timeout=timeout)
        self._address = destination.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, destination, timeout):
        super().__init__(destination.host, destination.port, timeout=timeout, context=ssl.create_default_context())
        self._address = destination.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, as for any https request.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(destination, headers, body, timeout=TIMEOUT):
    """POST `body` and return the response status. Redirects are answers, not followed."""
    connection_class = _PinnedHTTPSConnection if destination.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(destination, timeout)
    try:
        connection.request("POST", destination.target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(4096)  # the receiver's answer is not kept; read a little so the socket closes cleanly
        return response.status
    finally:
        connection.close()


# --- delivering --------------------------------------------------------------------------------


def signed_headers(endpoint, delivery, body, timestamp=None):
    timestamp = str(int((timestamp or timezone.now()).timestamp()))
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": sign(endpoint.signing_key(), delivery.message_id, timestamp, body),
    }


def attempt_delivery(delivery):
    """Send the delivery once and record the outcome; schedule the next attempt if it failed and
    attempts remain. Returns the delivery."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_code = None
    delivery.next_attempt_at = None
    retry = False
    try:
        destination = resolve_destination(endpoint.url)
        status = post(destination, signed_headers(endpoint, delivery, body), body)
    except UnsafeDestination as exc:
        # Not retried: the address is refused by policy, trying again changes nothing.
        delivery.state, delivery.last_error = WebhookDelivery.State.FAILED, str(exc)[:500]
    except (OSError, http.client.HTTPException) as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
        retry = True
    else:
        delivery.response_code = status
        if 200 <= status < 300:
            delivery.state, delivery.last_error = WebhookDelivery.State.SUCCEEDED, ""
        else:
            # Written in the delivery task's language (the site's default), read on the endpoint's log.
            delivery.last_error = _("The receiver answered %(status)s.") % {"status": status}
            retry = True
    if retry:
        if delivery.attempts < MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.RETRYING
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=RETRY_DELAYS[delivery.attempts - 1])
        else:
            delivery.state = WebhookDelivery.State.FAILED
    delivery.save()
    if delivery.state == WebhookDelivery.State.RETRYING:
        schedule_retry(delivery)
    return delivery


def schedule_retry(delivery):
    """Enqueue the next attempt to run at next_attempt_at, where the task backend can defer a task
    (the database worker can). The immediate backend cannot: there the delivery stays "waiting to
    retry" and `manage.py deliver_due_webhooks` (or a replay from the log) sends it."""
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


@task
def deliver_webhook(delivery_id):
    with transaction.atomic():
        # Locked, so two workers that picked up the same retry do not both send it.
        delivery = (WebhookDelivery.objects.select_for_update().select_related("endpoint")
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.state in (WebhookDelivery.State.SUCCEEDED, WebhookDelivery.State.FAILED):
            return None
    return attempt_delivery(delivery).state


def enqueue(delivery):
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk))


def replay(delivery):
    """Send a logged message again (same webhook-id and payload), as a new entry in the log."""
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint, event=delivery.event, message_id=delivery.message_id,
        payload=delivery.payload, replay_of=delivery,
    )
    enqueue(copy)
    return copy


# --- events ------------------------------------------------------------------------------------


def claim_payload(event, claim, actor):
    """Standard Webhooks' payload shape: type, timestamp, data. `data` is the claim as the API's
    list gives it, plus who did it."""
    rating = claim.rating
    return {
        "type": event,
        "timestamp": timezone.now().isoformat(),
        "data": {
            "id": claim.pk,
            "text": claim.text,
            "status": claim.status,
            "version": claim.version,
            "article": claim.article_id,
            "rating": rating.slug if rating else None,
            "conclusion": claim.conclusion,
            "published_at": claim.published_at,
            "last_published_at": claim.last_published_at,
            "assignee": claim.assignee.get_username() if claim.assignee_id else None,
            "actor": actor.get_username() if actor else None,
            "actor_name": person_name(actor),
            "url": reverse("api:claim", args=[claim.pk]),
        },
    }


def subscribed_endpoints(event):
    # Few endpoints exist (a newsroom registers a handful): filtered here rather than with a JSON
    # containment lookup, which SQLite lacks.
    return [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]


def emit(event, claim, actor, endpoints=None):
    """One delivery per active endpoint subscribed to `event`, each enqueued after commit."""
    endpoints = subscribed_endpoints(event) if endpoints is None else endpoints
    if not endpoints:
        return []
    payload = json.loads(json.dumps(claim_payload(event, claim, actor), cls=DjangoJSONEncoder))
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        enqueue(delivery)
        deliveries.append(delivery)
    return deliveries


def _event_for(claim, step, fields=()):
    if step == "publish":
        # A first publication sets published_at; publishing again records a correction.
        return Event.PUBLISHED if claim.published_at == claim.last_published_at else Event.CORRECTED
    if step == "edit" and "assignee" in fields and claim.assignee_id:
        return Event.ASSIGNED
    return STEP_EVENTS.get(step)


@receiver(claim_changed, dispatch_uid="api.webhooks.claim_changed")
def claim_changed_event(sender, claim, actor, step, **kwargs):
    event = _event_for(claim, step, kwargs.get("fields") or ())
    if event and (endpoints := subscribed_endpoints(event)):
        emit(event, Claim.objects.with_related().get(pk=claim.pk), actor, endpoints)


@receiver(post_save, sender=Claim, dispatch_uid="api.webhooks.claim_created")
def claim_created_event(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(lambda: emit(Event.CREATED, instance, instance.created_by))
