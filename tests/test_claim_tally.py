"""The claim tally (ClaimTally, migration 0022): the database's own count of claims per (status,
assignee), which the board, the dashboard and the claims list read instead of counting every claim.

What must hold: through every way of writing claims (the ORM, queryset.update, bulk_create, raw SQL,
deletes) the tally's sums equal the real counts; ClaimQuerySet reads it only for the sets of claims
it can answer for, and counts otherwise; compaction changes no sum, even while other transactions
write (PostgreSQL). The state machine of tests/test_published_record.py checks the same invariant
after every step through every door it drives."""
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimTally, compact_tallies
from claims.workflow import ON_DESK, Status

from .conftest import make_article_with_claims
from .test_dashboard_tallies import assert_tallies_exact


def real_counts():
    return {(row["status"], row["assignee"]): row["n"]
            for row in Claim.objects.order_by().values("status", "assignee").annotate(n=Count("pk"))}


def tallied():
    return {(row["status"], row["assignee"]): row["n"] for row in
            ClaimTally.objects.values("status", "assignee").annotate(n=Sum("delta")).filter(n__gt=0)}


def assert_tally_exact():
    assert tallied() == real_counts()
    # No pair is ever below zero, even where the counts are 0.
    assert not ClaimTally.objects.values("status", "assignee").annotate(n=Sum("delta")).filter(n__lt=0).exists()


