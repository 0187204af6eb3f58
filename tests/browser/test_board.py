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
