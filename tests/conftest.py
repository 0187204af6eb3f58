"""The cast every test module shares: two editors, two fact-checkers, a viewer, an outsider with no
role, and a superuser; an article with claims; and helpers that walk a claim through the workflow
with the real transitions (never by writing its status directly)."""
import datetime
from contextlib import contextmanager
import importlib
import os

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

from claims.models import Article, Claim, Evidence, Rating, Source
from claims.workflow import Status

PASSWORD = "correct horse battery staple"

ARTICLE_BODY = (
    "Only six nations have pledged troops, AFP reported on Friday.\n\n"
    "Italian Prime Minister Giorgia Meloni ruled out sending Italian troops.\n\n"
    "The minister said the plan would cost 2 billion euros."
)


def allow_flushing_the_test_database(sender, connection, **kwargs):
    """Django empties the database between transactional tests with TRUNCATE, which the append-only
    tables refuse on PostgreSQL (migration 0013) unless the session says claims.allow_truncate."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET claims.allow_truncate = 'on'")


connection_created.connect(allow_flushing_the_test_database, weak=False, dispatch_uid="tests.allow_truncate")


# --- Browser tests without a browser ------------------------------------------------------------------
# tests/browser/ needs Debian's Chromium. Without it they fail, saying how to install it, unless
# SKIP_BROWSER=1 is set: then they are skipped, and the end of the run says so loudly (a line of
# "N skipped" is too easy to miss). These hooks live here, not in tests/browser/conftest.py, so that
# pytest-xdist's controller, which prints the summary, loads them too.

# CI (.ci/run sets CI=true) runs them whatever SKIP_BROWSER says: a release is never checked without a browser.
SKIP_BROWSER = os.environ.get("SKIP_BROWSER") == "1" and not os.environ.get("CI")
SKIP_BROWSER_REASON = "SKIP_BROWSER=1: browser test not run"


def pytest_collection_modifyitems(config, items):
    if SKIP_BROWSER:
        for item in items:
            if item.get_closest_marker("browser") is not None:
                item.add_marker(pytest.mark.skip(reason=SKIP_BROWSER_REASON))


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIP_BROWSER_REASON in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} BROWSER TESTS WERE SKIPPED (SKIP_BROWSER=1)", red=True, bold=True)
        terminalreporter.write_line("The pages were not tried in a browser: no journey, accessibility or phone-width check ran.",
                                    red=True)
        terminalreporter.write_line("Install Chromium (apt-get install chromium) and run without SKIP_BROWSER.", red=True)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts and ends in the site's language: a request through LocaleMiddleware (an
    Accept-Language header, a language cookie) leaves its language active in the test's thread,
    and the next test would read its messages in it."""
    translation.deactivate()
    yield
    translation.deactivate()


def ensure_newsroom_defaults():
    """Roles, rating scale and organisation come from a data migration; a transactional test (the
    browser tests, the PostgreSQL concurrency tests) empties the database after it runs, so put them
    back if they are gone."""
    if Group.objects.filter(name="Editors").exists() and Rating.objects.exists():
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    importlib.import_module("claims.migrations.0002_roles_ratings_organisation").install_defaults(apps)
    importlib.import_module("claims.migrations.0023_i18n_rating_labels").install_defaults(apps)
    importlib.import_module("claims.migrations.0029_arabic_rating_labels").install_defaults(apps)


def compile_stale_catalogues():
    """Compile each project catalogue whose .mo is missing or older than its .po (the build's `make
    messages` does it; a test run from a fresh checkout may not have), writing each .mo beside its .po
    through a temporary file and a rename: a test in another worker reading a catalogue at that moment
    reads the old one or the new one, never half a file. Rewriting them all unconditionally, as two
    modules did, could hand a parallel worker a truncated catalogue, and compiling only some languages
    left a test of another language depending on which module ran first."""
    import shutil
    import subprocess

    from django.conf import settings

    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    for po in (settings.BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        subprocess.run(["msgfmt", "--check", "-o", str(partial), str(po)], check=True)
        os.replace(partial, mo)
    translation.trans_real._translations.clear()


def login(client, user):
    """Log `user` in on the test client through the real authentication, and return the client."""
    assert client.login(username=user.username, password=PASSWORD)
    return client


def make_user(username, group=None, **extra):
    ensure_newsroom_defaults()
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, first_name=username.title(), **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "Editors", is_staff=True)


