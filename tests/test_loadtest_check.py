"""The load test's own check for lost updates (devtools/management/commands/loadtest.py): it must
count every change that bumps a version (a workflow step, added evidence) and still catch a bump
that no history accounts for."""
from django.utils import timezone

from claims.models import Claim, Status
from devtools.management.commands.loadtest import Stats, _lost_updates
from tests.conftest import add_sources


def _check(claim, start_version, since, *, steps=0, evidence=0):
    stats = Stats()
    stats.steps_ok[claim.pk] = steps
    stats.evidence_ok[claim.pk] = evidence
    return _lost_updates([claim], {claim.pk: start_version}, since, stats)


def test_steps_and_evidence_the_clients_were_told_of_are_no_lost_update(claim, editor, checker):
    since, start = timezone.now(), claim.version
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    claim.refresh_from_db()
    add_sources(claim, checker, n=3)
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH
    assert _check(claim, start, since, steps=1, evidence=3) == []


def test_a_version_bump_without_its_history_is_reported(claim, editor, checker):
    since, start = timezone.now(), claim.version
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    Claim.objects.filter(pk=claim.pk).update(version=claim.version + 2)
    lost = _check(claim, start, since, steps=1)
    assert len(lost) == 1 and "version bumps" in lost[0]


def test_evidence_a_client_was_told_of_but_not_stored_is_reported(claim, editor, checker):
    since, start = timezone.now(), claim.version
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    lost = _check(claim, start, since, steps=1, evidence=1)
    assert len(lost) == 1 and "evidence added" in lost[0]
