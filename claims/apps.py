from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claim verification"

    def ready(self):
        # Signal receivers: count log-in attempts (throttling) and end a deactivated user's sessions.
        from . import sessions, throttling  # noqa: F401
