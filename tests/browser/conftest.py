"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in this thread, and Django refuses database access from a
thread with a running loop unless told it is safe; it is safe here (the loop only talks to the
browser), so the flag is set for these tests alone, never in the application's settings."""
import importlib
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's Chromium; WORKBENCH_CHROMIUM names another (tests/test_newcomer.py names a missing one).
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 1280
EXPECTED_REFUSAL = re.compile(r"^Failed to load resource: the server responded with a status of (400|403|409|422)")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last. Like every test against the live server they run in real
    transactions, flushed afterwards; a later transactional test that does not ask for serialized
    rollback (tests/test_concurrency.py) would otherwise start from an empty database."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        # Fail, not skip: a green run that never opened a browser hides every broken page. SKIP_BROWSER=1
        # skips these tests on purpose (tests/conftest.py says so loudly at the end of the run).
        pytest.fail(f"{CHROMIUM} is missing, so the browser tests cannot run. Install Debian's Chromium "
                    "(sudo apt-get install chromium), or set SKIP_BROWSER=1 to skip them knowingly.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def migrated_data(transactional_db):
    """Tests against the live server run in real transactions, and the database is flushed after
    each one: the content types and permissions come back (the flush re-runs post_migrate) but the
    groups, the rating scale and the organisation, written by a data migration, do not. Run that
    migration again, on the historical models it was written for; it only creates what is missing.
    (serialized_rollback cannot do this reliably: it fails when an earlier transactional test's
    flush has already recreated the content types.)"""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    historical_apps = MigrationLoader(connection).project_state().apps
    importlib.import_module("claims.migrations.0002_roles_ratings_organisation").forwards(historical_apps, None)
    importlib.import_module("claims.migrations.0023_i18n_rating_labels").install_defaults(historical_apps)


@pytest.fixture
def seed(transactional_db):
    """The seed article and its 19 claims."""
    call_command("loadseed", verbosity=0)


class Session:
    """One person in their own browser context (own cookies), with every script error and CSP
    violation they meet collected so that a test can insist there were none."""

    def __init__(self, browser, base_url, user, password):
        self.base_url = base_url
        self.user = user
        self.context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        self.context.set_default_timeout(8000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.page.on("console", self._console)
        self.log_in(password)

    def _console(self, message):
        # A refusal (403), a conflict (409), a form error (400) or a form that is not ready (422) answered
        # to htmx is part of the design: the page shows it. Chromium still logs the status; anything else is an error.
        if message.type == "error" and not EXPECTED_REFUSAL.search(message.text):
            self.errors.append(f"console: {message.text}")

    def log_in(self, password):
        """Through the real login form, as a person would."""
        self.page.goto(self.base_url + "/")
        self.page.fill("input[name=username]", self.user.username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base_url + "/")

    def go(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, f"{path}: {response.status}"
        return self.page

    def csrf_token(self):
        return next(c["value"] for c in self.context.cookies() if c["name"] == "csrftoken")

    def forged_post(self, path, data):
        """A POST the page offers no button for, with a valid CSRF token (so only the permission
        check can refuse it)."""
        return self.page.request.post(
            self.base_url + path, form=data,
            headers={"X-CSRFToken": self.csrf_token(), "Referer": self.base_url + "/"},
        )

    def screenshot(self, name):
        """Saved only when SAVE_SCREENSHOTS=1, so that test runs leave the tree clean."""
        if os.environ.get("SAVE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(chromium, live_server):
    from tests.conftest import PASSWORD

    sessions = []

    def open_(user):
        session = Session(chromium, live_server.url, user, PASSWORD)
        sessions.append(session)
        return session

    yield open_
    errors = [e for s in sessions for e in s.errors]
    for session in sessions:
        session.close()
    assert not errors, "the browser met errors:\n" + "\n".join(errors)


# --- accessibility and small screens (issue #16) --------------------------------------------------

PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page, context=None):
    """axe-core (bundled with axe-playwright-python, so no network) finds no serious or critical
    violation on the page as it is now: run it after opening a form or a menu too."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}: " + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                                 else str(n["target"]) for n in v["nodes"][:5])
        for v in blocking
    )


def assert_no_horizontal_overflow(page):
    """Nothing wider than the viewport: the page never scrolls sideways (a wide table or board
    scrolls inside its own container instead)."""
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className)""")
        raise AssertionError(f"{page.url}: {widths[0]} px wide in a {widths[1]} px viewport; wider: {culprits}")
