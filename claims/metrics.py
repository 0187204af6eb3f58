"""Where the desk's time goes: stage times, throughput, work in progress and ageing, read from the
claims' history (never from counters, which drift from what happened).

The history is append-only and complete: every claim has a "created" entry and one "status" entry per
workflow step (Claim.transition). Ordered by time, those entries cut a claim's life into *stage
visits*: a visit starts at the entry that moved the claim into a status and ends at the next one
(SQL's LEAD() over the claim's entries). Everything here is defined on visits and on those entries;
docs/metrics.md gives the same definitions for readers, and every report repeats them. The visits
are kept as rows (claims.StageVisit), cut from the history in the transaction that writes it
(Claim.log), so a year's figures no longer window a year of history on each request;
tests/test_stage_visits.py checks they give what windowing the history gave, on random histories.

The window functions and the percentiles run in the database, in SQL that PostgreSQL and SQLite both
speak (they give the same numbers; tests/test_metrics.py runs on both). The percentile is
PostgreSQL's percentile_cont (linear interpolation between the two nearest ranks), computed with
ROW_NUMBER() so that SQLite, which has no percentile aggregate, gives the same result, and so that
only two rows per group leave the database however many visits there are.
"""
import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _, gettext_lazy, pgettext_lazy

from . import locale
from .models import Claim, HistoryEntry, StageVisit
from .workflow import Status

# The stages a claim waits in on its way to publication (published and dismissed are outcomes).
STAGES = (Status.NEW, Status.IN_RESEARCH, Status.IN_REVIEW, Status.VERIFIED)
STAGE_LABELS = {
    Status.NEW: gettext_lazy("New (waiting to be assigned)"),
    Status.IN_RESEARCH: Status.IN_RESEARCH.label,
    Status.IN_REVIEW: Status.IN_REVIEW.label,
    Status.VERIFIED: gettext_lazy("Verified, waiting to be published"),
}
FIRST_PUBLICATION = "first_publication"

# Events counted in a period, each a history entry (see _EVENT_KIND_SQL for how each is recognised).
# The labels count events ("12 Opened"), hence their context: "Published" here is not the status.
EVENTS = {
    "opened": pgettext_lazy("desk figure", "Opened"),
    "verified": pgettext_lazy("desk figure", "Verified"),
    "published": pgettext_lazy("desk figure", "Published (first time)"),
    "republished": pgettext_lazy("desk figure", "Corrected (published again)"),
    "sent_back": pgettext_lazy("desk figure", "Sent back"),
    "reopened": pgettext_lazy("desk figure", "Reopened"),
    "dismissed": pgettext_lazy("desk figure", "Dismissed"),
    "restored": pgettext_lazy("desk figure", "Restored"),
}

# How long open claims have sat in their current stage: (label, at least days, under days).
AGE_BUCKETS = (
    (gettext_lazy("under a day"), 0, 1), (gettext_lazy("1–3 days"), 1, 3), (gettext_lazy("3–7 days"), 3, 7),
    (gettext_lazy("1–2 weeks"), 7, 14), (gettext_lazy("2–4 weeks"), 14, 28), (gettext_lazy("4–13 weeks"), 28, 91),
    (gettext_lazy("over 13 weeks"), 91, None),
)
OLDEST_LISTED = 10
# A period is at most this long (a year's report, with room for a leap year and a margin).
MAX_PERIOD_DAYS = 800

