"""The claims changelist: filters, search, sorting, pagination, bad parameters and query counts."""
import datetime

import pytest
from django.urls import reverse

from claims.models import Article, Claim
from claims.workflow import Status

from .conftest import advance, login

URL = "/claims/"
RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def make_claims(article, n, **fields):
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    return [
        Claim.create_from_span(article, start, start + len(quote), text=f"Claim number {i:03d}", **fields)
        for i in range(n)
    ]


def listed(response):
    """The claim texts in the table, in order."""
    html = response.content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [chunk.split("</a>")[0].split(">")[-1] for chunk in body.split('<td class="claim-cell">')[1:]]


@pytest.fixture
def cast(article, editor, checker, checker2):
    """Four claims in different states: new, assigned to checker (overdue), assigned to checker2, dismissed."""
    other = Article.objects.create(title="Budget speech", body="The minister said the plan would cost 2 billion euros.")
    fresh = make_claims(article, 1, claimant="AFP", claim_type="quantity")[0]
    late = Claim.create_from_span(article, 0, 4, text="Late one", claimant="Meloni", claim_type="event")
    advance(late, Status.IN_RESEARCH, editor=editor, checker=checker)
    Claim.objects.filter(pk=late.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=2))
    budget = Claim.create_from_span(other, 0, 12, text="Budget claim", claimant="The minister")
    advance(budget, Status.IN_RESEARCH, editor=editor, checker=checker2)
    gone = Claim.create_from_span(article, 5, 9, text="Dismissed one")
    advance(gone, Status.DISMISSED, editor=editor, checker=checker)
    return {"fresh": fresh, "late": late, "budget": budget, "gone": gone, "other_article": other}


# --- the table -------------------------------------------------------------------------------------


def test_list_shows_every_column_with_status_text(client, cast, editor):
    response = login(client, editor).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Claim", "Article", "Claimant", "Status", "Verdict", "Assignee", "Due", "Updated"):
        assert f">{header}" in html
    assert '<span class="chip status-in_research">In research</span>' in html
    assert 'href="/claims/" aria-current="page">Claims</a>' in html
    assert len(listed(response)) == 4


def test_rows_escape_what_people_typed_as_the_template_would(client, cast, editor, checker):
    """The rows are written in Python (claims.views.claims._rows_html), not by the template: every
    text a person typed is escaped as Django's template escapes it, in the cell and in attributes."""
    from django.utils.html import escape

    text, claimant = """Tom's "best" <deal> & more""", "O'Brien & <Sons>"
    Claim.objects.filter(pk=cast["fresh"].pk).update(text=text, claimant=claimant, priority=3)
    checker.first_name, checker.last_name = "Zoë", "<Checker>"
    checker.save()
    html = login(client, editor).get(URL).content.decode()
    assert f'<a href="/claims/{cast["fresh"].pk}/">{escape(text)}</a>' in html
    assert f'aria-label="Select “{escape(text)}”"' in html
    assert f'<td class="hide-narrow">{escape(claimant)}</td>' in html
    assert f"<td>{escape('Zoë <Checker>')}</td>" in html
    assert '<span class="priority-3">' in html
    # No claimant, no assignee, no verdict: a dash, as before.
    assert '<td class="hide-narrow">—</td>' in html and '<td><span class="muted">—</span></td>' in html
    assert "<deal>" not in html and "<Sons>" not in html


def test_overdue_due_date_is_marked_in_words(client, cast, editor):
    html = login(client, editor).get(URL).content.decode()
    assert '<div class="overdue small">Overdue</div>' in html


def test_outsider_gets_403_and_anonymous_goes_to_login(client, cast, outsider):
    assert client.get(URL).status_code == 302
    assert login(client, outsider).get(URL).status_code == 403


def test_viewer_sees_the_list_without_checkboxes_or_bulk_actions(client, cast, viewer):
    html = login(client, viewer).get(URL).content.decode()
    assert 'name="claims"' not in html and 'id="bulk-form"' not in html
    assert "Late one" in html


def test_every_checkbox_has_an_accessible_name(client, cast, editor):
    html = login(client, editor).get(URL).content.decode()
    assert 'aria-label="Select every claim on this page"' in html
    assert 'aria-label="Select “Late one”"' in html


# --- filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ("status=in_research", {"Late one", "Budget claim"}),
    ("status=dismissed", {"Dismissed one"}),
    ("type=event", {"Late one"}),
    ("overdue=on", {"Late one"}),
    ("assignee=none", {"Claim number 000", "Dismissed one"}),
])
def test_filters(client, cast, editor, query, expected):
    assert set(listed(login(client, editor).get(f"{URL}?{query}"))) == expected


def test_filter_by_assignee_article_and_verdict(client, cast, editor, checker2, rating_false):
    login(client, editor)
    assert listed(client.get(f"{URL}?assignee={checker2.pk}")) == ["Budget claim"]
    assert listed(client.get(f"{URL}?article={cast['other_article'].pk}")) == ["Budget claim"]
    Claim.objects.filter(pk=cast["fresh"].pk).update(rating=rating_false)
    assert listed(client.get(f"{URL}?verdict={rating_false.slug}")) == ["Claim number 000"]


