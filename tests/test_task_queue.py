"""Notification e-mail on the real queue (django-tasks-db's database backend, not the immediate one):
enqueued on commit and never on rollback, carrying the id only; retried with a doubling delay after a
mail server failure; a permanent failure listed for editors, who can send it again; a task whose
notification is gone or whose claim moved on does nothing and logs why; running a task twice sends once."""
import datetime
import logging
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from claims import site
from claims.mail import send_notification_mail
from claims.models import Notification
from claims.notifications import notify
from claims.schedule import enqueue_scheduled, recover_lost_work
from claims.workflow import Status

from .conftest import advance, login

Kind, MailStatus = Notification.Kind, Notification.MailStatus
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
BROKEN = {"default": {"BACKEND": "tests.test_task_queue.BrokenMailer"}}


class BrokenMailer:
    """A mail server that refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def queue(settings, django_capture_on_commit_callbacks):
    """The database queue, and a way to run what is ready on it as db_worker does (its run_task,
    without its loop, which would close the test's transaction; the test's transaction never
    commits, so what a task defers to its commit is run when the task ends)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = LOCMEM
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])

    def run_ready():
        ran = []
        while (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            with django_capture_on_commit_callbacks(execute=True):
                worker.run_task(result)
            result.refresh_from_db()
            ran.append(result)
        return ran
    return run_ready


def sent():
    """The test outbox. Read it afresh: changing MAILERS in a test replaces the list."""
    return mail.outbox


def later(seconds):
    """Let time pass for the queue: tasks deferred by up to `seconds` become ready."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))


@pytest.fixture
def assigned(claim, editor, checker, django_capture_on_commit_callbacks):
    def assign():
        with django_capture_on_commit_callbacks(execute=True):
            claim.transition("assign", editor, version=claim.version, assignee=checker)
        return Notification.objects.get(recipient=checker)
    return assign


# --- enqueued on commit, with the id only --------------------------------------------------------------

def test_the_mail_is_enqueued_when_the_transaction_commits_with_the_id_only(queue, claim, checker,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            [row] = notify(claim, Kind.ASSIGNED, [checker], "Assigned to you.")
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "claims.mail.send_notification_mail"
    assert task.args_kwargs == {"args": [row.pk], "kwargs": {}}


def test_a_rolled_back_change_enqueues_nothing(queue, claim, checker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(claim, Kind.ASSIGNED, [checker], "Assigned to you.")
                raise RuntimeError("the step failed after the notification was written")
    assert callbacks == []
    assert not Notification.objects.exists() and not DBTaskResult.objects.exists()
    queue()
    assert sent() == []


def test_a_worker_sends_the_mail_and_records_it(queue, assigned):
    note = assigned()
    assert note.mail_status == MailStatus.PENDING and sent() == []
    [result] = queue()
    assert result.status == "SUCCESSFUL" and result.return_value == "sent"
    note.refresh_from_db()
    assert (note.mail_status, note.mail_attempts) == (MailStatus.SENT, 1) and note.mail_sent_at
    assert len(sent()) == 1 and sent()[0].to == ["checker@example.org"]
    # The host of the workbench's address (claims/site.py: configured, or where requests came to).
    host = urlsplit(site.workbench_url()).hostname
    assert sent()[0].extra_headers["Message-ID"] == f"<notification-{note.pk}@{host}>"


def test_running_the_task_twice_sends_once(queue, assigned):
    note = assigned()
    send_notification_mail.enqueue(note.pk)  # a duplicate, as the lost-mail sweep may make
    results = queue()
    assert [r.return_value for r in results] == ["sent", "already sent"]
    assert len(sent()) == 1


# --- retries with backoff, then a permanent failure ----------------------------------------------------

def test_a_mail_server_failure_is_retried_later_then_the_mail_is_sent(queue, assigned, settings, caplog):
    note = assigned()
    settings.MAILERS = BROKEN
    before = timezone.now()
    [first] = queue()
    assert first.status == "SUCCESSFUL" and first.return_value == "retrying in 30 s"
    note.refresh_from_db()
    assert (note.mail_status, note.mail_attempts) == (MailStatus.PENDING, 1)
    assert note.mail_error == "ConnectionRefusedError: mail server down"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"] == [note.pk]
    assert 29 <= (retry.run_after - before).total_seconds() <= 31
    assert queue() == []  # not before its time

    later(30)
    [second] = queue()
    assert second.return_value == "retrying in 60 s"  # the delay doubles
    settings.MAILERS = LOCMEM  # the mail server is back
    later(60)
    [third] = queue()
    assert third.return_value == "sent"
    note.refresh_from_db()
    assert (note.mail_status, note.mail_attempts, note.mail_error) == (MailStatus.SENT, 3, "")
    assert len(sent()) == 1
    assert "mail attempt 2 failed (ConnectionRefusedError: mail server down); trying again in 60 s" in caplog.text


def test_after_the_last_attempt_the_failure_is_recorded_and_no_longer_retried(queue, assigned, settings):
    settings.NOTIFICATION_MAIL = {**settings.NOTIFICATION_MAIL, "attempts": 2}
    note = assigned()
    settings.MAILERS = BROKEN
    queue()
    later(30)
    [last] = queue()
    assert last.return_value == "failed"
    note.refresh_from_db()
    assert (note.mail_status, note.mail_attempts) == (MailStatus.FAILED, 2)
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.fixture
def failed_mail(queue, assigned, settings):
    settings.NOTIFICATION_MAIL = {**settings.NOTIFICATION_MAIL, "attempts": 1}
    note = assigned()
    settings.MAILERS = BROKEN
    queue()
    settings.MAILERS = LOCMEM
    note.refresh_from_db()
    assert note.mail_status == MailStatus.FAILED
    return note


def test_editors_see_failed_mail_on_the_notifications_page(client, failed_mail, editor):
    html = login(client, editor).get(reverse("claims:notifications")).content.decode()
    assert "E-mails that could not be delivered" in html
    assert "ConnectionRefusedError: mail server down" in html
    assert f'name="notification" value="{failed_mail.pk}"' in html
    # Once, in the page's content, and not in its <title> (a template block had swallowed it).
    assert html.count("E-mails that could not be delivered") == 1
    assert "<title>Notifications · Claim workbench</title>" in html


@pytest.mark.parametrize("who", ["checker", "viewer"])
def test_others_do_not_see_failed_mail(client, failed_mail, who, request):
    html = login(client, request.getfixturevalue(who)).get(reverse("claims:notifications")).content.decode()
    assert "E-mails that could not be delivered" not in html


def test_an_editor_sends_a_failed_mail_again(client, failed_mail, editor, queue,
                                              django_capture_on_commit_callbacks):
    login(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:retry_failed_mail"), {"notification": [failed_mail.pk]})
    assert response.status_code == 302
    failed_mail.refresh_from_db()
    assert (failed_mail.mail_status, failed_mail.mail_attempts) == (MailStatus.PENDING, 0)
    [result] = queue()
    assert result.return_value == "sent" and len(sent()) == 1
    html = client.get(reverse("claims:notifications")).content.decode()
    assert "Every notification e-mail was delivered or is on its way." in html


def test_send_every_failed_mail_again(client, failed_mail, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(client, editor).post(reverse("claims:retry_failed_mail"), {"all": "1"})
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.parametrize("who", ["checker", "viewer"])
def test_only_editors_may_send_a_failed_mail_again(client, failed_mail, who, request):
    response = login(client, request.getfixturevalue(who)).post(
        reverse("claims:retry_failed_mail"), {"notification": [failed_mail.pk]})
    assert response.status_code == 403
    assert "Only an editor can send a failed e-mail again." in response.content.decode()
    failed_mail.refresh_from_db()
    assert failed_mail.mail_status == MailStatus.FAILED


@pytest.mark.parametrize("value", ["", "x", "١٢", "-1", "1" * 30])
def test_a_retry_without_a_readable_choice_is_refused(client, failed_mail, editor, value):
    response = login(client, editor).post(reverse("claims:retry_failed_mail"), {"notification": [value]})
    assert response.status_code == 422
    failed_mail.refresh_from_db()
    assert failed_mail.mail_status == MailStatus.FAILED


def test_a_mail_that_is_not_failed_is_not_sent_again(client, queue, assigned, editor):
    note = assigned()
    queue()
    response = login(client, editor).post(reverse("claims:retry_failed_mail"), {"notification": [note.pk]})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.mail_status == MailStatus.SENT and not DBTaskResult.objects.filter(status="READY").exists()


# --- the claim moved on, the notification is gone ------------------------------------------------------

def test_a_mail_for_a_claim_assigned_elsewhere_meanwhile_is_not_sent(queue, assigned, claim, editor, checker2,
                                                                      caplog,
                                                                      django_capture_on_commit_callbacks):
    note = assigned()
    with django_capture_on_commit_callbacks(execute=True):
        claim.update_details(editor, version=claim.version, assignee=checker2)
    caplog.set_level(logging.INFO, logger="claims.mail")
    results = queue()
    assert [r.return_value for r in results] == [f"skipped: claim {claim.pk} is no longer assigned to checker", "sent"]
    note.refresh_from_db()
    assert note.mail_status == MailStatus.SKIPPED
    assert [m.to for m in sent()] == [["checker2@example.org"]]
    assert f"Notification {note.pk} not mailed: claim {claim.pk} is no longer assigned to checker" in caplog.text


def test_a_review_request_for_a_claim_no_longer_in_review_is_not_sent(queue, claim, editor, editor2, checker,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
        claim.transition("send_back", editor2, version=claim.version, comment="More sources.")
    queue()
    review = Notification.objects.filter(kind=Kind.REVIEW)
    assert set(review.values_list("mail_status", flat=True)) == {MailStatus.SKIPPED}
    assert all("no longer waiting for review" in m for m in review.values_list("mail_error", flat=True))


def test_a_task_for_a_deleted_notification_does_nothing_and_says_why(queue, assigned, caplog):
    caplog.set_level(logging.INFO, logger="claims.mail")
    note = assigned()
    Notification.objects.filter(pk=note.pk).delete()
    [result] = queue()
    assert result.status == "SUCCESSFUL" and result.return_value == "gone"
    assert sent() == []
    assert f"Notification {note.pk} is gone (its claim or person was deleted): no mail sent." in caplog.text


def test_a_person_without_an_address_is_skipped_not_failed(queue, assigned, checker):
    checker.email = ""
    checker.save()
    note = assigned()
    queue()
    note.refresh_from_db()
    assert (note.mail_status, note.mail_error) == (MailStatus.SKIPPED, "checker has no e-mail address")


# --- lost work: a worker killed with a task ------------------------------------------------------------

def test_a_mail_whose_task_was_lost_is_enqueued_again_and_sent_once(queue, assigned, settings):
    note = assigned()
    # The worker that took the task was killed: the task stays "running", the mail pending.
    lost = DBTaskResult.objects.get()
    lost.claim("killed-worker")
    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    DBTaskResult.objects.filter(pk=lost.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    recover_lost_work.call()
    lost.refresh_from_db()
    assert lost.status == "FAILED" and lost.exception_class_path == "claims.schedule.WorkerLost"
    [again] = queue()
    assert again.return_value == "sent" and len(sent()) == 1
    recover_lost_work.call()
    assert queue() == []


def test_a_pending_mail_that_is_not_late_is_left_alone(queue, assigned):
    assigned()
    assert recover_lost_work.call() == {"mail_enqueued_again": 0, "tasks_marked_lost": 0}


def test_enqueue_scheduled_skips_jobs_already_waiting(queue, db):
    first = enqueue_scheduled()
    assert first == ["recover_lost_work", "send_due_reminders", "escalate_overdue_claims", "send_daily_digests",
                     "compact_claim_tally"]
    assert enqueue_scheduled() == []
    assert DBTaskResult.objects.count() == 5


# --- the queue's admin page -----------------------------------------------------------------------------

def test_a_superuser_enqueues_a_failed_task_again_from_the_admin(client, queue, superuser, editor, claim):
    from claims.schedule import send_due_reminders

    result = send_due_reminders.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED", exception_class_path="builtins.RuntimeError")
    login(client, superuser)
    page = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200 and "Enqueue the selected failed tasks again" in page.content.decode()
    response = client.post("/admin/django_tasks_database/dbtaskresult/",
                           {"action": "enqueue_again", "_selected_action": [result.id]})
    assert response.status_code == 302
    again = DBTaskResult.objects.get(status="READY")
    assert again.task_path == "claims.schedule.send_due_reminders" and again.pk != result.id


def test_editors_see_the_queue_but_cannot_enqueue_tasks_again(client, queue, editor):
    from django.contrib.auth.models import Permission

    from claims.schedule import send_due_reminders

    send_due_reminders.enqueue()
    editor.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    page = login(client, editor).get("/admin/django_tasks_database/dbtaskresult/")
    assert page.status_code == 200
    assert "Enqueue the selected failed tasks again" not in page.content.decode()
