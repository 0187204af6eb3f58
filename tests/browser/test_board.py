"""The board in a browser: a step that needs input ("Assign…") opens that step's form on the claim's
page, ready to type in (static/claims/app.js opens the <details> the address names and focuses its
first field), and the card has moved column when the editor comes back."""
import pytest

from claims.models import Claim
from claims.workflow import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assign_from_the_board_opens_the_assign_form_ready_to_use(
        seed, open_session, editor, checker):
    claim = Claim.objects.filter(status=Status.NEW).order_by("pk").first()
    desk = open_session(editor)
    page = desk.go("/board/")

    card = page.locator(f"#card-{claim.pk}")
    card.locator(f"#card-{claim.pk}-open-assign").click()
    page.wait_for_url(f"**/claims/{claim.pk}/#transition-assign")
    form = page.locator("#transition-assign")
    assert form.get_attribute("open") is not None  # the <details> is open, its first field focused
    assert page.evaluate("document.activeElement.closest('#transition-assign') !== null")

    page.select_option("#id_assign_assignee", label=checker.get_full_name() or checker.username)
    page.click("#transition-assign button[type=submit]")
    page.wait_for_selector("#status-panel .chip.status-in_research")

    # Back on the board, the card is in the research column.
    page = desk.go("/board/")
    moved = page.locator(f".column-in_research #card-{claim.pk}")
    assert moved.count() == 1
    assert page.locator(f".column-new #card-{claim.pk}").count() == 0


def test_a_busy_board_stays_one_screen_tall_with_readable_columns(seed, open_session, editor, article):
    """Twenty new cards used to make a ~4,000 px page of six 190 px columns (issue #16): the columns
    keep a comfortable width, scroll on their own, the board scrolls sideways inside its box, and every
    step on a card is a button of the same kind."""
    from claims.views.board import CARDS_PER_COLUMN

    from .conftest import assert_accessible, assert_no_horizontal_overflow

    for i in range(CARDS_PER_COLUMN):
        Claim.create_from_span(article, i, i + 1, text=f"Claim number {i} about the coalition")
    desk = open_session(editor)
    page = desk.go("/board/")
    assert page.evaluate("() => document.scrollingElement.scrollHeight") <= 900 + 100
    assert_no_horizontal_overflow(page)
    column = page.locator(".column-new")
    assert column.bounding_box()["width"] >= 250
    cards = column.locator(".column-cards")
    assert page.evaluate("el => el.scrollHeight > el.clientHeight", cards.element_handle())
    # The seed article's title is not cut to one line.
    title = page.locator(".column-new .card-article").first
    assert title.bounding_box()["height"] > 25
    assert title.get_attribute("title").startswith("EU Diplomat: Disagreement within Ukraine")
    # "Dismiss…" is a button like "Assign…", not a bare link.
    first = page.locator(".column-new .board-card").first
    for step in ("assign", "dismiss"):
        assert "btn" in first.locator(f"[id$='-open-{step}']").get_attribute("class").split()
    assert_accessible(page)

    # On a phone: one column at a time, and links that jump to the others.
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_horizontal_overflow(page)
    page.get_by_role("link", name="Published 0").click()
    page.wait_for_timeout(300)
    assert 0 <= page.locator("#column-published").bounding_box()["x"] < 390
    assert_accessible(page)
