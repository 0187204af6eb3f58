"""One article: its full text with every claim highlighted in place (overlapping and nested claims
included), coloured by status and always named in text, a roll-up, and the list of claims."""
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import AnchorState, Article, Claim
from claims.workflow import Status

from .conftest import advance, login, make_article_with_claims


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, article):
    assert client.get(article.get_absolute_url()).status_code == 302


def test_a_user_without_a_role_is_refused(client, outsider, article):
    assert login(client, outsider).get(article.get_absolute_url()).status_code == 403


def test_an_unknown_article_is_not_found(client, viewer):
    assert login(client, viewer).get("/articles/999999/").status_code == 404


def test_each_claim_is_a_mark_coloured_by_status_linking_to_the_claim(client, viewer, editor, checker, claim, article):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    html = page(login(client, viewer), article)
    label = "Claim 1 (in research): Only six nations pledged troops"
    assert (
        f'<mark class="span status-in_research depth-1" data-claims="{claim.pk}">'
        f'<a href="/claims/{claim.pk}/" title="{label}" aria-label="{label}">Only six nations have pledged troops</a></mark>'
    ) in html
    # The status is in text too: a numbered marker named after the claim and its status.
    assert (f'<sup class="span-marker status-in_research" data-not-text><a href="/claims/{claim.pk}/" title="{label}" '
            f'aria-label="{label}">1</a></sup>') in html
    assert ", AFP reported on Friday." in html


def test_the_text_keeps_its_paragraphs(client, viewer, article):
    html = page(login(client, viewer), article)
    body = html.split("data-article-body")[1].split("</div>")[0]
    assert body.count("<p>") == 3


def test_the_body_carries_what_the_selection_script_needs(client, viewer, article):
    html = page(login(client, viewer), article)
    assert f'<div class="article-body" data-article-body data-article-id="{article.pk}">' in html


def test_the_header_has_a_slot_for_report_and_import_actions(client, viewer, article):
    assert 'class="page-actions" data-article-actions' in page(login(client, viewer), article)


def test_the_rollup_and_the_list_of_claims(client, viewer, editor, editor2, checker, claim, article):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    Claim.create_from_span(article, article.body.index("Italian"), article.body.index("Italian") + 7, text="Italian")
    response = login(client, viewer).get(article.get_absolute_url())
    assert str(response.context["rollup"]) == "1 of 2 claims verified (1 published), 1 new"
    html = response.content.decode()
    assert "<strong>1 of 2 claims verified (1 published), 1 new</strong>" in html
    index = html.split('class="item-list claim-index"')[1].split("</ol>")[0]
    assert index.index("Only six nations pledged troops") < index.index("Italian")
    assert '<span class="chip status-published">Published</span>' in index
    assert '<span class="chip verdict rating-false">False</span>' in index


def test_overlapping_seed_claims_are_both_named_on_their_shared_words(client, viewer):
    call_command("loadseed", verbosity=0)
    article = Article.objects.get()
    html = page(login(client, viewer), article)
    first = Claim.objects.get(quote="Estonian Prime Minister Kaja Kallas")
    second = Claim.objects.get(quote__startswith="Kaja Kallas indicated")
    shared = re.search(r'<mark class="span status-new depth-2" data-claims="([\d ]+)">'
                       r'<a href="/claims/(\d+)/"[^>]*>Kaja Kallas</a></mark>', html)
    assert shared, "the words both claims share are one mark covering both"
    assert shared.group(1).split() == [str(first.pk), str(second.pk)]
    assert shared.group(2) == str(second.pk)  # the innermost (later-starting) claim opens
    # Every one of the 19 claims has its own marker and link.
    assert len(re.findall(r'<sup class="span-marker', html)) == 19
    for claim in Claim.objects.all():
        assert f'href="/claims/{claim.pk}/"' in html


HOSTILE = '<script>alert("body")</script> & <img src=x onerror=alert(1)> "quoted"'


def test_hostile_text_is_escaped_in_the_body_the_marks_and_the_labels(client, viewer):
    article = Article.objects.create(title='<b>Title</b>', body=f"Intro. {HOSTILE} Outro.")
    start = article.body.index("<img")
    Claim.create_from_span(article, start, start + len("<img src=x onerror=alert(1)>"),
                           text='"><script>alert("claim")</script>')
    html = page(login(client, viewer), article)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;</a></mark>" in html
    assert 'title="Claim 1 (new): &quot;&gt;&lt;script&gt;alert(&quot;claim&quot;)&lt;/script&gt;"' in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html


def test_claims_that_cannot_be_placed_are_listed_apart(client, viewer, claim, article):
    Claim.objects.filter(pk=claim.pk).update(anchor_state=AnchorState.ORPHANED)
    response = login(client, viewer).get(article.get_absolute_url())
    assert [c.pk for c in response.context["text"].unplaced] == [claim.pk]
    html = response.content.decode()
    assert "Not found in the text" in html
    assert "<mark" not in html.split("data-article-body")[1].split("</article>")[0]


def test_the_page_runs_a_fixed_number_of_queries(client, viewer, editor, editor2, checker, django_assert_max_num_queries):
    login(client, viewer)
    small_article, _ = make_article_with_claims(6, editor=editor, checker=checker, approver=editor2, title="Small")
    large_article, _ = make_article_with_claims(30, editor=editor, checker=checker, approver=editor2, title="Large")
    client.get(small_article.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(small_article.get_absolute_url())
    with CaptureQueriesContext(connection) as large:
        client.get(large_article.get_absolute_url())
    assert len(large) == len(small)
    with django_assert_max_num_queries(6):
        client.get(large_article.get_absolute_url())
