"""The public pages readers see (the fact-check and the index of them all), in Chromium, on a desktop
and on a 390 px phone: no serious or critical axe-core violation, nothing wider than the screen, no
script or CSP error, and a print version without the site's navigation."""
import pytest

from claims import demodesk
from claims.models import Article, Claim, Correction

from .conftest import CHROMIUM_ARGS, PHONE, WIDTH, assert_accessible, assert_no_horizontal_overflow  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(seed, editor, editor2, checker, checker2):
    """The demo desk `make run` shows: four published fact-checks, one corrected."""
    demodesk.build(Article.objects.get())
    return Correction.objects.get().claim


@pytest.fixture
def reader(chromium, live_server):
    """A reader, not logged in, in a browser of their own; fails the test on any script or CSP error."""
    contexts, errors = [], []

    def open_(viewport):
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
        page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text}"))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("viewport", [{"width": WIDTH, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_public_fact_check_and_index_are_accessible_and_fit_the_screen(reader, live_server, demo, viewport):
    page = reader(viewport)
    for path in ("/fact-checks/", f"/fact-checks/{demo.pk}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert_accessible(page)
        assert_no_horizontal_overflow(page)
    # The page is the reader's article: header with the way back, verdict in words, numbered sources.
    assert page.locator(".site-header a", has_text="All fact checks").is_visible()
    assert page.locator(".verdict-panel .verdict").inner_text() == "Mostly false"
    assert page.locator("ol.sources > li").count() == 2
    assert page.locator(".corrections li").count() == 1
    assert page.locator('script[type="application/ld+json"]').count() == 1
    # Its own look: a sans-serif face, not the browser's default serif.
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font


def test_index_leads_to_each_fact_check(reader, live_server, demo):
    page = reader({"width": WIDTH, "height": 900})
    page.goto(live_server.url + "/fact-checks/")
    assert page.locator(".fact-list > li").count() == Claim.objects.published().count() == 4
    page.get_by_role("link", name=demo.text).click()
    page.wait_for_url(f"{live_server.url}/fact-checks/{demo.pk}/")
    page.get_by_role("link", name="← All fact checks").click()
    page.wait_for_url(f"{live_server.url}/fact-checks/")


def test_print_version_drops_the_navigation_and_keeps_the_article(reader, live_server, demo):
    page = reader({"width": WIDTH, "height": 900})
    page.goto(f"{live_server.url}/fact-checks/{demo.pk}/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".fact-check__back").is_visible()
    assert page.locator(".verdict-panel").is_visible() and page.locator("ol.sources").is_visible()
    # Printed links are written out, so a paper copy can still be retraced.
    after = page.evaluate("() => getComputedStyle(document.querySelector('ol.sources a'), '::after').content")
    assert after.startswith('" (https://example.org/demo/')