def test_assigned_to_me(client, cast, checker):
    assert listed(login(client, checker).get(f"{URL}?mine=on")) == ["Late one"]


def test_filters_combine_and_show_in_the_form(client, cast, editor):
    response = login(client, editor).get(f"{URL}?status=in_research&type=event")
    assert listed(response) == ["Late one"]
    html = response.content.decode()
    assert '<option value="in_research" selected>In research</option>' in html
    assert "Clear all" in html


# --- search ----------------------------------------------------------------------------------------


def test_search_matches_text_quote_claimant_and_article_title(client, cast, editor):
    login(client, editor)
    assert set(listed(client.get(f"{URL}?q=meloni"))) == {"Late one"}
    assert set(listed(client.get(f"{URL}?q=budget"))) == {"Budget claim"}
    assert set(listed(client.get(f"{URL}?q=minister+budget"))) == {"Budget claim"}


def test_search_box_filters_as_you_type_and_can_be_focused_with_slash(client, cast, editor):
    html = login(client, editor).get(URL).content.decode()
    box = html[html.index('id="claim-search"'):].split(">")[0]
    assert "data-search" in box
    assert 'hx-trigger="input changed delay:300ms, search"' in box
    assert 'hx-push-url="true"' in box and 'hx-target="#results"' in box


def test_htmx_asking_for_results_gets_only_the_results_fragment(client, cast, editor):
    response = login(client, editor).get(f"{URL}?q=budget", **RESULTS)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and 'id="claim-search"' not in html
    assert listed(response) == ["Budget claim"]


def test_back_button_history_restore_gets_the_whole_page(client, cast, editor):
    response = login(client, editor).get(f"{URL}?q=budget", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **RESULTS)
    assert "<html" in response.content.decode()


def test_empty_result_says_so_and_offers_to_clear(client, cast, editor):
    html = login(client, editor).get(f"{URL}?q=zebra").content.decode()
    assert "No claim matches these filters." in html and "Show every claim" in html


# --- sorting ---------------------------------------------------------------------------------------


