"""Work done on a schedule: reminders before a claim is due, escalation to the editors when it is
overdue, a daily digest to each fact-checker, recovering mail whose task was lost, and folding the
tallies' appended rows.

`manage.py enqueue_scheduled` (run by cron or a systemd timer every few minutes, docs/deploy.md)
enqueues the jobs below; a worker runs them. Why a cron line rather than a periodic enqueuer inside
the worker: the host's timer already survives reboots and restarts, needs no leader among several
workers, and running it twice (two hosts, a retried timer) is harmless, because "exactly once" is not
the scheduler's job here: each reminder, escalation and digest first inserts a ScheduledSend row under
a unique key, in the transaction that writes its notification and history. Two workers racing on the
same claim serialise on that key; the loser gets an IntegrityError and sends nothing.

A claim is due at the end of its due date, local time (the end of the day the desk promised it).
"""
import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.tasks import task, task_backends
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from .mail import resend_lost_mail
from .models import (
    ESCALATED, ESCALATED_TO_NOBODY, REMINDER_SENT, Claim, HistoryEntry, Notification, ScheduledSend, compact_tallies,
    english_date, person_name,
)
from .notifications import editors, notify
from .workflow import ON_DESK, status_in_sentence

logger = logging.getLogger(__name__)
Kind = Notification.Kind


class WorkerLost(Exception):
    """Recorded on a task that was still "running" long after it started: its worker was killed."""


def due_end(due_date):
    """The moment a claim due on `due_date` becomes overdue: midnight after it, local time."""
    return timezone.make_aware(datetime.datetime.combine(due_date + datetime.timedelta(days=1), datetime.time.min))


def _once(kind, period, *, claim=None, recipient=None):
    """Insert the ledger row for this message; False when it was already sent. Call it inside the
    transaction that writes the message, so the row and the message commit (or vanish) together."""
    try:
        with transaction.atomic():
            ScheduledSend.objects.create(kind=kind, period=period, claim=claim, recipient=recipient)
    except IntegrityError:
        return False
    return True


def _locked_on_desk(pk, **conditions):
    # The claim row is locked so the check and the ledger insert see one state: a claim handed to
    # someone else or published meanwhile is not reminded about.
    return (Claim.objects.select_for_update().select_related("assignee")
            .filter(pk=pk, status__in=ON_DESK, assignee__isnull=False, **conditions).first())


@task
def send_due_reminders():
    """Remind each assignee of a claim that falls due within the lead time, once per due date."""
    now = timezone.now()
    lead = datetime.timedelta(hours=settings.SCHEDULE["reminder_lead_hours"])
    # due_end(d) <= now + lead  ⇔  d <= localdate(now + lead) - 1 day; and not yet due: d >= today.
    latest = timezone.localdate(now + lead) - datetime.timedelta(days=1)
    candidates = Claim.objects.filter(status__in=ON_DESK, assignee__isnull=False, due_date__gte=timezone.localdate(now),
                                      due_date__lte=latest).values_list("pk", "due_date")
    sent = 0
    for pk, due in candidates:
        with transaction.atomic():
            claim = _locked_on_desk(pk, due_date=due)
            if claim is None or not _once(ScheduledSend.Kind.REMINDER, due.isoformat(), claim=claim):
                continue
            # Each recipient's message in their language (notify), the history's sentence in English.
            notify(claim, Kind.REMINDER, [claim.assignee], lambda claim=claim, due=due: gettext(
                "“%(claim)s” is due by the end of %(date)s.") % {"claim": claim.text, "date": date_format(due)})
            claim.log(None, HistoryEntry.Action.REMINDER, "due_date", "", due.isoformat(),
                      REMINDER_SENT(name=person_name(claim.assignee), date=english_date(due)))
            sent += 1
    logger.info("Due-date reminders sent: %s", sent)
    return sent


@task
def escalate_overdue_claims():
    """Tell every editor about a claim overdue by more than the set time, once per due date."""
    now = timezone.now()
    grace = datetime.timedelta(hours=settings.SCHEDULE["escalate_after_hours"])
    # due_end(d) + grace < now  ⇔  d <= localdate(now - grace) - 1 day.
    latest = timezone.localdate(now - grace) - datetime.timedelta(days=1)
    candidates = Claim.objects.filter(status__in=ON_DESK, assignee__isnull=False, due_date__lte=latest
                                      ).values_list("pk", "due_date")
    sent = 0
    for pk, due in candidates:
        with transaction.atomic():
            claim = _locked_on_desk(pk, due_date=due)
            if claim is None or not _once(ScheduledSend.Kind.ESCALATION, due.isoformat(), claim=claim):
                continue
            people = list(editors())
            notify(claim, Kind.ESCALATION, people, lambda claim=claim, due=due: gettext(
                "“%(claim)s” is overdue: it was due by the end of %(date)s and is %(status)s with %(name)s.") % {
                "claim": claim.text, "date": date_format(due), "status": status_in_sentence(claim.status),
                "name": person_name(claim.assignee)})
            hours = settings.SCHEDULE["escalate_after_hours"]
            names = ", ".join(person_name(p) for p in people)
            claim.log(None, HistoryEntry.Action.ESCALATION, "due_date", "", due.isoformat(),
                      ESCALATED(hours=hours, names=names) if names else ESCALATED_TO_NOBODY(hours=hours))
            sent += 1
    logger.info("Overdue escalations sent: %s", sent)
    return sent


