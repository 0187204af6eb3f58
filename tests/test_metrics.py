"""Stage times from history (claims/metrics.py): seeded histories with known timestamps give exact
figures, on SQLite and on PostgreSQL alike (run this module with DATABASE_URL set to PostgreSQL too).

The seeded desk, January 2026 (London is on UTC then, so local and stored times agree):
- A goes straight through: new 2 h, research 24 h, review 4 h, verified 1 h, published 31 h after it
  was opened.
- B is sent back once: new 4 h, research 24 h, review 2 h (sent back), research 24 h, review 1 h, and
  sits verified since 12 January 07:00.
- C was opened on 20 December, researched 13 days, published on 2 January, reopened on 15 January
  and published again (a correction) on 16 January.
- D is dismissed after 6 h, restored two days later, waits 2 h more and sits in research since
  22 January 08:00.
- E is opened on 25 January and still new.
"""
import datetime

import pytest
from django.urls import reverse

from claims import metrics
from claims.models import Claim, HistoryEntry, StageVisit
from claims.workflow import Status

from .conftest import login

UTC = datetime.UTC
H = 3600.0
JANUARY = metrics.Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
NOW = datetime.datetime(2026, 2, 1, tzinfo=UTC)


def at(month, day, hour=0, year=2026):
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


def seed_claim(article, status, created, steps, *, priority=2, claim_type="quantity", assignee=None):
    """A claim in `status` whose history is its creation at `created` and `steps`:
    (moment, old status, new status, actor) status changes, written with those timestamps."""
    claim = Claim.objects.create(
        article=article, text=f"Claim opened {created:%d %b %H:%M}", start=0, end=4, quote=article.body[:4],
        status=status, priority=priority, claim_type=claim_type, assignee=assignee,
    )
    HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.CREATED, new_value=claim.quote, created_at=created)
    for moment, old, new, actor in steps:
        # An assignment logged just before the status change, as Claim.transition does: not a stage change.
        if new == Status.IN_RESEARCH and old == Status.NEW:
            HistoryEntry.objects.create(claim=claim, actor=actor, action=HistoryEntry.Action.ASSIGNMENT,
                                        field="assignee", new_value="someone", created_at=moment)
        HistoryEntry.objects.create(claim=claim, actor=actor, action=HistoryEntry.Action.STATUS, field="status",
                                    old_value=old, new_value=new, created_at=moment)
    # History written directly, with chosen timestamps, as an import writes it: its visits too.
    StageVisit.objects.rebuild([claim.pk])
    return claim


@pytest.fixture(name="desk")
def seeded_desk(article, editor, editor2, checker, checker2):
    S = Status
    a = seed_claim(article, S.PUBLISHED, at(1, 5, 9), [
        (at(1, 5, 11), S.NEW, S.IN_RESEARCH, editor),
        (at(1, 6, 11), S.IN_RESEARCH, S.IN_REVIEW, checker),
        (at(1, 6, 15), S.IN_REVIEW, S.VERIFIED, editor2),
        (at(1, 6, 16), S.VERIFIED, S.PUBLISHED, editor),
    ], assignee=checker)
    b = seed_claim(article, S.VERIFIED, at(1, 10, 0), [
        (at(1, 10, 4), S.NEW, S.IN_RESEARCH, editor),
        (at(1, 11, 4), S.IN_RESEARCH, S.IN_REVIEW, checker),
        (at(1, 11, 6), S.IN_REVIEW, S.IN_RESEARCH, editor2),
        (at(1, 12, 6), S.IN_RESEARCH, S.IN_REVIEW, checker),
        (at(1, 12, 7), S.IN_REVIEW, S.VERIFIED, editor),
    ], priority=4, assignee=checker)
    c = seed_claim(article, S.PUBLISHED, at(12, 20, 0, year=2025), [
        (at(12, 20, 10, year=2025), S.NEW, S.IN_RESEARCH, editor),
        (at(1, 2, 10), S.IN_RESEARCH, S.IN_REVIEW, checker2),
        (at(1, 2, 12), S.IN_REVIEW, S.VERIFIED, editor),
        (at(1, 2, 13), S.VERIFIED, S.PUBLISHED, editor),
        (at(1, 15, 13), S.PUBLISHED, S.IN_RESEARCH, editor),
        (at(1, 16, 13), S.IN_RESEARCH, S.IN_REVIEW, checker2),
        (at(1, 16, 14), S.IN_REVIEW, S.VERIFIED, editor2),
        (at(1, 16, 15), S.VERIFIED, S.PUBLISHED, editor),
    ], assignee=checker2, claim_type="causal")
    d = seed_claim(article, S.IN_RESEARCH, at(1, 20, 0), [
        (at(1, 20, 6), S.NEW, S.DISMISSED, editor),
        (at(1, 22, 6), S.DISMISSED, S.NEW, editor),
        (at(1, 22, 8), S.NEW, S.IN_RESEARCH, editor),
    ], assignee=checker2)
    e = seed_claim(article, S.NEW, at(1, 25, 0), [])
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def spread(count, median_hours, p90_hours):
    return metrics.Spread(count, round(median_hours * H, 3), round(p90_hours * H, 3))


