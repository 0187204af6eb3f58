"""The start page: where the desk stands, what is late, what went out, who carries what, and the
last thirty days as a chart. Every figure is aggregated in the database, so the page runs the same
handful of queries however many claims there are."""
import datetime
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, F, Func, IntegerField, Q, Sum, Value
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _, ngettext, pgettext
from django.views.decorators.http import require_safe

from .. import locale
from ..charts import daily_line_chart
from ..compiled_queries import CompiledQuery
from ..forms import fact_checkers
from ..models import ActivityTally, Claim, DueDateTally, Rating, person_name, person_name_of
from ..workflow import Status
from .claims import url_maker  # the list's: one reverse() for every claim's address

CHART_DAYS = 30
LIST_LENGTH = 8


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def dashboard(request):
    today = timezone.localdate()
    week_start = locale.week_start(today)  # Monday, or Sunday in Brazil: the reader's calendar
    week_start_at = timezone.make_aware(datetime.datetime.combine(week_start, datetime.time.min))
    chart_start = today - datetime.timedelta(days=CHART_DAYS - 1)

    published_this_week = Q(status=Status.PUBLISHED, last_published_at__gte=week_start_at)
    figures, load = desk_figures(today, published_this_week)
    status_counts = [{"status": s, "label": s.label, "count": figures["by_status"][s]} for s in Status]
    overdue_claims = most_overdue(today)
    published_claims = last_published(published_this_week)
    checkers = fact_checkers_with_load(load)
    context = {
        "nav": "dashboard",
        "figures": figures,
        "status_counts": status_counts,
        "overdue_claims": overdue_claims,
        "overdue_html": _overdue_html(overdue_claims),
        "published_claims": published_claims,
        "published_html": _published_html(published_claims),
        "week_start": week_start,
        "checkers": checkers,
        "checkers_html": _checkers_html(checkers),
        "chart": opened_vs_verified_chart(chart_start, today),
        "today": today,
    }
    return render(request, "claims/dashboard.html", context)


def desk_figures(today, published_this_week):
    """Every figure of the page, in one query: the figures ("total", "overdue",
    "published_this_week", and "by_status": {status: claims}), and each assignee's load
    ({(status or "overdue", assignee id): claims}).

    How many claims have each status, and each status on each fact-checker's desk, come from the
    claim tally (ClaimTally), which costs the same at a million claims as at a thousand; counting
    them took 30 ms of every dashboard at 100,000 claims and grew with the table (issue #17). How
    many are overdue per assignee comes from the due-date tally (DueDateTally: the desk's claims per
    due date and assignee, summed over the dates before today), for the same reason: counted from
    the claim_overdue index it read every overdue claim, 140,000 at a million claims. How many were
    published this week is counted, from the claim_published_since index range since Monday (index-only:
    the publication time it counts is the index's column): it costs what the week published, not what
    the table holds, and a tally (kept on every status change) would save little more.
    The three are one UNION ALL, told apart by their first column (statuses never start with "~")."""
    tally = Claim.objects.tally()  # every claim: the tally always answers
    parts = [
        tally.values("status", "assignee").annotate(n=Sum("delta")).values_list("status", "assignee", "n"),
        DueDateTally.objects.overdue(today).annotate(kind=Value(OVERDUE)).values("kind", "assignee")
        .annotate(n=Sum("delta")).values_list("kind", "assignee", "n"),
        Claim.objects.filter(published_this_week).order_by()
        .annotate(kind=Value(PUBLISHED_THIS_WEEK), nobody=Value(None, output_field=IntegerField()))
        .values("kind", "nobody").annotate(n=Count("last_published_at")).values_list("kind", "nobody", "n"),
    ]
    by_status = dict.fromkeys(Status.values, 0)
    load, published = {}, 0
    for kind, assignee, n in parts[0].union(*parts[1:], all=True):
        if kind == PUBLISHED_THIS_WEEK:
            published = n
            continue
        load[(kind, assignee)] = n
        if kind != OVERDUE:
            by_status[kind] = by_status.get(kind, 0) + n
    figures = {"total": sum(by_status.values()), "by_status": by_status, "published_this_week": published,
               "overdue": sum(n for (kind, _), n in load.items() if kind == OVERDUE)}
    return figures, load


OVERDUE, PUBLISHED_THIS_WEEK = "~overdue", "~published_this_week"


