"""Regression tests for issue #11's side doors around the published record, each through the door
that was open (the invariant test over every door is tests/test_published_record.py)."""
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from claims.models import Article, Claim, Evidence, Rating
from claims.workflow import PermissionRefused, Status

from .conftest import add_sources, advance, login


@pytest.fixture
def published(claim, editor, editor2, checker):
    return advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)


def unchanged(claim, **expected):
    fresh = Claim.objects.get(pk=claim.pk)
    for field, value in expected.items():
        assert getattr(fresh, field) == value, field
    return fresh


def test_a_fact_checker_cannot_reword_a_published_claim_through_the_details_form(client, published, checker):
    """Item 1: POST /claims/<id>/details/ on a published claim succeeded."""
    response = login(client, checker).post(reverse("claims:update_details", args=[published.pk]), {
        "text": "Rewritten", "claimant": "Someone", "claimant_url": "", "claim_type": "other", "priority": 2,
        "version": published.version})
    assert response.status_code == 403
    assert "part of an approved verdict" in response.content.decode()
    unchanged(published, text=published.text, claimant=published.claimant, version=published.version)


def test_an_editor_cannot_place_a_published_claim_elsewhere(client, published, editor):
    """Item 1: POST /claims/<id>/place/ on a published claim succeeded."""
    body = published.article.body
    quote = "Giorgia Meloni ruled out sending Italian troops"
    start = body.index(quote)
    response = login(client, editor).post(reverse("claims:place_claim", args=[published.pk]), {
        "quote": quote, "prefix": body[max(0, start - 32):start], "suffix": body[start + len(quote):][:32],
        "start": start, "version": published.version})
    assert response.status_code == 403
    unchanged(published, quote=published.quote, start=published.start, version=published.version)


def test_the_admin_cannot_change_a_published_claim_its_evidence_or_its_sources(client, published, editor):
    """Item 3: the admin changed evidence and sources of published claims with no trace."""
    login(client, editor)
    page = client.get(f"/admin/claims/claim/{published.pk}/change/").content.decode()
    assert 'name="text"' not in page and 'name="evidence-0-stance"' not in page
    source = Evidence.objects.filter(claim=published).first().source
    client.post(f"/admin/claims/source/{source.pk}/change/", {
        "url": "https://evil.example/", "title": "Renamed", "publisher": "", "published_on": "",
        "accessed_on": "2026-01-01", "archive_url": "", "is_primary": ""})
    source.refresh_from_db()
    assert source.url.startswith("https://example.org/") and source.title != "Renamed"
    source.title = "Renamed in a shell"
    with pytest.raises(PermissionRefused, match="approved fact-check cites this source"):
        source.save()


def test_renaming_a_rating_used_by_a_published_verdict_is_refused(client, published, editor):
    """Item 3: renaming a rating relabelled every published verdict with no correction."""
    rating = Rating.objects.get(pk=published.published_rating_id)
    login(client, editor)
    page = client.get(f"/admin/claims/rating/{rating.pk}/change/").content.decode()
    assert 'name="label"' not in page
    rating.label = "Something else"
    with pytest.raises(PermissionRefused, match="Add a new rating instead"):
        rating.save()
    assert Rating.objects.get(pk=rating.pk).label != "Something else"


def test_revising_an_article_in_the_admin_reanchors_and_later_edits_still_work(client, claim, editor):
    """Item 3: an article's text edited in the admin skipped re-anchoring; editing its claims then
    answered 500 ("quote does not match")."""
    article = claim.article
    new_body = "A new first paragraph.\n\n" + article.body
    login(client, editor)
    response = client.post(f"/admin/claims/article/{article.pk}/change/", {
        "title": article.title, "url": "", "publisher": article.publisher, "author": "", "published_on": "",
        "language": "en", "body": new_body})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert Article.objects.get(pk=article.pk).body[claim.start:claim.end] == claim.quote
    assert claim.history.filter(action="anchor").exists()
    claim.update_details(editor, version=claim.version, text="Still editable")


