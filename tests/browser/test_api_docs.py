"""The API's browsable docs load in a real browser with no network beyond the workbench itself and
no CSP violation, and "Try it out" works with the browser's own session (and its CSRF token)."""
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_load_offline_and_try_it_out_uses_the_session(open_session, editor, live_server):
    session = open_session(editor)
    page = session.page
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    session.go("/api/docs/")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 15
    assert hosts == {urlsplit(live_server.url).netloc}
    # Try the ratings list with the session cookie.
    page.locator(".opblock-summary", has_text="/api/ratings/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table tbody .response-col_status")
    assert page.locator(".live-responses-table tbody .response-col_status").first.inner_text().strip() == "200"


def test_the_tokens_and_webhooks_pages_work_in_a_browser_and_pass_axe(open_session, editor):
    from .conftest import assert_accessible

    session = open_session(editor)
    page = session.page
    session.go("/")
    page.locator(".site-footer").get_by_role("link", name="API tokens").click()
    page.fill("input[name=name]", "CMS production")
    page.get_by_role("button", name="Create token").click()
    assert page.locator(".token-secret").inner_text().startswith("wbt_")
    assert_accessible(page)
    page.locator(".site-footer").get_by_role("link", name="Webhooks").click()
    page.fill("input[name=url]", "https://cms.example.org/hooks")
    page.get_by_label("A fact-check was published").check()
    page.get_by_role("button", name="Register endpoint").click()
    assert "whsec_" in page.locator("main").inner_text()
    # With the flash message shown after the redirect (its live region wraps the list), and without.
    assert_accessible(page)
    page.reload()
    assert_accessible(page)
