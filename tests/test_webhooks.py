"""Webhooks: which changes become which events, Standard Webhooks signatures, delivery with retries
and backoff, the delivery log and replay, the SSRF refusals, and the pages (editors only)."""
import json
import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from api import webhooks
from api.models import Event, WebhookDelivery, WebhookEndpoint
from claims.workflow import Status
from tests.conftest import add_sources, advance, login
from tests.webhook_receiver import Receiver

LOCAL = override_settings(WEBHOOK_ALLOWED_NETWORKS=["127.0.0.1/32"])


def endpoint_for(url, events=tuple(Event.values)):
    return WebhookEndpoint.objects.create(url=url, events=list(events))


# --- signatures --------------------------------------------------------------------------------


def test_a_signature_verifies_and_any_change_breaks_it(db):
    endpoint = endpoint_for("https://cms.example.org/hooks")
    delivery = WebhookDelivery(endpoint=endpoint, event=Event.PUBLISHED, payload={})
    delivery.message_id = "msg_1"
    body = b'{"type":"claim.published"}'
    headers = webhooks.signed_headers(endpoint, delivery, body)
    assert headers["webhook-signature"].startswith("v1,")
    assert webhooks.verify(endpoint.secret, headers, body)
    assert not webhooks.verify(endpoint.secret, headers, body + b" ")
    assert not webhooks.verify(endpoint.secret, {**headers, "webhook-id": "msg_2"}, body)
    assert not webhooks.verify(WebhookEndpoint().secret, headers, body)
    stale = int(headers["webhook-timestamp"]) + 3600
    assert not webhooks.verify(endpoint.secret, headers, body, now=stale)


def test_the_signature_is_the_standard_webhooks_reference_value():
    # Standard Webhooks' reference: HMAC-SHA256 over "{id}.{timestamp}.{body}", base64, "v1," prefix.
    import base64
    import hashlib
    import hmac

    key = b"0123456789abcdef0123456789abcdef"
    expected = base64.b64encode(hmac.new(key, b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{}", hashlib.sha256).digest())
    assert webhooks.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", b"{}") == "v1," + expected.decode()


# --- where deliveries may go -------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254",
                                     "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "100.64.0.1",
                                     "224.0.0.1"])
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    with pytest.raises(webhooks.UnsafeDestination):
        webhooks.check_address(address, networks=[])


def test_a_public_address_is_allowed_and_the_allow_list_opens_a_private_one():
    assert str(webhooks.check_address("93.184.216.34", networks=[])) == "93.184.216.34"
    import ipaddress

    assert webhooks.check_address("10.0.5.7", networks=[ipaddress.ip_network("10.0.5.0/24")])


@pytest.mark.parametrize("url", ["ftp://cms.example.org/x", "file:///etc/passwd", "gopher://x", "javascript:alert(1)",
                                 "http://user:pw@cms.example.org/", "http://127.0.0.1/", "http://[::1]:8080/",
                                 "http://cms.example.org:99999/"])
def test_urls_refused_before_any_dns(url):
    with pytest.raises(webhooks.UnsafeDestination):
        webhooks.check_url(url)


def test_a_name_resolving_to_any_private_address_is_refused(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(webhooks.UnsafeDestination, match="10.0.0.8"):
        webhooks.resolve_destination("https://cms.example.org/hooks")


def test_the_connection_goes_to_the_checked_address_not_a_new_lookup(monkeypatch):
    answers = iter(["93.184.216.34", "127.0.0.1"])  # a rebinding DNS: public first, loopback after

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    destination = webhooks.resolve_destination("http://cms.example.org/hooks")
    connected = []

    def fake_connect(address, *args, **kwargs):
        connected.append(address)
        raise OSError("stop here: only where it connects matters")

    monkeypatch.setattr(socket, "create_connection", fake_connect)
    with pytest.raises(OSError):
        webhooks.post(destination, {}, b"{}")
    assert connected == [("93.184.216.34", 80)]


def test_a_loopback_endpoint_fails_at_once_without_the_allow_list(db):
    with Receiver() as receiver:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint_for(receiver.url), event=Event.CREATED, payload={})
        webhooks.attempt_delivery(delivery)
    assert delivery.state == WebhookDelivery.State.FAILED and delivery.next_attempt_at is None
    assert "private or reserved" in delivery.last_error
    assert receiver.requests == []


# --- delivering --------------------------------------------------------------------------------


@LOCAL
def test_a_delivery_is_signed_and_logged(db):
    with Receiver() as receiver:
        endpoint = endpoint_for(receiver.url)
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=Event.APPROVED, payload={"type": "claim.approved"})
        webhooks.attempt_delivery(delivery)
    assert (delivery.state, delivery.attempts, delivery.response_code) == (WebhookDelivery.State.SUCCEEDED, 1, 200)
    received = receiver.requests[0]
    assert received["headers"]["webhook-id"] == delivery.message_id
    assert received["headers"]["content-type"] == "application/json"
    assert webhooks.verify(endpoint.secret, received["headers"], received["body"])
    assert json.loads(received["body"]) == {"type": "claim.approved"}


@LOCAL
def test_failures_are_retried_with_exponential_backoff_then_given_up(db):
    with Receiver(statuses=[500] * webhooks.MAX_ATTEMPTS) as receiver:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint_for(receiver.url), event=Event.CREATED, payload={})
        delays = []
        for attempt in range(1, webhooks.MAX_ATTEMPTS + 1):
            before = timezone.now()
            webhooks.attempt_delivery(delivery)
            assert delivery.attempts == attempt and delivery.response_code == 500
            if attempt < webhooks.MAX_ATTEMPTS:
                assert delivery.state == WebhookDelivery.State.RETRYING
                delays.append((delivery.next_attempt_at - before).total_seconds())
    assert delivery.state == WebhookDelivery.State.FAILED and delivery.next_attempt_at is None
    assert [round(d) for d in delays] == list(webhooks.RETRY_DELAYS)
    assert all(later == earlier * 4 for earlier, later in zip(webhooks.RETRY_DELAYS, webhooks.RETRY_DELAYS[1:]))
    assert len(receiver.requests) == webhooks.MAX_ATTEMPTS
    # Every attempt carries the same message id, so the receiver can drop duplicates.
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1


