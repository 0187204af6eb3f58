"""Every workbench page (found by walking the URL configuration, tests/every_page.py) on a 390 px
phone, at 200 % zoom (a 1280 px window zoomed twice is a 640 px viewport) and on a 1280 px desktop:
never wider than the screen, and no serious or critical axe-core violation — also with every folded
form on the page opened, and with the phone's menu open."""
import pytest

from tests.every_page import World, all_routes, concrete_url

from .conftest import PHONE, Session, assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not pages: a stylesheet, the pickers' option fragments (checked with their pages in test_evidence.py and
# test_article_filter.py).
NOT_PAGES = {"claims:rating_styles", "claims:source_search", "claims:article_search"}
VIEWPORTS = {"phone": PHONE, "zoom-200": {"width": 640, "height": 450}, "desktop": {"width": 1280, "height": 900}}


def workbench_pages(world):
    """(URL name, address) of every page in the claims: namespace; the actions among them (POST only)
    answer GET with 405 and are left out by the test."""
    return [(r.name, concrete_url(r, world)) for r in all_routes()
            if (r.name or "").startswith("claims:") and r.name not in NOT_PAGES]


def assert_placeholders_fit(page):
    """A search box's placeholder is read whole, not cut at the box's edge (issue #16)."""
    # The placeholder's text put in the box for a moment (no event fires): wider than the box means cut.
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('input[placeholder]'))
        .filter(el => el.offsetParent && !el.value).filter(el => {
            el.value = el.placeholder;
            const wider = el.scrollWidth > el.clientWidth;
            el.value = '';
            return wider;
        }).map(el => el.placeholder)""")
    assert not cut, f"{page.url}: placeholders cut: {cut}"


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
        page, seen = session.page, []
        for name, url in workbench_pages(world):
            probe = page.request.get(session.base_url + url)
            # Actions (POST only) answer 405; downloads (the Desk report) are files, not pages.
            if probe.status == 405 or "attachment" in probe.headers.get("content-disposition", ""):
                continue
            assert page.goto(session.base_url + url).status == 200, url
            assert page.url.endswith(url), f"{name}: {url} went to {page.url}"
            seen.append(name)
            assert_no_horizontal_overflow(page)
            assert_placeholders_fit(page)
            assert_accessible(page)
            if page.locator("main details").count():
                open_every_fold(page)
                assert_no_horizontal_overflow(page)
                assert_accessible(page)
        assert len(seen) >= 13, seen
        assert not session.errors, session.errors
    finally:
        session.close()


def test_on_a_phone_the_navigation_is_one_short_bar_with_a_keyboard_menu(chromium, live_server, world):
    from tests.conftest import PASSWORD

    editor = world.users["editor"]
    session = Session(chromium, live_server.url, editor, PASSWORD)
    try:
        page = session.page
        page.set_viewport_size(PHONE)
        session.go("/")
        assert page.locator("header.topbar").bounding_box()["height"] <= 60
        assert page.locator(".topbar-user").is_visible() and page.locator(".topbar-user").inner_text() == "Editor"
        link = page.get_by_role("link", name="Board", exact=True)
        assert not link.is_visible()
        # From the keyboard: Tab to "Menu", Enter opens it, Escape closes it and the focus stays on it.
        page.locator(".nav-toggle").focus()
        page.keyboard.press("Enter")
        assert link.is_visible()
        assert_accessible(page)
        assert_no_horizontal_overflow(page)
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert not link.is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('nav-toggle')")
        page.locator(".nav-toggle").click()
        link.click()
        page.wait_for_url("**/board/")

        # Wide enough for every link on one line (from 1101 px), the same markup is the usual row of
        # links, no "Menu" button; narrower (a tablet, 200 % zoom) it is the menu again.
        for width, folded in ((1101, False), (1280, False), (1100, True), (900, True)):
            page.set_viewport_size({"width": width, "height": 900})
            session.go("/")
            assert page.locator("header.topbar").bounding_box()["height"] <= 60, width
            assert link.is_visible() is not folded and page.locator(".nav-toggle").is_visible() is folded, width
        assert not session.errors, session.errors
    finally:
        session.close()
