"""Re-anchoring claims when an article's text is revised (claims.anchoring.reanchor and
Article.revise_body), and finding a browser selection (find_selection)."""
import pytest

from claims.anchoring import AnchorError, anchor_at, find_quote, find_selection, reanchor
from claims.models import AnchorState, Article, Claim, HistoryEntry
from claims.workflow import EditConflict, TransitionRefused

BODY = (
    "Only six nations have pledged troops, AFP reported on Friday.\n\n"
    "Italian Prime Minister Giorgia Meloni ruled out sending Italian troops.\n\n"
    "The minister said the plan would cost 2 billion euros."
)


def selectors(body, quote, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(quote, start + 1)
    a = anchor_at(body, start, start + len(quote))
    return dict(start=a.start, end=a.end, quote=a.quote, prefix=a.prefix, suffix=a.suffix)


# --- the function ------------------------------------------------------------------------------


def test_unchanged_text_keeps_the_position():
    old = selectors(BODY, "ruled out sending Italian troops")
    result = reanchor(BODY, **old)
    assert (result.state, result.anchor.start, result.how) == ("anchored", old["start"], "unchanged position")


def test_insertion_before_the_span_moves_it_exactly():
    old = selectors(BODY, "ruled out sending Italian troops")
    new_body = "Updated on Saturday with new figures.\n\n" + BODY
    result = reanchor(new_body, **old)
    assert result.state == "anchored"
    assert new_body[result.anchor.start:result.anchor.end] == "ruled out sending Italian troops"
    assert result.anchor.start == old["start"] + len("Updated on Saturday with new figures.\n\n")


def test_an_edit_inside_the_span_reanchors_approximately_to_the_new_words():
    old = selectors(BODY, "Only six nations have pledged troops")
    new_body = BODY.replace("Only six nations have pledged", "Only seven nations have so far pledged")
    result = reanchor(new_body, **old)
    assert result.state == "fuzzy"
    assert result.anchor.quote == "Only seven nations have so far pledged troops"


def test_an_edit_inside_a_mid_paragraph_span_uses_the_prefix_and_suffix():
    old = selectors(BODY, "would cost 2 billion euros")
    new_body = BODY.replace("would cost 2 billion euros", "would cost 2.4 billion euros")
    result = reanchor(new_body, **old)
    assert result.state == "fuzzy"
    assert result.anchor.quote == "would cost 2.4 billion euros"


def test_deleting_the_span_orphans_the_claim_rather_than_moving_it_to_another_sentence():
    old = selectors(BODY, "Italian Prime Minister Giorgia Meloni ruled out sending Italian troops.")
    new_body = BODY.replace("Italian Prime Minister Giorgia Meloni ruled out sending Italian troops.\n\n", "")
    result = reanchor(new_body, **old)
    assert (result.state, result.anchor) == ("orphaned", None)


def test_a_similar_sentence_elsewhere_does_not_adopt_a_deleted_claim():
    body = "Six nations have pledged troops, AFP said.\n\nLater, five nations have pledged aircraft, Reuters said."
    old = selectors(body, "Six nations have pledged troops")
    new_body = "Later, five nations have pledged aircraft, Reuters said."
    assert reanchor(new_body, **old).state == "orphaned"


def test_repeated_quotes_keep_the_occurrence_whose_context_matches():
    body = "In Rome the minister said no.\n\nIn Paris the minister said no."
    old = selectors(body, "the minister said no", occurrence=1)
    new_body = "Breaking news.\n\nIn Rome the minister said no.\n\nIn Paris the minister said no."
    result = reanchor(new_body, **old)
    assert result.state == "anchored"
    assert new_body[result.anchor.start - 9:result.anchor.start] == "In Paris "


def test_repeated_quotes_whose_context_changed_everywhere_are_flagged_not_trusted():
    body = "In Rome the minister said no.\n\nIn Paris the minister said no."
    old = selectors(body, "the minister said no", occurrence=1)
    new_body = "At first the minister said no.\n\nThen the minister said no."
    result = reanchor(new_body, **old)
    assert result.state == "fuzzy"


def test_find_selection_tolerates_the_browsers_whitespace():
    body = "First paragraph ends here.\n\nSecond one starts."
    anchor = find_selection(body, "ends here.\nSecond one", prefix="First paragraph ", suffix=" starts.")
    assert anchor.quote == "ends here.\n\nSecond one"


def test_find_selection_uses_context_to_pick_among_repeats():
    body = "Yes, he said. Later: no, he said. Finally: yes, he said."
    anchor = find_selection(body, "he said", prefix="Later: no, ", suffix=". Finally")
    assert anchor.start == body.index("he said", body.index("Later"))


def test_find_selection_refuses_text_that_is_not_there():
    with pytest.raises(AnchorError, match="not in the article"):
        find_selection(BODY, "nine nations")
    with pytest.raises(AnchorError, match="empty"):
        find_selection(BODY, "   ")


def test_find_quote_keeps_its_behaviour():
    assert find_quote(BODY, "troops", suffix=", AFP").start == BODY.index("troops")
    assert find_quote(BODY, "troops", near=len(BODY)).start == BODY.index("troops", 70)


# --- Article.revise_body ------------------------------------------------------------------------


@pytest.fixture
def claims(article):
    def make(quote, occurrence=0):
        s = selectors(article.body, quote, occurrence)
        return Claim.create_from_span(article, s["start"], s["end"], text=quote[:60])
    return {
        "six": make("Only six nations have pledged troops"),
        "meloni": make("Giorgia Meloni ruled out sending Italian troops"),
        "cost": make("the plan would cost 2 billion euros"),
    }


def test_revising_reanchors_every_claim_and_logs_each_move(article, claims, editor):
    new_body = (
        "Correction appended.\n\n"
        + article.body.replace("Only six nations have pledged", "Only seven nations have pledged")
        .replace("The minister said the plan would cost 2 billion euros.", "")
    )
    results = article.revise_body(editor, new_body, seen_hash=article.body_hash)
    article.refresh_from_db()
    assert article.body.startswith("Correction appended.")
    states = {c.pk: r.state for c, r in results}
    for name, expected in {"six": "fuzzy", "meloni": "anchored", "cost": "orphaned"}.items():
        claim = Claim.objects.get(pk=claims[name].pk)
        assert claim.anchor_state == expected == states[claim.pk]
        entry = claim.history.get(action=HistoryEntry.Action.ANCHOR)
        assert entry.actor == editor and entry.field == "span"
        assert claim.version == 2
        if expected != "orphaned":
            assert article.body[claim.start:claim.end] == claim.quote
    moved = Claim.objects.get(pk=claims["meloni"].pk)
    assert moved.start == article.body.index("Giorgia Meloni ruled out")
    orphan = Claim.objects.get(pk=claims["cost"].pk)
    assert orphan.quote == "the plan would cost 2 billion euros"  # kept, so the editor sees what it said
    assert 0 <= orphan.start < orphan.end <= len(article.body)
    assert "not found" in orphan.history.get(action=HistoryEntry.Action.ANCHOR).new_value
    assert Claim.objects.count() == 3  # none dropped


def test_an_orphan_is_found_again_when_its_text_returns(article, claims, editor):
    original = article.body
    article.revise_body(editor, original.replace("The minister said the plan would cost 2 billion euros.", "Gone."))
    article.revise_body(editor, original)
    assert Claim.objects.get(pk=claims["cost"].pk).anchor_state == AnchorState.ANCHORED


def test_revising_with_the_same_text_changes_nothing(article, claims, editor):
    assert article.revise_body(editor, article.body + "\n\n") == []
    assert not HistoryEntry.objects.filter(action=HistoryEntry.Action.ANCHOR).exists()


def test_only_editors_may_revise_the_text(article, claims, checker, viewer):
    for user in (checker, viewer):
        with pytest.raises(TransitionRefused, match="Only an editor"):
            article.revise_body(user, "Something else entirely.")
    article.refresh_from_db()
    assert article.body.startswith("Only six nations")


def test_an_empty_text_is_refused(article, editor):
    with pytest.raises(TransitionRefused, match="cannot be empty"):
        article.revise_body(editor, "  \n ")


def test_a_text_changed_meanwhile_is_refused_as_a_conflict(article, claims, editor, editor2):
    seen = article.body_hash
    Article.objects.get(pk=article.pk).revise_body(editor2, article.body + "\n\nAn update.")
    with pytest.raises(EditConflict, match="Someone else changed this article's text"):
        article.revise_body(editor, article.body + "\n\nMy update.", seen_hash=seen)
    article.refresh_from_db()
    assert article.body.endswith("An update.")


def test_an_orphaned_claim_can_still_be_edited(article, claims, editor):
    article.revise_body(editor, article.body.replace("The minister said the plan would cost 2 billion euros.", "Gone."))
    orphan = Claim.objects.get(pk=claims["cost"].pk)
    orphan.update_details(editor, version=orphan.version, text="The plan would cost 2 billion euros")
    orphan.refresh_from_db()
    assert orphan.text == "The plan would cost 2 billion euros"
    assert orphan.anchor_state == AnchorState.ORPHANED
