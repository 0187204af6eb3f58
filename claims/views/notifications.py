"""The user's notifications: claims assigned or sent back to them, waiting for their review, published,
due soon or overdue, and their daily digest. Editors also see the e-mails that could not be delivered,
and send them again."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST, require_safe

from ..models import Notification
from ..parsing import optional_id
from ..workflow import NotReady, PermissionRefused, TransitionRefused, http_status
from ..parsing import number_problem

PER_PAGE = 50
FAILED_SHOWN = 100


@require_safe
def notification_list(request):
    return _page(request)


def _page(request, *, error=None, status=200):
    notifications = Notification.objects.filter(recipient=request.user).select_related("claim")
    page = Paginator(notifications, PER_PAGE).get_page(optional_id(request.GET.get("page"), "page number"))
    failed = None
    if Notification.mail_retry_refusal(request.user) is None:
        failed = (Notification.objects.filter(mail_status=Notification.MailStatus.FAILED)
                  .select_related("recipient", "claim").order_by("-created_at", "-pk")[:FAILED_SHOWN])
    context = {"nav": "notifications", "page": page, "failed_mail": failed, "retry_error": error}
    return render(request, "claims/notifications.html", context, status=status)


@require_POST
def mark_all_read(request):
    # Only the user's own unread rows: nobody can mark someone else's notifications.
    n = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if n:
        messages.success(request, ngettext("%(count)s notification marked as read.",
                                           "%(count)s notifications marked as read.", n) % {"count": n})
    else:
        messages.success(request, _("Nothing was unread."))
    return redirect("claims:notifications")


@require_POST
def retry_failed_mail(request):
    """Send failed e-mails again: the ones ticked (`notification` ids), or every failed one (`all`).
    Each is retried by Notification.retry_mail; who may is the model's answer, asked first so that
    a refused person is told so whatever they sent."""
    if refusal := Notification.mail_retry_refusal(request.user):
        return _page(request, error=refusal, status=http_status(PermissionRefused(refusal)))
    if request.POST.get("all"):
        ids = list(Notification.objects.filter(mail_status=Notification.MailStatus.FAILED).values_list("pk", flat=True)[:1000])
    else:
        raw = request.POST.getlist("notification")[:1000]
        if not raw or any(number_problem(value, minimum=1) for value in raw):
            return _page(request, error=_("Choose the e-mails to send again."), status=422)
        ids = [int(value) for value in raw]
    retried = skipped = 0
    for notification in Notification.objects.filter(pk__in=ids).order_by("pk"):
        try:
            notification.retry_mail(request.user)
        except NotReady:
            skipped += 1  # sent again by someone else meanwhile
        except TransitionRefused as refusal:
            return _page(request, error=refusal.message, status=http_status(refusal))
        else:
            retried += 1
    if retried:
        sentences = [ngettext("%(count)s e-mail will be sent again.", "%(count)s e-mails will be sent again.",
                              retried) % {"count": retried}]
        if skipped:
            sentences.append(ngettext("%(count)s had already been sent again.", "%(count)s had already been sent again.",
                                      skipped) % {"count": skipped})
        messages.success(request, " ".join(sentences))
    else:
        messages.info(request, _("There was nothing to send again."))
    return redirect("claims:notifications")
