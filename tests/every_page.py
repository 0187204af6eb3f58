"""Every URL the project serves, found by walking the URL configuration, with its path parameters filled
with real objects' ids. Used by the access matrix, the CSRF, CSP and XSS tests, so a page added on any
branch is covered by all of them without anyone remembering to list it.

A parameter this module cannot fill from the object world below (a new kind of id, a slug, a format
name) makes `concrete_url` raise: add it to PARAMETERS, keyed by the URL name and parameter name."""
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django_tasks_db.models import DBTaskResult, get_date_max

from api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from claims.models import (
    Claim, Correction, Evidence, ExternalReview, HistoryEntry, LoginAttempt, MatchDecision, Note, Notification, Organisation,
    Rating, ScheduledSend, Source,
)
from claims.workflow import Status

from .conftest import add_sources, advance, make_user


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route text, its name (namespaced) and how to build a URL for it."""

    route: str
    name: str | None
    pieces: tuple = field(repr=False)
    callback: object = field(default=None, repr=False, compare=False)

    @property
    def id(self):
        return self.name or self.route

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    @property
    def parameters(self):
        names = []
        for kind, text in self.pieces:
            if kind == "route":
                names += [m.group(2) for m in _PARAM.finditer(text)]
            else:
                names += list(re.compile(text).groupindex)
        return names


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def all_routes():
    """Every reachable URL pattern, in resolution order. A pattern shadowed by an earlier one with the
    same route (the admin's own login, django.contrib.auth's login and password reset: the throttled
    views replace them in workbench/urls.py) is left out: no request can reach it."""
    seen = set()
    routes = []

    def walk(resolver, pieces, namespace):
        for pattern in resolver.url_patterns:
            piece = ("regex" if isinstance(pattern.pattern, RegexPattern) else "route", str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern, pieces + (piece,), ns)
                continue
            route = Route("".join(text for _, text in pieces + (piece,)),
                          f"{namespace}{pattern.name}" if pattern.name else None, pieces + (piece,), pattern.callback)
            if route.route not in seen:
                seen.add(route.route)
                routes.append(route)

    walk(get_resolver(), (), "")
    return routes


# ---------------------------------------------------------------------------------------------------
# The object world: one of everything, so every id parameter has a real object behind it.


class World:
    """The cast (anonymous plus one user per kind), and claims in the interesting states: new, in
    research, in review, verified, published and republished with a correction, dismissed; with
    evidence, sources, notes, history and a notification."""

    USER_KINDS = ["anonymous", "outsider", "viewer", "checker", "editor", "superuser"]

    def __init__(self, article):
        self.article = article
        self.users = {
            "outsider": make_user("outsider"),
            "viewer": make_user("viewer", "Viewers"),
            "checker": make_user("checker", "Fact-checkers"),
            "checker2": make_user("checker2", "Fact-checkers"),
            "editor": make_user("editor", "Editors", is_staff=True),
            "editor2": make_user("editor2", "Editors", is_staff=True),
            "superuser": User.objects.create_superuser("root", "root@example.org", "x" * 12),
        }
        body = article.body
        spans = [body.index(s) for s in (
            "Only six nations", "Italian Prime Minister", "The minister said", "ruled out", "would cost", "pledged troops")]
        self.claims = {}
        statuses = [Status.NEW, Status.IN_RESEARCH, Status.IN_REVIEW, Status.VERIFIED, Status.PUBLISHED, Status.DISMISSED]
        for start, status in zip(spans, statuses):
            claim = Claim.create_from_span(article, start, start + 12, text=f"Claim that is {status.label.lower()}",
                                           claimant="A claimant")
            advance(claim, status, editor=self.users["editor"], checker=self.users["checker"],
                    approver=self.users["editor2"])
            self.claims[status] = claim
        # A correction: reopen the published claim, propose again, approve and publish with a note.
        published = self.claims[Status.PUBLISHED]
        editor2, checker = self.users["editor2"], self.users["checker"]
        published.transition("reopen", editor2, version=published.version, reason="New figures")
        published.transition("propose", checker, version=published.version, rating=Rating.objects.get(slug="true"),
                              conclusion="The new figures bear it out.")
        published.transition("approve", editor2, version=published.version)
        published.transition("publish", editor2, version=published.version, public_note="Corrected after new figures.")
        for claim in self.claims.values():
            if claim.status in (Status.IN_RESEARCH, Status.IN_REVIEW):
                claim.add_note(checker, "A working note")
        add_sources(self.claims[Status.IN_RESEARCH], checker, n=1)
        Notification.objects.create(recipient=checker, claim=self.claims[Status.IN_RESEARCH],
                                    kind=Notification.Kind.ASSIGNED, message="Assigned to you")
        ScheduledSend.objects.create(kind=ScheduledSend.Kind.REMINDER, claim=self.claims[Status.IN_RESEARCH], period="2026-12-01")
        DBTaskResult.objects.create(task_path="claims.schedule.send_due_reminders", args_kwargs={"args": [], "kwargs": {}},
                                    backend_name="default", run_after=get_date_max())
        self.claim = self.claims[Status.IN_RESEARCH]
        self.published = published
        # The API's records, for the pages that name them: a fact-checker's token, a webhook
        # endpoint and one delivery in its log.
        self.api_token, _ = ApiToken.issue(checker, "CMS")
        self.webhook = WebhookEndpoint.objects.create(url="https://cms.example.org/hooks", events=["claim.published"])
        self.delivery = WebhookDelivery.objects.create(endpoint=self.webhook, event="claim.published", payload={})
        # A fact-check published elsewhere, and a person's decision on a suggested match.
        review = ExternalReview.objects.create(
            url="https://factcheck.example.org/six", claim_reviewed="Only six nations sent troops", rating="False",
            publisher="Example Fact Check", language="en",
        )
        MatchDecision.record(checker, self.claim, review, "same", score=0.93, method="meaning")

    def user(self, kind):
        return None if kind == "anonymous" else self.users[kind]

    def instance_of(self, model):
        """An existing object of `model`, for the admin's object_id parameters."""
        preferred = {
            Claim: self.claim, User: self.users["checker"], Group: Group.objects.first(),
            Organisation: Organisation.current(),
        }
        if model in preferred:
            return preferred[model]
        instance = model.objects.order_by("pk").first()
        assert instance is not None, f"The test world has no {model.__name__}: create one in World"
        return instance