def most_overdue(today):
    """The LIST_LENGTH claims longest overdue, with their assignee: the first entries of the
    claim_overdue index, and only they joined to their assignee. With the join in the same query,
    PostgreSQL joined every overdue claim of the earliest due date (456 at 100,000 claims) before it
    could sort them by id and keep eight: 9 ms of every dashboard (issue #17); now 0.1 ms."""
    first = Claim.objects.overdue(today).order_by("due_date", "pk").values("pk")[:LIST_LENGTH]
    return list(Claim.objects.filter(pk__in=first).order_by("due_date", "pk").values(*OVERDUE_COLUMNS))


def last_published(published_this_week):
    """The LIST_LENGTH claims published this week, latest first."""
    return list(Claim.objects.filter(published_this_week).order_by("-last_published_at", "-pk")
                .values(*PUBLISHED_COLUMNS)[:LIST_LENGTH])


# What the two lists show of each claim, read as plain values (no claim, article, verdict and user
# instances, with their whole rows, for sixteen lines of text).
OVERDUE_COLUMNS = ("pk", "text", "status", "due_date", "assignee__first_name", "assignee__last_name",
                   "assignee__username")
PUBLISHED_COLUMNS = ("pk", "text", "last_published_at", "article__title", "published_rating_id",
                     "published_rating__slug", "published_rating__label")

# The page's lists and table are written here rather than by template loops, as the claims list's
# rows are (claims/views/claims.py): their variable lookups, filters and translations were a third
# of the page's rendering. The markup, whitespace included, is the one claims/dashboard.html wrote;
# every value a person typed (wording, names, titles, verdict labels) goes through `escape`, as
# Django's autoescaping would, and so does every translated word the template escaped.


def _overdue_html(claims):
    claim_url = url_maker("claims:detail")
    status_labels = {value: str(label) for value, label in Status.choices}
    due, unassigned = _("due %(date)s"), escape(_("unassigned"))
    items = []
    for c in claims:
        assignee = person_name_of(c["assignee__first_name"], c["assignee__last_name"], c["assignee__username"])
        items.append(
            f'\n        <li>\n          <a href="{escape(claim_url(c["pk"]))}">{escape(c["text"])}</a>\n'
            f'          <div class="meta">\n'
            f'            <span class="chip status-{escape(c["status"])}">{escape(status_labels.get(c["status"], c["status"]))}</span>\n'
            f'            <span class="overdue">{due % {"date": escape(date_format(c["due_date"], "MONTH_DAY_FORMAT"))}}</span>\n'
            f'            · {escape(assignee) or unassigned}\n'
            f'          </div>\n        </li>\n        '
        )
    return mark_safe("".join(items))


def _published_html(claims):
    claim_url = url_maker("claims:detail")
    rating_labels = Rating.shown_labels() if any(c["published_rating_id"] for c in claims) else None
    items = []
    for c in claims:
        rating = ""
        if c["published_rating_id"]:
            label = Rating.label_from(rating_labels, c["published_rating_id"], c["published_rating__label"])
            rating = f'<span class="chip verdict rating-{escape(c["published_rating__slug"])}">{escape(label)}</span>'
        when = date_format(timezone.localtime(c["last_published_at"]), "DATETIME_FORMAT")
        title = Truncator(c["article__title"]).chars(60)  # the truncatechars filter's
        items.append(
            f'\n        <li>\n          <a href="{escape(claim_url(c["pk"]))}">{escape(c["text"])}</a>\n'
            f'          <div class="meta">\n            {rating}\n'
            f'            {escape(when)} · {escape(title)}\n'
            f'          </div>\n        </li>\n        '
        )
    return mark_safe("".join(items))


def _checkers_html(checkers):
    rows = []
    for person in checkers:
        overdue = "0"
        if person.n_overdue:
            words = ngettext("%(counter)s overdue", "%(counter)s overdue", person.n_overdue)
            overdue = f'<span class="overdue">{words % {"counter": localize(person.n_overdue)}}</span>'
        rows.append(
            f"\n            <tr>\n"
            f'              <th scope="row">{escape(person_name(person))}</th>\n'
            f"              <td>{localize(person.n_research)}</td>\n"
            f"              <td>{localize(person.n_review)}</td>\n"
            f"              <td>{overdue}</td>\n"
            f"            </tr>\n            "
        )
    return mark_safe("".join(rows))