DEFINITIONS = (
    (gettext_lazy("Stage visit"), gettext_lazy("The time from the history entry that moved a claim into a stage (its creation, for "
     "“new”) to the next status change. A claim sent back, reopened or restored visits a stage again: "
     "each visit counts on its own.")),
    (gettext_lazy("Time per stage (median, 90th percentile)"), gettext_lazy("Over the visits that ended in the period. The median "
     "is the middle visit; the 90th percentile the time nine visits in ten were shorter than (linear "
     "interpolation between the nearest visits, as PostgreSQL's percentile_cont).")),
    (gettext_lazy("Time to first publication"), gettext_lazy("From a claim's creation to its first publication, for the claims "
     "first published in the period. A later publication after a reopening is a correction, not a "
     "first publication.")),
    (pgettext_lazy("desk figure", "Opened"),
     gettext_lazy("Claims created in the period.")),
    (pgettext_lazy("desk figure", "Verified"),
     gettext_lazy("Approvals in the period (a verdict moving from review to verified).")),
    (pgettext_lazy("desk figure", "Published"),
     gettext_lazy("First publications in the period.")),
    (pgettext_lazy("desk figure", "Corrected"),
     gettext_lazy("Publications in the period of a claim published before (a reopened claim published "
     "again, which is recorded as a correction).")),
    (pgettext_lazy("desk figure", "Sent back"),
     gettext_lazy("Verdicts sent from review back to research in the period.")),
    (gettext_lazy("Send-back rate"), gettext_lazy("Sent back ÷ (sent back + verified): the share of reviews ending in the period "
     "that sent the verdict back.")),
    (pgettext_lazy("desk figure", "Reopened"),
     gettext_lazy("Verified or published claims moved back to research in the period.")),
    (gettext_lazy("Review latency per reviewer"), gettext_lazy("Review visits that ended in the period, counted for the person who "
     "ended them (approved or sent back).")),
    (gettext_lazy("Research time per fact-checker"), gettext_lazy("Research visits that ended in the period, counted for the person "
     "who ended them by proposing the verdict.")),
    (gettext_lazy("Work in progress"), gettext_lazy("Claims in each stage now.")),
    (gettext_lazy("Ageing"), gettext_lazy("Claims in each stage now, by how long they have sat in it since their last status change.")),
    (gettext_lazy("Dismissed and restored"), gettext_lazy("A dismissed claim is out of every stage while dismissed; restored, it "
     "starts a new visit to “new”.")),
)


# ---------------------------------------------------------------------------------------------------
# What is asked: a period and filters


@dataclass(frozen=True)
class Period:
    """Whole days in the newsroom's time zone, `first` to `last` inclusive."""

    first: datetime.date
    last: datetime.date

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(_("The period ends before it starts."))
        if (self.last - self.first).days >= MAX_PERIOD_DAYS:
            raise ValueError(_("A period can be at most %(days)s days long.") % {"days": MAX_PERIOD_DAYS})

    @property
    def start_at(self):
        return _midnight(self.first)

    @property
    def end_at(self):
        return _midnight(self.last + datetime.timedelta(days=1))

    @property
    def days(self):
        return (self.last - self.first).days + 1

    def weeks(self):
        """The weeks the period touches, each clipped to the period. A week starts on the active
        language's first day of the week (claims/locale.py): Monday, or Sunday in Brazil."""
        start = locale.week_start(self.first)
        weeks = []
        while start <= self.last:
            weeks.append(Period(max(start, self.first), min(start + datetime.timedelta(days=6), self.last)))
            start += datetime.timedelta(days=7)
        return weeks

    def months(self):
        """The calendar months the period touches, each clipped to the period."""
        months, first = [], self.first
        while first <= self.last:
            next_month = (first.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            months.append(Period(first, min(next_month - datetime.timedelta(days=1), self.last)))
            first = next_month
        return months

    def __str__(self):
        return _("%(first)s to %(last)s") % {"first": date_format(self.first, "DATE_FORMAT"),
                                             "last": date_format(self.last, "DATE_FORMAT")}


_ISO_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def parse_date(text):
    """A date written YYYY-MM-DD in ASCII digits; ValueError with a message for a person otherwise."""
    if not _ISO_DATE.match(text or ""):
        raise ValueError(_("“%(text)s” is not a date written as YYYY-MM-DD (for example 2026-01-31).") % {"text": text})
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("“%(text)s” is not a date of the calendar.") % {"text": text}) from None


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_period(today=None, days=91):
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(days=days - 1), today)


@dataclass(frozen=True)
class DeskFilters:
    """Which claims the figures are about: every one, or those of an article, a type, a priority, or
    currently assigned to a person. Empty values filter nothing."""

    article: int | None = None
    claim_type: str = ""
    priority: int | None = None
    person: int | None = None

    def claims(self):
        claims = Claim.objects.all()
        if self.article:
            claims = claims.filter(article_id=self.article)
        if self.claim_type:
            claims = claims.filter(claim_type=self.claim_type)
        if self.priority:
            claims = claims.filter(priority=self.priority)
        if self.person:
            claims = claims.filter(assignee_id=self.person)
        return claims

    @property
    def active(self):
        return bool(self.article or self.claim_type or self.priority or self.person)

    def as_list_params(self):
        """The same filters as the claims list's query string parameters."""
        params = {"article": self.article, "type": self.claim_type, "priority": self.priority, "assignee": self.person}
        return {key: str(value) for key, value in params.items() if value}