# Parameters that cannot be derived from their name: (URL name, parameter) -> value from the world.
PARAMETERS = {
    ("admin:view_on_site", "content_type_id"): lambda w: ContentType.objects.get_for_model(Claim).pk,
    ("admin:view_on_site", "object_id"): lambda w: w.claim.pk,
    ("admin:auth_user_password_change", "id"): lambda w: w.users["checker"].pk,
    # The public page of a published claim.
    ("public:claim", "pk"): lambda w: w.published.pk,
    # A step the world's claim (in research) can take: proposing a verdict.
    ("claims:transition", "name"): lambda w: "propose",
    # The API's step operation, as for the page; the API pages' records.
    ("api:take_step", "name"): lambda w: "propose",
    ("api_pages:revoke_token", "pk"): lambda w: w.api_token.pk,
    ("api_pages:webhook", "pk"): lambda w: w.webhook.pk,
    ("api_pages:replay", "pk"): lambda w: w.webhook.pk,
    ("api_pages:replay", "delivery_pk"): lambda w: w.delivery.pk,
    # An invalid reset link: the page answers "this link is no longer valid".
    ("password_reset_confirm", "uidb64"): lambda w: "MQ",
    ("password_reset_confirm", "token"): lambda w: "set-password",
    # A language's JavaScript catalogue.
    ("javascript_catalog", "language"): lambda w: "es",
}

# Regex patterns (the admin's) and the concrete path that exercises them.
REGEX_EXAMPLES = {
    ("app_label",): "claims/",
    ("url",): "no-such-page/",
}

