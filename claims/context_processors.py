import functools

from .models import Notification


def notifications(request):
    """The unread count for the navigation badge: a COUNT on an indexed column, run only when a
    template uses it (the login page does not), and once however often it does. A function, which the
    template calls: its value is a real int, as a translation's plural form needs ("3 непрочитані" is
    chosen by n % 10), not a lazy proxy arithmetic does not reach."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def unread_notification_count():
        # Counted with the user's permissions, in the same query (claims/backends.py), which the
        # page's navigation needs anyway: at the request's first permission check, so a view that
        # changes the user's notifications before drawing a page passes the new count itself
        # (claims.views.claims.claim_detail). A superuser's permissions are read without it.
        user.get_all_permissions()
        count = getattr(user, "_unread_notification_count", None)
        if count is None:
            count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        return count

    return {"unread_notification_count": unread_notification_count}
