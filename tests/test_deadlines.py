"""Deadlines: a claim assigned without a due date gets its priority's default (DeadlinePolicy, editable
in the admin), and claims idle in their status past their priority's threshold are flagged on the
claims list, the board and the queue (ClaimQuerySet.idle, beside overdue)."""
import datetime

from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, DeadlinePolicy, HistoryEntry, Priority
from claims.workflow import Status

from .conftest import advance, login

NOW = timezone.now()


def days_ago(n, hours=0):
    return NOW - datetime.timedelta(days=n, hours=hours)


def set_policy(priority, due=None, idle=None):
    DeadlinePolicy.objects.update_or_create(priority=priority, defaults={"due_after_days": due, "idle_after_days": idle})


def entered(claim, moment, status):
    """Record that `claim` entered `status` at `moment` (a status change written at that time)."""
    HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.STATUS, field="status", old_value="new",
                                new_value=status, created_at=moment)


def test_the_migration_seeds_a_policy_for_every_priority(db):
    policies = dict(DeadlinePolicy.objects.values_list("priority", "due_after_days"))
    assert policies == {Priority.URGENT: 1, Priority.HIGH: 3, Priority.NORMAL: 7, Priority.LOW: 14}


def test_a_claim_assigned_without_a_due_date_gets_its_prioritys_default(claim, editor, checker):
    set_policy(Priority.HIGH, due=3)
    claim.update_details(editor, version=claim.version, priority=Priority.HIGH)
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    assert claim.due_date == timezone.localdate() + datetime.timedelta(days=3)
    # Written in the history like a due date the editor chose.
    entry = claim.history.get(field="due_date")
    assert (entry.action, entry.old_value, entry.new_value) == (HistoryEntry.Action.ASSIGNMENT, "", str(claim.due_date))


def test_a_claim_taken_by_a_fact_checker_gets_the_default_too(claim, checker):
    set_policy(Priority.NORMAL, due=5)
    claim.transition("take", checker, version=claim.version)
    assert claim.due_date == timezone.localdate() + datetime.timedelta(days=5)


def test_a_due_date_given_on_assignment_wins_over_the_default(claim, editor, checker, tomorrow):
    set_policy(Priority.NORMAL, due=30)
    claim.transition("assign", editor, version=claim.version, assignee=checker, due_date=tomorrow)
    assert claim.due_date == tomorrow


def test_without_a_default_the_claim_has_no_due_date(claim, editor, checker):
    set_policy(Priority.NORMAL, due=None)
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    assert claim.due_date is None
    assert not claim.history.filter(field="due_date").exists()


def test_idle_claims_are_those_past_their_prioritys_threshold_in_their_status(article):
    set_policy(Priority.NORMAL, idle=4)
    set_policy(Priority.URGENT, idle=1)
    set_policy(Priority.LOW, idle=None)

    def claim_in(status, since, priority=Priority.NORMAL):
        claim = Claim.objects.create(article=article, text=f"{status} {since}", start=0, end=4, quote=article.body[:4],
                                     status=status, priority=priority)
        HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.CREATED, created_at=days_ago(30))
        if status != Status.NEW:
            entered(claim, since, status)
        return claim

    stale = claim_in(Status.IN_RESEARCH, days_ago(4, 1))
    fresh = claim_in(Status.IN_RESEARCH, days_ago(3, 23))
    urgent = claim_in(Status.IN_REVIEW, days_ago(1, 1), Priority.URGENT)
    never = claim_in(Status.IN_RESEARCH, days_ago(60), Priority.LOW)
    new = claim_in(Status.NEW, None)  # created 30 days ago, never moved
    closed = claim_in(Status.PUBLISHED, days_ago(60))
    idle = set(Claim.objects.idle().values_list("pk", flat=True))
    assert idle == {stale.pk, urgent.pk, new.pk}
    assert fresh.pk not in idle and never.pk not in idle and closed.pk not in idle
    flags = dict(Claim.objects.with_idle_flag().values_list("pk", "is_idle"))
    assert flags == {stale.pk: True, fresh.pk: False, urgent.pk: True, never.pk: False, new.pk: True, closed.pk: False}


def test_idle_claims_are_flagged_on_the_list_board_and_queue(client, article, editor, checker):
    set_policy(Priority.NORMAL, due=7, idle=2)
    claim = Claim.objects.create(article=article, text="Waiting a week", start=0, end=4, quote=article.body[:4],
                                 status=Status.IN_RESEARCH, assignee=checker, priority=Priority.NORMAL)
    HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.CREATED, created_at=days_ago(8))
    entered(claim, days_ago(7), Status.IN_RESEARCH)
    login(client, checker)
    for url in (reverse("claims:list"), reverse("claims:board"), reverse("claims:queue")):
        html = client.get(url).content.decode()
        assert "Waiting a week" in html and ">Idle</" in html, url
    listed = client.get(reverse("claims:list"), {"idle": "on"})
    assert [c.pk for c in listed.context["claims"]] == [claim.pk]


def test_a_claim_not_idle_is_not_flagged(client, claim, editor, checker):
    set_policy(Priority.NORMAL, due=7, idle=2)
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    html = login(client, checker).get(reverse("claims:queue")).content.decode()
    assert claim.text in html and ">Idle</" not in html


def test_editors_edit_the_policies_in_the_admin(client, editor):
    login(client, editor)
    response = client.get(reverse("admin:claims_deadlinepolicy_changelist"))
    assert response.status_code == 200 and ">Urgent<" in response.content.decode()
    policy = DeadlinePolicy.objects.get(priority=Priority.URGENT)
    response = client.post(reverse("admin:claims_deadlinepolicy_change", args=[policy.pk]),
                           {"priority": Priority.URGENT, "due_after_days": "2", "idle_after_days": "1"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.due_after_days == 2
