"""Charts drawn on the server as SVG: the geometry is computed here, the template only draws it (the
dashboard's line chart is also written here, LineChart.svg).

No chart library (nothing may load from the internet, and the CSP forbids inline styles): a chart
is a handful of polylines, axes and labels whose coordinates are plain numbers, styled by app.css.
"""
import datetime
import math
from dataclasses import dataclass
from html import escape

from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 720, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 28, 14, 30


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    value: int


@dataclass(frozen=True)
class Series:
    key: str  # CSS class suffix: .series-<key>
    label: str
    points: tuple
    total: int

    @property
    def polyline(self):
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float  # y for the value axis, x for the day axis
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    series: tuple
    y_ticks: tuple
    x_ticks: tuple
    title: str
    description: str

    def svg(self):
        """The chart as an <svg> element, written here rather than by a template loop: sixty points,
        each with a translated <title> and a date, were 12 ms of template rendering on every dashboard
        (issue #17). The markup, whitespace included, is the one dashboard.html wrote. Coordinates are
        for the browser, not for people: "210.5" in every language, never "210,5" (str of the float,
        as the template's {% localize off %} wrote them); the words go through `escape` as Django's
        autoescaping would."""
        indent = "\n          "
        out = [
            f'<svg class="chart" viewBox="0 0 {self.width} {self.height}" role="img"\n'
            f'             aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'
            f'{indent}<title id="chart-title">{escape(self.title)}</title>'
            f'{indent}<desc id="chart-desc">{escape(self.description)}</desc>{indent}'
        ]
        for tick in self.y_ticks:
            out.append(
                f'{indent}<line class="grid-line" x1="{self.left}" x2="{self.right}" y1="{tick.position}" y2="{tick.position}"></line>'
                f'{indent}<text class="tick-label" x="{self.left - 6}" y="{tick.position}" text-anchor="end" '
                f'dominant-baseline="middle">{escape(tick.label)}</text>{indent}'
            )
        out.append(indent)
        for tick in self.x_ticks:
            out.append(
                f'{indent}<line class="axis" x1="{tick.position}" x2="{tick.position}" y1="{self.bottom}" y2="{self.bottom + 4}"></line>'
                f'{indent}<text class="tick-label" x="{tick.position}" y="{self.bottom + 18}" text-anchor="middle">'
                f'{escape(tick.label)}</text>{indent}'
            )
        out.append(
            f'{indent}<line class="axis" x1="{self.left}" x2="{self.right}" y1="{self.bottom}" y2="{self.bottom}"></line>'
            f'{indent}<line class="axis" x1="{self.left}" x2="{self.left}" y1="{self.top}" y2="{self.bottom}"></line>{indent}'
        )
        point_title = _("%(day)s: %(value)s %(series)s")  # each point's tooltip, one message for all
        days = {}  # the same thirty dates for every series: formatted once
        for series in self.series:
            key, name = escape(series.key), escape(series.label.lower())
            out.append(f'{indent}<polyline class="series-{key}" points="{series.polyline}"></polyline>{indent}')
            for p in series.points:
                if p.day not in days:
                    days[p.day] = escape(date_format(p.day, "MONTH_DAY_FORMAT"))
                title = point_title % {"day": days[p.day], "value": p.value, "series": name}
                out.append(f'{indent}<circle class="dot dot-{key}" cx="{p.x}" cy="{p.y}" r="{"3" if p.value else "1.5"}">'
                           f'<title>{title}</title></circle>{indent}')
            out.append(indent)
        out.append("\n        </svg>")
        return mark_safe("".join(out))


