"""“Place it here”: an editor selects words in the article and places there a claim the text revision
lost (static/claims/select-claim.js posts the selection to claims:place_claim)."""
import pytest

from claims.models import AnchorState

from ..test_place_claim import NEW_QUOTE, REWRITTEN
from .test_selection import SELECT_IN_PARAGRAPH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_places_an_orphaned_claim_on_selected_words(open_session, editor, claim, article):
    article.revise_body(editor, article.body.replace("Only six nations have pledged troops, AFP reported on Friday.",
                                                     REWRITTEN))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ORPHANED
    session = open_session(editor)
    page = session.go(article.get_absolute_url())
    unplaced = page.locator(".unplaced-claims")
    assert unplaced.get_by_role("link", name=claim.text).is_visible()
    place = page.locator("form.place-claim")
    assert place.is_hidden()

    page.evaluate(SELECT_IN_PARAGRAPH, [0, NEW_QUOTE])
    place.wait_for(state="visible")
    with page.expect_navigation():
        place.get_by_role("button", name=f"Place “{claim.text}” here").click()

    assert page.url.endswith(f"{article.get_absolute_url()}#claim-{claim.pk}")
    assert f"“{claim.text}” is placed on “{NEW_QUOTE}”." in page.locator(".messages").inner_text()
    mark = page.locator(f"[data-article-body] mark[data-claims='{claim.pk}']")
    assert mark.inner_text() == NEW_QUOTE
    assert page.get_by_text("Not found in the text").count() == 0
    assert page.locator("form.place-claim").count() == 0  # nothing left to place
    claim.refresh_from_db()
    assert claim.quote == NEW_QUOTE and claim.anchor_state == AnchorState.ANCHORED