# A parameter called pk / id / object_id means "the object this part of the URL names".
SEGMENT_OBJECTS = {
    "claims": lambda w: w.claim,
    "articles": lambda w: w.article,
    "sources": lambda w: Source.objects.order_by("pk").first(),
    "notes": lambda w: Note.objects.order_by("pk").first(),
    "evidence": lambda w: Evidence.objects.order_by("pk").first(),
    "notifications": lambda w: Notification.objects.order_by("pk").first(),
    "corrections": lambda w: Correction.objects.order_by("pk").first(),
}
NAMED_OBJECTS = {
    "claim_id": lambda w: w.claim, "claim_pk": lambda w: w.claim,
    "article_id": lambda w: w.article, "article_pk": lambda w: w.article,
    "source_id": SEGMENT_OBJECTS["sources"], "note_id": SEGMENT_OBJECTS["notes"],
    "evidence_id": SEGMENT_OBJECTS["evidence"], "notification_id": SEGMENT_OBJECTS["notifications"],
}


class UnclassifiedParameter(LookupError):
    pass


def _admin_model(route):
    # App labels may contain underscores (django_tasks_database): read them from the route, not the name.
    match = re.match(r"admin:\w+_(changelist|add|history|delete|change)$", route.name or "")
    if match:
        return apps.get_model(*route.route.split("/")[1:3])
    match = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/$", route.route)
    if match:
        return apps.get_model(match.group(1), match.group(2))
    return None


def parameter_value(route, name, world, overrides=None):
    overrides = overrides or {}
    if name in overrides:
        return overrides[name]
    if (route.name, name) in PARAMETERS:
        return PARAMETERS[(route.name, name)](world)
    if name == "object_id" and (model := _admin_model(route)):
        return world.instance_of(model).pk
    if name in NAMED_OBJECTS:
        return NAMED_OBJECTS[name](world).pk
    if name in ("pk", "id"):
        # The literal segment before the parameter names the object: "claims/<int:pk>/" is a claim.
        before = route.route[: route.route.index(f"{name}>")]
        segments = [s for s in before[: before.rindex("<")].split("/") if s and "<" not in s]
        if segments and segments[-1] in SEGMENT_OBJECTS:
            obj = SEGMENT_OBJECTS[segments[-1]](world)
            assert obj is not None, f"The test world has no object for {route.route}"
            return obj.pk
    raise UnclassifiedParameter(
        f"Cannot fill <{name}> in {route.route!r} ({route.name}): add it to tests/every_page.py PARAMETERS"
    )


def concrete_url(route, world, overrides=None):
    parts = []
    for kind, text in route.pieces:
        if kind == "route":
            parts.append(_PARAM.sub(lambda m: str(parameter_value(route, m.group(2), world, overrides)), text))
        else:
            groups = tuple(re.compile(text).groupindex)
            if groups not in REGEX_EXAMPLES:
                raise UnclassifiedParameter(f"No example path for the regex {text!r}: add it to REGEX_EXAMPLES")
            parts.append(REGEX_EXAMPLES[groups])
    return "/" + "".join(parts)


# ---------------------------------------------------------------------------------------------------
# "Nothing changed": a fingerprint of everything a request could write.

IGNORED_MODELS = {Session, LoginAttempt}


def fingerprint():
    """Row counts of every table, and the columns a forged request would most want to change."""
    tables = sorted({m._meta.db_table for m in apps.get_models() if m not in IGNORED_MODELS and not m._meta.proxy}
                    | {m.through._meta.db_table for m in (User.groups, User.user_permissions, Group.permissions)})
    with connection.cursor() as cursor:
        # One query for every table's row count: this runs after every request of the matrix.
        quote = connection.ops.quote_name
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        counts = dict(zip(tables, cursor.fetchone()))
    return {
        "counts": counts,
        "claims": list(Claim.objects.order_by("pk").values_list(
            "pk", "version", "status", "text", "claimant", "assignee", "rating", "conclusion", "priority", "due_date")),
        "articles": list(apps.get_model("claims", "Article").objects.order_by("pk").values_list("pk", "title", "body", "publisher")),
        "sources": list(Source.objects.order_by("pk").values_list("pk", "url", "title", "publisher")),
        "users": list(User.objects.order_by("pk").values_list(
            "pk", "username", "is_active", "is_staff", "is_superuser", "password", "first_name")),
        "ratings": list(Rating.objects.order_by("pk").values_list("pk", "label", "value")),
        "organisation": list(Organisation.objects.values_list("name", "url", "public_base_url", "methodology")),
        "history": HistoryEntry.objects.count(),
    }
