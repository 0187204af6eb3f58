"""The cast every test module shares: two editors, two fact-checkers, a viewer, an outsider with no
role, and a superuser; an article with claims; and helpers that walk a claim through the workflow
with the real transitions (never by writing its status directly)."""
import datetime
import importlib

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone

from claims.models import Article, Claim, Evidence, Rating, Source
from claims.workflow import Status

PASSWORD = "correct horse battery staple"

ARTICLE_BODY = (
    "Only six nations have pledged troops, AFP reported on Friday.\n\n"
    "Italian Prime Minister Giorgia Meloni ruled out sending Italian troops.\n\n"
    "The minister said the plan would cost 2 billion euros."
)


def ensure_newsroom_defaults():
    """Roles, rating scale and organisation come from data migration 0002; a transactional test
    (a browser test, the PostgreSQL concurrency test) empties every table when it ends, so put them
    back if they are gone (permissions themselves are recreated by the flush's post_migrate)."""
    if Group.objects.filter(name="Editors").exists() and Rating.objects.exists():
        return
    from django.contrib.auth.models import Permission

    from claims.models import Organisation

    defaults = importlib.import_module("claims.migrations.0002_roles_ratings_organisation")
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="claims")}
    for name, grants in defaults.ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = list(grants["act"]) + [f"view_{m}" for m in defaults.MODELS]
        codenames += [f"add_{m}" for m in grants["add"]] + [f"change_{m}" for m in grants["change"]]
        group.permissions.set([perms[c] for c in codenames])
    for order, (label, slug, value, colour, definition) in enumerate(defaults.RATINGS):
        Rating.objects.get_or_create(
            slug=slug, defaults={"label": label, "value": value, "colour": colour, "definition": definition, "order": order}
        )
    Organisation.current()


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
