"""The due-date tally and the activity tally (DueDateTally, ActivityTally, migration 0028): the
database's own count of the desk's claims per (due date, assignee), and of claims opened and
verified per quarter-hour of UTC, which the dashboard reads instead of counting overdue claims and
the month's claims and verifications.

What must hold: through every way of writing claims and history (save, queryset.update,
bulk_create, delete, raw SQL) and any compaction in between, the tallies equal the real counts:
overdue per assignee as overdue_q() counts it, for any "today"; every claim's created_at in its
quarter-hour; every verification in the history in its quarter-hour. And the chart built from
quarter-hours gives each local day what converting each row to the desk's time zone gives, on days
of 23 and 25 hours and in zones a half or three quarters of an hour from UTC."""
import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.test.utils import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from claims.models import ActivityTally, Article, Claim, DueDateTally, HistoryEntry, compact_tallies
from claims.views.dashboard import opened_vs_verified_chart
from claims.workflow import ON_DESK, Status

from .conftest import make_user

UTC = datetime.timezone.utc
# A moment on a quarter-hour of UTC: the rules below write times a few minutes either side of it.
NOON = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
TODAY = NOON.date()
VERIFICATION = {"action": HistoryEntry.Action.STATUS, "field": "status", "new_value": Status.VERIFIED}


def quarter_hour(moment):
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)


def summed(rows, *key):
    return {tuple(row[k] for k in key): row["n"] for row in rows.values(*key).annotate(n=Sum("delta")).exclude(n=0)}


def assert_tallies_exact():
    on_desk = Claim.objects.filter(status__in=ON_DESK, due_date__isnull=False).order_by()
    assert summed(DueDateTally.objects, "due_date", "assignee") == {
        (row["due_date"], row["assignee"]): row["n"] for row in on_desk.values("due_date", "assignee").annotate(n=Count("pk"))}
    for days in (-3, 0, 1, 4):
        today = TODAY + datetime.timedelta(days=days)
        counted = {row["assignee"]: row["n"] for row in
                   Claim.objects.overdue(today).order_by().values("assignee").annotate(n=Count("pk"))}
        tallied = {a: n for (a,), n in summed(DueDateTally.objects.overdue(today), "assignee").items()}
        assert tallied == counted, today
    opened = Counter(quarter_hour(at) for at in Claim.objects.values_list("created_at", flat=True))
    verified = Counter(quarter_hour(at) for at in HistoryEntry.objects.filter(**VERIFICATION).values_list("created_at", flat=True))
    tally = ActivityTally.objects
    assert {q: n for (q,), n in summed(tally.filter(kind=ActivityTally.Kind.OPENED), "quarter_hour").items()} == opened
    assert {q: n for (q,), n in summed(tally.filter(kind=ActivityTally.Kind.VERIFIED), "quarter_hour").items()} == verified
    # No key ever sums below zero.
    for model, key in ((DueDateTally, ("due_date", "assignee")), (ActivityTally, ("kind", "quarter_hour"))):
        assert not model.objects.values(*key).annotate(n=Sum("delta")).filter(n__lt=0).exists()


statuses = st.sampled_from(Status.values)
due_dates = st.none() | st.integers(-4, 4).map(lambda d: TODAY + datetime.timedelta(days=d))
# Either side of quarter-hours, to the microsecond.
moments = st.integers(-2 * 3600, 2 * 3600).map(lambda s: NOON + datetime.timedelta(seconds=s)) | st.sampled_from(
    [NOON - datetime.timedelta(microseconds=1), NOON, NOON + datetime.timedelta(minutes=14, seconds=59, microseconds=999999)])
people = st.sampled_from([None, 0, 1])
fields = st.sampled_from(["status", "due_date", "assignee", "created_at"])


