"""Notification e-mails, sent by a background task (Django's Tasks framework; the queue is the
database backend of django-tasks-db, see docs/deploy.md).

The Notification row is the truth; the queue only delivers it:
- the row is written in the request's transaction and the task is enqueued when that commits
  (transaction.on_commit), carrying the row's id only, never the objects;
- the task locks the row, re-reads it and the claim, and sends only a mail still pending and still
  relevant (a claim that moved on is logged and skipped), so running it twice sends once;
- a refused connection or an SMTP error is tried again later with a doubling delay; after the last
  attempt the row is marked failed and editors see it on the notifications page, with a retry button;
- a pending mail whose task was lost (a worker killed with it, a queue that could not be reached
  when it was enqueued) is enqueued again by `manage.py enqueue_scheduled` (resend_lost_mail).
"""
import contextlib
import contextvars
import datetime
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from . import site
from .models import Claim, Notification, person_name
from .workflow import ON_DESK, Status, status_in_sentence

logger = logging.getLogger(__name__)
Kind, MailStatus = Notification.Kind, Notification.MailStatus

# A mail server that is down, refuses the connection, times out or answers with an SMTP error: worth
# another attempt. Anything else is a bug or bad data, recorded as a failure at once.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


# Set by not_mailed(): notifications written meanwhile are recorded but not mailed, with this reason.
_NOT_MAILED = contextvars.ContextVar("claims_not_mailed", default="")


@contextlib.contextmanager
def not_mailed(reason):
    """Notifications written inside this block are kept (the badge, the notifications page) but never
    mailed, by this process or a worker: each is recorded as skipped, with `reason` (the demo desk)."""
    token = _NOT_MAILED.set(reason)
    try:
        yield
    finally:
        _NOT_MAILED.reset(token)


def enqueue_mail(notification_id, *, run_after=None):
    """Enqueue the mail of one notification when the current transaction commits (at once outside
    one). A rolled-back transaction enqueues nothing: the row it wrote does not exist."""
    if reason := _NOT_MAILED.get():
        Notification.objects.filter(pk=notification_id).update(mail_status=MailStatus.SKIPPED, mail_error=reason)
        return

    def enqueue():
        job = send_notification_mail
        if run_after is not None:
            if not task_backends[job.backend].supports_defer:
                # A backend that cannot defer (the tests' immediate one) leaves the retry to the
                # sweep in enqueue_scheduled rather than retrying at once, in a loop.
                return
            job = job.using(run_after=run_after)
        job.enqueue(notification_id)

    transaction.on_commit(enqueue, robust=True)


def retry_delay(attempts):
    """Seconds to wait after the `attempts`-th failed attempt: base, 2×base, 4×base ..."""
    return settings.NOTIFICATION_MAIL["retry_base_seconds"] * 2 ** (attempts - 1)


@task
def send_notification_mail(notification_id):
    """Send notification `notification_id`'s e-mail, at most once. Returns what happened, in words
    (kept as the task's result, shown in the admin's task list)."""
    with transaction.atomic():
        # The row lock serialises two runs of this task for one notification (a retry and a sweep,
        # or two workers): the second waits, then finds the mail sent and does nothing.
        notification = (Notification.objects.select_for_update(of=("self",))
                        .select_related("recipient", "claim").filter(pk=notification_id).first())
        if notification is None:
            logger.info("Notification %s is gone (its claim or person was deleted): no mail sent.", notification_id)
            return "gone"
        if notification.mail_status != MailStatus.PENDING:
            logger.info("Notification %s is already %s: no mail sent.", notification_id, notification.mail_status)
            return f"already {notification.mail_status}"
        reason = why_not_mail(notification)
        if reason:
            logger.info("Notification %s not mailed: %s", notification_id, reason)
            _record(notification, MailStatus.SKIPPED, error=reason)
            return f"skipped: {reason}"
        message = compose(notification)
        if message is None:
            reason = gettext("nothing is overdue or due soon any more")
            logger.info("Notification %s not mailed: %s", notification_id, reason)
            _record(notification, MailStatus.SKIPPED, error=reason)
            return f"skipped: {reason}"
        notification.mail_attempts += 1
        try:
            message.send()
        except TRANSIENT_ERRORS as error:
            return _failed_attempt(notification, error)
        except Exception as error:
            logger.exception("Notification %s: the mail could not be built or sent; not retried.", notification_id)
            _record(notification, MailStatus.FAILED, error=_describe(error))
            return "failed"
        _record(notification, MailStatus.SENT, sent_at=timezone.now())
        return "sent"