# --- per claim ----------------------------------------------------------------------------------


def test_each_claims_stage_times_send_backs_reopenings_and_time_to_first_publication(desk):
    times = metrics.claim_stage_times([c.pk for c in desk.values()], now=NOW)
    S = Status
    a, b, c, d, e = (times[desk[k].pk] for k in "abcde")
    assert a.seconds == {S.NEW: 2 * H, S.IN_RESEARCH: 24 * H, S.IN_REVIEW: 4 * H, S.VERIFIED: 1 * H}
    assert (a.send_backs, a.reopenings, a.to_first_publication) == (0, 0, 31 * H)
    # Sent back once: two research visits, two review visits; still verified, counted up to now.
    assert b.seconds == {S.NEW: 4 * H, S.IN_RESEARCH: 48 * H, S.IN_REVIEW: 3 * H, S.VERIFIED: 473 * H}
    assert b.visits == {S.NEW: 1, S.IN_RESEARCH: 2, S.IN_REVIEW: 2, S.VERIFIED: 1}
    assert (b.send_backs, b.reopenings, b.to_first_publication) == (1, 0, None)
    # Reopened and republished: the time to *first* publication, one reopening, no send-back.
    assert c.seconds == {S.NEW: 10 * H, S.IN_RESEARCH: 336 * H, S.IN_REVIEW: 3 * H, S.VERIFIED: 2 * H}
    assert (c.send_backs, c.reopenings, c.to_first_publication) == (0, 1, 325 * H)
    # Dismissed for two days and restored: the dismissed time is in no stage; "new" twice.
    assert d.seconds == {S.NEW: 8 * H, S.IN_RESEARCH: 232 * H, S.IN_REVIEW: 0.0, S.VERIFIED: 0.0}
    assert d.visits[S.NEW] == 2
    assert e.seconds[S.NEW] == 168 * H


def test_a_claim_without_history_has_zero_times(article):
    claim = Claim.objects.create(article=article, text="No history", start=0, end=4, quote=article.body[:4])
    times = metrics.claim_stage_times([claim.pk], now=NOW)[claim.pk]
    assert times.seconds == {s: 0.0 for s in metrics.STAGES}
    assert times.to_first_publication is None


# --- the Desk page's figures ----------------------------------------------------------------------


def test_median_and_p90_per_stage_over_the_visits_that_ended_in_the_period(desk):
    figures = metrics.desk_figures(JANUARY, now=NOW)
    stages = {stage: s for stage, _, s in figures.stages}
    # new: A 2, B 4, D 6 and 2 (C's visit ended in December).
    assert stages[Status.NEW] == spread(4, 3, 5.4)
    # research: A 24, B 24 and 24, C 312 and 24.
    assert stages[Status.IN_RESEARCH] == spread(5, 24, 196.8)
    # review: A 4, B 2 and 1, C 2 and 1.
    assert stages[Status.IN_REVIEW] == spread(5, 2, 3.2)
    # verified: A 1, C 1 and 1 (B's visit has not ended).
    assert stages[Status.VERIFIED] == spread(3, 1, 1)
    # First publications in January: A after 31 h, C after 325 h (its republication does not count).
    assert figures.first_publication == spread(2, 178, 295.6)


def test_events_in_the_period_and_the_send_back_rate(desk):
    figures = metrics.desk_figures(JANUARY, now=NOW)
    assert figures.totals == {
        "opened": 4, "verified": 4, "published": 2, "republished": 1, "sent_back": 1, "reopened": 1,
        "dismissed": 1, "restored": 1,
    }
    assert figures.send_back_rate == pytest.approx(0.2)


def test_throughput_per_week_clipped_to_the_period(desk):
    figures = metrics.desk_figures(JANUARY, now=NOW)
    weeks = [(week.first.day, week.last.day) for week, _ in figures.weeks]
    assert weeks == [(1, 4), (5, 11), (12, 18), (19, 25), (26, 31)]
    assert [row["opened"] for _, row in figures.weeks] == [0, 2, 0, 2, 0]
    assert [row["verified"] for _, row in figures.weeks] == [1, 1, 2, 0, 0]
    assert [row["published"] for _, row in figures.weeks] == [1, 1, 0, 0, 0]
    assert [row["republished"] for _, row in figures.weeks] == [0, 0, 1, 0, 0]


def test_review_latency_per_reviewer_and_research_time_per_fact_checker(desk, editor, editor2, checker, checker2):
    figures = metrics.desk_figures(JANUARY, now=NOW)
    assert figures.reviewers == [(editor2, spread(3, 2, 3.6)), (editor, spread(2, 1.5, 1.9))]
    assert figures.researchers == [(checker2, spread(2, 168, 283.2)), (checker, spread(3, 24, 24))]