@pytest.fixture
def editor2(db):
    return make_user("editor2", "Editors", is_staff=True)


@pytest.fixture
def checker(db):
    return make_user("checker", "Fact-checkers")


@pytest.fixture
def checker2(db):
    return make_user("checker2", "Fact-checkers")


@pytest.fixture
def viewer(db):
    return make_user("viewer", "Viewers")


@pytest.fixture
def outsider(db):
    return make_user("outsider")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def article(db):
    ensure_newsroom_defaults()
    return Article.objects.create(title="Coalition talks", publisher="Example News", body=ARTICLE_BODY)


@pytest.fixture
def claim(article):
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    return Claim.create_from_span(article, start, start + len(quote), text="Only six nations pledged troops",
                                  claimant="AFP", claim_type="quantity")


@pytest.fixture
def rating_false(db):
    ensure_newsroom_defaults()
    return Rating.objects.get(slug="false")


@pytest.fixture
def rating_true(db):
    ensure_newsroom_defaults()
    return Rating.objects.get(slug="true")


def add_sources(claim, actor, n=2):
    for i in range(n):
        source = Source(url=f"https://example.org/source-{claim.pk}-{i}", title=f"Source {i}", publisher="Example")
        claim.add_evidence(actor, source, Evidence.Stance.REFUTES, f"Excerpt {i}")


def advance(claim, to_status, *, editor, checker, approver=None):
    """Walk `claim` from new to `to_status` through the real transitions: `editor` assigns,
    `checker` researches and proposes, `approver` (default: `editor`) approves and publishes."""
    approver = approver or editor
    rating = Rating.objects.get(slug="false")
    path = {
        Status.NEW: [],
        Status.DISMISSED: [("dismiss", editor, {"reason": "Not a factual claim"})],
        Status.IN_RESEARCH: [("assign", editor, {"assignee": checker})],
        Status.IN_REVIEW: [("assign", editor, {"assignee": checker}), "evidence",
                           ("propose", checker, {"rating": rating, "conclusion": "It is false."})],
    }
    path[Status.VERIFIED] = path[Status.IN_REVIEW] + [("approve", approver, {})]
    path[Status.PUBLISHED] = path[Status.VERIFIED] + [("publish", approver, {})]
    for step in path[to_status]:
        if step == "evidence":
            add_sources(claim, checker)
            continue
        name, actor, data = step
        claim.transition(name, actor, version=claim.version, **data)
    assert claim.status == to_status
    return claim


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL); .ci/run runs the suite on both databases")


# --- ui-overview: many claims in every status, for the pages' query-count tests ----------------------

def make_article_with_claims(n, *, editor, checker, approver, title="A long article"):
    """An article of `n` sentences with a claim on each, walked round-robin into every status (with
    assignees, due dates, ratings and history), so that a page's query count can be compared on
    small and large data."""
    body = "\n\n".join(f"Sentence {i} states fact number {i} about the coalition." for i in range(n))
    article = Article.objects.create(title=title, publisher="Example News", body=body)
    statuses = [Status.NEW, Status.IN_RESEARCH, Status.IN_REVIEW, Status.VERIFIED, Status.PUBLISHED, Status.DISMISSED]
    claims = []
    for i in range(n):
        quote = f"fact number {i} about"
        start = article.body.index(quote)
        claim = Claim.create_from_span(article, start, start + len(quote), text=f"Fact {i} holds")
        advance(claim, statuses[i % len(statuses)], editor=editor, checker=checker, approver=approver)
        claims.append(claim)
    return article, claims


@contextmanager
def speaking(client, language):
    """Requests that ask for `language` (LocaleMiddleware reads Accept-Language), and the test's
    own code in it too."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = translation.to_language(language)  # pt_BR -> pt-br
    try:
        with translation.override(language):
            yield
    finally:
        del client.defaults["HTTP_ACCEPT_LANGUAGE"]
