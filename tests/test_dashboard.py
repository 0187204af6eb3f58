"""The dashboard (the start page): counts per status linking to the filtered claims list, overdue
work, this week's publications, each fact-checker's load and the 30-day chart, in a fixed number of
queries."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from claims.workflow import Status

from .conftest import advance, login, make_article_with_claims

URL = reverse("claims:home")


def test_the_start_page_is_the_dashboard(client, viewer):
    response = login(client, viewer).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "claims/dashboard.html"
    assert '<a href="/" aria-current="page">Dashboard</a>' in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, outsider):
    assert login(client, outsider).get(URL).status_code == 403


def test_counts_per_status_link_to_the_filtered_claims_list(client, viewer, editor, checker, claim, article):
    other = Claim.create_from_span(article, 0, 4, text="Only")
    advance(other, Status.IN_RESEARCH, editor=editor, checker=checker)
    response = login(client, viewer).get(URL)
    figures = response.context["figures"]
    assert figures["total"] == 2
    counts = {item["status"]: item["count"] for item in response.context["status_counts"]}
    assert counts == {Status.NEW: 1, Status.IN_RESEARCH: 1, Status.IN_REVIEW: 0, Status.VERIFIED: 0,
                      Status.PUBLISHED: 0, Status.DISMISSED: 0}
    html = response.content.decode()
    for status in Status.values:
        assert f'href="/claims/?status={status}"' in html


def test_overdue_claims_are_listed_and_counted(client, viewer, editor, checker, claim, article):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    late_by_two_days = timezone.localdate() - datetime.timedelta(days=2)
    Claim.objects.filter(pk=claim.pk).update(due_date=late_by_two_days)
    on_time = Claim.create_from_span(article, 0, 4, text="On time")
    advance(on_time, Status.IN_RESEARCH, editor=editor, checker=checker)
    response = login(client, viewer).get(URL)
    assert response.context["figures"]["overdue"] == 1
    assert [c["pk"] for c in response.context["overdue_claims"]] == [claim.pk]
    assert "On time" not in response.content.decode().split('id="overdue-heading"')[1].split("</section>")[0]


def test_published_this_week_lists_only_this_weeks_publications(client, viewer, editor, editor2, checker, claim, article):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    old = Claim.create_from_span(article, 0, 4, text="Published long ago")
    advance(old, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    Claim.objects.filter(pk=old.pk).update(last_published_at=timezone.now() - datetime.timedelta(days=8))
    response = login(client, viewer).get(URL)
    assert [c["pk"] for c in response.context["published_claims"]] == [claim.pk]
    assert response.context["figures"]["published_this_week"] == 1


def test_each_fact_checker_is_listed_with_their_open_load(client, viewer, editor, checker, checker2, claim, article):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    second = Claim.create_from_span(article, 0, 4, text="Second")
    advance(second, Status.IN_RESEARCH, editor=editor, checker=checker)
    Claim.objects.filter(pk=second.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    response = login(client, viewer).get(URL)
    load = {p.username: (p.n_research, p.n_review, p.n_overdue) for p in response.context["checkers"]}
    # Editors and viewers carry no load and are not listed; an idle checker is, with zeros.
    assert load == {"checker": (1, 1, 1), "checker2": (0, 0, 0)}


def test_the_chart_is_an_accessible_svg_of_the_last_30_days(client, viewer, claim):
    response = login(client, viewer).get(URL)
    chart = response.context["chart"]
    assert len(chart.series[0].points) == 30
    assert chart.series[0].points[-1].day == timezone.localdate()
    assert chart.series[0].total == 1  # the claim fixture was opened today
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="chart-title chart-desc"' in html
    assert "<title id=\"chart-title\">Claims opened and verified per day, last 30 days</title>" in html
    assert 'class="series-opened"' in html and 'class="series-verified"' in html
    assert "1 opened, 0 verified" in html


def test_verifications_are_counted_on_the_day_of_approval(client, viewer, editor, editor2, checker, claim):
    advance(claim, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    chart = login(client, viewer).get(URL).context["chart"]
    assert [s.total for s in chart.series] == [1, 1]
    assert chart.series[1].points[-1].value == 1


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_runs_a_fixed_number_of_queries(client, viewer, editor, editor2, checker, django_assert_max_num_queries):
    login(client, viewer)
    make_article_with_claims(6, editor=editor, checker=checker, approver=editor2, title="Small")
    client.get(URL)  # warm the session and permission caches
    small = queries_for(client, URL)
    make_article_with_claims(36, editor=editor, checker=checker, approver=editor2, title="Large")
    large = queries_for(client, URL)
    assert large == small
    with django_assert_max_num_queries(10):
        client.get(URL)


@override_settings(TIME_ZONE="America/New_York")
def test_a_claim_counts_on_its_day_in_the_desks_time_zone_not_in_utc(client, viewer, claim):
    # Each day runs from the desk's midnight to the next (New York: 05:00 to 05:00 UTC in winter).
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    Claim.objects.filter(pk=claim.pk).update(created_at=midnight - datetime.timedelta(minutes=30))
    late = Claim.objects.get(pk=claim.pk)
    late.pk = None
    late.save()
    Claim.objects.filter(pk=late.pk).update(created_at=midnight + datetime.timedelta(minutes=30))
    old = Claim.objects.get(pk=claim.pk)
    old.pk = None
    old.save()  # before the chart's first day: not drawn
    Claim.objects.filter(pk=old.pk).update(created_at=midnight - datetime.timedelta(days=30, minutes=1))
    opened = login(client, viewer).get(URL).context["chart"].series[0]
    assert [p.value for p in opened.points[-2:]] == [1, 1] and opened.total == 2


def test_what_people_typed_is_escaped_in_the_lists_written_in_python(client, viewer, editor, checker, claim):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    Claim.objects.filter(pk=claim.pk).update(text='<b class="x">late</b>', due_date=timezone.localdate() - datetime.timedelta(days=1))
    type(checker).objects.filter(pk=checker.pk).update(first_name="<i>Ann</i>", last_name="")
    html = login(client, viewer).get(URL).content.decode()
    overdue = html.split('id="overdue-heading"')[1].split("</section>")[0]
    assert "&lt;b class=&quot;x&quot;&gt;late&lt;/b&gt;</a>" in overdue and "· &lt;i&gt;Ann&lt;/i&gt;\n" in overdue
    load = html.split('id="load-heading"')[1].split("</section>")[0]
    assert '<th scope="row">&lt;i&gt;Ann&lt;/i&gt;</th>' in load and "<i>" not in html
