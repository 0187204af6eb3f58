"""The Desk page in a real browser: no script error or CSP violation, readable at 390 px without the
page scrolling sideways, and a figure's link opens the claims behind it."""
import pytest

from claims.models import Claim
from claims.workflow import Status

from ..conftest import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_page_works_on_a_phone_and_its_figures_open_their_claims(seed, open_session, viewer, editor, editor2, checker):
    claims = list(Claim.objects.order_by("start")[:3])
    advance(claims[0], Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    advance(claims[1], Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    advance(claims[2], Status.IN_RESEARCH, editor=editor, checker=checker)
    session = open_session(viewer)
    page = session.go("/desk/")
    assert page.locator("svg.chart").count() == 2
    assert "Time per stage" in page.locator("main").inner_text()

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px"

    # "Verified": the two approvals of today, on the claims list.
    page.locator("a.stat", has_text="Verified").first.click()
    page.wait_for_url("**/claims/?**desk=verified**")
    rows = page.locator("table.claims-table tbody tr")
    assert rows.count() == 2
    assert "The claims behind a figure of the" in page.locator("main").inner_text()
