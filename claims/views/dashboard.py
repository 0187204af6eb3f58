"""The start page: where the desk stands, what is late, what went out, who carries what, and the
last thirty days as a chart. Every figure is aggregated in the database, so the page runs the same
handful of queries however many claims there are."""
import datetime

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..charts import daily_line_chart
from ..forms import fact_checkers
from ..models import Claim, HistoryEntry
from ..workflow import Status

CHART_DAYS = 30
LIST_LENGTH = 8


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def dashboard(request):
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_start_at = timezone.make_aware(datetime.datetime.combine(week_start, datetime.time.min))
    chart_start = today - datetime.timedelta(days=CHART_DAYS - 1)

    published_this_week = Q(status=Status.PUBLISHED, last_published_at__gte=week_start_at)
    figures, load = desk_figures(today, published_this_week)
    status_counts = [{"status": s, "label": s.label, "count": figures["by_status"][s]} for s in Status]
    context = {
        "nav": "dashboard",
        "figures": figures,
        "status_counts": status_counts,
        "overdue_claims": Claim.objects.overdue(today).for_list().order_by("due_date", "pk")[:LIST_LENGTH],
        "published_claims": Claim.objects.filter(published_this_week).for_list().select_related("published_rating")
        .order_by("-last_published_at", "-pk")[:LIST_LENGTH],
        "week_start": week_start,
        "checkers": fact_checkers_with_load(load),
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
    many are overdue and were published this week change with the calendar, not only with writes, so
    the tally cannot hold them: they are counted, from their own index ranges (claim_dashboard's
    desk statuses before today, claim_last_published since Monday), so each costs what it counts.
    The three are one UNION ALL, told apart by their first column (statuses never start with "~")."""
    tally = Claim.objects.tally()  # every claim: the tally always answers
    parts = [
        tally.values("status", "assignee").annotate(n=Sum("delta")).values_list("status", "assignee", "n"),
        Claim.objects.overdue(today).order_by().annotate(kind=Value(OVERDUE)).values("kind", "assignee")
        .annotate(n=Count("status")).values_list("kind", "assignee", "n"),
        Claim.objects.filter(published_this_week).order_by()
        .annotate(kind=Value(PUBLISHED_THIS_WEEK), nobody=Value(None, output_field=IntegerField()))
        .values("kind", "nobody").annotate(n=Count("status")).values_list("kind", "nobody", "n"),
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


def fact_checkers_with_load(load):
    """Each fact-checker (anyone who may be assigned a claim) with the claims on their desk: in
    research, in review, and how many of those are overdue (from desk_figures), most loaded first.
    Only what the table shows of each person is read (a whole user row is 1.7 kB)."""
    checkers = list(fact_checkers().only("pk", "username", "first_name", "last_name"))
    for person in checkers:
        person.n_research = load.get((Status.IN_RESEARCH, person.pk), 0)
        person.n_review = load.get((Status.IN_REVIEW, person.pk), 0)
        person.n_overdue = load.get((OVERDUE, person.pk), 0)
    return sorted(checkers, key=lambda p: (-p.n_research, -p.n_review, p.username))


def opened_vs_verified_chart(start, end):
    """Claims opened (created) and verified (approved, from the history) per day, start..end."""
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    opened = dict(
        # Counting created_at (never empty) rather than the id: read from the created_at index alone.
        Claim.objects.filter(created_at__gte=start_at)
        .annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("created_at"))
        .values_list("day", "n")
    )
    verified = dict(
        HistoryEntry.objects.filter(
            action=HistoryEntry.Action.STATUS, field="status", new_value=Status.VERIFIED, created_at__gte=start_at
        )
        .annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    return daily_line_chart(
        days,
        [("opened", "Opened", opened), ("verified", "Verified", verified)],
        title=f"Claims opened and verified per day, last {len(days)} days",
        what="claims opened and verified per day",
    )
