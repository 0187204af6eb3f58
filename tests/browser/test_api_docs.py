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