def nice_maximum(value):
    """The top of the value axis: the data's maximum rounded up to 1, 2 or 5 times a power of ten,
    so that the ticks fall on round numbers (4 at least, so an empty chart still has an axis)."""
    if value <= 4:
        return 4
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def daily_line_chart(days, series_counts, *, title, what, describe=None):
    """A line chart of counts per day.

    `days`: the dates of the x axis, oldest first. `series_counts`: (key, label, {date: count})
    triples; days missing from a mapping count as zero. `what` names the data for the description
    ("claims opened and verified per day"). `describe(series, first_day, last_day)`, when given, writes the
    description instead, in whole translatable sentences (the dashboard's); `what` alone makes an
    English one, for charts nobody translated yet."""
    days = list(days)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    values = [[counts.get(day, 0) for day in days] for _, _, counts in series_counts]
    top_value = nice_maximum(max((v for row in values for v in row), default=0))

    def x_of(i):
        return left if len(days) < 2 else left + (right - left) * i / (len(days) - 1)

    def y_of(value):
        return bottom - (bottom - top) * value / top_value

    series = tuple(
        Series(
            key=key, label=label, total=sum(row),
            points=tuple(Point(round(x_of(i), 1), round(y_of(v), 1), day, v) for i, (day, v) in enumerate(zip(days, row))),
        )
        for (key, label, _counts), row in zip(series_counts, values)
    )
    y_ticks = tuple(Tick(round(y_of(top_value * k / 4), 1), _number(top_value * k / 4)) for k in range(5))
    # A label every week, counted back from the last day so that "today" is always labelled; "j M"
    # (day and short month, in the language) because a whole date does not fit under the axis.
    x_ticks = tuple(
        Tick(round(x_of(i), 1), date_format(day, "j M"))
        for i, day in enumerate(days) if (len(days) - 1 - i) % 7 == 0
    )
    if days and describe is not None:
        description = describe(series, days[0], days[-1])
    elif days:
        span = f"from {days[0]:%-d %B %Y} to {days[-1]:%-d %B %Y}"
        totals = ", ".join(f"{s.total} {s.label.lower()}" for s in series)
        peaks = "; ".join(
            f"busiest day for {s.label.lower()}: {max(s.points, key=lambda p: p.value).day:%-d %B} "
            f"({max(p.value for p in s.points)})"
            for s in series if s.total
        )
        description = f"{what.capitalize()} {span}: {totals}." + (f" {peaks[0].upper()}{peaks[1:]}." if peaks else "")
    else:
        description = f"No data for {what}."
    return LineChart(
        width=WIDTH, height=HEIGHT, left=left, right=right, top=top, bottom=bottom,
        series=series, y_ticks=y_ticks, x_ticks=x_ticks, title=title, description=description,
    )


# ---------------------------------------------------------------------------------------------------
# Bar charts (the Desk page)


@dataclass(frozen=True)
class Bar:
    key: str  # CSS class suffix: .bar-<key>
    x: float
    y: float
    width: float
    height: float
    label: str  # what the bar's <title> says


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple
    value_ticks: tuple  # Tick: position along the value axis
    category_ticks: tuple  # Tick: position along the category axis
    horizontal: bool
    title: str
    description: str


def grouped_bar_chart(categories, series, *, title, description, horizontal=False, unit="", scale=1.0):
    """Bars per category, one per series, side by side.

    `categories`: labels, in order. `series`: (key, label, [value per category, None for none])
    triples. Values are divided by `scale` for the axis (3600 draws seconds as hours), whose
    ticks are followed by `unit`. The description says the numbers in words: the caller writes it."""
    n_series = max(1, len(series))
    if horizontal:
        left, right, top = 190, WIDTH - MARGIN_RIGHT, MARGIN_TOP
        height = top + MARGIN_BOTTOM + max(1, len(categories)) * (14 * n_series + 16)
        bottom = height - MARGIN_BOTTOM
    else:
        left, right, top, bottom, height = MARGIN_LEFT, WIDTH - MARGIN_RIGHT, MARGIN_TOP, HEIGHT - MARGIN_BOTTOM, HEIGHT
    values = [v / scale for _, _, row in series for v in row if v is not None]
    top_value = nice_maximum(max(values, default=0))
    span = (right - left) if horizontal else (bottom - top)
    slots = (bottom - top) if horizontal else (right - left)
    slot = slots / max(1, len(categories))
    thickness = max(1.0, (slot * 0.8) / n_series)
    bars = []
    for c, category in enumerate(categories):
        for s, (key, label, row) in enumerate(series):
            value = row[c]
            if value is None:
                continue
            length = span * (value / scale) / top_value
            offset = c * slot + slot * 0.1 + s * thickness
            if horizontal:
                bars.append(Bar(key, round(left, 1), round(top + offset, 1), round(length, 1), round(thickness - 1, 1),
                                _bar_title(category, label, value / scale, unit)))
            else:
                bars.append(Bar(key, round(left + offset, 1), round(bottom - length, 1), round(thickness - 1, 1),
                                round(length, 1), _bar_title(category, label, value / scale, unit)))
    value_ticks = tuple(
        Tick(round((left + span * k / 4) if horizontal else (bottom - span * k / 4), 1), f"{_number(top_value * k / 4)}{unit}")
        for k in range(5)
    )
    every = max(1, math.ceil(len(categories) / 8)) if not horizontal else 1
    category_ticks = tuple(
        Tick(round((top if horizontal else left) + c * slot + slot / 2, 1), category)
        for c, category in enumerate(categories) if (len(categories) - 1 - c) % every == 0
    )
    return BarChart(width=WIDTH, height=int(height), left=left, right=right, top=top, bottom=bottom, bars=tuple(bars),
                    value_ticks=value_ticks, category_ticks=category_ticks, horizontal=horizontal, title=title,
                    description=description)


def _bar_title(category, series, value, unit):
    # One sentence with its variables: the order of category and series is the translator's.
    return _("%(category)s, %(series)s: %(value)s%(unit)s") % {
        "category": category, "series": series, "value": _number(value), "unit": unit}


def _number(value):
    """A value with at most one decimal, in the language's notation ("3.5", "3,5")."""
    value = round(value, 1)
    return number_format(value, decimal_pos=1 if value % 1 else 0)