def test_sort_by_claim_both_ways_with_aria_sort(client, cast, editor):
    login(client, editor)
    ascending = client.get(f"{URL}?sort=claim")
    assert listed(ascending) == ["Budget claim", "Claim number 000", "Dismissed one", "Late one"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    descending = client.get(f"{URL}?sort=-claim")
    assert listed(descending) == list(reversed(listed(ascending)))
    assert 'aria-sort="descending"' in descending.content.decode()


def test_sort_by_due_date_puts_empty_dates_last(client, cast, editor, tomorrow):
    Claim.objects.filter(pk=cast["budget"].pk).update(due_date=tomorrow)
    order = listed(login(client, editor).get(f"{URL}?sort=due"))
    assert order[:2] == ["Late one", "Budget claim"]


def test_sort_links_keep_the_filters(client, cast, editor):
    html = login(client, editor).get(f"{URL}?status=in_research").content.decode()
    assert 'href="?status=in_research&amp;sort=claim"' in html


def test_unknown_sort_key_falls_back_with_a_message(client, cast, editor):
    response = login(client, editor).get(f"{URL}?sort=password")
    assert response.status_code == 200
    assert "The list cannot be sorted by “password”" in response.content.decode()
    assert len(listed(response)) == 4


# --- bad parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize("query, message", [
    ("status=bogus", "The status filter “bogus” is not one of the choices: it was ignored."),
    ("verdict=nope", "The verdict filter “nope” is not one of the choices"),
    ("article=abc", "The article filter “abc” is not one of the choices"),
    ("assignee=999999", "The assignee filter “999999” is not one of the choices"),
    ("type=%3Cscript%3E", "The claim type filter “&lt;script&gt;” is not one of the choices"),
])
def test_bad_filter_values_are_ignored_with_a_message(client, cast, editor, query, message):
    response = login(client, editor).get(f"{URL}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(listed(response)) == 4


# --- pagination ------------------------------------------------------------------------------------


@pytest.fixture
def sixty(article):
    return make_claims(article, 60)


def test_fifty_claims_a_page(client, sixty, editor):
    login(client, editor)
    first = client.get(f"{URL}?sort=claim")
    assert len(listed(first)) == 50 and listed(first)[0] == "Claim number 000"
    assert "1–50 of 60 claims" in first.content.decode()
    second = client.get(f"{URL}?sort=claim&page=2")
    assert listed(second) == [f"Claim number {i:03d}" for i in range(50, 60)]


def test_page_past_the_end_shows_the_last_page_and_says_so(client, sixty, editor):
    response = login(client, editor).get(f"{URL}?page=999")
    assert response.status_code == 200
    assert len(listed(response)) == 10
    assert "There is no page “999”: showing page 2 of 2." in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", ""])
def test_nonsense_page_numbers_never_fail(client, sixty, editor, page):
    response = login(client, editor).get(f"{URL}?page={page}")
    assert response.status_code == 200
    assert listed(response)


def test_pagination_links_keep_filters_and_sort(client, sixty, editor):
    html = login(client, editor).get(f"{URL}?sort=claim&q=number").content.decode()
    assert 'href="?sort=claim&amp;q=number&amp;page=2"' in html


# --- query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 60])
def test_list_runs_a_fixed_number_of_queries(client, article, editor, checker, rating_false, n, django_assert_max_num_queries):
    claims = make_claims(article, n)
    for claim in claims[::2]:
        advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    Claim.objects.filter(pk__in=[c.pk for c in claims[::3]]).update(rating=rating_false)
    login(client, editor)
    client.get(URL)  # warm the session
    # session, user, permissions with the unread count (one query), count, rows, and the selects'
    # choices: fact-checkers (read once for the filter and the bulk form), verdicts. The article
    # filter is searched as you type: no query.
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert len(listed(response)) == min(n, 50)


def test_list_queries_do_not_grow_with_rows(client, article, editor, checker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, editor)
    counts = []
    for n in (5, 55):
        make_claims(article, n - Claim.objects.count())
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_list_is_reachable_by_its_url_name():
    assert reverse("claims:list") == URL


def test_pushed_url_drops_the_forms_empty_fields(client, cast, editor):
    response = login(client, editor).get(f"{URL}?q=budget&status=&verdict=&sort=&page=", **RESULTS)
    assert response["HX-Push-Url"] == "/claims/?q=budget"


def test_filter_for_claims_whose_quote_moved_or_was_lost(client, article, editor):
    from claims.models import AnchorState

    placed, moved, lost = make_claims(article, 3)
    Claim.objects.filter(pk=moved.pk).update(anchor_state=AnchorState.FUZZY)
    Claim.objects.filter(pk=lost.pk).update(anchor_state=AnchorState.ORPHANED)
    login(client, editor)
    response = client.get(reverse("claims:list"), {"anchor": "on"})
    assert set(listed(response)) == {moved.text, lost.text}
    html = client.get(reverse("claims:list")).content.decode()
    assert "Re-anchored approximately" in html and "Not found in the article" in html


def test_the_bulk_form_offers_the_fact_checkers_read_for_the_filter(client, editor, checker, checker2):
    from claims.forms import BulkActionForm

    html = login(client, editor).get(URL).content.decode()
    bulk = html[html.index('id="id_bulk_assignee"'):]
    bulk = bulk[:bulk.index("</select>")]
    for person in (checker, checker2):
        assert f'value="{person.pk}"' in bulk and (person.get_full_name() or person.username) in bulk
    # A posted choice is still checked against the fact-checkers, not against what was drawn.
    form = BulkActionForm({"action": "assign", "assignee": str(editor.pk)}, checkers=[editor])
    assert not form.is_valid() and "valid choice" in str(form.errors["assignee"])


def test_article_filter_is_searched_as_you_type_and_draws_only_the_chosen_article(client, cast, editor, article):
    def picker(response):
        html = response.content.decode()
        start = html.index('<div class="autocomplete" data-autocomplete>', html.index('id="claim-filters"'))
        return html[start:html.index("</div>", start)]

    login(client, editor)
    empty = picker(client.get(URL))
    assert '<input type="hidden" name="article" value="" id="id_filter_article_value"' in empty
    assert f'data-autocomplete-url="{reverse("claims:article_search")}"' in empty and "<option" not in empty
    other = cast["other_article"]
    chosen = picker(client.get(f"{URL}?article={other.pk}"))
    assert f'name="article" value="{other.pk}"' in chosen and f'value="{other.title}"' in chosen
    assert article.title not in chosen


def test_article_page_links_to_its_claims_in_the_list(client, cast, editor):
    login(client, editor)
    other = cast["other_article"]
    assert f'href="{URL}?article={other.pk}"' in client.get(other.get_absolute_url()).content.decode()


@pytest.mark.parametrize("language", ["en-gb", "es", "fr", "pt-br", "de", "uk", "ar"])
def test_the_rows_dates_are_written_as_djangos_date_format_writes_them(language):
    from django.utils import dateformat, translation

    from claims.views.claims import DateLabels

    with translation.override(language):
        dates = DateLabels()
        for month in range(1, 13):
            for when in (datetime.datetime(2026, month, 1, 0, 5), datetime.datetime(999, month, 28, 23, 59)):
                assert dates.day(when.date()) == dateformat.format(when.date(), "j M Y")
                assert dates.moment(when) == dateformat.format(when, "j M, H:i")
                assert dates.day_month(when.date()) == dateformat.format(when.date(), "j M")


@pytest.mark.parametrize("query", ["", "page=3", "page=abc", "utm_source=mail&page=2"])
def test_a_query_string_without_filters_reads_as_no_filter_and_no_problem(db, query):
    """The list skips its filter form for such a query string (claims/views/claims.py _list_context): the form must
    read it as nothing to filter, with nothing to say about it."""
    from django.http import QueryDict

    from claims.forms import ClaimFilterForm

    assert ClaimFilterForm(QueryDict(query), checkers=[], verdicts=[]).valid_filters() == ({}, [])
