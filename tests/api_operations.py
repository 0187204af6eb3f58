"""Every operation of the API, with a valid request for each and who may make it: shared by the
permission matrix (tests/test_api_permissions.py) and the contract tests (tests/test_api_contract.py),
which fails when the OpenAPI document lists an operation missing here."""
from dataclasses import dataclass
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string

from api.models import ApiToken
from claims.models import Claim, Evidence, Source
from tests.conftest import add_sources


@dataclass
class World:
    """What the requests act on: an article, and a claim in research assigned to `checker`, with two
    sources (so its verdict can be proposed)."""

    article: object
    claim: object
    source: object


def build_world(article, editor, checker):
    claim = Claim.objects.get(pk=_claim_in(article).pk)
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    add_sources(claim, checker)
    return World(article=article, claim=claim, source=Source.objects.order_by("pk").first())


def _claim_in(article):
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    return Claim.create_from_span(article, start, start + len(quote), text="Only six nations pledged troops")


@dataclass
class Operation:
    method: str
    path: str  # as in the OpenAPI document
    request: Callable  # World -> (url, kwargs for the test client)
    # Expected status for editor, checker (the claim's assignee), viewer, outsider (no role).
    expected: tuple


def _json(data):
    return {"data": data, "content_type": "application/json"}


def _upload(world):
    return "/api/articles/upload/", {"data": {
        "file": SimpleUploadedFile("report.txt", b"The agency said 40 percent of homes lack heating.", "text/plain"),
        "title": "Uploaded report",
    }}


def _accept(world):
    sentence = "The minister said the plan would cost 2 billion euros."
    start = world.article.body.index(sentence)
    return (f"/api/articles/{world.article.pk}/suggestions/accept/",
            _json({"sentence_start": start, "sentence_end": start + len(sentence), "sentence": sentence,
                   "quote": "the plan would cost 2 billion euros"}))


READ = (200, 200, 200, 403)
OPERATIONS = [
    Operation("get", "/api/ratings/", lambda w: ("/api/ratings/", {}), READ),
    Operation("get", "/api/claims/", lambda w: ("/api/claims/?status=in_research&sort=-due", {}), READ),
    Operation("get", "/api/claims/{claim_id}/", lambda w: (f"/api/claims/{w.claim.pk}/", {}), READ),
    Operation("patch", "/api/claims/{claim_id}/",
              lambda w: (f"/api/claims/{w.claim.pk}/", _json({"version": w.claim.version, "claimant": "AFP"})),
              (200, 200, 403, 403)),
    Operation("post", "/api/claims/{claim_id}/steps/{name}/",
              lambda w: (f"/api/claims/{w.claim.pk}/steps/propose/",
                         _json({"version": w.claim.version, "rating": "false", "conclusion": "Seven nations did."})),
              (200, 200, 403, 403)),
    Operation("post", "/api/claims/{claim_id}/evidence/",
              lambda w: (f"/api/claims/{w.claim.pk}/evidence/",
                         _json({"source": w.source.pk, "stance": Evidence.Stance.CONTEXT, "excerpt": "Context."})),
              (201, 201, 403, 403)),
    Operation("post", "/api/claims/{claim_id}/notes/",
              lambda w: (f"/api/claims/{w.claim.pk}/notes/", _json({"body": "Call the ministry."})),
              (201, 201, 403, 403)),
    Operation("get", "/api/claims/{claim_id}/similar/", lambda w: (f"/api/claims/{w.claim.pk}/similar/", {}), READ),
    Operation("get", "/api/articles/", lambda w: ("/api/articles/", {}), READ),
    Operation("post", "/api/articles/",
              lambda w: ("/api/articles/", _json({"title": "Budget", "text": "The deficit rose to 4 percent last year."})),
              (201, 403, 403, 403)),
    Operation("post", "/api/articles/upload/", _upload, (201, 403, 403, 403)),
    Operation("get", "/api/articles/{article_id}/", lambda w: (f"/api/articles/{w.article.pk}/", {}), READ),
    Operation("get", "/api/articles/{article_id}/suggestions/",
              lambda w: (f"/api/articles/{w.article.pk}/suggestions/", {}), (200, 200, 403, 403)),
    Operation("post", "/api/articles/{article_id}/suggestions/accept/", _accept, (201, 201, 403, 403)),
    Operation("get", "/api/exports/", lambda w: ("/api/exports/?format=csv&status=all", {}), READ),
]


def token_for(user, name="test"):
    return ApiToken.issue(user, name)[1]


def call(client, operation, world, *, token=None, csrf=None):
    """Make `operation`'s request; with `token` as a bearer token, with `csrf` as a session's CSRF
    token (set in the cookie and sent in the header, as a browser's script does)."""
    url, kwargs = operation.request(world)
    kwargs = dict(kwargs)
    if token:
        kwargs["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if csrf:
        client.cookies["csrftoken"] = csrf
        kwargs["HTTP_X_CSRFTOKEN"] = csrf
    return getattr(client, operation.method)(url, **kwargs)


def new_csrf():
    return _get_new_csrf_string()
