"""The claim detail page: what it shows, to whom, and which workflow buttons each person is offered."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim, Correction, Evidence, Source
from claims.views.claims import quote_in_context
from claims.workflow import Status

from .conftest import add_sources, advance, login


def page(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def offered_steps(html):
    return {chunk.split('"')[0] for chunk in html.split('id="transition-')[1:]}


# --- the quote in its text --------------------------------------------------------------------------


def test_quote_is_highlighted_in_its_surrounding_sentence(client, claim, editor):
    html = page(login(client, editor), claim)
    assert '<mark class="span status-new">Only six nations have pledged troops</mark>' in html
    assert ", AFP reported on Friday." in html


def test_context_never_crosses_a_paragraph():
    body = "First paragraph ends here.\n\nThe quote is here. Then more text follows."
    start = body.index("The quote")
    before, quote, after = quote_in_context(body, start, start + len("The quote is here"))
    assert (before, quote, after) == ("", "The quote is here", ". Then more text follows.")


def test_context_takes_a_sentence_either_side_and_cuts_long_text_with_an_ellipsis():
    body = ("Way back there was a long opening sentence. The sentence before. We quote this. "
            "The sentence after. And one more that is not shown.")
    start = body.index("We quote this")
    before, quote, after = quote_in_context(body, start, start + len("We quote this"))
    assert before == "The sentence before. "
    assert after == ". The sentence after."

    long_body = "word " * 100 + "QUOTE" + " word" * 100
    start = long_body.index("QUOTE")
    before, _, after = quote_in_context(long_body, start, start + 5, reach=40)
    assert before.startswith("…") and len(before) <= 41
    assert after.endswith("…") and len(after) <= 41


def test_orphaned_quote_is_shown_with_a_warning(client, claim, editor):
    Claim.objects.filter(pk=claim.pk).update(anchor_state="orphaned")
    html = page(login(client, editor), claim)
    assert "could no longer be found in the article" in html
    assert "Only six nations have pledged troops" in html


# --- status, verdict, details ----------------------------------------------------------------------------


def test_status_chip_always_has_text_and_verdict_chip_has_the_rating_class(client, claim, editor, checker, rating_false):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    html = page(login(client, editor), claim)
    assert '<span class="chip status-in_review">In review</span>' in html
    assert f'<span class="chip verdict rating-{rating_false.slug}">{rating_false.label}</span>' in html
    assert "It is false." in html  # the conclusion
    assert "Proposed by</dt><dd>Checker" in html


def test_details_show_claimant_type_priority_assignee_and_an_overdue_due_date(client, claim, editor, checker):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    Claim.objects.filter(pk=claim.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=3))
    html = page(login(client, editor), claim)
    assert "<dt>Claimant</dt>\n          <dd>AFP</dd>" in html
    assert "<dt>Type</dt><dd>Quantity</dd>" in html
    assert "<dt>Assignee</dt><dd>Checker</dd>" in html
    assert "(overdue)" in html


def test_user_text_is_escaped(client, article, editor):
    quote = "Italian Prime Minister Giorgia Meloni"
    start = article.body.index(quote)
    claim = Claim.create_from_span(article, start, start + len(quote), text="<script>alert(1)</script>",
                                   claimant="<b>Bold</b>")
    html = page(login(client, editor), claim)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_history_shows_who_changed_what_with_the_comment(client, claim, editor):
    claim.transition("dismiss", editor, version=claim.version, reason="Opinion, not a fact")
    html = page(login(client, editor), claim)
    history = html[html.index('id="history"'):]
    assert "Editor</strong>\n          moved it from New to Dismissed" in history
    assert "Opinion, not a fact" in history


def test_corrections_are_listed_after_a_republication(client, claim, editor, editor2, checker, rating_true):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="New data")
    claim.transition("propose", checker, version=claim.version, rating=rating_true, conclusion="True after all.")
    claim.transition("approve", editor2, version=claim.version)
    claim.transition("publish", editor2, version=claim.version, public_note="We were wrong about the count.")
    assert Correction.objects.count() == 1
    html = page(login(client, editor), claim)
    assert 'id="corrections-heading">Corrections' in html
    assert "We were wrong about the count." in html


def test_similar_claims_load_into_their_slot_after_the_page(client, claim, editor):
    html = page(login(client, editor), claim)
    assert 'id="similar-claims"' in html and f'hx-get="/claims/{claim.pk}/similar/"' in html


def test_claims_nav_link_is_current(client, claim, editor):
    assert 'href="/claims/" aria-current="page">Claims</a>' in page(login(client, editor), claim)


# --- who is offered what --------------------------------------------------------------------------------


def test_editor_is_offered_assign_and_dismiss_on_a_new_claim(client, claim, editor):
    assert offered_steps(page(login(client, editor), claim)) == {"assign", "dismiss"}


def test_checker_is_offered_take_on_a_new_claim(client, claim, checker):
    assert offered_steps(page(login(client, checker), claim)) == {"take"}


def test_viewer_is_offered_no_step_and_no_form(client, claim, viewer):
    html = page(login(client, viewer), claim)
    assert offered_steps(html) == set()
    assert "There is no workflow step you can take on this claim now." in html
    assert "<form method=\"post\" action=\"/claims/" not in html


def test_proposer_is_not_offered_approve_but_a_second_editor_is(client, claim, editor, editor2, checker, rating_false):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", editor, version=claim.version, rating=rating_false, conclusion="False.")
    # The proposer may neither approve nor send back their own verdict.
    assert offered_steps(page(login(client, editor), claim)) == set()
    assert offered_steps(page(login(client, editor2), claim)) == {"approve", "send_back"}


def test_assign_form_asks_for_a_fact_checker_from_a_select_and_a_due_date(client, claim, editor, checker, viewer):
    html = page(login(client, editor), claim)
    form = html[html.index('id="transition-assign"'):html.index('id="transition-dismiss"')]
    assert '<select name="assignee"' in form and f'<option value="{checker.pk}">Checker</option>' in form
    assert f'<option value="{viewer.pk}">' not in form
    assert '<input type="date" name="due_date"' in form
    assert 'hx-post="/claims/' in form and 'name="version" value="1"' in form


def test_propose_form_explains_the_justification(client, claim, editor, checker):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    html = page(login(client, checker), claim)
    assert "Needed when the verdict rests on fewer than two sources" in html
    assert '<select name="rating"' in html


def test_public_note_is_asked_only_when_publishing_again(client, claim, editor, editor2, checker):
    advance(claim, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    assert 'name="public_note"' not in page(login(client, editor), claim)
    claim.transition("publish", editor, version=claim.version)
    claim.transition("reopen", editor, version=claim.version, reason="New data")
    claim.transition("propose", checker, version=claim.version, rating=claim.rating, conclusion="Same.")
    claim.transition("approve", editor2, version=claim.version)
    assert 'name="public_note"' in page(client, claim)


# --- who sees the page -------------------------------------------------------------------------------


def test_outsider_without_view_permission_gets_403(client, claim, outsider):
    assert login(client, outsider).get(claim.get_absolute_url()).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_claim_is_404(client, claim, editor):
    assert login(client, editor).get(reverse("claims:detail", args=[claim.pk + 999])).status_code == 404


def _queries_for(client, claim):
    client.get(claim.get_absolute_url())  # marks the editor's notifications about it read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(claim.get_absolute_url()).status_code == 200
    return len(queries)


def test_page_runs_a_fixed_number_of_queries(client, article, claim, editor, editor2, checker, rating_true,
                                             django_assert_max_num_queries):
    """Whatever a claim has gathered (here a correction, 12 pieces of evidence, 15 notes and their
    history), its page runs as many queries as a bare claim's in the same status. For an editor on a
    claim in research, the most a page shows: the session, the user, their permissions, the claim,
    the unread notifications (counted and marked in one), one query for each panel's rows (evidence,
    history, notes, corrections) and for each form's choices (sources, verdicts, fact-checkers)."""
    bare = Claim.create_from_span(article, 0, 4, text="Only")
    advance(bare, Status.IN_RESEARCH, editor=editor, checker=checker)
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="New figures")
    claim.transition("propose", checker, version=claim.version, rating=rating_true, conclusion="It is true.")
    claim.transition("approve", editor2, version=claim.version)
    claim.transition("publish", editor2, version=claim.version, public_note="Corrected")
    claim.transition("reopen", editor, version=claim.version, reason="Again")
    add_sources(claim, checker, 10)
    for i in range(15):
        claim.add_note(checker, f"Note {i}")
    assert claim.corrections.count() == 1 and claim.evidence.count() == 12 and claim.history.count() > 20

    login(client, editor)
    assert _queries_for(client, claim) == _queries_for(client, bare)
    with django_assert_max_num_queries(12):
        client.get(claim.get_absolute_url())


def test_the_proposal_form_counts_distinct_sources(client, claim, editor, checker):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    cited_twice = Source.objects.create(url="https://example.org/twice", title="Twice")
    for stance in (Evidence.Stance.SUPPORTS, Evidence.Stance.REFUTES):
        claim.add_evidence(checker, cited_twice, stance)
    html = page(login(client, checker), claim)
    assert "(this claim has 1 source)." in html
    claim.add_evidence(checker, Source(url="https://example.org/other", title="Other"), Evidence.Stance.SUPPORTS)
    assert "(this claim has 2 sources)." in page(client, claim)


@pytest.mark.parametrize("status", list(Status))
def test_page_renders_in_every_status(client, claim, editor, editor2, checker, status):
    advance(claim, status, editor=editor, checker=checker, approver=editor2)
    html = page(login(client, editor2), claim)
    assert f'<span class="chip status-{status}">{status.label}</span>' in html


def test_article_without_claimant_says_the_article_itself(client, editor):
    article = Article.objects.create(title="A", body="Prices rose by 10% last year. Nobody expected it.")
    claim = Claim.create_from_span(article, 0, 28, text="Prices rose 10%")
    html = page(login(client, editor), claim)
    assert "claimed by the article, in its own voice" in html