def test_an_approved_claim_keeps_its_quote_when_its_article_changes(claim, editor, editor2, checker):
    advance(claim, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    quote = claim.quote
    claim.article.revise_body(editor, claim.article.body.replace("Only six nations", "Just six countries"))
    claim.refresh_from_db()
    assert claim.quote == quote and claim.anchor_state == "orphaned"


def test_new_evidence_makes_an_approvers_page_stale(client, claim, editor, editor2, checker):
    """Item 4: adding evidence did not bump the version: an editor approved a verdict whose evidence
    changed after they loaded the page."""
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    seen = claim.version
    claim.add_note(checker, "One more thing")  # a note as well: the approver must see it
    response = login(client, editor2).post(reverse("claims:transition", args=[claim.pk, "approve"]), {"version": seen})
    assert response.status_code == 409
    assert "wrote a note: One more thing" in response.content.decode()
    unchanged(claim, status=Status.IN_REVIEW)


def test_a_viewer_posting_a_step_without_a_version_is_refused_not_told_of_a_conflict(client, claim, viewer):
    """Item 10."""
    response = login(client, viewer).post(reverse("claims:transition", args=[claim.pk, "assign"]), {})
    assert response.status_code == 403
    assert "Someone else changed" not in response.content.decode()


def test_a_duplicate_following_an_original_still_needs_its_own_approval(claim, editor, editor2, checker):
    """Item 2: a duplicate's verdict reaches the public only through its own four-eyes check."""
    quote = "Giorgia Meloni ruled out sending Italian troops"
    start = claim.article.body.index(quote)
    original = Claim.create_from_span(claim.article, start, start + len(quote), text="Meloni ruled out troops")
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    claim.mark_duplicate_of(editor, original, version=claim.version)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        advance(original, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH and claim.rating_id == original.published_rating_id
    assert claim.approved_by_id is None and claim.published_rating_id is None
    add_sources(claim, checker)
    claim.transition("propose", checker, version=claim.version, rating=claim.rating, conclusion=claim.conclusion)
    with pytest.raises(PermissionRefused):
        claim.transition("approve", checker, version=claim.version)


@pytest.mark.postgres_only
def test_evidence_of_an_approved_claim_cannot_be_rewritten_below_the_orm(on_postgres, published):
    for sql in ("UPDATE claims_evidence SET stance = 'supports'", "DELETE FROM claims_evidence"):
        with pytest.raises(DatabaseError, match="evidence of an approved claim"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert Evidence.objects.filter(claim=published).count() == 2


def _rating_form(rating, rows, **changes):
    """The admin's change form for `rating` with its labels in other languages as `rows` (dicts)."""
    form = {"label": rating.label, "slug": rating.slug, "definition": rating.definition,
            "value": "" if rating.value is None else str(rating.value), "colour": rating.colour, "order": str(rating.order),
            "translations-TOTAL_FORMS": str(len(rows)), "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
            "translations-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id")))}
    for i, row in enumerate(rows):
        form.update({f"translations-{i}-{key}": value for key, value in row.items()})
        form[f"translations-{i}-rating"] = str(rating.pk)
    form.update(changes)
    return form


def _rows(rating):
    return [{"id": str(t.pk), "language": t.language, "label": t.label, "definition": t.definition}
            for t in rating.translations.order_by("pk")]


def test_rewording_or_removing_a_verdicts_label_in_another_language_is_refused_once_published(client, published, superuser):
    """Readers of a published Spanish fact-check read the Spanish label: rewording it relabelled them
    with no correction, as renaming the rating did (the base label has been fixed since issue #11)."""
    rating = Rating.objects.get(pk=published.published_rating_id)
    spanish = rating.translations.get(language="es")
    before = spanish.label
    login(client, superuser)  # the one who may edit ratings' labels in the admin
    rows = _rows(rating)
    index = next(i for i, row in enumerate(rows) if row["language"] == "es")
    reworded = client.post(f"/admin/claims/rating/{rating.pk}/change/",
                           _rating_form(rating, rows, **{f"translations-{index}-label": "Otra cosa"}))
    assert reworded.status_code == 200 and "cannot be changed or removed" in reworded.content.decode()
    removed = client.post(f"/admin/claims/rating/{rating.pk}/change/",
                          _rating_form(rating, rows, **{f"translations-{index}-DELETE": "on"}))
    assert removed.status_code == 200 and "cannot be changed or removed" in removed.content.decode()
    spanish.label = "Otra cosa"
    with pytest.raises(PermissionRefused, match="Add a new rating instead"):
        spanish.save()
    with pytest.raises(PermissionRefused, match="Add a new rating instead"):
        spanish.delete()
    assert rating.translations.get(language="es").label == before


def test_a_language_without_a_label_can_still_be_worded_after_publication(client, published, superuser):
    rating = Rating.objects.get(pk=published.published_rating_id)
    rating.translations.filter(language="de").delete()  # below the model: as if the desk never worded German
    rows = _rows(rating) + [{"language": "de", "label": "Neu", "definition": ""}]
    response = login(client, superuser).post(f"/admin/claims/rating/{rating.pk}/change/", _rating_form(rating, rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rating.translations.get(language="de").label == "Neu"


def test_a_rating_no_verdict_uses_keeps_its_labels_editable(client, superuser):
    rating = Rating.objects.create(label="Satire", slug="satire", definition="A joke taken literally.", order=9)
    wording = rating.translations.create(language="es", label="Sátira")
    wording.label = "Sátira política"
    wording.save()
    rows = _rows(rating)
    response = login(client, superuser).post(f"/admin/claims/rating/{rating.pk}/change/",
                                             _rating_form(rating, rows, **{"translations-0-DELETE": "on"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not rating.translations.exists()
