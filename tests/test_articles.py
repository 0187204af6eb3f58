"""The articles list: every article with its publisher, date and claim roll-up, newest first,
paginated, in a fixed number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim
from claims.views.articles import ARTICLES_PER_PAGE, Rollup
from claims.workflow import Status

from .conftest import advance, login, make_article_with_claims

URL = reverse("claims:articles")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_a_user_without_a_role_is_refused(client, outsider):
    assert login(client, outsider).get(URL).status_code == 403


def test_articles_come_newest_first_undated_ones_last(client, viewer):
    Article.objects.create(title="Undated", body="c")
    Article.objects.create(title="Older", body="a", published_on=datetime.date(2025, 1, 1))
    Article.objects.create(title="Newer", body="b", published_on=datetime.date(2025, 6, 1))
    page = login(client, viewer).get(URL).context["page"]
    assert [a.title for a in page.object_list] == ["Newer", "Older", "Undated"]


def test_each_article_shows_publisher_date_and_its_claims_by_status(client, viewer, editor, checker, claim, article):
    second = Claim.create_from_span(article, 0, 4, text="Second")
    advance(second, Status.IN_RESEARCH, editor=editor, checker=checker)
    article.published_on = datetime.date(2025, 3, 7)
    article.save()
    response = login(client, viewer).get(URL)
    html = response.content.decode()
    assert "Example News" in html and "7 Mar 2025" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert "0 of 2 claims verified, 1 in research, 1 new" in html
    assert '<span class="chip status-in_research">1 in research</span>' in html


def test_the_list_is_paginated(client, viewer):
    for i in range(ARTICLES_PER_PAGE + 2):
        Article.objects.create(title=f"Article {i:02}", body=f"text {i}",
                               published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
    login(client, viewer)
    first = client.get(URL).context["page"]
    assert len(first.object_list) == ARTICLES_PER_PAGE and first.has_next()
    second = client.get(URL, {"page": 2}).context["page"]
    assert [a.title for a in second.object_list] == ["Article 01", "Article 00"]
    # A page number out of range shows the last page rather than an error.
    assert client.get(URL, {"page": 99}).context["page"].number == 2


@pytest.mark.parametrize("counts, sentence", [
    ({}, "No claims yet"),
    ({Status.NEW: 1}, "0 of 1 claim verified, 1 new"),
    ({Status.VERIFIED: 6, Status.PUBLISHED: 3, Status.IN_REVIEW: 2, Status.NEW: 3},
     "9 of 14 claims verified (3 published), 2 in review, 3 new"),
    ({Status.DISMISSED: 2, Status.IN_RESEARCH: 1}, "0 of 3 claims verified, 1 in research, 2 dismissed"),
])
def test_the_rollup_sentence(counts, sentence):
    assert str(Rollup(counts)) == sentence


def test_the_list_runs_a_fixed_number_of_queries(client, viewer, editor, editor2, checker, django_assert_max_num_queries):
    login(client, viewer)
    make_article_with_claims(6, editor=editor, checker=checker, approver=editor2, title="First")
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for i in range(4):
        make_article_with_claims(7, editor=editor, checker=checker, approver=editor2, title=f"More {i}")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(URL).context["page"].object_list) == 5
    assert len(large) == len(small)
    with django_assert_max_num_queries(6):
        client.get(URL)
