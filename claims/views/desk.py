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
        return HttpResponse(f"Unknown format “{fmt[:20]}”: choose csv, json or html.", status=400,
                            content_type="text/plain; charset=utf-8")
    if form.is_bound and not form.is_valid():
        problems = "; ".join(
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items() if name in form.fields
        )
        return HttpResponse(f"The report cannot be made: {problems}", status=400, content_type="text/plain; charset=utf-8")
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
        ("reviewers", "Review latency per reviewer", "Reviewer", "reviewed_by", figures.reviewers),
        ("researchers", "Research time per fact-checker", "Fact-checker", "researched_by", figures.researchers),
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


# The events the weekly throughput shows.
WEEKLY = ("opened", "verified", "published")


def _export_params(period, filters):
    params = {"since": period.first.isoformat(), "until": period.last.isoformat()}
    params.update({key: value for key, value in {
        "article": filters.article, "type": filters.claim_type, "priority": filters.priority, "person": filters.person,
    }.items() if value})
    return params


def _stage_chart(figures):
    labels = [Status(stage).label for stage, _, _ in figures.stages] + ["To first publication"]
    spreads = [spread for _, _, spread in figures.stages] + [figures.first_publication]
    cases = ["visit"] * len(figures.stages) + ["claim"]
    words = "; ".join(
        f"{label}: median {metrics.humane_duration(s.median)}, 90th percentile {metrics.humane_duration(s.p90)} "
        f"over {s.count} {case}{'s' if s.count != 1 else ''}" if s.count else f"{label}: none in the period"
        for label, s, case in zip(labels, spreads, cases)
    )
    return grouped_bar_chart(
        labels,
        [("median", "Median", [s.median for s in spreads]), ("p90", "90th percentile", [s.p90 for s in spreads])],
        title=f"Time per stage, {figures.period}, in hours",
        description=f"Time per stage, {figures.period}. {words}.",
        horizontal=True, unit=" h", scale=3600,
    )


def _throughput_chart(figures):
    labels = [f"{week.first:%-d %b}" for week, _ in figures.weeks]
    series = [(kind, metrics.EVENTS[kind].split(" (")[0], [row[kind] for _, row in figures.weeks]) for kind in WEEKLY]
    totals = ", ".join(f"{sum(row)} {label.lower()}" for _, label, row in series)
    busiest = "; ".join(
        f"busiest week for {label.lower()}: week of {figures.weeks[row.index(max(row))][0].first:%-d %B} ({max(row)})"
        for _, label, row in series if any(row)
    )
    return grouped_bar_chart(
        labels, series, title=f"Claims opened, verified and published per week, {figures.period}",
        description=f"Claims opened, verified and published per week, {figures.period}: {totals}."
        + (f" {busiest[0].upper()}{busiest[1:]}." if busiest else ""),
    )