def counts_claims(queries):
    return any('FROM "claims_claim"' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def desk(editor, editor2, checker):
    make_article_with_claims(18, editor=editor, checker=checker, approver=editor2)
    return Claim.objects.all()


def test_the_tally_counts_claims_as_they_are_made_moved_and_deleted(desk, checker, checker2):
    assert_tally_exact()
    claim = desk.filter(status=Status.NEW).first()
    claim.status, claim.assignee = Status.IN_RESEARCH, checker2
    claim.save()
    assert_tally_exact()
    claim.text = "Only the wording changes"
    rows = ClaimTally.objects.count()
    claim.save()
    assert ClaimTally.objects.count() == rows, "a change to neither status nor assignee appends nothing"
    # A claim with history cannot be deleted (the record is append-only); one made without can.
    bare = Claim.objects.create(article_id=claim.article_id, text="No history", start=0, end=5, quote="Sente",
                                assignee=checker)
    assert_tally_exact()
    bare.delete()
    assert_tally_exact()


def test_queryset_update_and_bulk_create_keep_the_tally_exact(desk, checker2):
    Claim.objects.filter(status__in=ON_DESK).update(assignee=checker2)
    assert_tally_exact()
    Claim.objects.filter(status=Status.DISMISSED).update(status=Status.NEW, assignee=None)
    assert_tally_exact()
    template = Claim.objects.first()
    Claim.objects.bulk_create([
        Claim(article_id=template.article_id, text=f"Bulk {i}", start=0, end=5, quote="Sente", assignee=checker2,
              status=Status.IN_REVIEW) for i in range(5)
    ])
    assert_tally_exact()
    Claim.objects.filter(text__startswith="Bulk").delete()
    assert_tally_exact()


def test_raw_sql_cannot_pass_by_the_tally(desk, checker):
    table = connection.ops.quote_name(Claim._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s WHERE status = %s", [Status.DISMISSED, Status.NEW])
        assert_tally_exact()
        cursor.execute(f"UPDATE {table} SET assignee_id = NULL WHERE assignee_id = %s", [checker.pk])
        assert_tally_exact()
        cursor.execute(f"UPDATE {table} SET priority = 4")
        assert_tally_exact()


def test_compaction_folds_the_rows_without_changing_a_sum(desk, checker, checker2):
    for who in (checker2, checker, checker2):
        Claim.objects.filter(status=Status.IN_RESEARCH).update(assignee=who)
    before = tallied()
    rows = ClaimTally.objects.count()
    left = ClaimTally.objects.compact()
    assert tallied() == before == real_counts()
    assert left == ClaimTally.objects.count() == len(before) < rows
    # Every pair once, none at zero.
    assert not ClaimTally.objects.filter(delta=0).exists()
    assert ClaimTally.objects.values("status", "assignee").annotate(n=Count("pk")).filter(n__gt=1).count() == 0


def test_the_compaction_command_and_scheduled_task(desk, checker2, capsys):
    from claims.schedule import JOBS, compact_claim_tally

    assert compact_claim_tally in JOBS
    Claim.objects.filter(status=Status.NEW).update(assignee=checker2)
    call_command("compact_claim_tally")
    out = capsys.readouterr().out
    assert all(f"{name} compacted" in out for name in ("ClaimTally", "DueDateTally", "ActivityTally"))
    assert tallied() == real_counts() and ClaimTally.objects.count() == len(real_counts())
    Claim.objects.filter(status=Status.NEW).update(assignee=None)
    compact_claim_tally.call()
    assert tallied() == real_counts() and ClaimTally.objects.count() == len(real_counts())


# --- when the tally may answer ---------------------------------------------------------------------

def test_the_tally_answers_for_every_claim_and_for_status_and_assignee_filters(desk, checker, viewer):
    answered = [
        Claim.objects.all(),
        Claim.objects.visible_to(viewer),
        Claim.objects.filter(status=Status.IN_RESEARCH),
        Claim.objects.filter(status__in=ON_DESK),
        Claim.objects.filter(assignee=checker),
        Claim.objects.filter(assignee_id=checker.pk),
        Claim.objects.filter(assignee__isnull=True),
        Claim.objects.filter(assignee__isnull=False, status=Status.IN_REVIEW),
        Claim.objects.filter(status=Status.PUBLISHED).filter(assignee=checker).order_by("-updated_at"),
        Claim.objects.for_list().with_idle_flag().filter(status=Status.NEW),
    ]
    for claims in answered:
        assert claims.tally() is not None, claims.query
        expected = {s: claims.filter(status=s).count() for s in Status.values}
        total = claims.count()
        with CaptureQueriesContext(connection) as queries:
            assert claims.count_by_status() == expected
            assert claims.total() == total
        assert not counts_claims(queries), str(claims.query)


def test_any_other_condition_counts_the_claims_themselves(desk, checker, article):
    counted = [
        Claim.objects.filter(article=Claim.objects.first().article_id),
        Claim.objects.exclude(status=Status.NEW),
        Claim.objects.filter(Q(status=Status.NEW) | Q(assignee=checker)),
        Claim.objects.filter(assignee__username="checker"),
        Claim.objects.filter(status__startswith="in_"),
        Claim.objects.filter(assignee__in=Claim.objects.values("proposed_by")),
        Claim.objects.filter(due_date__isnull=False),
        Claim.objects.search("fact"),
        Claim.objects.overdue(),
        Claim.objects.filter(status=Status.NEW).filter(status=Status.DISMISSED),
        Claim.objects.distinct(),
        Claim.objects.all()[:3],
    ]
    for claims in counted:
        assert claims.tally() is None, str(claims.query)
        expected = {s: claims.filter(status=s).count() for s in Status.values} if not claims.query.is_sliced else None
        if expected is not None:
            assert claims.count_by_status() == expected
            assert claims.total() == claims.count()


def test_an_empty_set_of_claims_needs_no_query(desk):
    with CaptureQueriesContext(connection) as queries:
        assert Claim.objects.none().count_by_status() == dict.fromkeys(Status.values, 0)
        assert Claim.objects.none().total() == 0
    assert len(queries) == 0


# --- PostgreSQL: concurrent writers and a compaction in between ------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_a_rollback_and_a_compaction_keep_the_tally_exact(on_postgres, editor, editor2,
                                                                                 checker, checker2):
    make_article_with_claims(12, editor=editor, checker=checker, approver=editor2)
    new = list(Claim.objects.filter(status=Status.NEW).values_list("pk", flat=True))
    on_desk = list(Claim.objects.filter(status__in=ON_DESK).values_list("pk", flat=True))
    assert new and on_desk
    moved, compacted, committed = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                connection.close()
        return threading.Thread(target=run)

    def writer_who_commits():
        # Moves claims and holds its transaction open across the compaction: its rows are not in the
        # compaction's snapshot, so the compaction must neither delete nor sum them.
        with transaction.atomic():
            Claim.objects.filter(pk__in=new).update(status=Status.IN_RESEARCH, assignee=checker2)
            moved.set()
            assert compacted.wait(10)
        committed.set()

    def writer_who_rolls_back():
        with transaction.atomic():
            Claim.objects.filter(pk__in=on_desk).update(assignee=None, status=Status.DISMISSED)
            assert moved.wait(10)
            assert compacted.wait(10)
            transaction.set_rollback(True)

    def compactor():
        assert moved.wait(10)
        compact_tallies()  # every tally, the due-date tally (moved by both writers) included
        compacted.set()

    threads = [in_thread(w) for w in (writer_who_commits, writer_who_rolls_back, compactor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert committed.is_set()
    assert_tally_exact()
    assert Claim.objects.filter(pk__in=new, status=Status.IN_RESEARCH, assignee=checker2).count() == len(new)
    assert_tallies_exact()
    compact_tallies()
    assert_tally_exact()
    assert_tallies_exact()
    assert ClaimTally.objects.count() == len(real_counts())


# --- the pages that read it ------------------------------------------------------------------------

def test_the_dashboard_and_board_show_the_real_counts_after_a_raw_change(client, desk, viewer, checker, checker2):
    from django.urls import reverse

    from .conftest import login

    table = connection.ops.quote_name(Claim._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET assignee_id = %s WHERE status = %s", [checker2.pk, Status.IN_REVIEW])
    login(client, viewer)
    response = client.get(reverse("claims:home"))
    shown = {item["status"]: item["count"] for item in response.context["status_counts"]}
    assert shown == {s: Claim.objects.filter(status=s).count() for s in Status.values}
    assert response.context["figures"]["total"] == Claim.objects.count()
    assert response.context["figures"]["overdue"] == Claim.objects.overdue().count()
    for person in response.context["checkers"]:
        mine = Claim.objects.filter(assignee=person)
        assert (person.n_research, person.n_review, person.n_overdue) == (
            mine.filter(status=Status.IN_RESEARCH).count(), mine.filter(status=Status.IN_REVIEW).count(),
            mine.overdue().count())
    assert {p.username for p in response.context["checkers"]} >= {"checker", "checker2"}
    board = client.get(reverse("claims:board"), {"assignee": checker2.pk})
    assert {c["status"]: c["count"] for c in board.context["columns"]} == {
        s: Claim.objects.filter(status=s, assignee=checker2).count() for s in Status.values}


@pytest.mark.parametrize("filters", [{}, {"status": Status.IN_RESEARCH}, {"assignee": "checker"},
                                     {"assignee": "none"}, {"status": Status.PUBLISHED, "assignee": "checker"}])
def test_the_claims_list_totals_come_from_the_tally(client, desk, editor, checker, filters):
    from django.urls import reverse

    from .conftest import login

    params = {**filters}
    expected = Claim.objects.all()
    if "status" in filters:
        expected = expected.filter(status=filters["status"])
    if filters.get("assignee") == "checker":
        params["assignee"] = checker.pk
        expected = expected.filter(assignee=checker)
    elif filters.get("assignee") == "none":
        expected = expected.filter(assignee__isnull=True)
    Claim.objects.filter(status=Status.NEW).update(assignee=None)  # appended rows, not yet compacted
    login(client, editor)
    client.get(reverse("claims:list"), params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claims:list"), params)
    assert response.context["page"].paginator.count == expected.count() > 0
    assert not any(q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "claims_claim"')
                   for q in queries.captured_queries)


def test_the_claims_list_counts_the_claims_for_other_filters(client, desk, editor):
    from django.urls import reverse

    from .conftest import login

    article = Claim.objects.first().article_id
    login(client, editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claims:list"), {"article": article, "status": Status.NEW})
    assert response.context["page"].paginator.count == Claim.objects.filter(article=article, status=Status.NEW).count()
    assert any('COUNT(*) AS "__count" FROM "claims_claim"' in q["sql"] for q in queries.captured_queries)


def test_a_compaction_rewrites_only_the_keys_that_moved(on_postgres, desk, checker2):
    from claims.models import ActivityTally

    compact_tallies()
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in (ClaimTally, ActivityTally)}
    claim = Claim.objects.filter(status=Status.NEW).first()
    Claim.objects.filter(pk=claim.pk).update(assignee=checker2)  # one claim tally pair moves, no quarter-hour
    compact_tallies()
    assert set(ActivityTally.objects.values_list("pk", flat=True)) == before[ActivityTally]
    kept = set(ClaimTally.objects.values_list("pk", flat=True)) & before[ClaimTally]
    assert len(kept) == len(before[ClaimTally]) - 1  # only the pair the claim left was rewritten
    assert_tally_exact()
    assert_tallies_exact()
