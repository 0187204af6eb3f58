"""claims/charts.py: the geometry of the dashboard's line chart, computed on the server."""
import datetime

import pytest

from claims.charts import daily_line_chart, nice_maximum

DAYS = [datetime.date(2026, 11, 1) + datetime.timedelta(days=i) for i in range(30)]


def chart(opened=None, verified=None, days=DAYS):
    return daily_line_chart(
        days, [("opened", "Opened", opened or {}), ("verified", "Verified", verified or {})],
        title="Claims opened and verified per day", what="claims opened and verified per day",
    )


@pytest.mark.parametrize("value, top", [(0, 4), (3, 4), (5, 5), (7, 10), (12, 20), (40, 50), (51, 100), (100, 100), (101, 200)])
def test_the_value_axis_ends_on_a_round_number(value, top):
    assert nice_maximum(value) == top


def test_days_run_left_to_right_across_the_plot_and_counts_bottom_to_top():
    c = chart(opened={DAYS[0]: 2, DAYS[-1]: 4})
    opened = c.series[0]
    assert [p.day for p in opened.points] == DAYS
    assert opened.points[0].x == c.left and opened.points[-1].x == c.right
    xs = [p.x for p in opened.points]
    assert xs == sorted(xs) and len(set(xs)) == 30
    # 4 is the top of the axis, 2 half-way, 0 on the bottom line.
    assert opened.points[-1].y == c.top
    assert opened.points[0].y == pytest.approx((c.top + c.bottom) / 2, abs=0.1)
    assert opened.points[1].y == c.bottom and opened.points[1].value == 0


def test_days_without_data_count_as_zero_and_totals_add_up():
    c = chart(opened={DAYS[3]: 5, DAYS[4]: 1}, verified={DAYS[4]: 2})
    assert [s.total for s in c.series] == [6, 2]
    assert sum(p.value for p in c.series[1].points) == 2


def test_the_polyline_lists_every_point():
    c = chart(opened={DAYS[0]: 1})
    pairs = c.series[0].polyline.split(" ")
    assert len(pairs) == 30
    assert pairs[0] == f"{c.left:.1f},{c.series[0].points[0].y:.1f}"


def test_ticks_label_the_axes_with_today_always_labelled():
    c = chart(opened={DAYS[2]: 12})
    assert [t.label for t in c.y_ticks] == ["0", "5", "10", "15", "20"]
    assert c.y_ticks[0].position == c.bottom and c.y_ticks[-1].position == c.top
    assert c.x_ticks[-1].label == "30 Nov" and c.x_ticks[-1].position == c.right
    assert len(c.x_ticks) == 5  # one a week


def test_the_description_says_what_the_chart_shows_in_words():
    c = chart(opened={DAYS[2]: 12, DAYS[5]: 1}, verified={DAYS[9]: 3})
    assert c.description == (
        "Claims opened and verified per day from 1 November 2026 to 30 November 2026: 13 opened, 3 verified. "
        "Busiest day for opened: 3 November (12); busiest day for verified: 10 November (3)."
    )


def test_an_empty_chart_still_has_axes_and_says_so():
    c = chart()
    assert [t.label for t in c.y_ticks] == ["0", "1", "2", "3", "4"]
    assert all(p.y == c.bottom for s in c.series for p in s.points)
    assert c.description.endswith("0 opened, 0 verified.")


def test_a_single_day_does_not_divide_by_zero():
    c = chart(opened={DAYS[0]: 1}, days=DAYS[:1])
    assert c.series[0].points[0].x == c.left


def test_the_svg_draws_every_point_with_its_day_and_count_and_escapes_the_words():
    c = daily_line_chart(
        DAYS, [("opened", "<b>Opened</b>", {DAYS[2]: 12}), ("verified", "Verified", {})],
        title="<script>alert(1)</script>", what="claims opened and verified per day",
    )
    svg = c.svg()
    assert svg.count("<circle") == 60 and svg.count("<polyline") == 2
    third = c.series[0].points[2]
    assert (f'<circle class="dot dot-opened" cx="{third.x}" cy="{third.y}" r="3">'
            f"<title>3 November: 12 &lt;b&gt;opened&lt;/b&gt;</title></circle>") in svg
    assert 'r="1.5"><title>3 November: 0 verified</title>' in svg  # an empty day: a smaller dot
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
