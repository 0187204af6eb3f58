"""The Desk page: where the desk's time goes. Stage times (median and 90th percentile), throughput per
week, work in progress, ageing, each reviewer's and fact-checker's times and the send-back rate, for a
period and optional filters; and the monthly report for funders as a download.

Every figure is computed by claims/metrics.py from the history, and every figure links to the claims
behind it: the claims list, filtered by the same SQL (its `desk` filter)."""
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, gettext_lazy, ngettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_safe

from .. import desk_report, metrics
from ..charts import grouped_bar_chart
from ..forms import DeskForm
from ..workflow import Status


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def desk(request):
    form = DeskForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "claims/desk.html", {"nav": "desk", "form": form}, status=400)
    period, filters = form.period_and_filters()
    figures = metrics.desk_figures(period, filters)
    return render(request, "claims/desk.html", {"nav": "desk", "form": form, **_page(figures)})


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def desk_export(request):
    """The monthly report for the Desk page's period and filters, as a file (csv, json or html)."""
    form = DeskForm(request.GET or None)
    fmt = request.GET.get("format", "csv")
    if fmt not in desk_report.FORMATS:
        return HttpResponse(_("Unknown format “%(format)s”: choose csv, json or html.") % {"format": fmt[:20]}, status=400,
                            content_type="text/plain; charset=utf-8")
    if form.is_bound and not form.is_valid():
        problems = "; ".join(
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items() if name in form.fields
        )
        return HttpResponse(_("The report cannot be made: %(problems)s") % {"problems": problems}, status=400,
                            content_type="text/plain; charset=utf-8")
    period, filters = form.period_and_filters()
    text, content_type = desk_report.render(period, filters, fmt)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="desk-report-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{fmt}"'
    return response


def _page(figures):
    period, filters = figures.period, figures.filters
    list_url = reverse("claims:list")

    def behind(figure, since=period.first, until=period.last):
        params = {**filters.as_list_params(), "desk": figure}
        if not figure.startswith("waiting:"):
            params.update(since=since.isoformat(), until=until.isoformat())
        return f"{list_url}?{urlencode(params)}"

    def current(status):
        return f"{list_url}?{urlencode({**filters.as_list_params(), 'status': status})}"

    stages = [
        {"stage": stage, "label": label, "spread": spread, "url": behind(f"left:{stage}"),
         "median": metrics.humane_duration(spread.median), "p90": metrics.humane_duration(spread.p90)}
        for stage, label, spread in figures.stages
    ]
    first_publication = figures.first_publication
    totals = [
        {"kind": kind, "label": label, "count": figures.totals[kind], "url": behind(kind)}
        for kind, label in metrics.EVENTS.items()
    ]
    weeks = [
        {"week": week, "counts": [(kind, row[kind], behind(kind, week.first, week.last)) for kind in WEEKLY]}
        for week, row in figures.weeks
    ]
    people = [
        ("reviewers", _("Review latency per reviewer"), _("Reviewer"), "reviewed_by", figures.reviewers),
        ("researchers", _("Research time per fact-checker"), _("Fact-checker"), "researched_by", figures.researchers),
    ]
    return {
        "period": period,
        "filters": filters,
        "stages": stages,
        "first_publication": {"spread": first_publication, "url": behind("published"),
                              "median": metrics.humane_duration(first_publication.median),
                              "p90": metrics.humane_duration(first_publication.p90)},
        "totals": totals,
        "send_back_rate": figures.send_back_rate,
        "sent_back_url": behind("sent_back"),
        "weeks": weeks,
        "people": [
            {"key": key, "title": title, "role": role,
             "rows": [{"person": person, "spread": spread, "url": behind(f"{figure}:{person.pk}"),
                       "median": metrics.humane_duration(spread.median), "p90": metrics.humane_duration(spread.p90)}
                      for person, spread in rows]}
            for key, title, role, figure, rows in people
        ],
        "work_in_progress": [
            {"stage": stage, "label": label, "count": count, "url": current(stage)}
            for stage, label, count in figures.work_in_progress
        ],
        "age_labels": [label for label, _, _ in metrics.AGE_BUCKETS],
        "ageing": [
            {"stage": stage, "label": label, "cells": [
                {"label": bucket, "count": n, "url": behind(f"waiting:{stage}:{low}:{'' if high is None else high}")}
                for bucket, low, high, n in buckets
            ]}
            for stage, label, buckets in figures.ageing
        ],
        "oldest": [
            {"claim": claim, "waited": metrics.humane_duration((figures.now - claim.stage_entered_at).total_seconds())}
            for claim in figures.oldest if claim.stage_entered_at
        ],
        "stage_chart": _stage_chart(figures),
        "throughput_chart": _throughput_chart(figures),
        "definitions": metrics.DEFINITIONS,
        "export_query": urlencode(_export_params(period, filters)),
        "now": timezone.localtime(figures.now),
    }