@task
def send_daily_digests():
    """Each fact-checker's overdue and soon-due claims, once a day from the digest hour."""
    now = timezone.localtime()
    if now.hour < settings.SCHEDULE["digest_hour"]:
        return 0
    today = now.date()
    soon = today + datetime.timedelta(days=settings.SCHEDULE["digest_due_soon_days"])
    loads = (Claim.objects.filter(status__in=ON_DESK, due_date__lte=soon, assignee__is_active=True)
             .values("assignee").order_by("assignee")
             .annotate(overdue=Count("pk", filter=Q(due_date__lt=today)), due_soon=Count("pk", filter=Q(due_date__gte=today))))
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.in_bulk([row["assignee"] for row in loads])
    sent = 0
    for row in loads:
        person = people[row["assignee"]]
        with transaction.atomic():
            if not _once(ScheduledSend.Kind.DIGEST, today.isoformat(), recipient=person):
                continue
            notify(None, Kind.DIGEST, [person], lambda row=row: digest_message(row["overdue"], row["due_soon"]))
            sent += 1
    logger.info("Daily digests sent: %s", sent)
    return sent


def digest_message(overdue, due_soon):
    """The digest's one line, in the active language: a whole sentence for each case, each counted."""
    if overdue and due_soon:
        # Two counts in one sentence: the plural follows the first; the second says its own.
        return ngettext("Your claims today: %(overdue)s overdue and %(due_soon)s due soon.",
                        "Your claims today: %(overdue)s overdue and %(due_soon)s due soon.", overdue) % {
            "overdue": overdue, "due_soon": due_soon}
    if overdue:
        return ngettext("Your claims today: %(count)s overdue.", "Your claims today: %(count)s overdue.",
                        overdue) % {"count": overdue}
    return ngettext("Your claims today: %(count)s due soon.", "Your claims today: %(count)s due soon.",
                    due_soon) % {"count": due_soon}


@task
def recover_lost_work():
    """Enqueue again the mail of tasks lost with a killed worker, and mark those tasks failed."""
    resent = resend_lost_mail()
    lost = _fail_lost_tasks()
    return {"mail_enqueued_again": resent, "tasks_marked_lost": lost}


def _fail_lost_tasks():
    if not _on_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SCHEDULE["lost_task_seconds"])
    lost = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    ids = list(lost.values_list("pk", flat=True)[:1000])
    for pk in ids:
        logger.warning("Task %s has been running since before %s: its worker was lost; marked failed.", pk, cutoff)
    # The status condition keeps a task that finished meanwhile as it is.
    return DBTaskResult.objects.filter(pk__in=ids, status="RUNNING").update(
        status="FAILED", finished_at=now, exception_class_path=f"{__name__}.WorkerLost",
        traceback=f"WorkerLost: still running after {settings.SCHEDULE['lost_task_seconds']} s; its worker was killed or lost.\n",
    )


def _on_database_queue():
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


@task
def compact_claim_tally():
    """Fold the tallies' rows (compact_tallies: ClaimTally, DueDateTally, ActivityTally): every
    status, assignee or due-date change appends rows, and the pages that read them sum them all, so
    they stay fast only if the rows are folded as often as this runs. Exact however many writers
    are busy meanwhile; running it twice is harmless. One job for every tally rather than one each:
    the same trigger writes feed them, each fold takes milliseconds, and one job is one line in the
    queue to watch; each tally is still folded in its own transaction. (The name is the claim
    tally's, from before the others: kept, so that a job queued before a deploy still runs.)"""
    return compact_tallies()


JOBS = (recover_lost_work, send_due_reminders, escalate_overdue_claims, send_daily_digests, compact_claim_tally)


def enqueue_scheduled():
    """Enqueue every scheduled job, skipping one already waiting in the queue (a worker that was
    down for an hour does not find twelve copies). Returns the names of the jobs enqueued."""
    waiting = set()
    if _on_database_queue():
        from django_tasks_db.models import DBTaskResult

        waiting = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    enqueued = []
    for job in JOBS:
        if job.module_path in waiting:
            continue
        job.enqueue()
        enqueued.append(job.name)
    return enqueued
