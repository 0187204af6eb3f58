"""Scheduled work (claims/schedule.py): a reminder to the assignee before the due date, escalation to
the editors when overdue by more than the set time, a daily digest to each fact-checker; each exactly
once (also with two workers racing on PostgreSQL), each reminder and escalation in the claim's history."""
import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from claims import schedule
from claims.models import Claim, HistoryEntry, Notification, ScheduledSend
from claims.schedule import escalate_overdue_claims, send_daily_digests, send_due_reminders
from claims.workflow import Status

from .conftest import advance

Kind = Notification.Kind


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def due_on(claim, day):
    # Past due dates cannot be set through the workflow (it refuses them): this is the clock moving on.
    Claim.objects.filter(pk=claim.pk).update(due_date=day)
    claim.refresh_from_db()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a job as the worker does; the mails it enqueues on commit are sent (immediate backend)."""
    def run_job(job):
        with django_capture_on_commit_callbacks(execute=True):
            return job.call()
    return run_job


@pytest.fixture
def researching(claim, editor, checker):
    return advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)


# --- reminders ----------------------------------------------------------------------------------------

def test_the_assignee_is_reminded_once_of_a_claim_due_within_the_lead_time(run, researching, checker):
    due_on(researching, days(0))  # due by midnight tonight: within 24 hours
    mail.outbox.clear()
    assert run(send_due_reminders) == 1
    note = Notification.objects.get(kind=Kind.REMINDER)
    assert note.recipient == checker and note.claim == researching
    assert note.message.startswith("“Only six nations pledged troops” is due by the end of ")
    entry = HistoryEntry.objects.get(claim=researching, action=HistoryEntry.Action.REMINDER)
    assert entry.actor is None and entry.new_value == days(0).isoformat()
    assert entry.comment.startswith("Reminder sent to Checker: due by the end of ")
    assert [m.to for m in mail.outbox] == [["checker@example.org"]]
    assert note.mail_status == Notification.MailStatus.SENT

    assert run(send_due_reminders) == 0
    assert Notification.objects.filter(kind=Kind.REMINDER).count() == 1
    assert HistoryEntry.objects.filter(action=HistoryEntry.Action.REMINDER).count() == 1
    assert len(mail.outbox) == 1


def test_no_reminder_before_the_lead_time(run, researching, settings):
    due_on(researching, days(3))
    assert run(send_due_reminders) == 0
    settings.SCHEDULE = {**settings.SCHEDULE, "reminder_lead_hours": 4 * 24}
    assert run(send_due_reminders) == 1


def test_a_new_due_date_earns_a_new_reminder(run, researching):
    due_on(researching, days(0))
    run(send_due_reminders)
    due_on(researching, days(1))
    run(send_due_reminders)  # not yet within 24 hours of the new date's end
    assert ScheduledSend.objects.count() == 1
    due_on(researching, days(0))
    assert run(send_due_reminders) == 0  # that date was reminded about already


@pytest.mark.parametrize("status", [Status.NEW, Status.VERIFIED, Status.PUBLISHED, Status.DISMISSED])
def test_claims_off_the_desk_are_not_reminded_about(run, claim, editor, editor2, checker, status):
    advance(claim, status, editor=editor, checker=checker, approver=editor2)
    due_on(claim, days(0))
    assert run(send_due_reminders) == 0 and not Notification.objects.filter(kind=Kind.REMINDER).exists()


def test_a_reminder_whose_claim_moved_on_before_the_mail_went_is_not_mailed(researching, django_capture_on_commit_callbacks):
    due_on(researching, days(0))
    with django_capture_on_commit_callbacks(execute=False) as mails:
        send_due_reminders.call()
    # Before the worker gets to the mail, the claim leaves the desk (verified).
    Claim.objects.filter(pk=researching.pk).update(status=Status.VERIFIED)
    mail.outbox.clear()
    for send in mails:
        send()
    note = Notification.objects.get(kind=Kind.REMINDER)
    assert note.mail_status == Notification.MailStatus.SKIPPED
    assert note.mail_error == f"claim {researching.pk} is verified now"
    assert mail.outbox == []


# --- escalation ---------------------------------------------------------------------------------------

def test_editors_are_told_once_when_a_claim_is_overdue_by_more_than_the_set_time(run, researching, editor, editor2):
    due_on(researching, days(-2))  # overdue since midnight yesterday: more than 24 hours
    mail.outbox.clear()
    assert run(escalate_overdue_claims) == 1
    notes = Notification.objects.filter(kind=Kind.ESCALATION)
    assert sorted(n.recipient.username for n in notes) == ["editor", "editor2"]
    assert "is overdue: it was due by the end of" in notes[0].message and "in research with Checker" in notes[0].message
    entry = HistoryEntry.objects.get(claim=researching, action=HistoryEntry.Action.ESCALATION)
    assert entry.comment == "Overdue by more than 24 h: escalated to Editor, Editor2."
    assert sorted(m.to[0] for m in mail.outbox) == ["editor2@example.org", "editor@example.org"]

    assert run(escalate_overdue_claims) == 0
    assert notes.count() == 2 and len(mail.outbox) == 2
    assert HistoryEntry.objects.filter(action=HistoryEntry.Action.ESCALATION).count() == 1


def test_no_escalation_within_the_set_time(run, researching, settings):
    due_on(researching, days(-1))  # overdue since midnight today: less than 24 hours
    assert run(escalate_overdue_claims) == 0
    settings.SCHEDULE = {**settings.SCHEDULE, "escalate_after_hours": 0}
    assert run(escalate_overdue_claims) == 1


def test_a_published_claim_is_not_escalated(run, claim, editor, editor2, checker):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    due_on(claim, days(-5))
    assert run(escalate_overdue_claims) == 0


# --- the daily digest ---------------------------------------------------------------------------------

@pytest.fixture
def after_digest_hour(settings):
    settings.SCHEDULE = {**settings.SCHEDULE, "digest_hour": 0}


def test_each_fact_checker_gets_one_digest_a_day_of_overdue_and_due_soon_claims(
        run, after_digest_hour, article, claim, editor, checker, checker2):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    quote = "Italian Prime Minister Giorgia Meloni"
    start = article.body.index(quote)
    second = Claim.create_from_span(article, start, start + len(quote), text="Meloni ruled it out")
    advance(second, Status.IN_RESEARCH, editor=editor, checker=checker)
    due_on(claim, days(-3))
    due_on(second, days(1))
    mail.outbox.clear()
    assert run(send_daily_digests) == 1
    note = Notification.objects.get(kind=Kind.DIGEST)
    assert note.recipient == checker and note.claim is None
    assert note.message == "Your claims today: 1 overdue and 1 due soon."
    [digest] = mail.outbox
    assert digest.to == ["checker@example.org"]
    assert "Overdue (1):" in digest.body and "“Only six nations pledged troops”" in digest.body
    assert "Due soon (1):" in digest.body and "“Meloni ruled it out”" in digest.body
    assert run(send_daily_digests) == 0 and len(mail.outbox) == 1
    assert not Notification.objects.filter(recipient=checker2).exists()


def test_no_digest_before_the_digest_hour(run, researching, settings, monkeypatch):
    due_on(researching, days(-1))
    settings.SCHEDULE = {**settings.SCHEDULE, "digest_hour": 8}
    early = timezone.localtime().replace(hour=7, minute=59)
    monkeypatch.setattr(schedule.timezone, "localtime", lambda *args: early)
    assert run(send_daily_digests) == 0


def test_nobody_with_nothing_due_gets_a_digest(run, after_digest_hour, researching):
    due_on(researching, days(10))
    assert run(send_daily_digests) == 0


# --- two workers racing (PostgreSQL) ------------------------------------------------------------------

def race(job, n=2):
    """Run `job` in n threads at once, each on its own database connection."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def work():
        try:
            barrier.wait()
            results.append(job.call())
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    return sorted(results)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("job, kind, action, recipients", [
    (send_due_reminders, Kind.REMINDER, HistoryEntry.Action.REMINDER, 1),
    (escalate_overdue_claims, Kind.ESCALATION, HistoryEntry.Action.ESCALATION, 2),
])
def test_two_workers_racing_send_each_reminder_and_escalation_once(on_postgres, job, kind, action, recipients,
                                                                    claim, editor, editor2, checker):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    due_on(claim, days(0) if kind == Kind.REMINDER else days(-3))
    mail.outbox.clear()
    for _ in range(3):  # three rounds of two workers: a restarted worker finds it done too
        race(job)
    assert ScheduledSend.objects.count() == 1
    assert Notification.objects.filter(kind=kind).count() == recipients
    assert HistoryEntry.objects.filter(action=action).count() == 1
    # Outside a test transaction the mails really go out on commit (immediate backend): once each.
    assert len(mail.outbox) == recipients


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_racing_send_one_digest(on_postgres, claim, editor, checker, settings):
    settings.SCHEDULE = {**settings.SCHEDULE, "digest_hour": 0}
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    due_on(claim, days(-1))
    mail.outbox.clear()
    assert race(send_daily_digests, n=4) == [0, 0, 0, 1]
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1 and len(mail.outbox) == 1
