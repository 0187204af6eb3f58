"""`manage.py loadseed --demo-users` (claims/demodesk.py): a desk mid-week for `make run`. The seed's
claims in every status, with sources, notes, assignments, due dates (some overdue), published
fact-checks and a correction, history over past weeks, all made through the model's own methods.
Development only, and idempotent."""
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from claims.models import Claim, Correction, Evidence, HistoryEntry, Note, Organisation
from claims.workflow import Status


def load_demo():
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("loadseed", "--demo-users", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_desk(db):
    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    return load_demo()


def test_every_status_is_on_the_demo_desk(demo_desk):
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("pk")))
    assert counts == {Status.NEW: 5, Status.IN_RESEARCH: 4, Status.IN_REVIEW: 3, Status.VERIFIED: 2,
                      Status.PUBLISHED: 4, Status.DISMISSED: 1}
    assert "Demo desk (development only)" in demo_desk


def test_demo_desk_has_work_in_hand(demo_desk):
    assert Claim.objects.overdue().count() == 2
    assert Claim.objects.filter(status=Status.IN_RESEARCH, due_date__gte=timezone.localdate()).count() == 2
    assert Evidence.objects.values("source").distinct().count() >= 5
    # Sources are shared between claims, as a desk's are.
    assert Evidence.objects.count() > Evidence.objects.values("source").distinct().count()
    assert Note.objects.count() >= 14
    assert Claim.objects.exclude(status__in=[Status.NEW, Status.DISMISSED]).filter(assignee__isnull=True).count() == 0


def test_demo_desk_has_a_published_fact_check_and_a_correction(demo_desk):
    correction = Correction.objects.select_related("claim", "old_rating", "new_rating").get()
    assert (correction.old_rating.slug, correction.new_rating.slug) == ("false", "mostly-false")
    assert correction.claim.status == Status.PUBLISHED and correction.public_note
    for claim in Claim.objects.published():
        # Four eyes: whoever approved did not propose.
        assert claim.approved_by_id != claim.proposed_by_id and claim.published_rating and claim.published_conclusion


def test_demo_history_is_spread_over_past_weeks_in_order(demo_desk):
    now = timezone.now()
    times = list(HistoryEntry.objects.values_list("created_at", flat=True))
    assert min(times) < now - datetime.timedelta(days=14)
    assert max(times) < now
    days = {t.date() for t in times}
    assert len(days) >= 10
    # Each claim's history reads in the order it happened (by time, as by insertion).
    for claim in Claim.objects.all():
        entries = list(claim.history.order_by("pk").values_list("created_at", flat=True))
        assert entries == sorted(entries)
    opened = {c.created_at.date() for c in Claim.objects.all()}
    assert len(opened) >= 10  # the dashboard's "opened per day" has a shape


def test_demo_desk_is_clearly_demo_data(demo_desk):
    assert Organisation.current().name == "Demo Desk Fact Check"
    assert Note.objects.filter(body__startswith="Demo data").count() == 14
    assert not Evidence.objects.exclude(source__url__startswith="https://example.org/demo/").exists()


def test_loading_the_demo_twice_changes_nothing(demo_desk):
    before = (HistoryEntry.objects.count(), Note.objects.count(), Evidence.objects.count(),
              list(Claim.objects.order_by("pk").values_list("status", "version")))
    out = load_demo()
    after = (HistoryEntry.objects.count(), Note.objects.count(), Evidence.objects.count(),
             list(Claim.objects.order_by("pk").values_list("status", "version")))
    assert after == before
    assert "Demo desk already in place" in out


def test_demo_desk_is_refused_with_debug_off(db):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("loadseed", "--demo-users", stdout=StringIO())
    assert not Claim.objects.exists()


def test_plain_loadseed_builds_no_demo_desk(db):
    call_command("loadseed", stdout=StringIO())
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.NEW}
    assert not Evidence.objects.exists()


# serialized_rollback, as every transactional test outside tests/browser/: the flush after it must not
# leave the next such test restoring rows that are already there.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_desk_sends_no_email(mailoutbox):
    """Committed for real (a transactional test), as in `make run`: the notifications are written when
    the changes commit, and none is mailed then or later by a worker."""
    from claims.models import Notification

    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    load_demo()
    assert mailoutbox == []
    assert Notification.objects.exists()
    assert set(Notification.objects.values_list("mail_status", flat=True)) == {Notification.MailStatus.SKIPPED}


@pytest.mark.postgres_only
def test_demo_desk_builds_on_postgresql_without_rewriting_history(db, on_postgres):
    """The append-only triggers refuse any UPDATE of history: the demo dates records as it writes them.
    (Not a transactional test: the triggers fire inside the test's transaction all the same.)"""
    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    load_demo()
    assert Claim.objects.published().count() == 4


def test_demo_desk_on_a_seed_loaded_earlier_keeps_history_in_order(db):
    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    call_command("loadseed", stdout=StringIO())  # the seed alone, opened now
    load_demo()
    assert Claim.objects.published().count() == 4
    now = timezone.now()
    for claim in Claim.objects.all():
        entries = list(claim.history.order_by("pk").values_list("created_at", flat=True))
        assert entries == sorted(entries) and entries[0] >= claim.created_at and entries[-1] <= now


def test_a_refused_demo_step_loads_nothing_and_says_why(db, monkeypatch):
    from claims import demodesk

    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    plan = dict(demodesk.PLAN)
    # Approving a verdict nobody proposed: the workflow refuses it.
    plan["Kallas is the EU's foreign policy chief"] = [("approve", {"by": "editor"})]
    monkeypatch.setattr(demodesk, "PLAN", plan)
    with pytest.raises(CommandError, match="The demo desk could not be built .*Nothing was loaded"):
        load_demo()
    assert not Claim.objects.exists() and not HistoryEntry.objects.exists()
