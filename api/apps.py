from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API for newsroom systems (/api/), its personal tokens and its webhooks."""

    name = "api"
    verbose_name = "API and webhooks"

    def ready(self):
        # Connects the webhook events to claims.models.claim_changed.
        from . import webhooks  # noqa: F401