def test_work_in_progress_and_ageing_now(desk):
    figures = metrics.desk_figures(JANUARY, now=NOW)
    assert figures.work_in_progress == [
        (Status.NEW, "New", 1), (Status.IN_RESEARCH, "In research", 1), (Status.IN_REVIEW, "In review", 0),
        (Status.VERIFIED, "Verified", 1),
    ]
    ageing = {stage: {label: n for label, _, _, n in buckets if n} for stage, _, buckets in figures.ageing}
    # E entered "new" exactly 7 days before now: the 1–2 weeks bucket includes its lower bound.
    assert ageing == {
        Status.NEW: {"1–2 weeks": 1}, Status.IN_RESEARCH: {"1–2 weeks": 1}, Status.IN_REVIEW: {},
        Status.VERIFIED: {"2–4 weeks": 1},
    }
    assert [claim.pk for claim in figures.oldest] == [desk["b"].pk, desk["d"].pk, desk["e"].pk]


def test_filters_narrow_every_figure(desk, checker2):
    figures = metrics.desk_figures(JANUARY, metrics.DeskFilters(person=checker2.pk), now=NOW)
    stages = {stage: s for stage, _, s in figures.stages}
    # C and D only.
    assert stages[Status.NEW] == spread(2, 4, 5.6)
    assert stages[Status.IN_RESEARCH] == spread(2, 168, 283.2)
    assert figures.totals["opened"] == 1
    assert figures.totals["republished"] == 1
    by_type = metrics.desk_figures(JANUARY, metrics.DeskFilters(claim_type="causal", priority=2), now=NOW)
    assert by_type.totals["opened"] == 0 and by_type.totals["published"] == 1
    urgent = metrics.desk_figures(JANUARY, metrics.DeskFilters(priority=4), now=NOW)
    assert urgent.totals["sent_back"] == 1 and urgent.totals["opened"] == 1


def test_an_empty_period_has_no_figures(desk):
    figures = metrics.desk_figures(metrics.Period(datetime.date(2025, 6, 1), datetime.date(2025, 6, 30)), now=NOW)
    assert all(s == metrics.EMPTY for _, _, s in figures.stages)
    assert figures.send_back_rate is None
    assert set(figures.totals.values()) == {0}


# --- the monthly report ---------------------------------------------------------------------------


def test_monthly_report_counts_and_spreads_per_month_and_in_all(desk):
    rows, total = metrics.monthly_report(metrics.Period(datetime.date(2025, 12, 1), datetime.date(2026, 1, 31)))
    december, january = rows
    assert december.counts["opened"] == 1 and january.counts["opened"] == 4
    assert december.stages[Status.NEW] == spread(1, 10, 10)
    assert december.stages[Status.IN_RESEARCH] == metrics.EMPTY
    assert january.stages[Status.NEW] == spread(4, 3, 5.4)
    assert january.first_publication == spread(2, 178, 295.6)
    assert total.stages[Status.NEW] == spread(5, 4, 8.4)
    assert total.counts == {
        "opened": 5, "verified": 4, "published": 2, "republished": 1, "sent_back": 1, "reopened": 1,
        "dismissed": 1, "restored": 1,
    }


# --- the claims behind a figure ------------------------------------------------------------------


@pytest.mark.parametrize("figure, expected", [
    ("left:in_review", "abc"),
    ("left:new", "abd"),
    ("sent_back", "b"),
    ("reopened", "c"),
    ("republished", "c"),
    ("published", "ac"),
    ("opened", "abde"),
    ("researched_by:{checker2}", "c"),
    ("reviewed_by:{editor}", "bc"),
    ("waiting:in_research:7:14", "d"),
    ("waiting:verified:14:", "b"),
])
def test_each_figure_names_the_claims_behind_it(desk, figure, expected, editor, checker2):
    figure = figure.format(editor=editor.pk, checker2=checker2.pk)
    match = metrics.parse_figure(figure)
    ids = set(Claim.objects.filter(pk__in=metrics.claims_behind(match, JANUARY, now=NOW)).values_list("pk", flat=True))
    assert ids == {desk[k].pk for k in expected}


@pytest.mark.parametrize("text", ["", "left:dismissed", "reviewed_by:١٢", "reviewed_by:", "opened;drop", "waiting:new:x:"])
def test_figure_names_are_parsed_strictly(text):
    assert metrics.parse_figure(text) is None


def test_periods_refuse_to_run_backwards_or_too_long():
    with pytest.raises(ValueError):
        metrics.Period(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))
    with pytest.raises(ValueError):
        metrics.Period(datetime.date(2020, 1, 1), datetime.date(2026, 1, 1))


def test_the_claims_list_shows_the_claims_behind_a_figure(client, desk, viewer):
    response = login(client, viewer).get(reverse("claims:list"), {
        "desk": "left:in_review", "since": "2026-01-01", "until": "2026-01-31",
    })
    assert response.status_code == 200
    shown = {claim.pk for claim in response.context["claims"]}
    assert shown == {desk["a"].pk, desk["b"].pk, desk["c"].pk}