def fact_checkers_with_load(load):
    """Each fact-checker (anyone who may be assigned a claim) with the claims on their desk: in
    research, in review, and how many of those are overdue (from desk_figures), most loaded first.
    Only what the table shows of each person is read (a whole user row is 1.7 kB)."""
    User = get_user_model()
    checkers = [User(**row) for row in FACT_CHECKERS.rows(User.objects.all())]
    for person in checkers:
        person.n_research = load.get((Status.IN_RESEARCH, person.pk), 0)
        person.n_review = load.get((Status.IN_REVIEW, person.pk), 0)
        person.n_overdue = load.get((OVERDUE, person.pk), 0)
    return sorted(checkers, key=lambda p: (-p.n_research, -p.n_review, p.username))


# Building and compiling fact_checkers() cost ~2 ms of CPU on every dashboard:
# its SQL is compiled once (claims/compiled_queries.py), as the board's.
FACT_CHECKERS = CompiledQuery(
    lambda users: fact_checkers(users).values("pk", "username", "first_name", "last_name"), with_now=False)


def opened_vs_verified_chart(start, end):
    """Claims opened (created) and verified (approved, from the history) per day, start..end."""
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    counts = {ActivityTally.Kind.OPENED: {}, ActivityTally.Kind.VERIFIED: {}}
    # Both series in one query, from the activity tally's quarter-hours (ActivityTally: at most 96
    # a day per series, where the claims and the history gave 11,000 rows at 100,000 claims and ten
    # times as many at a million; issue #17). A quarter-hour's day is found by comparing its start
    # with the days' ends, worked out here in the desk's time zone (a day at a clock change has 23 or
    # 25 hours; every local midnight starts a quarter-hour of UTC), rather than by converting each
    # row's time to that zone in SQL (TruncDate), which looked the zone up again for every row.
    per_day = (ActivityTally.objects.filter(quarter_hour__gte=start_at).annotate(day=_day_of(days, "quarter_hour"))
               .values("kind", "day").annotate(n=Sum("delta")).values_list("kind", "day", "n"))
    for kind, day, n in per_day:
        if day is not None and n:
            counts[kind][days[day]] = n
    return daily_line_chart(
        days,
        [("opened", pgettext("desk figure", "Opened"), counts[ActivityTally.Kind.OPENED]),
         ("verified", pgettext("desk figure", "Verified"), counts[ActivityTally.Kind.VERIFIED])],
        title=_("Claims opened and verified per day, last %(days)s days") % {"days": len(days)},
        what="claims opened and verified per day",
        describe=_describe_chart,
    )


def _day_of(days, field):
    """The index in `days` of the day in which `field` (on the first day or later) falls, None after
    the last (DayIndex)."""
    return DayIndex(field, [
        timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        for day in days
    ])


class DayIndex(Func):
    """CASE WHEN <field> < <end of day 0> THEN 0 WHEN <field> < <end of day 1> THEN 1 ... END.

    Written as one expression rather than Case(When(...), ...) with thirty When: Django took 12 ms
    of CPU to build and compile those sixty conditions on every dashboard, more than the database
    took to run them. (CASEs nested as a binary search ran no faster in PostgreSQL.)"""

    output_field = IntegerField()

    def __init__(self, field, ends):
        super().__init__(F(field))
        self.ends = ends

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        adapt = connection.ops.adapt_datetimefield_value  # as a DateTimeField's lookup would
        whens = " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(self.ends)))
        return f"CASE {whens} END", tuple(p for end in self.ends for p in (*params, adapt(end)))


def _describe_chart(series, first, last):
    """The chart in words (its <desc> and caption), one whole sentence per translatable message, with
    the language's own date formats ("30 de noviembre", Ukrainian months in the genitive)."""
    opened, verified = series
    sentences = [_("Claims opened and verified per day from %(first)s to %(last)s: %(opened)s opened, "
                   "%(verified)s verified.") % {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT"),
                                                  "opened": opened.total, "verified": verified.total}]
    busiest = {
        "opened": _("Busiest day for opened claims: %(day)s (%(count)s)."),
        "verified": _("Busiest day for verified claims: %(day)s (%(count)s)."),
    }
    for s in series:
        if s.total:
            peak = max(s.points, key=lambda p: p.value)
            sentences.append(busiest[s.key] % {"day": date_format(peak.day, "MONTH_DAY_FORMAT"), "count": peak.value})
    return " ".join(sentences)
