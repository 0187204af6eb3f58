"""Personal API tokens, webhook endpoints, and the log of every webhook delivery.

A token is stored as the sha256 of its secret: the secret is shown once, when it is made, and a
stolen database copy cannot be replayed against the API. sha256 rather than a slow password hash is
enough here because the secret is 32 random bytes, not something a person chose.
"""
import base64
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.models import HttpURLField


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    # Recognisable in logs and by secret scanners; the rest is 32 random bytes.
    PREFIX = "wbt_"
    # last_used_at is written at most this often per token, so a busy client does not turn every
    # read into a write.
    LAST_USED_GRANULARITY = 60

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, such as “CMS production”.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash_secret(secret):
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name):
        """A new token for `user`: returns (token, secret). The secret is not stored; show it once."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=cls.hash_secret(secret))
        return token, secret

    @classmethod
    def authenticate(cls, secret):
        """The active token whose secret this is, with its user, or None. Marks it used."""
        if not secret or not secret.startswith(cls.PREFIX) or len(secret) > 200:
            return None
        token = (cls.objects.active().select_related("user")
                 .filter(token_hash=cls.hash_secret(secret), user__is_active=True).first())
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > cls.LAST_USED_GRANULARITY:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class Event(models.TextChoices):
    """What a webhook endpoint can listen to (Standard Webhooks style `type` names)."""

    CREATED = "claim.created", "A claim was created"
    ASSIGNED = "claim.assigned", "A claim was assigned (or taken, or reassigned)"
    VERDICT_PROPOSED = "claim.verdict_proposed", "A verdict was proposed"
    APPROVED = "claim.approved", "A verdict was approved"
    PUBLISHED = "claim.published", "A fact-check was published"
    CORRECTED = "claim.corrected", "A published fact-check was corrected"
    REOPENED = "claim.reopened", "A verified or published claim was reopened"


def new_webhook_secret():
    # Standard Webhooks: "whsec_" and the base64 of the signing key's bytes.
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    url = HttpURLField("URL", max_length=500, help_text="Where events are POSTed (http or https).")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="Event type names this endpoint receives.")
    secret = models.CharField(max_length=100, default=new_webhook_secret, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.url

    def signing_key(self):
        return base64.b64decode(self.secret.removeprefix("whsec_"))

    def event_labels(self):
        return [Event(e).label for e in self.events if e in Event.values]


class WebhookDelivery(models.Model):
    """One message to one endpoint, and what happened when it was sent (each retry updates it)."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    # Standard Webhooks `webhook-id`: the same for every attempt and replay of one message, so a
    # receiver can drop what it already handled.
    message_id = models.CharField(max_length=60, default="", editable=False, db_index=True)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhookdelivery_due")]

    def __str__(self):
        return f"{self.event} to {self.endpoint} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = f"msg_{uuid.uuid4().hex}"
        super().save(*args, **kwargs)
