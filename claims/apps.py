from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claim verification"

    def ready(self):
        from . import notifications
        from .models import claim_changed

        claim_changed.connect(notifications.notify_on_claim_change, dispatch_uid="claims.notifications")
        # Signal receivers: count log-in attempts (throttling) and end a deactivated user's sessions.
        from . import sessions, throttling  # noqa: F401
