"""Claims already checked: similar-claim search (claims/similar.py, pg_trgm on PostgreSQL and
rapidfuzz on SQLite), marking duplicates, and duplicates following their original's verdict."""
import pytest
from django.db import connection

from claims.models import Article, Claim, HistoryEntry
from claims.similar import similar_claims, similar_to_claim
from claims.workflow import EditConflict, Status, TransitionRefused

from .conftest import advance


@pytest.fixture
def other_article(db):
    return Article.objects.create(title="Another story", body=(
        "Only six countries have pledged troops to the coalition.\n\n"
        "The price of bread rose sharply in March."
    ))


def claim_in(article, quote, text=None):
    start = article.body.index(quote)
    return Claim.create_from_span(article, start, start + len(quote), text=text or quote)


def test_similar_claims_from_other_articles_come_first_with_their_status(claim, other_article):
    close = claim_in(other_article, "Only six countries have pledged troops")
    claim_in(other_article, "The price of bread rose sharply in March")
    found = similar_to_claim(claim)
    assert [s.claim for s in found] == [close]
    assert 0.3 <= found[0].similarity <= 1
    assert found[0].claim.article == other_article
    assert found[0].claim.get_status_display() == "New"


def test_the_claim_itself_and_unrelated_claims_are_not_similar(claim):
    assert similar_to_claim(claim) == []
    assert similar_claims("") == []
    assert similar_claims("Completely unrelated words about football") == []


def test_results_are_ranked_and_limited(claim, other_article):
    near = claim_in(other_article, "Only six countries have pledged troops to the coalition")
    for i in range(6):
        Claim.create_from_span(other_article, 0, 10, text=f"Only six nations pledged troops, version {i}")
    found = similar_claims("Only six nations pledged troops", exclude=[claim.pk], limit=3)
    assert len(found) == 3
    assert [s.similarity for s in found] == sorted((s.similarity for s in found), reverse=True)
    assert near not in [s.claim for s in found]


def test_postgresql_has_the_trigram_index_and_the_search_uses_it(on_postgres, claim):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_text_trgm'")
        [(definition,)] = cursor.fetchall()
        assert "gist" in definition and "gist_trgm_ops" in definition
        # A nearest-neighbour scan of that index, not a sort of every claim (seqscan off: with a
        # handful of rows the planner would rightly prefer reading the table).
        cursor.execute("SET LOCAL enable_seqscan = off")
    from django.contrib.postgres.search import TrigramDistance
    plan = (Claim.objects.annotate(distance=TrigramDistance("text", "six nations"))
            .order_by("distance")[:5].explain())
    assert "claim_text_trgm" in plan


# --- duplicates ---------------------------------------------------------------------------------


@pytest.fixture
def original(other_article):
    return claim_in(other_article, "Only six countries have pledged troops")


def test_editor_marks_a_duplicate_with_a_history_entry(claim, original, editor):
    claim.mark_duplicate_of(editor, original, version=claim.version)
    claim.refresh_from_db()
    assert claim.duplicate_of == original
    assert claim.version == 2
    entry = claim.history.get(action=HistoryEntry.Action.DUPLICATE)
    assert entry.actor == editor and entry.new_value == f"#{original.pk} {original}"


@pytest.mark.parametrize("who", ["checker", "viewer", "outsider"])
def test_only_editors_mark_duplicates(claim, original, who, request):
    with pytest.raises(TransitionRefused, match="Only an editor"):
        claim.mark_duplicate_of(request.getfixturevalue(who), original, version=claim.version)
    claim.refresh_from_db()
    assert claim.duplicate_of is None


def test_a_claim_cannot_duplicate_itself(claim, editor):
    with pytest.raises(TransitionRefused, match="duplicate of itself"):
        claim.mark_duplicate_of(editor, claim, version=claim.version)


def test_a_duplicate_cannot_be_an_original(claim, original, other_article, editor):
    third = claim_in(other_article, "The price of bread rose sharply")
    original.mark_duplicate_of(editor, third, version=original.version)
    with pytest.raises(TransitionRefused, match="is itself marked as a duplicate"):
        claim.mark_duplicate_of(editor, original, version=claim.version)


def test_an_original_cannot_become_a_duplicate_so_no_cycles(claim, original, editor):
    claim.mark_duplicate_of(editor, original, version=claim.version)
    with pytest.raises(TransitionRefused, match="it is an original"):
        original.mark_duplicate_of(editor, claim, version=original.version)
    original.refresh_from_db()
    assert original.duplicate_of is None


def test_marking_twice_is_refused(claim, original, editor):
    claim.mark_duplicate_of(editor, original, version=claim.version)
    with pytest.raises(TransitionRefused, match="already marked"):
        claim.mark_duplicate_of(editor, original, version=claim.version)


def test_a_stale_version_is_a_conflict(claim, original, editor):
    with pytest.raises(EditConflict):
        claim.mark_duplicate_of(editor, original, version=claim.version - 1 + 5)
    claim.refresh_from_db()
    assert claim.duplicate_of is None


def test_duplicates_follow_the_verdict_when_the_original_is_published(
        claim, original, editor, editor2, checker, django_capture_on_commit_callbacks):
    claim.mark_duplicate_of(editor, original, version=claim.version)
    with django_capture_on_commit_callbacks(execute=True):
        advance(original, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.refresh_from_db()
    assert claim.rating == original.rating
    assert claim.conclusion == original.conclusion == "It is false."
    entry = claim.history.filter(action=HistoryEntry.Action.DUPLICATE, field="rating").get()
    assert entry.new_value == "False"
    assert f"Follows the verdict of claim #{original.pk}" in entry.comment
    assert claim.status == Status.NEW  # its own workflow is untouched: publishing it is still a decision


def test_marking_a_duplicate_of_a_published_claim_takes_its_verdict_at_once(
        claim, original, editor, editor2, checker):
    advance(original, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.mark_duplicate_of(editor, original, version=claim.version)
    claim.refresh_from_db()
    assert claim.rating == original.published_rating
    assert claim.history.filter(action=HistoryEntry.Action.DUPLICATE).count() == 2


def test_a_claim_past_research_cannot_be_marked_as_a_duplicate(
        claim, original, editor, editor2, checker, rating_true, django_capture_on_commit_callbacks):
    """Marking a duplicate is allowed only before review: a verified or published claim keeps the
    verdict a second person approved for it (the four-eyes bypass of issue #11, item 2)."""
    from claims.workflow import PermissionRefused

    advance(original, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    for step in (None, "approve", "publish"):
        if step:
            claim.transition(step, editor2, version=claim.version)
        version = claim.version
        with pytest.raises(PermissionRefused, match="only a claim not yet in review"):
            claim.mark_duplicate_of(editor, original, version=version)
        claim.refresh_from_db()
        assert claim.duplicate_of_id is None and claim.version == version
