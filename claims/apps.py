from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claim verification"

    def ready(self):
        from . import notifications
        from .models import claim_changed

        claim_changed.connect(notifications.notify_on_claim_change, dispatch_uid="claims.notifications")
        # A new or reworded claim or external review gets its embedding from a background task.
        from django.db.models.signals import post_save

        from . import embeddings
        from .models import Article, Claim, ExternalReview

        for model in (Claim, ExternalReview):
            post_save.connect(embeddings.on_saved, sender=model, dispatch_uid=f"claims.embeddings.{model.__name__}")
        # An article's sentences too, for check-worthiness by meaning.
        post_save.connect(embeddings.on_article_saved, sender=Article, dispatch_uid="claims.embeddings.Article")
        # Signal receivers: count log-in attempts (throttling) and end a deactivated user's sessions.
        from . import sessions, throttling  # noqa: F401
