"""Ending a user's sessions when their account is deactivated.

Django already refuses an inactive user on their next request, but their session rows (and the
signed-in state in any other tool reading them) would live on until they expire. Deactivating
someone who left the newsroom should end their access at once and leave nothing behind."""
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

User = get_user_model()


def end_sessions_of(user):
    """Delete every unexpired session that belongs to `user`. Sessions store the user id inside
    their encoded data, so each live session is decoded; deactivations are rare and a newsroom has
    at most a few thousand live sessions."""
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


@receiver(pre_save, sender=User, dispatch_uid="claims.sessions.remember_was_active")
def remember_was_active(sender, instance, raw=False, update_fields=None, **kwargs):
    # Saves that cannot touch is_active (such as the last_login update at every log-in) skip the query.
    if raw or instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None
        return
    instance._was_active = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="claims.sessions.end_sessions_on_deactivation")
def end_sessions_on_deactivation(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if not instance.is_active and getattr(instance, "_was_active", None):
        end_sessions_of(instance)
