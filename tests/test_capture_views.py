"""The capture pages (claims/views/capture.py): import, suggestions (accept, edit, split, reject),
a claim from a browser selection, editing an article's text, similar claims and duplicates."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.importing import MAX_BYTES
from claims.models import AnchorState, Article, Claim, HistoryEntry, RejectedSuggestion

from .conftest import PASSWORD

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    def login(user):
        client.login(username=user.username, password=PASSWORD)
        return client
    return login


# --- import ------------------------------------------------------------------------------------


def test_editor_imports_pasted_text_and_lands_on_its_suggestions(as_user, editor):
    client = as_user(editor)
    response = client.post(reverse("claims:import_article"), {
        "title": "Storm", "url": "https://example.org/storm", "publisher": "Example News", "author": "A. Writer",
        "published_on": "2025-01-02",
        "text": "More than 200,000 homes lost power, the Energy Networks Association said.\n\nTrees fell.",
    })
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:suggestions", args=[article.pk])
    assert (article.title, article.publisher, article.author, str(article.published_on)) == (
        "Storm", "Example News", "A. Writer", "2025-01-02")
    assert article.added_by == editor


def test_editor_uploads_an_html_file(as_user, editor):
    page = b"<html><head><title>Budget</title><script>x()</script></head><body><nav>Menu</nav>" \
           b"<p>The council approved a budget of \xc2\xa3412 million.</p></body></html>"
    response = as_user(editor).post(reverse("claims:import_article"), {
        "file": SimpleUploadedFile("budget.html", page, content_type="text/html"),
    })
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Budget"
    assert article.body == "The council approved a budget of £412 million."


@pytest.mark.parametrize("data, message", [
    ({"title": "Empty", "text": "   "}, "The article has no text"),
    ({"file": ("story.pdf", b"%PDF-1.4")}, "is not a file type the workbench can read"),
    ({"file": ("latin.txt", "café".encode("latin-1"))}, "is not UTF-8 text"),
    ({"file": ("big.txt", b"a" * (MAX_BYTES + 1))}, "larger than 2 MB"),
    ({"title": "Both", "text": "Some text.", "file": ("a.txt", b"Other text.")}, "not both"),
])
def test_bad_imports_are_refused_in_the_page_and_create_nothing(as_user, editor, data, message):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = as_user(editor).post(reverse("claims:import_article"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_duplicate_import_is_refused(as_user, editor, article):
    response = as_user(editor).post(reverse("claims:import_article"), {"title": "Again", "text": article.body})
    assert response.status_code == 400
    assert "already in the workbench, as “Coalition talks”" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_duplicate_import_links_to_the_article_already_there(as_user, editor, article):
    article.url = "https://example.org/coalition"
    article.save()
    for data in ({"title": "Again", "text": article.body},
                 {"title": "Again", "text": "Other words.", "url": "https://example.org/coalition"}):
        html = as_user(editor).post(reverse("claims:import_article"), data).content.decode()
        assert f'<a href="/articles/{article.pk}/">Open “Coalition talks”</a>' in html


@pytest.mark.parametrize("who", ["checker", "viewer", "outsider"])
def test_only_editors_import(db, as_user, who, request):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("claims:import_article")).status_code == 403
    assert client.post(reverse("claims:import_article"), {"title": "T", "text": "Text."}).status_code == 403
    assert not Article.objects.exists()


def test_import_needs_login(client):
    response = client.get(reverse("claims:import_article"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- suggestions -------------------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    call_command("loadseed", verbosity=0)
    return Article.objects.get()


def test_suggestions_page_lists_ranked_sentences_with_scores_and_reasons(as_user, checker, article):
    response = as_user(checker).get(reverse("claims:suggestions", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only six nations have pledged troops, AFP reported on Friday." in html
    assert "Gives a figure (six)" in html and "reports what someone said (AFP reported)" in html
    assert "number: six" not in html  # plain words, not the scorer's debug notation
    assert "data-article-body" in html and "claims/select-claim.js" in html
    assert 'nonce="' in html.split("select-claim.js")[1][:40]


def test_viewers_cannot_see_or_act_on_suggestions(as_user, viewer, article):
    client = as_user(viewer)
    assert client.get(reverse("claims:suggestions", args=[article.pk])).status_code == 403
    assert client.post(reverse("claims:accept_suggestion", args=[article.pk]), {}).status_code == 403
    assert client.post(reverse("claims:reject_suggestion", args=[article.pk]), {}).status_code == 403


def accept_data(article, sentence, **fields):
    start = article.body.index(sentence)
    prefix = f"s{start}"
    data = {"start": start, f"{prefix}-sentence_start": start, f"{prefix}-sentence_end": start + len(sentence),
            f"{prefix}-sentence": sentence, f"{prefix}-quote": sentence, f"{prefix}-text": sentence[:300],
            f"{prefix}-claimant": "", f"{prefix}-claim_type": "other"}
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return data


SIX = "Only six nations have pledged troops, AFP reported on Friday."


def test_accepting_a_suggestion_as_is_creates_a_claim_with_its_exact_span(as_user, checker, article):
    data = accept_data(article, SIX, claimant="AFP", claim_type="quantity", text="Only six nations pledged troops")
    response = as_user(checker).post(reverse("claims:accept_suggestion", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert article.body[claim.start:claim.end] == claim.quote == SIX
    assert (claim.text, claim.claimant, claim.claim_type, claim.created_by) == (
        "Only six nations pledged troops", "AFP", "quantity", checker)
    html = response.content.decode()
    assert html.lstrip().startswith('<li id="suggestion-0"')  # only the row, for htmx to swap
    assert "Claim created:" in html


def test_trimming_the_quote_anchors_the_claim_to_the_trimmed_words(as_user, editor, article):
    data = accept_data(article, SIX, quote="six nations have pledged troops")
    as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data)
    claim = Claim.objects.get()
    assert (claim.start, claim.end) == (5, 5 + len("six nations have pledged troops"))


def test_splitting_a_sentence_makes_one_claim_per_part_atomically(as_user, editor, article):
    data = accept_data(article, SIX, parts="Only six nations have pledged troops\nAFP reported on Friday")
    as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data)
    assert [c.quote for c in Claim.objects.order_by("start")] == [
        "Only six nations have pledged troops", "AFP reported on Friday"]
    bad = accept_data(article, SIX, parts="Only six nations\nnine nations")
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), bad)
    assert response.status_code == 400
    assert "“nine nations” is not part of this sentence" in response.content.decode()
    assert Claim.objects.count() == 2  # the valid first part was not created either


def test_a_quote_from_another_sentence_is_refused(as_user, editor, article):
    data = accept_data(article, SIX, quote="Giorgia Meloni ruled out")
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx: the message is in the row
    assert "is not part of this sentence" in response.content.decode()
    assert not Claim.objects.exists()


def test_accepting_after_the_text_changed_is_refused(as_user, editor, article):
    data = accept_data(article, SIX)
    article.revise_body(editor, "New first paragraph.\n\n" + article.body)
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data)
    assert response.status_code == 400
    assert "text changed since this page was drawn" in response.content.decode()
    assert not Claim.objects.exists()


def test_an_empty_quote_is_refused(as_user, editor, article):
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]),
                                    accept_data(article, SIX, quote="  "))
    assert response.status_code == 400 and "The quote is empty" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_wording_too_long_is_refused_next_to_what_was_typed(as_user, editor, article):
    data = accept_data(article, SIX, text="x" * 301 + " my wording", claimant="Someone typed this")
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data, **HTMX)
    html = response.content.decode()
    assert "Claim, as the checker states it: Ensure this value has at most 300 characters" in html
    assert "Someone typed this" in html  # the editor's input is kept
    assert not Claim.objects.exists()


def test_an_unreadable_suggestion_post_is_refused(as_user, editor, article):
    response = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), {"start": "x"})
    assert response.status_code == 400 and "could not be read" in response.content.decode()


def test_accepting_shows_similar_claims_already_checked(as_user, editor, article):
    other = Article.objects.create(title="Elsewhere", body="Only six countries have pledged troops so far.")
    Claim.create_from_span(other, 0, 38, text="Only six countries have pledged troops")
    data = accept_data(article, SIX, text="Only six nations have pledged troops")
    html = as_user(editor).post(reverse("claims:accept_suggestion", args=[article.pk]), data, **HTMX).content.decode()
    assert "Similar claims already in the workbench" in html
    # The one word the match says otherwise is marked (claims/wording.py).
    assert "Only six <mark title=\"Not in this claim's wording\">countries</mark> have pledged troops" in html
    assert "Elsewhere" in html


def test_rejecting_hides_the_suggestion_for_good(as_user, editor, article):
    client = as_user(editor)
    start = article.body.index(SIX)
    response = client.post(reverse("claims:reject_suggestion", args=[article.pk]),
                           {"start": start, "sentence": SIX}, **HTMX)
    assert "Rejected: not worth checking." in response.content.decode()
    assert RejectedSuggestion.objects.get().rejected_by == editor
    page = client.get(reverse("claims:suggestions", args=[article.pk])).content.decode()
    assert f'id="suggestion-{start}"' not in page
    assert f'id="suggestion-{start}"' in client.get(reverse("claims:suggestions", args=[article.pk]) + "?all=1").content.decode()


def test_rejecting_a_changed_sentence_is_refused(as_user, editor, article):
    response = as_user(editor).post(reverse("claims:reject_suggestion", args=[article.pk]),
                                    {"start": 0, "sentence": "Something else."})
    assert response.status_code == 400
    assert not RejectedSuggestion.objects.exists()


def test_seed_article_suggestions_page_renders(as_user, editor, seeded):
    response = as_user(editor).get(reverse("claims:suggestions", args=[seeded.pk]))
    assert response.status_code == 200
    assert "Claims taken from this sentence" in response.content.decode()


# --- a claim from a selection -------------------------------------------------------------------


def select(article, quote, occurrence=0, **extra):
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(quote, start + 1)
    return {"article": article.pk, "quote": quote, "start": start,
            "prefix": article.body[max(0, start - 32):start], "suffix": article.body[start + len(quote):][:32], **extra}


def test_selection_makes_a_claim_anchored_where_the_server_finds_it(as_user, checker, article):
    data = select(article, "Giorgia Meloni ruled out sending Italian troops", text="Meloni ruled out troops")
    data["start"] = 3  # the browser's offset is only a hint
    response = as_user(checker).post(reverse("claims:claim_from_selection"), data)
    assert response.status_code == 201
    body = response.json()
    claim = Claim.objects.get()
    assert body["id"] == claim.pk and body["url"] == claim.get_absolute_url()
    assert claim.start == article.body.index("Giorgia Meloni") and claim.quote == data["quote"]
    assert claim.text == "Meloni ruled out troops"


def test_selection_of_a_repeated_word_uses_its_context(as_user, editor, article):
    data = select(article, "troops", occurrence=1)
    data["start"] = 0
    as_user(editor).post(reverse("claims:claim_from_selection"), data)
    assert Claim.objects.get().start == article.body.index("troops", 70)


def test_selection_across_paragraphs_with_the_browsers_whitespace(as_user, editor, article):
    data = {"article": article.pk, "quote": "on Friday.\nItalian Prime", "start": 50}
    assert as_user(editor).post(reverse("claims:claim_from_selection"), data).status_code == 201
    assert Claim.objects.get().quote == "on Friday.\n\nItalian Prime"


@pytest.mark.parametrize("data, status, message", [
    ({"quote": "nine nations"}, 400, "is not in the article's text"),
    ({"quote": ""}, 400, "The quote is empty"),
    ({"article": "", "quote": "six"}, 400, "Which article"),
    ({"article": "999999", "quote": "six"}, 404, "does not exist"),
    ({"quote": "six", "claim_type": "gossip"}, 400, "Unknown claim type"),
])
def test_bad_selections_are_refused_with_a_message(as_user, editor, article, data, status, message):
    response = as_user(editor).post(reverse("claims:claim_from_selection"), {"article": article.pk, **data})
    assert response.status_code == status
    assert message in response.json()["error"]
    assert not Claim.objects.exists()


def test_viewers_cannot_make_claims_from_selections(as_user, viewer, article):
    response = as_user(viewer).post(reverse("claims:claim_from_selection"), select(article, "six"))
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_selection_needs_the_csrf_token(client, editor, article):
    client.handler.enforce_csrf_checks = True
    client.login(username="editor", password=PASSWORD)
    response = client.post(reverse("claims:claim_from_selection"), select(article, "six"))
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_selection_only_by_post(as_user, editor):
    assert as_user(editor).get(reverse("claims:claim_from_selection")).status_code == 405


def test_the_selection_script_is_served_and_uses_no_inline_code():
    script = (Path(__file__).resolve().parent.parent / "static" / "claims" / "select-claim.js").read_text()
    assert "[data-article-body]" in script and "X-CSRFToken" in script
    assert ".innerHTML" not in script and "eval(" not in script and "style=" not in script


# --- editing the text ---------------------------------------------------------------------------


def test_editor_revises_the_text_and_sees_each_claim_reanchored(as_user, editor, claim, article):
    client = as_user(editor)
    page = client.get(reverse("claims:edit_article_text", args=[article.pk]))
    assert page.status_code == 200 and article.body_hash in page.content.decode()
    new_body = "Update: figures revised.\n\n" + article.body.replace("six nations", "seven nations")
    response = client.post(reverse("claims:edit_article_text", args=[article.pk]),
                           {"body": new_body, "seen_hash": article.body_hash})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY and claim.quote == "Only seven nations have pledged troops"
    assert "Re-anchored approximately" in response.content.decode()


def test_the_suggestions_page_flags_claims_the_edit_could_not_place(as_user, editor, claim, article):
    article.revise_body(editor, article.body.replace("Only six nations have pledged troops, AFP reported on Friday.",
                                                     "Coalition talks continued."))
    html = as_user(editor).get(reverse("claims:suggestions", args=[article.pk])).content.decode()
    assert "Claims to check after the text was edited" in html
    assert "Not found in the article — it quoted “Only six nations have pledged troops”" in html
    assert list(Claim.objects.needing_anchor_review()) == [claim]
    # ... and points to where it can be placed again: the claim's entry on the article's page.
    assert f'href="{article.get_absolute_url()}#claim-{claim.pk}">place it in the text</a>' in html
    article_page = as_user(editor).get(article.get_absolute_url()).content.decode()
    assert f'id="claim-{claim.pk}"' in article_page


def test_a_stale_text_edit_is_a_conflict(as_user, editor, editor2, article):
    seen = article.body_hash
    article.revise_body(editor2, article.body + "\n\nLater update.")
    response = as_user(editor).post(reverse("claims:edit_article_text", args=[article.pk]),
                                    {"body": "Mine.", "seen_hash": seen})
    assert response.status_code == 409
    assert "Someone else changed this article" in response.content.decode()
    article.refresh_from_db()
    assert article.body.endswith("Later update.")


def test_an_empty_text_is_refused_in_the_page(as_user, editor, article):
    response = as_user(editor).post(reverse("claims:edit_article_text", args=[article.pk]),
                                    {"body": " ", "seen_hash": article.body_hash})
    assert response.status_code == 422 and "cannot be empty" in response.content.decode()


@pytest.mark.parametrize("who", ["checker", "viewer"])
def test_only_editors_edit_the_text(as_user, who, request, article):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("claims:edit_article_text", args=[article.pk])).status_code == 403
    response = client.post(reverse("claims:edit_article_text", args=[article.pk]), {"body": "Gone."})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body.startswith("Only six")


# --- similar claims and duplicates --------------------------------------------------------------


@pytest.fixture
def lookalike(db):
    other = Article.objects.create(title="Elsewhere", body="Only six countries have pledged troops so far.")
    return Claim.create_from_span(other, 0, 38, text="Only six countries have pledged troops")


def test_similar_fragment_lists_similar_claims_with_status(as_user, viewer, claim, lookalike):
    response = as_user(viewer).get(reverse("claims:similar", args=[claim.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section id="similar-claims-{claim.pk}"')
    assert "Only six <mark title=\"Not in this claim's wording\">countries have</mark> pledged troops" in html
    assert "New" in html and "Elsewhere" in html
    assert "Mark this claim as its duplicate" not in html  # viewers get no button


def test_similar_page_without_htmx_and_for_outsiders(as_user, editor, outsider, claim, lookalike, client):
    assert "Mark this claim as its duplicate" in as_user(editor).get(reverse("claims:similar", args=[claim.pk])).content.decode()
    client.logout()
    assert as_user(outsider).get(reverse("claims:similar", args=[claim.pk])).status_code == 403


def test_editor_marks_a_duplicate_from_the_similar_list(as_user, editor, claim, lookalike):
    response = as_user(editor).post(reverse("claims:mark_duplicate", args=[claim.pk]),
                                    {"original": lookalike.pk, "version": claim.version}, **HTMX)
    assert response.status_code == 200
    assert "Marked as a duplicate of" in response.content.decode()
    claim.refresh_from_db()
    assert claim.duplicate_of == lookalike
    assert claim.history.filter(action=HistoryEntry.Action.DUPLICATE).exists()


def test_marking_a_duplicate_with_a_stale_version_is_a_conflict(as_user, editor, claim, lookalike):
    response = as_user(editor).post(reverse("claims:mark_duplicate", args=[claim.pk]),
                                    {"original": lookalike.pk, "version": claim.version + 1})
    assert response.status_code == 409
    assert "Someone else changed this claim" in response.content.decode()


def test_marking_a_claim_a_duplicate_of_itself_is_refused(as_user, editor, claim):
    response = as_user(editor).post(reverse("claims:mark_duplicate", args=[claim.pk]),
                                    {"original": claim.pk, "version": claim.version})
    assert response.status_code == 422 and "cannot be a duplicate of itself" in response.content.decode()
    response = as_user(editor).post(reverse("claims:mark_duplicate", args=[claim.pk]),
                                    {"original": "", "version": claim.version})
    assert response.status_code == 422 and "Choose the claim" in response.content.decode()


@pytest.mark.parametrize("who, status", [("checker", 403), ("viewer", 403)])
def test_only_editors_mark_duplicates(as_user, who, status, request, claim, lookalike):
    response = as_user(request.getfixturevalue(who)).post(
        reverse("claims:mark_duplicate", args=[claim.pk]), {"original": lookalike.pk, "version": claim.version})
    assert response.status_code == status
    claim.refresh_from_db()
    assert claim.duplicate_of is None
