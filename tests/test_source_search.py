"""The source picker's search endpoint (claims/views/sources.py): every source, by title, publisher or
address, most cited first, each with its publisher and how often it is cited; bounded and strict."""
import pytest
from django.urls import reverse

from claims.models import Evidence, Source
from claims.views.sources import MATCHES, MAX_QUERY

from .conftest import login

URL = reverse("claims:source_search")


@pytest.fixture
def sources(researched_claim):
    register = Source.objects.create(url="https://example.org/register", title="The troop register", publisher="Ministry")
    other = Source.objects.create(url="https://news.example.com/a", title="A newspaper report", publisher="Daily Planet")
    researched_claim.add_evidence(researched_claim.assignee, register, Evidence.Stance.SUPPORTS, "")
    return register, other


@pytest.fixture
def researched_claim(claim, editor, checker):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    return claim


def test_finds_a_source_by_any_word_of_its_title_publisher_or_address(client, viewer, sources):
    register, other = sources
    login(client, viewer)
    for query in ("troop", "ministry", "example.org", "REGISTER troop"):
        html = client.get(URL, {"q": query}).content.decode()
        assert "The troop register" in html and "A newspaper report" not in html, query


def test_each_match_shows_its_publisher_and_how_often_it_is_cited(client, viewer, sources):
    register, other = sources
    html = login(client, viewer).get(URL, {"q": ""}, HTTP_HX_TARGET="id_evidence_source_listbox").content.decode()
    assert "Ministry · cited 1 time" in html and "Daily Planet · not cited yet" in html
    assert f'id="id_evidence_source_listbox_{register.pk}" data-value="{register.pk}"' in html
    # The most cited first.
    assert html.index("The troop register") < html.index("A newspaper report")


def test_at_most_twenty_matches_and_a_hint_to_type_more(client, viewer, db):
    Source.objects.bulk_create(Source(url=f"https://example.org/{i}", title=f"Report {i}") for i in range(MATCHES + 5))
    html = login(client, viewer).get(URL, {"q": "report"}).content.decode()
    assert html.count('role="option"') == MATCHES
    assert "type more to narrow" in html


def test_no_match_says_so(client, viewer, sources):
    html = login(client, viewer).get(URL, {"q": "zebra"}).content.decode()
    assert 'role="option"' not in html and "No source matches" in html


@pytest.mark.parametrize("query", ["x" * (MAX_QUERY + 1), "troop\x00", "a\x1bb", "\x85"])
def test_an_overlong_query_or_control_characters_are_refused(client, viewer, db, query):
    assert login(client, viewer).get(URL, {"q": query}).status_code == 400


def test_a_strange_target_header_is_not_echoed(client, viewer, sources):
    html = login(client, viewer).get(URL, {"q": "troop"}, HTTP_HX_TARGET='x" onmouseover="alert(1)').content.decode()
    assert "onmouseover" not in html


def test_outsiders_and_anonymous_users_cannot_search(client, outsider, db):
    assert client.get(URL).status_code == 302
    assert login(client, outsider).get(URL).status_code == 403


def test_the_evidence_form_refuses_a_source_id_that_is_not_ascii_digits(client, researched_claim, checker, sources):
    register, _ = sources
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(register.pk))
    response = login(client, checker).post(reverse("claims:add_evidence", args=[researched_claim.pk]),
                                           {"source": arabic, "stance": "supports"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert Evidence.objects.count() == 1