def why_not_mail(notification):
    """Why this mail should not go out now (re-checked when the task runs, since the claim may have
    moved on after the notification was written), or None."""
    # Stored for the editors' list of mails not sent, in the desk's language (the worker's default).
    person, claim = notification.recipient, notification.claim
    if not person.is_active:
        return gettext("%(user)s's account is deactivated") % {"user": person.get_username()}
    if not person.email:
        return gettext("%(user)s has no e-mail address") % {"user": person.get_username()}
    if notification.kind == Kind.DIGEST:
        return None
    if claim is None:
        return gettext("its claim was deleted")
    values = {"id": claim.pk, "status": status_in_sentence(claim.status), "user": person.get_username()}
    if notification.kind in (Kind.ASSIGNED, Kind.SENT_BACK, Kind.REMINDER) and claim.assignee_id != person.pk:
        return gettext("claim %(id)s is no longer assigned to %(user)s") % values
    if notification.kind in (Kind.SENT_BACK, Kind.REMINDER) and claim.status not in ON_DESK:
        return gettext("claim %(id)s is %(status)s now") % values
    if notification.kind == Kind.REVIEW and claim.status != Status.IN_REVIEW:
        return gettext("claim %(id)s is no longer waiting for review (it is %(status)s)") % values
    if notification.kind == Kind.ESCALATION and not claim.is_overdue:
        return gettext("claim %(id)s is no longer overdue (it is %(status)s)") % values
    if notification.kind == Kind.PUBLISHED and claim.status != Status.PUBLISHED:
        return gettext("claim %(id)s is no longer published (it is %(status)s)") % values
    return None


def compose(notification):
    """The EmailMessage for a notification (None for a digest with nothing left to list), in its
    recipient's language."""
    from .notifications import language_for

    with translation.override(language_for(notification.recipient)):
        return _compose(notification)


def _compose(notification):
    # The configured address, or in development the one the last request came to (claims/site.py).
    base = site.workbench_url().rstrip("/")
    if notification.kind == Kind.DIGEST:
        body = _digest_body(notification.recipient, base)
        if body is None:
            return None
        subject = gettext("[Claim workbench] Your claims due and overdue")
    else:
        claim = notification.claim
        body = gettext("%(message)s\n\nOpen the claim: %(url)s\n") % {
            "message": notification.message, "url": f"{base}{claim.get_absolute_url()}"}
        subject = gettext("[Claim workbench] %(kind)s: %(claim)s") % {
            "kind": notification.get_kind_display(), "claim": claim.text}
    # One Message-ID per notification, whichever attempt sends it: a mail server or a person can
    # recognise the same mail if a worker died between handing it over and recording it (docs/deploy.md).
    host = urlsplit(base).hostname or "workbench"
    return EmailMessage(
        " ".join(subject.split())[:200], body, None, [notification.recipient.email],
        headers={"Message-ID": f"<notification-{notification.pk}@{host}>"},
    )


def _digest_body(person, base):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=settings.SCHEDULE["digest_due_soon_days"])
    mine = Claim.objects.filter(assignee=person, status__in=ON_DESK, due_date__lte=soon).order_by("due_date", "pk")
    overdue = [c for c in mine if c.due_date < today]
    due_soon = [c for c in mine if c.due_date >= today]
    if not mine:
        return None
    lines = [gettext("Good morning %(name)s,") % {"name": person_name(person)}, ""]
    for heading, claims in ((gettext("Overdue (%(count)s):"), overdue), (gettext("Due soon (%(count)s):"), due_soon)):
        if claims:
            lines.append(heading % {"count": len(claims)})
            lines += [gettext("- due %(date)s: “%(claim)s” %(url)s") % {
                "date": date_format(c.due_date), "claim": c.text, "url": f"{base}{c.get_absolute_url()}"} for c in claims]
            lines.append("")
    lines.append(gettext("Your queue: %(url)s") % {"url": f"{base}/queue/"})
    return "\n".join(lines) + "\n"


def _failed_attempt(notification, error):
    limit = settings.NOTIFICATION_MAIL["attempts"]
    if notification.mail_attempts >= limit:
        logger.warning("Notification %s: mail failed %s times, giving up: %s", notification.pk,
                       notification.mail_attempts, _describe(error))
        _record(notification, MailStatus.FAILED, error=_describe(error))
        return "failed"
    delay = retry_delay(notification.mail_attempts)
    when = timezone.now() + datetime.timedelta(seconds=delay)
    logger.warning("Notification %s: mail attempt %s failed (%s); trying again in %s s.", notification.pk,
                   notification.mail_attempts, _describe(error), delay)
    _record(notification, MailStatus.PENDING, error=_describe(error), next_attempt_at=when)
    enqueue_mail(notification.pk, run_after=when)
    return f"retrying in {delay} s"


def _record(notification, status, *, error="", sent_at=None, next_attempt_at=None):
    notification.mail_status = status
    notification.mail_error = error[:1000]
    notification.mail_sent_at = sent_at
    notification.mail_next_attempt_at = next_attempt_at
    notification.save(update_fields=["mail_status", "mail_attempts", "mail_error", "mail_sent_at", "mail_next_attempt_at"])


def _describe(error):
    return f"{type(error).__name__}: {error}"[:1000]


def resend_lost_mail(now=None):
    """Enqueue again every pending mail whose task should have run long ago: its worker was killed
    with it, or the queue was unreachable when it was enqueued. Harmless when the task is merely slow:
    the row lock and status check make the second run do nothing. Returns how many."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_MAIL["stale_seconds"])
    lost = list(
        Notification.objects.filter(mail_status=MailStatus.PENDING, created_at__lt=stale)
        .exclude(mail_next_attempt_at__gte=stale).values_list("pk", flat=True)[:1000]
    )
    for pk in lost:
        logger.warning("Notification %s: its mail is still pending; enqueued again.", pk)
        send_notification_mail.enqueue(pk)
    return len(lost)