# ---------------------------------------------------------------------------------------------------
# The SQL: stage changes, visits, events


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _seconds_between(start, end):
    """SQL for the seconds from `start` to `end` (two timestamp columns), as a float."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({end} - {start}))::double precision"
    # SQLite stores timestamps as ISO text in UTC; julianday() reads them to the millisecond.
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


def _at(moment):
    """A datetime as the database compares it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _changes_cte(filters, period):
    """SQL (and params) for `changes`: the stage visits (claims.StageVisit, one per creation and
    status change, with the claim's next one already found) that began or ended in `period`, which
    are all the events and durations of the period can count. The visits are derived from the
    history when it is written, so no request windows a year of history again."""
    claim_filter, filter_params = "", []
    if filters.active:
        sql, filter_params = filters.claims().order_by().values("pk").query.sql_with_params()
        claim_filter = f" AND v.claim_id IN ({sql})"
    start, end = _at(period.start_at), _at(period.end_at)
    sql = f"""
    changes AS (
        SELECT v.claim_id, v.created_at, v.action, v.stage, v.came_from, v.left_at, v.left_by_id AS left_by,
               v.opened_at, v.first_published_at
        FROM {_table(StageVisit)} v
        WHERE ((v.created_at >= %s AND v.created_at < %s) OR (v.left_at >= %s AND v.left_at < %s)){claim_filter}
    )"""
    return sql, [start, end, start, end, *filter_params]


def _bucket_sql(column, periods):
    """SQL numbering which of `periods` (consecutive, in order) `column` falls in."""
    whens = " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(periods)))
    return f"CASE {whens} END", [_at(p.end_at) for p in periods]


# Which event a stage-changing entry is (NULL for none that is counted).
_EVENT_KIND_SQL = """CASE
    WHEN action = 'created' THEN 'opened'
    WHEN stage = 'verified' THEN 'verified'
    WHEN stage = 'published' AND created_at = first_published_at THEN 'published'
    WHEN stage = 'published' THEN 'republished'
    WHEN stage = 'in_research' AND came_from = 'in_review' THEN 'sent_back'
    WHEN stage = 'in_research' AND came_from IN ('verified', 'published') THEN 'reopened'
    WHEN stage = 'dismissed' THEN 'dismissed'
    WHEN stage = 'new' AND came_from = 'dismissed' THEN 'restored'
END"""


def _events_cte(period, buckets):
    """`events`: the stage changes in the period that are counted (kind), numbered by bucket."""
    bucket, bucket_params = _bucket_sql("created_at", buckets)
    sql = f"""events AS (
        SELECT claim_id, created_at, {_EVENT_KIND_SQL} AS kind, {bucket} AS bucket FROM changes
        WHERE created_at >= %s AND created_at < %s
    )"""
    return sql, [*bucket_params, _at(period.start_at), _at(period.end_at)]


def _durations_cte(period, buckets):
    """`durations`: one row per stage visit that ended in the period (kind = the stage, person = who
    ended it) and one per first publication in the period (kind = first_publication)."""
    visit_bucket, visit_params = _bucket_sql("left_at", buckets)
    publication_bucket, publication_params = _bucket_sql("created_at", buckets)
    stages = ", ".join("%s" for _ in STAGES)
    sql = f"""durations AS (
        SELECT claim_id, stage AS kind, left_by AS person, {visit_bucket} AS bucket,
               {_seconds_between("created_at", "left_at")} AS seconds
        FROM changes WHERE left_at >= %s AND left_at < %s AND stage IN ({stages})
        UNION ALL
        SELECT claim_id, %s AS kind, CAST(NULL AS INTEGER) AS person, {publication_bucket} AS bucket,
               {_seconds_between("opened_at", "created_at")} AS seconds
        FROM changes WHERE stage = %s AND created_at = first_published_at AND created_at >= %s AND created_at < %s
    )"""
    params = [
        *visit_params, _at(period.start_at), _at(period.end_at), *STAGES,
        FIRST_PUBLICATION, *publication_params, Status.PUBLISHED, _at(period.start_at), _at(period.end_at),
    ]
    return sql, params