class Tallies(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.people = [make_user(f"tally{i}", "Fact-checkers") for i in range(2)]
        self.article = Article.objects.create(title="Tallies", publisher="Example News", body="Sentences to count.")
        self.made = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def person(self, i):
        return None if i is None else self.people[i]

    def claim(self, status, due_date, person, created_at):
        self.made += 1
        return Claim(article=self.article, text=f"Claim {self.made}", start=0, end=5, quote="Sente", status=status,
                     due_date=due_date, assignee=self.person(person), created_at=created_at)

    # --- doors -----------------------------------------------------------------------------------

    @rule(status=statuses, due_date=due_dates, person=people, created_at=moments)
    def create_one(self, status, due_date, person, created_at):
        self.claim(status, due_date, person, created_at).save()

    @rule(rows=st.lists(st.tuples(statuses, due_dates, people, moments), min_size=1, max_size=6))
    def bulk_create(self, rows):
        Claim.objects.bulk_create([self.claim(*row) for row in rows])

    @precondition(lambda self: Claim.objects.exists())
    @rule(data=st.data(), field=fields)
    def save_a_change(self, data, field):
        claim = data.draw(st.sampled_from(list(Claim.objects.order_by("pk"))))
        setattr(claim, field, data.draw({"status": statuses, "due_date": due_dates, "assignee": people.map(self.person),
                                         "created_at": moments}[field]))
        claim.save()

    @precondition(lambda self: Claim.objects.exists())
    @rule(data=st.data(), among=statuses, field=fields)
    def update_a_queryset(self, data, among, field):
        value = data.draw({"status": statuses, "due_date": due_dates, "assignee": people.map(self.person),
                           "created_at": moments}[field])
        Claim.objects.filter(status__in=[among, Status.IN_RESEARCH]).update(**{field: value})

    @precondition(lambda self: Claim.objects.exists())
    @rule(among=statuses, status=statuses, days=st.integers(-2, 2))
    def raw_sql(self, among, status, days):
        table = connection.ops.quote_name(Claim._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET status = %s WHERE status = %s", [status, among])
            cursor.execute(f"UPDATE {table} SET due_date = %s WHERE status = %s", [TODAY + datetime.timedelta(days=days), status])

    @precondition(lambda self: Claim.objects.filter(history__isnull=True).exists())
    @rule(data=st.data(), how_many=st.integers(1, 3))
    def delete(self, data, how_many):
        # Claims with history cannot be deleted (the record is append-only); the others can.
        pks = list(Claim.objects.filter(history__isnull=True).order_by("pk").values_list("pk", flat=True))
        chosen = data.draw(st.lists(st.sampled_from(pks), min_size=1, max_size=how_many, unique=True))
        if len(chosen) == 1:
            Claim.objects.get(pk=chosen[0]).delete()
        else:
            Claim.objects.filter(pk__in=chosen).delete()

    @precondition(lambda self: Claim.objects.exists())
    @rule(data=st.data(), created_at=moments, verification=st.booleans())
    def log(self, data, created_at, verification):
        claim = data.draw(st.sampled_from(list(Claim.objects.order_by("pk"))))
        what = VERIFICATION if verification else {"action": HistoryEntry.Action.STATUS, "field": "status",
                                                  "new_value": Status.PUBLISHED}
        HistoryEntry.objects.create(claim=claim, created_at=created_at, **what)

    @precondition(lambda self: Claim.objects.exists())
    @rule(data=st.data(), moments_=st.lists(moments, min_size=1, max_size=4))
    def log_in_bulk(self, data, moments_):
        claim = data.draw(st.sampled_from(list(Claim.objects.order_by("pk"))))
        HistoryEntry.objects.bulk_create([HistoryEntry(claim=claim, created_at=at, **VERIFICATION) for at in moments_]
                                         + [HistoryEntry(claim=claim, created_at=moments_[0], action=HistoryEntry.Action.NOTE)])

    @rule()
    def compact(self):
        compact_tallies()

    @invariant()
    def the_tallies_count_exactly(self):
        assert_tallies_exact()


@pytest.mark.django_db
def test_every_door_keeps_the_due_date_and_activity_tallies_exact():
    run_state_machine_as_test(Tallies, settings=settings(
        max_examples=30, stateful_step_count=20, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))


def test_the_triggers_know_the_desk_and_a_verification_as_the_code_does():
    """Migration 0028 writes out the desk's statuses and what a verification entry is; the code's
    definitions must still be those."""
    import importlib

    migration = importlib.import_module("claims.migrations.0028_due_date_and_activity_tallies")
    assert migration.ON_DESK == "(" + ", ".join(f"'{s}'" for s in sorted(ON_DESK)) + ")"
    assert migration.VERIFICATION == " AND ".join(f"{k} = '{v}'" for k, v in VERIFICATION.items())


@pytest.mark.django_db
def test_deleting_every_claim_and_entry_leaves_the_tallies_empty(checker):
    article = Article.objects.create(title="Gone", publisher="Example News", body="Sentences.")
    claim = Claim.objects.create(article=article, text="Gone", start=0, end=5, quote="Sente", status=Status.IN_RESEARCH,
                                 assignee=checker, due_date=TODAY)
    HistoryEntry.objects.create(claim=claim, **VERIFICATION)
    assert DueDateTally.objects.exists() and ActivityTally.objects.count() == 2
    if connection.vendor == "sqlite":  # PostgreSQL refuses to delete history (migration 0003)
        with connection.cursor() as cursor:  # as the test runner's flush does
            cursor.execute("DELETE FROM claims_historyentry")
            cursor.execute("DELETE FROM claims_claim")
        assert not DueDateTally.objects.exists() and not ActivityTally.objects.exists()


# --- the chart's days from quarter-hours ------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("zone, first, last", [
    ("Europe/Berlin", datetime.date(2026, 3, 27), datetime.date(2026, 3, 31)),    # 29 March: 23 hours
    ("Europe/Berlin", datetime.date(2026, 10, 23), datetime.date(2026, 10, 27)),  # 25 October: 25 hours
    ("Asia/Kolkata", datetime.date(2026, 3, 27), datetime.date(2026, 3, 31)),     # UTC+5:30
    ("Asia/Kathmandu", datetime.date(2026, 3, 27), datetime.date(2026, 3, 31)),   # UTC+5:45
    ("America/St_Johns", datetime.date(2026, 3, 6), datetime.date(2026, 3, 10)),  # UTC-3:30, 8 March: 23 hours
])
def test_each_local_day_gets_what_happened_in_it(zone, first, last, checker):
    tz = ZoneInfo(zone)
    article = Article.objects.create(title="Days", publisher="Example News", body="Sentences.")
    moments = []
    for i in range(-1, (last - first).days + 2):
        midnight = datetime.datetime.combine(first + datetime.timedelta(days=i), datetime.time.min, tzinfo=tz)
        # Each day a different number of claims right at its start and right before its end, so a
        # day boundary off by a quarter-hour changes the days' counts.
        moments += [midnight] * (i + 2) + [midnight + datetime.timedelta(days=1, microseconds=-1)] * (2 * i + 3) + [
            midnight + datetime.timedelta(minutes=14, seconds=59), midnight + datetime.timedelta(hours=2, minutes=30)]
    claims = Claim.objects.bulk_create([
        Claim(article=article, text=f"At {at}", start=0, end=5, quote="Sente", created_at=at) for at in moments])
    HistoryEntry.objects.bulk_create([HistoryEntry(claim=c, created_at=c.created_at, **VERIFICATION) for c in claims[::2]])
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        chart = opened_vs_verified_chart(first, last)
        days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
        opened = Counter(timezone.localtime(at).date() for at in moments)
        verified = Counter(timezone.localtime(c.created_at).date() for c in claims[::2])
    shown = {s.key: {p.day: p.value for p in s.points} for s in chart.series}
    assert shown["opened"] == {d: opened[d] for d in days}
    assert shown["verified"] == {d: verified[d] for d in days}
