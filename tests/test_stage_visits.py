"""Stage visits (claims.StageVisit): what the Desk page's figures are read from. They are derived from
the history when it is written, so they must say exactly what windowing the history on each request
said (the computation they replaced, kept below as the reference) on any history."""
import dataclasses
import datetime
import random

import pytest

from claims import metrics
from claims.models import Claim, HistoryEntry, StageVisit
from claims.workflow import Status, TransitionRefused
from tests.conftest import advance, make_article_with_claims
from tests.test_metrics import at, seed_claim

S = Status
# Where a claim can go from each status (the workflow's moves that change the stage).
MOVES = {
    S.NEW: [S.IN_RESEARCH, S.DISMISSED],
    S.IN_RESEARCH: [S.IN_REVIEW, S.DISMISSED],
    S.IN_REVIEW: [S.VERIFIED, S.IN_RESEARCH],
    S.VERIFIED: [S.PUBLISHED, S.IN_RESEARCH],
    S.PUBLISHED: [S.IN_RESEARCH],
    S.DISMISSED: [S.NEW],
}


def _history_changes_cte(filters, period):
    """The Desk page's `changes` before stage visits: every creation and status change of the claims
    with one in the period, windowed with LEAD() on each request (claims/metrics.py until #14's
    leftovers)."""
    history = metrics._table(HistoryEntry)
    touched = f"SELECT t.claim_id FROM {history} t WHERE t.action IN (%s, %s) AND t.created_at >= %s AND t.created_at < %s"
    claim_filter, filter_params = "", []
    if filters.active:
        sql, filter_params = filters.claims().order_by().values("pk").query.sql_with_params()
        claim_filter = f" AND h.claim_id IN ({sql})"
    sql = f"""
    stage_entries AS (
        SELECT h.id, h.claim_id, h.created_at, h.actor_id, h.action,
               CASE WHEN h.action = 'created' THEN 'new' ELSE h.new_value END AS stage,
               CASE WHEN h.action = 'created' THEN '' ELSE h.old_value END AS came_from
        FROM {history} h
        WHERE h.action IN ('created', 'status') AND h.claim_id IN ({touched}){claim_filter}
    ),
    changes AS (
        SELECT id, claim_id, created_at, actor_id, action, stage, came_from,
               LEAD(created_at) OVER claim_order AS left_at,
               LEAD(actor_id) OVER claim_order AS left_by,
               MIN(created_at) OVER claim AS opened_at,
               MIN(CASE WHEN stage = 'published' THEN created_at END) OVER claim AS first_published_at
        FROM stage_entries
        WINDOW claim_order AS (PARTITION BY claim_id ORDER BY created_at, id), claim AS (PARTITION BY claim_id)
    )"""
    params = ["created", "status", metrics._at(period.start_at), metrics._at(period.end_at), *filter_params]
    return sql, params


def _history_entered_sql(filters):
    stages = ", ".join("%s" for _ in metrics.STAGES)
    claim_filter, params = "", []
    if filters.active:
        sql, params = filters.claims().order_by().values("pk").query.sql_with_params()
        claim_filter = f" AND claim_id IN ({sql})"
    return f"""
    SELECT c.id, c.status, e.entered_at FROM {metrics._table(Claim)} c
    JOIN (SELECT claim_id, MAX(created_at) AS entered_at FROM {metrics._table(HistoryEntry)}
          WHERE action IN ('created', 'status'){claim_filter} GROUP BY claim_id) e ON e.claim_id = c.id
    WHERE c.status IN ({stages})""", [*params, *metrics.STAGES]


def _figures(period, filters, now):
    figures = metrics.desk_figures(period, filters, now=now)
    report = metrics.monthly_report(period, filters)
    behind = {}
    for figure in ("opened", "published", "republished", "sent_back", "reopened", "restored",
                   "left:in_review", "left:new", "waiting:in_research:0:"):
        ids = Claim.objects.filter(pk__in=metrics.claims_behind(metrics.parse_figure(figure), period, now=now))
        behind[figure] = sorted(ids.values_list("pk", flat=True))
    plain = dataclasses.asdict(figures)
    plain["oldest"] = [c.pk for c in figures.oldest]
    plain["reviewers"] = [(u.pk, s) for u, s in figures.reviewers]
    plain["researchers"] = [(u.pk, s) for u, s in figures.researchers]
    return plain, report, behind