def _events_sql(filters, period, buckets):
    changes, params = _changes_cte(filters, period)
    events, event_params = _events_cte(period, buckets)
    return f"WITH {changes}, {events}", [*params, *event_params]


def _durations_sql(filters, period, buckets):
    changes, params = _changes_cte(filters, period)
    durations, duration_params = _durations_cte(period, buckets)
    return f"WITH {changes}, {durations}", [*params, *duration_params]


# ---------------------------------------------------------------------------------------------------
# Percentiles


@dataclass(frozen=True)
class Spread:
    """How long something took, over `count` cases: median and 90th percentile, in seconds."""

    count: int
    median: float | None
    p90: float | None


EMPTY = Spread(0, None, None)
# (fraction, numerator, denominator): p = numerator / denominator, kept exact for the rank arithmetic.
_QUANTILES = ((5, 10), (9, 10))


def _rank_conditions():
    """WHERE conditions picking, in a ranked group of n, the two rows each quantile lies between:
    percentile_cont(k/d) sits at 0-based position k(n-1)/d, between ranks floor+1 and floor+2."""
    conditions = []
    for k, d in _QUANTILES:
        conditions += [f"rn = 1 + ({k} * (n - 1)) / {d}", f"rn = 2 + ({k} * (n - 1)) / {d}"]
    return " OR ".join(conditions)


def _period_figures(filters, period, event_buckets, duration_buckets, groupings):
    """The events of `period` counted per bucket of `event_buckets`, and the median and p90 of the
    durations for each group of each grouping (a tuple of columns among kind, person, bucket, the
    bucket one of `duration_buckets`). One query: the stage changes and their windows, the costly
    part, are computed once for both.

    Returns ({(bucket number, event kind): count}, {(grouping, key values): Spread})."""
    changes, params = _changes_cte(filters, period)
    events, event_params = _events_cte(period, event_buckets)
    durations, duration_params = _durations_cte(period, duration_buckets)
    columns = ("kind", "person", "bucket")
    branches = []
    for grouping in groupings:
        partition = ", ".join(grouping)
        # Typed NULLs: PostgreSQL must match each column's type across the UNIONs.
        selected = ", ".join(c if c in grouping else f"CAST(NULL AS INTEGER) AS {c}" for c in columns)
        branches.append(
            f"SELECT {len(branches)} AS grouping_no, {selected}, seconds, "
            f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY seconds) AS rn, "
            f"COUNT(*) OVER (PARTITION BY {partition}) AS n FROM durations"
            # Only research and review visits are counted per person: rank nothing else.
            + (f" WHERE kind IN ('{Status.IN_RESEARCH}', '{Status.IN_REVIEW}')" if "person" in grouping else "")
        )
    query = f"""WITH {changes}, {events}, {durations},
    ranked AS ({" UNION ALL ".join(branches)})
    SELECT -1 AS grouping_no, kind, CAST(NULL AS INTEGER) AS person, bucket, COUNT(*) AS n, CAST(NULL AS INTEGER) AS rn,
           CAST(NULL AS REAL) AS seconds
    FROM events WHERE kind IS NOT NULL GROUP BY bucket, kind
    UNION ALL
    SELECT grouping_no, kind, person, bucket, n, rn, seconds FROM ranked WHERE {_rank_conditions()}"""
    counts, rows = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *event_params, *duration_params])
        for grouping_no, kind, person, bucket, n, rn, seconds in cursor.fetchall():
            if grouping_no < 0:
                counts[(int(bucket), kind)] = int(n)
                continue
            grouping = groupings[grouping_no]
            values = {"kind": kind, "person": person, "bucket": bucket}
            key = (grouping, tuple(values[c] for c in grouping))
            _, ranks = rows.setdefault(key, (int(n), {}))
            ranks[int(rn)] = round(float(seconds), 3)
    spreads = {key: Spread(count, _quantile(count, ranks, 5, 10), _quantile(count, ranks, 9, 10))
               for key, (count, ranks) in rows.items()}
    return counts, spreads


