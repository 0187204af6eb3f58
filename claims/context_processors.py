from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request):
    """The unread count for the navigation badge: one COUNT on an indexed column, run only when a
    template uses it (the login page does not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
