"""The start page: where the desk stands, what is late, what went out, who carries what, and the
last thirty days as a chart. Every figure is aggregated in the database, so the page runs the same
handful of queries however many claims there are."""
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, pgettext
from django.views.decorators.http import require_safe

from .. import locale
from ..charts import daily_line_chart
from ..forms import fact_checkers
from ..models import Claim, HistoryEntry, overdue_q
from ..workflow import ON_DESK, Status

CHART_DAYS = 30
LIST_LENGTH = 8


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def dashboard(request):
    today = timezone.localdate()
    week_start = locale.week_start(today)  # Monday, or Sunday in Brazil: the reader's calendar
    week_start_at = timezone.make_aware(datetime.datetime.combine(week_start, datetime.time.min))
    chart_start = today - datetime.timedelta(days=CHART_DAYS - 1)

    overdue = overdue_q(today)
    published_this_week = Q(status=Status.PUBLISHED, last_published_at__gte=week_start_at)
    # One index-only scan of claim_dashboard (status, due_date INCLUDE last_published_at), grouped by
    # status, with the two other figures counted alongside: nine FILTERed counts over every claim
    # (one per status) tested nine conditions on each of 100,000 index entries (issue #17).
    by_status = {
        row["status"]: row for row in Claim.objects.order_by().values("status").annotate(
            n=Count("status"), overdue=Count("status", filter=overdue),
            published_this_week=Count("status", filter=published_this_week),
        )
    }
    figures = {
        figure: sum(row[figure] for row in by_status.values()) for figure in ("n", "overdue", "published_this_week")
    }
    figures["total"] = figures.pop("n")
    status_counts = [
        {"status": s, "label": s.label, "count": by_status[s]["n"] if s in by_status else 0} for s in Status
    ]
    context = {
        "nav": "dashboard",
        "figures": figures,
        "status_counts": status_counts,
        "overdue_claims": Claim.objects.overdue(today).for_list().order_by("due_date", "pk")[:LIST_LENGTH],
        "published_claims": Claim.objects.filter(published_this_week).for_list().select_related("published_rating")
        .order_by("-last_published_at", "-pk")[:LIST_LENGTH],
        "week_start": week_start,
        "checkers": fact_checkers_with_load(today),
        "chart": opened_vs_verified_chart(chart_start, today),
        "today": today,
    }
    return render(request, "claims/dashboard.html", context)


def fact_checkers_with_load(today):
    """Each fact-checker (anyone who may be assigned a claim) with the claims on their desk: in
    research, in review, and how many of those are overdue. The checkers are picked in a subquery
    so that the only join here is to their claims (a join to groups as well would multiply the
    counts), and that join takes only the claims on a desk. Counting their status (never empty)
    rather than their id keeps every column read in the claim_dashboard index, so PostgreSQL
    answers from an index-only scan of the desks' statuses instead of reading claim rows."""
    desk = FilteredRelation("assigned_claims", condition=Q(assigned_claims__status__in=ON_DESK))
    return (
        get_user_model().objects.filter(pk__in=fact_checkers().order_by().values("pk"))
        .annotate(desk=desk)
        .annotate(
            n_research=Count("desk__status", filter=Q(desk__status=Status.IN_RESEARCH)),
            n_review=Count("desk__status", filter=Q(desk__status=Status.IN_REVIEW)),
            n_overdue=Count("desk__status", filter=Q(desk__due_date__lt=today)),
        )
        # Only what the table shows: the join carries each of the ~35,000 desk claims with its
        # checker's columns into the aggregate, and a whole user row is 1.7 kB (issue #17).
        .only("pk", "username", "first_name", "last_name")
        .order_by("-n_research", "-n_review", "username")
    )


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
        [("opened", pgettext("desk figure", "Opened"), opened), ("verified", pgettext("desk figure", "Verified"), verified)],
        title=_("Claims opened and verified per day, last %(days)s days") % {"days": len(days)},
        what="claims opened and verified per day",
        describe=_describe_chart,
    )


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