def _quantile(n, ranks, k, d):
    position, remainder = divmod(k * (n - 1), d)
    low = ranks[position + 1]
    if not remainder:
        return low
    return round(low + (ranks[position + 2] - low) * remainder / d, 3)


# ---------------------------------------------------------------------------------------------------
# Per claim


@dataclass
class ClaimStageTimes:
    """One claim's life in the workflow, from its history: seconds in each stage (all visits, the
    current one counted up to `now`), send-backs, reopenings, and the time to its first publication."""

    claim_id: int
    seconds: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)
    send_backs: int = 0
    reopenings: int = 0
    to_first_publication: float | None = None


def claim_stage_times(claim_ids, now=None):
    """{claim id: ClaimStageTimes} for the given claims, in one query."""
    claim_ids = [int(pk) for pk in claim_ids]
    if not claim_ids:
        return {}
    now = now or timezone.now()
    history = _table(HistoryEntry)
    marks = ", ".join("%s" for _ in claim_ids)
    stages = ", ".join("%s" for _ in STAGES)
    query = f"""
    WITH stage_entries AS (
        SELECT id, claim_id, created_at,
               CASE WHEN action = %s THEN %s ELSE new_value END AS stage,
               CASE WHEN action = %s THEN '' ELSE old_value END AS came_from
        FROM {history} WHERE action IN (%s, %s) AND claim_id IN ({marks})
    ), visits AS (
        SELECT claim_id, stage, came_from, created_at,
               COALESCE(LEAD(created_at) OVER (PARTITION BY claim_id ORDER BY created_at, id), %s) AS left_at,
               MIN(created_at) OVER (PARTITION BY claim_id) AS opened_at,
               MIN(CASE WHEN stage = 'published' THEN created_at END) OVER (PARTITION BY claim_id) AS first_published_at
        FROM stage_entries
    )
    SELECT claim_id, stage, COUNT(*), SUM({_seconds_between("created_at", "left_at")}),
           SUM(CASE WHEN stage = 'in_research' AND came_from = 'in_review' THEN 1 ELSE 0 END),
           SUM(CASE WHEN stage = 'in_research' AND came_from IN ('verified', 'published') THEN 1 ELSE 0 END),
           MIN(CASE WHEN stage = 'published' AND created_at = first_published_at
                    THEN {_seconds_between("opened_at", "created_at")} END)
    FROM visits WHERE stage IN ({stages}) OR stage = 'published'
    GROUP BY claim_id, stage"""
    params = [
        HistoryEntry.Action.CREATED, Status.NEW, HistoryEntry.Action.CREATED,
        HistoryEntry.Action.CREATED, HistoryEntry.Action.STATUS, *claim_ids, _at(now), *STAGES,
    ]
    result = {pk: ClaimStageTimes(pk, {s: 0.0 for s in STAGES}, {s: 0 for s in STAGES}) for pk in claim_ids}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for claim_id, stage, visits, seconds, send_backs, reopenings, to_publication in cursor.fetchall():
            times = result[claim_id]
            if stage in STAGES:
                times.seconds[stage] = round(float(seconds), 3)
                times.visits[stage] = int(visits)
            times.send_backs += int(send_backs)
            times.reopenings += int(reopenings)
            if to_publication is not None:
                times.to_first_publication = round(float(to_publication), 3)
    return result


# ---------------------------------------------------------------------------------------------------
# The Desk page's figures


@dataclass
class DeskFigures:
    period: Period
    filters: DeskFilters
    stages: list  # [(stage, label, Spread)]
    first_publication: Spread
    weeks: list  # [(Period, {event: count})]
    totals: dict  # {event: count} over the period
    reviewers: list  # [(user, Spread)]
    researchers: list  # [(user, Spread)]
    work_in_progress: list  # [(stage, label, count)]
    ageing: list  # [(stage, label, [(bucket label, min days, max days, count)])]
    oldest: list  # [Claim with stage_entered_at]
    now: datetime.datetime

    @property
    def send_back_rate(self):
        reviews = self.totals.get("sent_back", 0) + self.totals.get("verified", 0)
        return None if not reviews else self.totals.get("sent_back", 0) / reviews


