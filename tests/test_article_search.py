"""The article picker's search endpoint (claims.views.articles.article_search), which the claims list's
and the board's article filters ask as a person types: headlines with every typed word, newest first,
each with its publisher, date and claims; bounded and strict, as the source picker's."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim
from claims.views.articles import ARTICLE_MATCHES
from claims.views.autocomplete import MAX_QUERY

from .conftest import login

URL = reverse("claims:article_search")


@pytest.fixture
def articles(db):
    budget = Article.objects.create(title="Budget speech: the troop numbers", publisher="Daily Planet",
                                    published_on=datetime.date(2026, 3, 12), body="Troops were cut. Taxes rose.")
    Claim.create_from_span(budget, 0, 16, text="Troops were cut")
    weather = Article.objects.create(title="A weather report", publisher="Met Desk", body="Rain later.")
    return budget, weather


def test_finds_an_article_by_every_word_of_its_headline(client, viewer, articles):
    login(client, viewer)
    for query in ("budget", "TROOP", "budget troop", "speech numbers"):
        html = client.get(URL, {"q": query}).content.decode()
        assert "Budget speech: the troop numbers" in html and "A weather report" not in html, query
    html = client.get(URL, {"q": "budget weather"}).content.decode()
    assert 'role="option"' not in html and "No article headline has these words." in html


def test_each_match_shows_its_publisher_date_and_claims_under_the_pickers_listbox_id(client, viewer, articles):
    budget, weather = articles
    html = login(client, viewer).get(URL, {"q": ""}, HTTP_HX_TARGET="filter-article_listbox").content.decode()
    assert f'id="filter-article_listbox_{budget.pk}" data-value="{budget.pk}"' in html
    assert "Daily Planet · 12 Mar 2026 · 1 claim" in html and "Met Desk · 0 claims" in html


def test_at_most_twenty_matches_and_a_hint_to_type_more_in_a_fixed_number_of_queries(client, viewer, db):
    Article.objects.bulk_create(Article(title=f"Report {i}", body="x", body_hash=str(i)) for i in range(ARTICLE_MATCHES + 5))
    login(client, viewer)
    client.get(URL, {"q": "report"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL, {"q": "report"}).content.decode()
    assert html.count('role="option"') == ARTICLE_MATCHES
    assert "type more to narrow" in html
    # The session, the user, the permissions, the articles, their claims counted: not one per match.
    assert len(queries) <= 5


@pytest.mark.parametrize("query", ["x" * (MAX_QUERY + 1), "budget\x00", "a\x1bb", "\x85"])
def test_an_overlong_query_or_control_characters_are_refused_with_a_reason(client, viewer, articles, query):
    response = login(client, viewer).get(URL, {"q": query})
    assert response.status_code == 400
    assert b"search" in response.content


def test_punctuation_alone_is_looked_for_as_typed_not_an_error(client, viewer, articles):
    response = login(client, viewer).get(URL, {"q": ":"})
    assert response.status_code == 200 and "Budget speech" in response.content.decode()


def test_a_strange_target_header_is_not_echoed(client, viewer, articles):
    html = login(client, viewer).get(URL, {"q": "budget"}, HTTP_HX_TARGET='x" onmouseover="alert(1)').content.decode()
    assert "onmouseover" not in html and 'id="articles_' in html


def test_outsiders_and_anonymous_users_cannot_search(client, outsider, db):
    assert client.get(URL).status_code == 302
    assert login(client, outsider).get(URL).status_code == 403


def test_a_post_is_refused(client, viewer, db):
    assert login(client, viewer).post(URL).status_code == 405


def test_the_list_and_the_board_draw_the_picker_with_the_chosen_headline_not_every_article(client, viewer, articles):
    budget, weather = articles
    login(client, viewer)
    for path, box in ((reverse("claims:list"), "id_filter_article"), (reverse("claims:board"), "filter-article")):
        html = client.get(path, {"article": budget.pk}).content.decode()
        assert f'<input type="hidden" name="article" value="{budget.pk}" id="{box}_value"' in html, path
        assert f'id="{box}" role="combobox"' in html and f'data-autocomplete-url="{URL}"' in html, path
        assert 'value="Budget speech: the troop numbers"' in html, path
        assert "A weather report" not in html, path
        assert f'<label for="{box}"' in html, path