# The events the weekly throughput shows, with their legend (the template's) and their busiest week
# in words: whole sentences, so that a translation never glues a label into a phrase.
WEEKLY = ("opened", "verified", "published")
WEEKLY_LABELS = {
    "opened": pgettext_lazy("desk figure", "Opened"),
    "verified": pgettext_lazy("desk figure", "Verified"),
    "published": pgettext_lazy("desk figure", "Published"),
}
BUSIEST_WEEK = {
    "opened": gettext_lazy("Busiest week for opened claims: week of %(week)s (%(count)s)."),
    "verified": gettext_lazy("Busiest week for verified claims: week of %(week)s (%(count)s)."),
    "published": gettext_lazy("Busiest week for published claims: week of %(week)s (%(count)s)."),
}


def _export_params(period, filters):
    params = {"since": period.first.isoformat(), "until": period.last.isoformat()}
    params.update({key: value for key, value in {
        "article": filters.article, "type": filters.claim_type, "priority": filters.priority, "person": filters.person,
    }.items() if value})
    return params


def _stage_chart(figures):
    labels = [Status(stage).label for stage, _label, _spread in figures.stages] + [_("To first publication")]
    spreads = [spread for _stage, _label, spread in figures.stages] + [figures.first_publication]
    # The stages count visits, the last row claims: each has its own plural message.
    counted = ["visits"] * len(figures.stages) + ["claims"]
    words = "; ".join(
        _stage_in_words(label, s, what) if s.count else _("%(stage)s: none in the period") % {"stage": label}
        for label, s, what in zip(labels, spreads, counted)
    )
    return grouped_bar_chart(
        labels,
        [("median", _("Median"), [s.median for s in spreads]), ("p90", _("90th percentile"), [s.p90 for s in spreads])],
        title=_("Time per stage, %(period)s, in hours") % {"period": figures.period},
        description=_("Time per stage, %(period)s. %(figures)s.") % {"period": figures.period, "figures": words},
        horizontal=True, unit=" " + pgettext("unit", "h"), scale=3600,
    )


def _stage_in_words(label, spread, counted):
    values = {"stage": label, "median": metrics.humane_duration(spread.median),
              "p90": metrics.humane_duration(spread.p90), "count": spread.count}
    if counted == "visits":
        return ngettext("%(stage)s: median %(median)s, 90th percentile %(p90)s over %(count)s visit",
                        "%(stage)s: median %(median)s, 90th percentile %(p90)s over %(count)s visits",
                        spread.count) % values
    return ngettext("%(stage)s: median %(median)s, 90th percentile %(p90)s over %(count)s claim",
                    "%(stage)s: median %(median)s, 90th percentile %(p90)s over %(count)s claims",
                    spread.count) % values


def _throughput_chart(figures):
    labels = [date_format(week.first, "j M") for week, _row in figures.weeks]
    series = [(kind, str(WEEKLY_LABELS[kind]), [row[kind] for _week, row in figures.weeks]) for kind in WEEKLY]
    totals = {kind: sum(row) for kind, _label, row in series}
    sentences = [_("Claims opened, verified and published per week, %(period)s: %(opened)s opened, %(verified)s "
                   "verified, %(published)s published.") % {"period": figures.period, **totals}]
    for kind, _label, row in series:
        if any(row):
            week = figures.weeks[row.index(max(row))][0].first
            sentences.append(str(BUSIEST_WEEK[kind]) % {"week": date_format(week, "MONTH_DAY_FORMAT"), "count": max(row)})
    return grouped_bar_chart(
        labels, series,
        title=_("Claims opened, verified and published per week, %(period)s") % {"period": figures.period},
        description=" ".join(sentences),
    )