def desk_figures(period, filters=DeskFilters(), now=None):
    """Everything the Desk page shows, in a fixed number of queries: five (four when nobody ended a
    research or review visit in the period)."""
    now = now or timezone.now()
    weeks = period.weeks()
    counts, spreads = _period_figures(filters, period, weeks, [period], [("kind",), ("kind", "person")])
    week_rows = [(week, {kind: counts.get((i, kind), 0) for kind in EVENTS}) for i, week in enumerate(weeks)]
    totals = {kind: sum(row[kind] for _, row in week_rows) for kind in EVENTS}

    stage_rows = [(s, STAGE_LABELS[s], spreads.get((("kind",), (s,)), EMPTY)) for s in STAGES]
    people = {}
    for (grouping, key), spread in spreads.items():
        if grouping == ("kind", "person") and key[0] in (Status.IN_RESEARCH, Status.IN_REVIEW) and key[1] is not None:
            people[(key[0], int(key[1]))] = spread
    users = get_user_model().objects.in_bulk({pk for _, pk in people})

    def by_person(stage):
        rows = [(users[pk], spread) for (s, pk), spread in people.items() if s == stage and pk in users]
        return sorted(rows, key=lambda row: (-row[1].median, row[0].get_username()))

    claims = filters.claims()
    ageing, oldest = _ageing_and_oldest(filters, now)
    wip_counts = dict(claims.filter(status__in=STAGES).order_by().values_list("status").annotate(n=Count("pk")))
    return DeskFigures(
        period=period, filters=filters, stages=stage_rows,
        first_publication=spreads.get((("kind",), (FIRST_PUBLICATION,)), EMPTY),
        weeks=week_rows, totals=totals,
        reviewers=by_person(Status.IN_REVIEW), researchers=by_person(Status.IN_RESEARCH),
        work_in_progress=[(s, Status(s).label, wip_counts.get(s, 0)) for s in STAGES],
        ageing=ageing,
        oldest=oldest,
        now=now,
    )


def _entered_sql(filters):
    """SQL (and params) of the open claims (of `filters`) with `entered_at`, when each entered its
    current stage: the start of its current visit (the stage_visit_current index)."""
    stages = ", ".join("%s" for _ in STAGES)
    claim_filter, params = "", []
    if filters.active:
        sql, params = filters.claims().order_by().values("pk").query.sql_with_params()
        claim_filter = f" AND c.id IN ({sql})"
    return f"""
    SELECT c.id, c.status, v.created_at AS entered_at FROM {_table(Claim)} c
    JOIN {_table(StageVisit)} v ON v.claim_id = c.id AND v.left_at IS NULL
    WHERE c.status IN ({stages}){claim_filter}""", [*STAGES, *params]


def _ageing_and_oldest(filters, now):
    """Open claims per stage and age bucket (time since they entered their current stage), and the
    OLDEST_LISTED claims waiting longest, with `stage_entered_at`. Two queries: the history is read
    once, for both; the second fetches the few claims to list."""
    entered, params = _entered_sql(filters)
    # The first bucket whose upper bound the claim's age is under.
    whens = " ".join(f"WHEN entered_at > %s THEN {i - 1}" for i, (_, low, _) in enumerate(AGE_BUCKETS) if i)
    bounds = [_at(now - datetime.timedelta(days=low)) for i, (_, low, _) in enumerate(AGE_BUCKETS) if i]
    query = f"""WITH open_claims AS ({entered})
    SELECT status, CASE {whens} ELSE {len(AGE_BUCKETS) - 1} END AS bucket, COUNT(*) AS n, CAST(NULL AS INTEGER) AS id
    FROM open_claims GROUP BY 1, 2
    UNION ALL
    SELECT * FROM (SELECT status, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), id FROM open_claims
                   ORDER BY entered_at, id LIMIT {OLDEST_LISTED}) longest"""
    counts, longest = {}, []
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *bounds])
        for status, bucket, n, claim_id in cursor.fetchall():
            if claim_id is None:
                counts[(status, int(bucket))] = int(n)
            else:
                longest.append(claim_id)
    ageing = [
        (s, Status(s).label, [(label, low, high, counts.get((s, i), 0)) for i, (label, low, high) in enumerate(AGE_BUCKETS)])
        for s in STAGES
    ]
    oldest = list(
        Claim.objects.filter(pk__in=longest).with_stage_entered_at().for_list().order_by("stage_entered_at", "pk")
    )
    return ageing, oldest


