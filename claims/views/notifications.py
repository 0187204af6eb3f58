"""The user's notifications: claims assigned or sent back to them, waiting for their review, published."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ..models import Notification
from ..parsing import optional_id

PER_PAGE = 50


@require_safe
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related("claim")
    page = Paginator(notifications, PER_PAGE).get_page(optional_id(request.GET.get("page"), "page number"))
    return render(request, "claims/notifications.html", {"nav": "notifications", "page": page})


@require_POST
def mark_all_read(request):
    # Only the user's own unread rows: nobody can mark someone else's notifications.
    n = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, f"{n} notification{'' if n == 1 else 's'} marked as read." if n else "Nothing was unread.")
    return redirect("claims:notifications")
