"""“Place it here”: a claim the text revision lost (orphaned) or placed only approximately (fuzzy) is
anchored by hand to words selected on the article page (Claim.place_at, claims:place_claim)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from claims.anchoring import CONTEXT, AnchorError
from claims.models import AnchorState, Claim, HistoryEntry
from claims.workflow import EditConflict, Status, TransitionRefused

from .conftest import advance, login

# The claim's sentence rewritten beyond recognition: the revision cannot find it again.
REWRITTEN = "Six countries, no more, say they will send soldiers, according to the news agency."
NEW_QUOTE = "Six countries, no more, say they will send soldiers"


@pytest.fixture
def orphan(editor, claim, article):
    article.revise_body(editor, article.body.replace("Only six nations have pledged troops, AFP reported on Friday.",
                                                     REWRITTEN))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ORPHANED
    return claim


def span_of(article, quote):
    start = article.body.index(quote)
    return start, start + len(quote)


def snapshot(claim):
    claim.refresh_from_db()
    return (claim.start, claim.end, claim.quote, claim.prefix, claim.suffix, claim.anchor_state, claim.version,
            claim.history.count())


# --- the model ---------------------------------------------------------------------------------


def test_editor_places_an_orphaned_claim_on_the_selected_words(editor, orphan, article):
    version = orphan.version
    old = f"{orphan.start}–{orphan.end} “Only six nations have pledged troops”"
    start, end = span_of(article, NEW_QUOTE)
    orphan.place_at(editor, start, end, version=version)
    orphan.refresh_from_db()
    assert (orphan.start, orphan.end, orphan.quote) == (start, end, NEW_QUOTE)
    # The same selectors a new claim gets: CONTEXT characters either side, from the current text.
    assert orphan.prefix == article.body[max(0, start - CONTEXT):start]
    assert orphan.suffix == article.body[end:end + CONTEXT]
    assert orphan.anchor_state == AnchorState.ANCHORED
    assert orphan.version == version + 1
    entry = orphan.history.latest("pk")
    assert entry.action == HistoryEntry.Action.ANCHOR and entry.actor == editor and entry.field == "span"
    assert entry.old_value == old
    assert entry.new_value == f"{start}–{end} “{NEW_QUOTE}”"
    assert "Placed by hand" in entry.comment and "not found in the article" in entry.comment


def test_placing_a_fuzzy_claim_anchors_it(editor, claim, article):
    article.revise_body(editor, article.body.replace("six nations", "seven nations"))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY
    start, end = span_of(article, "Only seven nations have pledged troops, AFP reported")
    claim.place_at(editor, start, end, version=claim.version)
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ANCHORED and claim.quote.endswith("AFP reported")
    assert "re-anchored approximately" in claim.history.latest("pk").comment


def test_confirming_a_fuzzy_claim_where_it_already_is_anchors_it(editor, claim, article):
    article.revise_body(editor, article.body.replace("six nations", "seven nations"))
    claim.refresh_from_db()
    version = claim.version
    claim.place_at(editor, claim.start, claim.end, version=version)
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ANCHORED and claim.version == version + 1


def test_placing_an_anchored_claim_where_it_is_changes_nothing(editor, claim):
    before = snapshot(claim)
    claim.place_at(editor, claim.start, claim.end, version=claim.version)
    assert snapshot(claim) == before


def test_the_assigned_fact_checker_may_place_their_claim(editor, checker, orphan, article):
    advance(orphan, Status.IN_RESEARCH, editor=editor, checker=checker)
    orphan.place_at(checker, *span_of(article, NEW_QUOTE), version=orphan.version)
    orphan.refresh_from_db()
    assert orphan.quote == NEW_QUOTE and orphan.history.latest("pk").actor == checker


@pytest.mark.parametrize("who", ["viewer", "checker2", "outsider"])
def test_others_may_not_place_a_claim(request, editor, checker, orphan, article, who):
    # checker2 is a fact-checker, but the claim is assigned to someone else.
    advance(orphan, Status.IN_RESEARCH, editor=editor, checker=checker)
    before = snapshot(orphan)
    with pytest.raises(TransitionRefused, match="Only an editor or the assigned fact-checker"):
        orphan.place_at(request.getfixturevalue(who), *span_of(article, NEW_QUOTE), version=orphan.version)
    assert snapshot(orphan) == before


def test_a_stale_version_is_refused(editor, orphan, article):
    before = snapshot(orphan)
    with pytest.raises(EditConflict, match="Someone else changed this claim"):
        orphan.place_at(editor, *span_of(article, NEW_QUOTE), version=orphan.version - 1)
    assert snapshot(orphan) == before


def test_a_text_revised_since_the_words_were_found_is_refused(editor, orphan, article):
    start, end = span_of(article, NEW_QUOTE)
    article.revise_body(editor, "A new first paragraph.\n\n" + article.body)
    orphan.refresh_from_db()
    before = snapshot(orphan)
    with pytest.raises(EditConflict, match="The article's text changed"):
        orphan.place_at(editor, start, end, version=orphan.version, quote=NEW_QUOTE)
    assert snapshot(orphan) == before


@pytest.mark.parametrize("span, message", [
    ((10, 10), "The selection is empty"),
    ((12, 4), "The selection is empty"),
    ((-1, 5), "outside the article's text"),
    ((0, 100_000), "outside the article's text"),
    (("", "9"), "without a position"),
    ((None, 9), "without a position"),
])
def test_bad_spans_are_refused_and_change_nothing(editor, orphan, span, message):
    before = snapshot(orphan)
    with pytest.raises(AnchorError, match=message):
        orphan.place_at(editor, *span, version=orphan.version)
    assert snapshot(orphan) == before


def test_a_span_of_white_space_only_is_refused(editor, orphan, article):
    gap = article.body.index("\n\n")
    before = snapshot(orphan)
    with pytest.raises(AnchorError, match="only white space"):
        orphan.place_at(editor, gap, gap + 2, version=orphan.version)
    assert snapshot(orphan) == before


# --- the view ----------------------------------------------------------------------------------


def selection(article, words, claim, **extra):
    """What select-claim.js posts for `words` selected in the article (offsets are only a hint)."""
    start = article.body.index(words)
    return {"quote": words, "start": start, "prefix": article.body[max(0, start - 32):start],
            "suffix": article.body[start + len(words):][:32], "version": claim.version, **extra}


def place(client, claim, data):
    return client.post(reverse("claims:place_claim", args=[claim.pk]), data)


def test_editor_places_a_claim_and_sees_it_highlighted_on_the_article_page(client, editor, orphan, article):
    response = place(login(client, editor), orphan, selection(article, NEW_QUOTE, orphan))
    assert response.status_code == 302
    assert response.headers["Location"] == f"{article.get_absolute_url()}#claim-{orphan.pk}"
    page = client.get(response.headers["Location"])
    html = page.content.decode()
    assert f"“Only six nations pledged troops” is placed on “{NEW_QUOTE}”." in html
    assert f'data-claims="{orphan.pk}"><a href="/claims/{orphan.pk}/"' in html
    assert page.context["text"].unplaced == [] and "Not found in the text" not in html
    orphan.refresh_from_db()
    assert orphan.quote == NEW_QUOTE and orphan.anchor_state == AnchorState.ANCHORED


def test_the_browsers_whitespace_is_found_in_the_stored_text(client, editor, orphan, article):
    # The rendered page joins paragraphs without the stored blank line.
    data = {"quote": "according to the news agency.\nItalian Prime", "start": 60, "version": orphan.version}
    assert place(login(client, editor), orphan, data).status_code == 302
    orphan.refresh_from_db()
    assert orphan.quote == "according to the news agency.\n\nItalian Prime"


def test_the_assigned_fact_checker_places_their_claim(client, editor, checker, orphan, article):
    advance(orphan, Status.IN_RESEARCH, editor=editor, checker=checker)
    assert place(login(client, checker), orphan, selection(article, NEW_QUOTE, orphan)).status_code == 302
    orphan.refresh_from_db()
    assert orphan.quote == NEW_QUOTE


def test_anonymous_visitors_are_sent_to_log_in(client, orphan, article):
    before = snapshot(orphan)
    response = place(client, orphan, selection(article, NEW_QUOTE, orphan))
    assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login/")
    assert snapshot(orphan) == before


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_viewers_and_outsiders_are_refused(client, request, orphan, article, who):
    before = snapshot(orphan)
    response = place(login(client, request.getfixturevalue(who)), orphan, selection(article, NEW_QUOTE, orphan))
    assert response.status_code == 403
    assert snapshot(orphan) == before


def test_a_fact_checker_not_assigned_is_refused_in_the_page(client, editor, checker, checker2, orphan, article):
    advance(orphan, Status.IN_RESEARCH, editor=editor, checker=checker)
    before = snapshot(orphan)
    response = place(login(client, checker2), orphan, selection(article, NEW_QUOTE, orphan))
    assert response.status_code == 403
    assert "Only an editor or the assigned fact-checker can place this claim" in response.content.decode()
    assert snapshot(orphan) == before


def test_words_not_in_the_text_are_refused_with_a_message(client, editor, orphan, article):
    before = snapshot(orphan)
    data = selection(article, NEW_QUOTE, orphan, quote="nine nations")
    response = place(login(client, editor), orphan, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert escape("“nine nations” is not in the article's text") in html and "nothing was changed" in html
    assert 'class="alert alert-error" role="alert"' in html
    assert snapshot(orphan) == before


def test_an_empty_selection_is_refused(client, editor, orphan, article):
    before = snapshot(orphan)
    response = place(login(client, editor), orphan, {"quote": "  ", "version": orphan.version})
    assert response.status_code == 400 and "The quote is empty" in response.content.decode()
    assert snapshot(orphan) == before


def test_a_version_that_is_not_a_number_is_a_bad_request(client, editor, orphan, article):
    before = snapshot(orphan)
    response = place(login(client, editor), orphan, selection(article, NEW_QUOTE, orphan, version="abc"))
    assert response.status_code == 400 and "is not a number" in response.content.decode()
    assert snapshot(orphan) == before


@pytest.mark.parametrize("version", ["stale", ""])
def test_a_stale_or_missing_version_is_a_conflict(client, editor, orphan, article, version):
    before = snapshot(orphan)
    seen = orphan.version - 1 if version == "stale" else version
    response = place(login(client, editor), orphan, selection(article, NEW_QUOTE, orphan, version=seen))
    assert response.status_code == 409
    assert "Someone else changed this claim" in response.content.decode()
    assert snapshot(orphan) == before


def test_placing_needs_the_csrf_token(client, editor, orphan, article):
    client.handler.enforce_csrf_checks = True
    before = snapshot(orphan)
    assert place(login(client, editor), orphan, selection(article, NEW_QUOTE, orphan)).status_code == 403
    assert snapshot(orphan) == before


def test_placing_only_by_post(client, editor, orphan):
    assert login(client, editor).get(reverse("claims:place_claim", args=[orphan.pk])).status_code == 405


def test_an_unknown_claim_is_not_found(client, editor, article):
    response = login(client, editor).post(reverse("claims:place_claim", args=[987654]), {"quote": "six"})
    assert response.status_code == 404


# --- what the article page offers ----------------------------------------------------------------


def place_attributes(claim):
    return (f'data-place-url="/claims/{claim.pk}/place/" data-place-version="{claim.version}" '
            f'data-place-text="{escape(claim.text)}"')


def test_the_article_page_offers_editors_to_place_orphaned_and_fuzzy_claims(client, editor, orphan, article):
    fuzzy_start = article.body.index("Italian Prime Minister")
    fuzzy = Claim.create_from_span(article, fuzzy_start, fuzzy_start + 22, text="Meloni is Italy's prime minister")
    Claim.objects.filter(pk=fuzzy.pk).update(anchor_state=AnchorState.FUZZY)
    anchored_start = article.body.index("the plan would cost")
    anchored = Claim.create_from_span(article, anchored_start, anchored_start + 19, text="The plan's cost")
    fuzzy.refresh_from_db()
    html = login(client, editor).get(article.get_absolute_url()).content.decode()
    assert f'<li id="claim-{orphan.pk}" {place_attributes(orphan)}>' in html
    assert f'<li id="claim-{fuzzy.pk}" {place_attributes(fuzzy)}>' in html
    assert f"/claims/{anchored.pk}/place/" not in html
    assert "Re-anchored approximately" in html and "choose “Place … here”" in html
    assert "claims/select-claim.js" in html


@pytest.mark.parametrize("who", ["viewer", "checker"])
def test_the_article_page_offers_nothing_to_those_who_may_not_place(client, request, orphan, article, who):
    html = login(client, request.getfixturevalue(who)).get(article.get_absolute_url()).content.decode()
    assert "Not found in the text" in html
    assert "data-place-url" not in html and "Place … here" not in html


def test_claims_to_place_by_hand_cost_the_article_page_no_query_of_their_own(
        client, editor, checker, orphan, article, django_assert_num_queries):
    # The page reads its claims as plain values; the few it must ask the model about (may this
    # person place it?) are built from those values, not fetched again, whoever is assigned.
    login(client, editor)
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as one_to_place:
        client.get(article.get_absolute_url())
    for i, words in enumerate(["Italian Prime Minister", "the plan would cost"]):
        start = article.body.index(words)
        extra = Claim.create_from_span(article, start, start + len(words), text=f"Claim to place {i}")
        Claim.objects.filter(pk=extra.pk).update(anchor_state=AnchorState.FUZZY, assignee=checker)
    with django_assert_num_queries(len(one_to_place)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("data-place-url") == 3