@LOCAL
def test_a_redirect_is_not_followed_and_counts_as_a_failure(db):
    with Receiver(statuses=[302]) as receiver:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint_for(receiver.url), event=Event.CREATED, payload={})
        webhooks.attempt_delivery(delivery)
    assert delivery.state == WebhookDelivery.State.RETRYING and delivery.response_code == 302
    assert len(receiver.requests) == 1


@LOCAL
def test_due_retries_are_sent_by_the_command(db):
    with Receiver(statuses=[503]) as receiver:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint_for(receiver.url), event=Event.CREATED, payload={})
        webhooks.attempt_delivery(delivery)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        call_command("deliver_due_webhooks", stdout=open("/dev/null", "w"))
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.SUCCEEDED and delivery.attempts == 2


@LOCAL
def test_replay_sends_the_same_message_again_as_a_new_log_entry(db, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        endpoint = endpoint_for(receiver.url)
        original = WebhookDelivery.objects.create(endpoint=endpoint, event=Event.PUBLISHED, payload={"n": 1})
        webhooks.attempt_delivery(original)
        with django_capture_on_commit_callbacks(execute=True):
            copy = webhooks.replay(original)
    copy.refresh_from_db()
    assert copy.replay_of == original and copy.message_id == original.message_id
    assert copy.state == WebhookDelivery.State.SUCCEEDED
    assert [r["body"] for r in receiver.requests] == [b'{"n":1}', b'{"n":1}']


# --- events ------------------------------------------------------------------------------------


def _events(endpoint):
    return list(endpoint.deliveries.order_by("pk").values_list("event", flat=True))


def test_workflow_steps_become_events_for_the_endpoints_that_listen(
        claim, editor, editor2, checker, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(webhooks, "attempt_delivery", lambda delivery: sent.append(delivery.event))
    everything = endpoint_for("https://cms.example.org/all")
    published_only = endpoint_for("https://cms.example.org/published", [Event.PUBLISHED, Event.CORRECTED])
    WebhookEndpoint.objects.create(url="https://cms.example.org/paused", events=list(Event.values), is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
        claim.transition("reopen", editor, version=claim.version, reason="New figures")
        add_sources(claim, checker, n=1)
        claim.transition("propose", checker, version=claim.version, rating=claim.rating, conclusion="Still false.")
        claim.transition("approve", editor2, version=claim.version)
        claim.transition("publish", editor2, version=claim.version, public_note="Updated with new figures.")
    assert _events(everything) == [Event.ASSIGNED, Event.VERDICT_PROPOSED, Event.APPROVED, Event.PUBLISHED,
                                   Event.REOPENED, Event.VERDICT_PROPOSED, Event.APPROVED, Event.CORRECTED]
    assert _events(published_only) == [Event.PUBLISHED, Event.CORRECTED]
    assert len(sent) == 10  # each delivery went to the task (the immediate backend ran it)
    payload = everything.deliveries.get(event=Event.CORRECTED).payload
    assert payload["type"] == "claim.corrected" and payload["data"]["id"] == claim.pk
    assert payload["data"]["actor"] == "editor2" and payload["data"]["status"] == "published"


def test_a_new_claim_is_an_event(article, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(webhooks, "attempt_delivery", lambda delivery: None)
    endpoint = endpoint_for("https://cms.example.org/all")
    with django_capture_on_commit_callbacks(execute=True):
        quote = "Italian Prime Minister"
        start = article.body.index(quote)
        from claims.models import Claim

        Claim.create_from_span(article, start, start + len(quote), text="Meloni is prime minister")
    assert _events(endpoint) == [Event.CREATED]


# --- the pages ---------------------------------------------------------------------------------


def test_only_editors_manage_webhooks(client, checker, viewer):
    for user in (checker, viewer):
        login(client, user)
        assert client.get("/webhooks/").status_code == 403
        assert client.post("/webhooks/", {"url": "https://cms.example.org/x", "events": ["claim.created"]}).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_an_editor_registers_an_endpoint_and_sees_its_log(client, editor):
    login(client, editor)
    response = client.post("/webhooks/", {"url": "https://cms.example.org/hooks", "events": ["claim.published"],
                                          "description": "CMS"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and endpoint.events == ["claim.published"] and endpoint.created_by == editor
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret in page and "Nothing sent yet." in page


@pytest.mark.parametrize("url", ["ftp://cms.example.org/x", "http://127.0.0.1:8000/x", "http://10.0.0.1/x"])
def test_registering_a_refused_address_says_why(url, client, editor):
    login(client, editor)
    response = client.post("/webhooks/", {"url": url, "events": ["claim.created"]})
    assert response.status_code == 400
    assert not WebhookEndpoint.objects.exists()


@LOCAL
def test_replay_from_the_log_page(client, editor, django_capture_on_commit_callbacks):
    login(client, editor)
    with Receiver() as receiver:
        endpoint = endpoint_for(receiver.url)
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=Event.CREATED, payload={"x": 1})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/replay/")
    assert response.status_code == 302
    assert endpoint.deliveries.filter(replay_of=delivery, state=WebhookDelivery.State.SUCCEEDED).exists()
    assert len(receiver.requests) == 1