# ---------------------------------------------------------------------------------------------------
# The claims behind a figure (the claims list's `desk` filter)

_FIGURE = re.compile(
    r"\A(?:(?P<event>" + "|".join(EVENTS) + r")"
    r"|left:(?P<stage>" + "|".join(STAGES) + r")"
    r"|(?P<role>reviewed_by|researched_by):(?P<person>[0-9]{1,10})"
    r"|waiting:(?P<waiting>" + "|".join(STAGES) + r"):(?P<low>[0-9]{1,5}):(?P<high>[0-9]{0,5}))\Z"
)


def parse_figure(text):
    """The figure named in a claims list URL, or None when the name is not one (ASCII only)."""
    return _FIGURE.match(text or "")


def claims_behind(figure, period, now=None):
    """A subquery of the ids of the claims behind `figure` (a parse_figure match) in `period`, for
    Claim.objects.filter(pk__in=...). Each uses the same SQL as the figure itself."""
    if figure["waiting"]:
        now = now or timezone.now()
        low, high = int(figure["low"]), figure["high"]
        claims = Claim.objects.filter(status=figure["waiting"]).with_stage_entered_at().filter(
            stage_entered_at__lte=now - datetime.timedelta(days=low)
        )
        if high:
            claims = claims.filter(stage_entered_at__gt=now - datetime.timedelta(days=int(high)))
        return claims.values("pk")
    filters = DeskFilters()
    if figure["event"]:
        sql, params = _events_sql(filters, period, [period])
        return RawSQL(f"{sql} SELECT claim_id FROM events WHERE kind = %s", [*params, figure["event"]])
    sql, params = _durations_sql(filters, period, [period])
    if figure["stage"]:
        return RawSQL(f"{sql} SELECT claim_id FROM durations WHERE kind = %s", [*params, figure["stage"]])
    stage = Status.IN_REVIEW if figure["role"] == "reviewed_by" else Status.IN_RESEARCH
    return RawSQL(f"{sql} SELECT claim_id FROM durations WHERE kind = %s AND person = %s",
                  [*params, stage, int(figure["person"])])


# ---------------------------------------------------------------------------------------------------
# The monthly report (manage.py desk_report, and the Desk page's export)


@dataclass
class MonthRow:
    month: Period
    counts: dict  # {event: count}
    stages: dict  # {stage: Spread}
    first_publication: Spread


def monthly_report(period, filters=DeskFilters()):
    """Per calendar month of `period` (and for the whole period): events counted, and the median and
    p90 of each stage's visits and of the time to first publication. One query."""
    months = period.months()
    counts, spreads = _period_figures(filters, period, months, months, [("kind", "bucket"), ("kind",)])
    rows = []
    for i, month in enumerate(months):
        rows.append(MonthRow(
            month=month,
            counts={kind: counts.get((i, kind), 0) for kind in EVENTS},
            stages={s: spreads.get((("kind", "bucket"), (s, i)), EMPTY) for s in STAGES},
            first_publication=spreads.get((("kind", "bucket"), (FIRST_PUBLICATION, i)), EMPTY),
        ))
    total = MonthRow(
        month=period,
        counts={kind: sum(row.counts[kind] for row in rows) for kind in EVENTS},
        stages={s: spreads.get((("kind",), (s,)), EMPTY) for s in STAGES},
        first_publication=spreads.get((("kind",), (FIRST_PUBLICATION,)), EMPTY),
    )
    return rows, total


def hours(seconds):
    """Seconds as hours with two decimals (the report's unit), or "" for no value."""
    return "" if seconds is None else f"{seconds / 3600:.2f}"


def humane_duration(seconds):
    """A duration as a person says it: "45 min", "5.5 h", "3.2 days"."""
    if seconds is None:
        return "—"
    if seconds < 3600:
        return _("%(minutes)s min") % {"minutes": number_format(round(seconds / 60), decimal_pos=0)}
    if seconds < 48 * 3600:
        return _("%(hours)s h") % {"hours": number_format(round(seconds / 3600, 1), decimal_pos=1)}
    # Never fewer than two days here, so the plural is the only form a person reads.
    return _("%(days)s days") % {"days": number_format(round(seconds / 86400, 1), decimal_pos=1)}
