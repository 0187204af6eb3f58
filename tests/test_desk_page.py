"""The Desk page (/desk/): who may see it, the figures of the seeded desk of tests/test_metrics.py in
words and numbers, every figure linking to the claims behind it, bad input as a 400 in the page, the
report export, and a fixed number of queries however much history there is."""
import csv
import html
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import metrics
from claims.models import Claim

from .conftest import login
from .test_metrics import seeded_desk  # noqa: F401 (the `desk` fixture)

URL = reverse("claims:desk")
JANUARY = {"since": "2026-01-01", "until": "2026-01-31"}


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, outsider):
    assert login(client, outsider).get(URL).status_code == 403
    assert client.get(reverse("claims:desk_export")).status_code == 403


@pytest.mark.parametrize("who", ["viewer", "checker", "editor"])
def test_every_role_reads_the_page_and_finds_it_in_the_navigation(client, who, request):
    user = request.getfixturevalue(who)
    html = login(client, user).get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Desk</a>' in html


def test_the_seeded_desk_in_words_and_numbers(client, desk, viewer):
    html = login(client, viewer).get(URL, JANUARY).content.decode()
    # Stage times, in the table and in the chart's words.
    assert "New: median 3.0 h, 90th percentile 5.4 h over 4 visits" in html
    assert "In research: median 24.0 h, 90th percentile 8.2 days over 5 visits" in html
    assert "In review: median 2.0 h, 90th percentile 3.2 h over 5 visits" in html
    assert "To first publication: median 7.4 days, 90th percentile 12.3 days over 2 claims" in html
    # Throughput in words.
    assert "4 opened, 4 verified, 2 published" in html
    # The send-back rate: 1 of 5 reviews.
    assert ">20%<" in html


def test_every_figure_links_to_the_claims_behind_it(client, desk, viewer, editor):
    login(client, viewer)
    response = client.get(URL, JANUARY)
    html = response.content.decode()
    assert "/claims/?desk=left%3Ain_review&amp;since=2026-01-01&amp;until=2026-01-31" in html
    assert "/claims/?desk=sent_back&amp;since=2026-01-01&amp;until=2026-01-31" in html
    assert f"/claims/?desk=reviewed_by%3A{editor.pk}&amp;since=2026-01-01&amp;until=2026-01-31" in html
    assert "/claims/?status=in_research" in html
    listed = client.get(reverse("claims:list"), {"desk": "sent_back", **JANUARY})
    assert [c.pk for c in listed.context["claims"]] == [desk["b"].pk]
    assert "The claims behind a figure of the" in listed.content.decode()


def test_the_ageing_cells_link_to_the_claims_waiting_in_them(client, desk, viewer):
    # An ageing cell names no period (it counts claims waiting now): the list must read the figure
    # without one, not fail for want of it.
    login(client, viewer)
    links = re.findall(r'href="(/claims/\?[^"]*desk=waiting[^"]*)"', client.get(URL, JANUARY).content.decode())
    assert links
    for link in links:
        response = client.get(html.unescape(link))
        assert response.status_code == 200
        assert "The claims behind a figure of the" in response.content.decode()
        figure = metrics.parse_figure(response.wsgi_request.GET["desk"])
        behind = Claim.objects.filter(pk__in=metrics.claims_behind(figure, None)).values_list("pk", flat=True)
        assert sorted(c.pk for c in response.context["claims"]) == sorted(behind)


def test_filters_reach_the_links(client, desk, viewer, checker2):
    html = login(client, viewer).get(URL, {**JANUARY, "person": checker2.pk, "priority": "2"}).content.decode()
    assert f"assignee={checker2.pk}" in html and "priority=2" in html


@pytest.mark.parametrize("query, message", [
    ({"since": "2026-13-01"}, "is not a date of the calendar"),
    ({"since": "01/02/2026"}, "is not a date written as YYYY-MM-DD"),
    ({"since": "２０２６-01-01"}, "is not a date written as YYYY-MM-DD"),
    ({"since": "2026-02-01", "until": "2026-01-01"}, "The period ends before it starts."),
    ({"since": "2020-01-01", "until": "2026-01-01"}, "A period can be at most 800 days long."),
    ({"priority": "9"}, "Select a valid choice"),
])
def test_bad_input_is_a_400_that_says_why(client, viewer, query, message):
    response = login(client, viewer).get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_desk_figure_on_the_claims_list_is_ignored_with_a_warning(client, desk, viewer):
    response = login(client, viewer).get(reverse("claims:list"), {"desk": "left:published", **JANUARY})
    assert response.status_code == 200
    assert "is not one of the choices: it was ignored" in response.content.decode()
    assert len(response.context["claims"]) == 5


def test_the_export_downloads_the_monthly_report(client, desk, viewer):
    login(client, viewer)
    response = client.get(reverse("claims:desk_export"), {"since": "2025-12-01", "until": "2026-01-31", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="desk-report-20251201-20260131.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:10] == ["Month", "From", "To", "Opened", "Verified", "Published", "Corrected", "Sent back", "Reopened",
                            "New (waiting to be assigned): visits"]
    assert rows[3][:13] == ["2026-01", "2026-01-01", "2026-01-31", "4", "4", "2", "1", "1", "1", "4", "3.00", "5.40", "5"]
    data = json.loads(client.get(reverse("claims:desk_export"), {**JANUARY, "format": "json"}).content)
    assert data["total"]["stages"]["in_review"] == {"count": 5, "median_hours": 2.0, "p90_hours": 3.2}
    assert "Send-back rate" in data["definitions"]
    assert client.get(reverse("claims:desk_export"), {**JANUARY, "format": "pdf"}).status_code == 400
    assert client.get(reverse("claims:desk_export"), {"since": "yesterday"}).status_code == 400


def test_the_page_runs_a_fixed_number_of_queries(client, desk, viewer, django_assert_num_queries):
    login(client, viewer)
    client.get(URL, JANUARY)
    # Session, the user with their permissions and the navigation's unread count (one query), the filters' choices
    # (articles, fact-checkers), and the figures: events and stage times (one query), the people in them,
    # work in progress, ageing, and the oldest claims.
    with django_assert_num_queries(9):
        client.get(URL, JANUARY)
    with CaptureQueriesContext(connection) as empty_period:
        client.get(URL, {"since": "2025-06-01", "until": "2025-06-30"})
    # No reviewer or fact-checker to look up in an empty period: one query fewer, never more.
    assert len(empty_period) == 8
