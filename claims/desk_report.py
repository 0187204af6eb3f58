"""The desk's report for funders and IFCN applications: per month of a period, claims opened, verified,
published and corrected, and the median and 90th percentile of each stage's time and of the time to
first publication, with the definition of every figure written into the report itself.

Made by `manage.py desk_report` and by the Desk page's export, from claims/metrics.monthly_report.
Times are in hours, with two decimals.

The CSV and HTML are read by people (funders, IFCN assessors): their headings, scope and definitions
are in the language of the request (or of the command). Their numbers and dates stay as a
spreadsheet reads them (2026-01, 12.50). The JSON is for scripts: its keys never change."""
import csv
import io
import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, pgettext_lazy

from . import metrics
from .models import Organisation

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}
COUNTED = ("opened", "verified", "published", "republished", "sent_back", "reopened")
COUNT_LABELS = {
    "opened": pgettext_lazy("desk figure", "Opened"), "verified": pgettext_lazy("desk figure", "Verified"),
    "published": pgettext_lazy("desk figure", "Published"), "republished": pgettext_lazy("desk figure", "Corrected"),
    "sent_back": pgettext_lazy("desk figure", "Sent back"), "reopened": pgettext_lazy("desk figure", "Reopened"),
}


def render(period, filters, fmt):
    """(text, content type) of the report in `fmt` (csv, json or html)."""
    rows, total = metrics.monthly_report(period, filters)
    return {"csv": _csv, "json": _json, "html": _html}[fmt](period, filters, rows, total), FORMATS[fmt]


def _columns():
    columns = [str(COUNT_LABELS[kind]) for kind in COUNTED]
    for stage in metrics.STAGES:
        label = {"stage": metrics.STAGE_LABELS[stage]}
        columns += [_("%(stage)s: visits") % label, _("%(stage)s: median (h)") % label, _("%(stage)s: p90 (h)") % label]
    columns += [_("To first publication: claims"), _("To first publication: median (h)"), _("To first publication: p90 (h)")]
    return columns


def _values(row):
    values = [row.counts[kind] for kind in COUNTED]
    for spread in [*(row.stages[s] for s in metrics.STAGES), row.first_publication]:
        values += [spread.count, metrics.hours(spread.median), metrics.hours(spread.p90)]
    return values


def _scope(period, filters):
    scope = _("from %(first)s to %(last)s (inclusive, %(time_zone)s)") % {
        "first": period.first.isoformat(), "last": period.last.isoformat(), "time_zone": timezone.get_current_timezone_name()}
    if filters.active:
        # The filters as the claims list's query parameters (article=12): machine keys, kept as they are.
        scope = _("%(scope)s; filtered: %(filters)s") % {
            "scope": scope, "filters": ", ".join(f"{k}={v}" for k, v in filters.as_list_params().items())}
    return scope


def _csv(period, filters, rows, total):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Desk report, %(organisation)s") % {"organisation": Organisation.current().name},
                     _scope(period, filters)])
    writer.writerow([_("Month"), _("From"), _("To"), *_columns()])
    for row in rows:
        writer.writerow([f"{row.month.first:%Y-%m}", row.month.first.isoformat(), row.month.last.isoformat(), *_values(row)])
    writer.writerow([_("All"), period.first.isoformat(), period.last.isoformat(), *_values(total)])
    writer.writerow([])
    writer.writerow([_("Definitions")])
    for name, text in metrics.DEFINITIONS:
        writer.writerow([str(name), str(text)])
    return out.getvalue()


def _spread_json(spread):
    return {"count": spread.count, "median_hours": _float(metrics.hours(spread.median)),
            "p90_hours": _float(metrics.hours(spread.p90))}


def _float(text):
    return None if text == "" else float(text)


def _row_json(row):
    return {
        "from": row.month.first.isoformat(), "to": row.month.last.isoformat(),
        "counts": {("corrected" if kind == "republished" else kind): row.counts[kind] for kind in COUNTED},
        "stages": {stage: _spread_json(row.stages[stage]) for stage in metrics.STAGES},
        "to_first_publication": _spread_json(row.first_publication),
    }


def _json(period, filters, rows, total):
    return json.dumps({
        "organisation": Organisation.current().name,
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(),
                   "time_zone": timezone.get_current_timezone_name()},
        "filters": filters.as_list_params(),
        "unit": "hours",
        "months": [{"month": f"{row.month.first:%Y-%m}", **_row_json(row)} for row in rows],
        "total": _row_json(total),
        # Prose for the reader of the file, in the request's language (json cannot write a lazy string).
        "definitions": {str(name): str(text) for name, text in metrics.DEFINITIONS},
    }, indent=2, ensure_ascii=False) + "\n"


def _html(period, filters, rows, total):
    return render_to_string("reports/desk_report.html", {
        "organisation": Organisation.current(),
        "scope": _scope(period, filters),
        "columns": [_("Month"), *_columns()],
        "rows": [(date_format(row.month.first, "YEAR_MONTH_FORMAT"), _values(row)) for row in rows],
        "total": (_("All"), _values(total)),
        "definitions": metrics.DEFINITIONS,
        "generated": timezone.localtime(),
    })