def _random_desk(rng, article, people, n_claims):
    """Claims with random workflow histories over 2026: random waits (some of zero, so two entries
    share a time and the id decides their order), send-backs, reopenings, dismissals, restorations."""
    for _ in range(n_claims):
        created = at(1, 1) + datetime.timedelta(hours=rng.randrange(0, 24 * 300))
        status, moment, steps = S.NEW, created, []
        for _ in range(rng.randrange(0, 9)):
            moment += datetime.timedelta(minutes=rng.choice([0, 1, 30, 60 * 5, 60 * 30, 60 * 24 * 9]))
            new = rng.choice(MOVES[status])
            steps.append((moment, status, new, rng.choice(people)))
            status = new
        seed_claim(article, status, created, steps, priority=rng.choice([1, 2, 3]))


@pytest.mark.parametrize("seed", range(4))
def test_the_figures_from_stage_visits_equal_the_figures_from_the_history(
        seed, article, editor, editor2, checker, checker2, monkeypatch):
    rng = random.Random(seed)
    _random_desk(rng, article, [editor, editor2, checker, checker2], 40)
    now = at(12, 31)
    periods = [metrics.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))]
    for _ in range(3):
        first = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(0, 330))
        periods.append(metrics.Period(first, first + datetime.timedelta(days=rng.randrange(0, 60))))
    for period in periods:
        for filters in (metrics.DeskFilters(), metrics.DeskFilters(priority=rng.choice([1, 2, 3]))):
            from_visits = _figures(period, filters, now)
            with monkeypatch.context() as old:
                old.setattr(metrics, "_changes_cte", _history_changes_cte)
                old.setattr(metrics, "_entered_sql", _history_entered_sql)
                from_history = _figures(period, filters, now)
            assert from_visits == from_history, (seed, period, filters)


def _visits_from_history(claim):
    """A claim's visits worked out in Python from its history, as docs/metrics.md defines them."""
    entries = list(HistoryEntry.objects.filter(claim=claim, action__in=HistoryEntry.STAGE_ACTIONS).order_by("created_at", "pk"))
    visits = []
    for entry, following in zip(entries, [*entries[1:], None]):
        stage = S.NEW if entry.action == HistoryEntry.Action.CREATED else entry.new_value
        visits.append((entry.pk, stage, following and following.created_at, following and following.actor_id))
    return visits


def _stored_visits(claim):
    return [(v.entry_id, v.stage, v.left_at, v.left_by_id)
            for v in StageVisit.objects.filter(claim=claim).order_by("created_at", "entry_id")]


def test_each_workflow_step_ends_the_claims_visit_and_begins_the_next(article, editor, editor2, checker):
    _, (claim,) = make_article_with_claims(1, editor=editor, checker=checker, approver=editor2)
    assert [v[1] for v in _stored_visits(claim)] == [S.NEW]
    advance(claim, S.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="A new figure was published.")
    stored = _stored_visits(claim)
    assert [v[1] for v in stored] == [S.NEW, S.IN_RESEARCH, S.IN_REVIEW, S.VERIFIED, S.PUBLISHED, S.IN_RESEARCH]
    assert stored == _visits_from_history(claim)
    assert stored[-1][2] is None and all(left_at is not None for _, _, left_at, _ in stored[:-1])
    assert stored[2][3] == editor2.pk  # the review visit was ended by the approver


def test_a_refused_step_writes_no_visit(article, editor, checker):
    _, (claim,) = make_article_with_claims(1, editor=editor, checker=checker, approver=editor)
    before = _stored_visits(claim)
    with pytest.raises(TransitionRefused):
        claim.transition("publish", editor, version=claim.version)
    assert _stored_visits(claim) == before


def test_rebuilding_gives_the_same_visits_again(article, editor, editor2, checker):
    _, claims = make_article_with_claims(6, editor=editor, checker=checker, approver=editor2)  # one in each status
    kept = {c.pk: _stored_visits(c) for c in claims}
    StageVisit.objects.rebuild()
    assert {c.pk: _stored_visits(c) for c in claims} == kept
    assert all(kept[c.pk] == _visits_from_history(c) for c in claims)
