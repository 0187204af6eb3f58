"""The JSON API for newsroom systems, under /api/ (django-ninja; OpenAPI 3 at /api/openapi.json,
browsable docs at /api/docs/ served from the package's own static files).

Operations are short, like the pages' views: parse (the schemas), look the claim up through the
permission-scoped queryset, call the model's method, answer. Every rule is the model's; a refusal
comes back as a problem (api/problems.py) whose status comes from the refusal's class
(claims.workflow.http_status) and whose detail is the model's own message.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, QueryDict, RawPostDataException
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from ninja import File, Form, NinjaAPI, Path, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from pydantic import Field

from claims import exports, workflow
from claims.anchoring import AnchorError, anchor_at, find_selection
from claims.forms import ClaimFilterForm, label_in_sentence
from claims.importing import MAX_BYTES, ImportRefused, import_article, text_from_upload
from claims.models import Article, Claim, Rating, Source
from claims.similar import similar_to_claim
from claims.suggest import THRESHOLD, score_sentences
from claims.views import get_claim_for_user
from claims.views.exports import download
from claims.views.claims import DEFAULT_SORT, SORTS, filtered_claims, may_be_null, claim_ordering
from claims.views.exports import ExportForm
from claims.workflow import NotReady, PermissionRefused, TransitionRefused

from . import cursor, schemas
from .auth import BrowserSessionAuth, PerCallerThrottle, TokenAuth
from .problems import Problem, problem

User = get_user_model()

api = NinjaAPI(
    title="Claim workbench API",
    version="1",
    description=(
        "Articles, claims and their verification workflow, for newsroom systems. Authenticate with a "
        "personal token (`Authorization: Bearer wbt_...`, made on the API tokens page or with "
        "`manage.py create_api_token`) or, in the browser, your session. Errors are RFC 9457 problem "
        "details. See docs/api.md."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
    throttle=[PerCallerThrottle()],
    openapi_url="/openapi.json",
    docs_url="/docs/",
)

ERRORS = {400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem, 404: schemas.Problem, 429: schemas.Problem}
WRITE_ERRORS = {**ERRORS, 409: schemas.Problem, 422: schemas.Problem}


# --- errors: one shape -------------------------------------------------------------------------


@api.exception_handler(Problem)
def _problem(request, exc):
    return problem(exc.status, exc.detail, **exc.extra)


@api.exception_handler(TransitionRefused)
def _refused(request, exc):
    extra = {}
    if getattr(exc, "current_version", None) is not None:
        extra["current_version"] = exc.current_version
    return problem(workflow.http_status(exc), exc.message, **extra)


@api.exception_handler(ValidationError)
def _model_validation(request, exc):
    # The model's full_clean refused a value (a source's URL, a claim's wording...): the request
    # parsed, but what it asks for cannot be saved.
    messages = exc.messages
    return problem(422, " ".join(messages), errors=messages)


@api.exception_handler(NinjaValidationError)
def _malformed(request, exc):
    errors = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
        errors.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return problem(400, gettext("The request does not match what this operation takes: %(errors)s")
                   % {"errors": "; ".join(errors)}, errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(401, gettext("Send a valid API token (Authorization: Bearer wbt_...) or log in."))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own: the CSRF check (403), throttling (429), a body that is not JSON (400).
    detail = str(exc)
    if exc.status_code == 429:
        detail = gettext("Too many requests for this token: wait and try again (see Retry-After).")
    elif exc.status_code == 403 and "CSRF" in detail:
        detail = gettext("CSRF check failed: send the X-CSRFToken header with a session, or use an API token.")
    return problem(exc.status_code, detail)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, gettext("There is no such record, or you may not see it."))


@api.exception_handler(RawPostDataException)
def _not_json(request, exc):
    # A multipart body sent to an operation that reads JSON, by a browser session (whose CSRF check
    # has read the form already).
    return problem(400, gettext("This operation takes a JSON body (Content-Type: application/json)."))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    # Such as a request body over DATA_UPLOAD_MAX_MEMORY_SIZE.
    return problem(400, gettext("The request could not be read (too large or malformed)."))


# --- helpers -----------------------------------------------------------------------------------


def _require(request, permission, message):
    if not request.user.has_perm(permission):
        raise PermissionRefused(message)


def _require_reader(request):
    _require(request, "claims.view_claim", gettext("Your account has no role in the workbench: ask an editor for one."))


def _get_claim(request, claim_id):
    """The claim if the caller may see it; 404 otherwise, so ids cannot be probed: the pages' one
    permission-scoped lookup."""
    _require_reader(request)
    return get_claim_for_user(request, claim_id, Claim.objects.with_related())


def _username(user):
    return user.get_username() if user is not None else None


def claim_summary(claim):
    return {
        "id": claim.pk, "url": reverse("api:claim", args=[claim.pk]), "article": claim.article_id,
        "article_title": claim.article.title, "text": claim.text, "quote": claim.quote,
        "claimant": claim.claimant, "claim_type": claim.claim_type, "priority": claim.priority,
        "status": claim.status, "rating": claim.rating.slug if claim.rating_id else None,
        "assignee": _username(claim.assignee) if claim.assignee_id else None, "due_date": claim.due_date,
        "version": claim.version, "updated_at": claim.updated_at,
    }


def claim_full(request, claim):
    evidence = claim.evidence.select_related("source", "added_by")
    return {
        **claim_summary(claim),
        "start": claim.start, "end": claim.end, "prefix": claim.prefix, "suffix": claim.suffix,
        "anchor_state": claim.anchor_state, "claimant_url": claim.claimant_url, "claimant_kind": claim.claimant_kind,
        "conclusion": claim.conclusion, "source_justification": claim.source_justification,
        "proposed_by": _username(claim.proposed_by), "approved_by": _username(claim.approved_by),
        "published_rating": claim.published_rating.slug if claim.published_rating_id else None,
        "published_conclusion": claim.published_conclusion, "published_at": claim.published_at,
        "last_published_at": claim.last_published_at, "duplicate_of": claim.duplicate_of_id,
        "created_at": claim.created_at,
        "allowed_steps": [step.name for step in claim.allowed_transitions(request.user)],
        "evidence": [
            {"id": e.pk, "stance": e.stance, "excerpt": e.excerpt, "source_id": e.source_id, "source_url": e.source.url,
             "source_title": e.source.title, "source_publisher": e.source.publisher, "is_primary": e.source.is_primary,
             "added_by": _username(e.added_by), "created_at": e.created_at}
            for e in evidence
        ],
        "notes": [
            {"id": n.pk, "author": _username(n.author), "body": n.body, "created_at": n.created_at}
            for n in claim.notes.select_related("author")
        ],
        "history": [
            {"actor": _username(h.actor), "action": h.action, "field": h.field, "old_value": h.old_value,
             "new_value": h.new_value, "comment": h.comment, "created_at": h.created_at}
            for h in claim.history.select_related("actor")
        ],
        "corrections": [
            {"old_rating": c.old_rating.slug if c.old_rating else None, "new_rating": c.new_rating.slug if c.new_rating else None,
             "public_note": c.public_note, "corrected_by": _username(c.corrected_by), "created_at": c.created_at}
            for c in claim.corrections.select_related("old_rating", "new_rating", "corrected_by")
        ],
    }


def _next_url(request, next_cursor):
    if next_cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = next_cursor
    return f"{request.path}?{params.urlencode()}"


def _fact_checker(username):
    user = User.objects.filter(**{User.USERNAME_FIELD: username}, is_active=True).first()
    if user is None:
        raise NotReady(gettext("There is no active user “%(username)s”: give the assignee's username.")
                       % {"username": username})
    return user


def _rating(slug):
    rating = Rating.objects.filter(slug=slug).first()
    if rating is None:
        raise NotReady(gettext("“%(slug)s” is not a rating of the scale: see GET /api/ratings/.") % {"slug": slug})
    return rating


# --- ratings -----------------------------------------------------------------------------------

ratings = Router(tags=["ratings"])


@ratings.get("/", response={200: list[schemas.RatingOut], **ERRORS}, summary="The rating scale")
def list_ratings(request):
    _require_reader(request)
    return [{"slug": r.slug, "label": r.label, "value": r.value, "definition": r.definition, "colour": r.colour}
            for r in Rating.objects.all()]


# --- claims ------------------------------------------------------------------------------------

claims = Router(tags=["claims"])


class ClaimFilters(Schema):
    """The claims list's filters, search and sort (the same as the page's, claims/forms.py)."""

    q: str | None = Field(None, description="Words to search for in the wording, quote, claimant or article title.")
    status: str | None = None
    verdict: str | None = Field(None, description="A rating's slug.")
    assignee: str | None = Field(None, description="A fact-checker's user id, or `none`.")
    article: str | None = Field(None, description="An article's id.")
    type: str | None = Field(None, description="A claim type.")
    overdue: bool | None = None
    mine: bool | None = None
    anchor: bool | None = Field(None, description="Only claims whose quote moved or was lost in a text revision.")
    sort: str | None = Field(None, description=f"One of {', '.join(SORTS)}, or with a leading - for descending; "
                                               f"default {DEFAULT_SORT}.")
    cursor: str | None = None
    limit: schemas.Limit = 50


@claims.get("/", response={200: schemas.ClaimPage, **ERRORS}, summary="List claims (filters, search, sort, cursor)")
def list_claims(request, filters: Query[ClaimFilters]):
    _require_reader(request)
    if filters.article and not (filters.article.isascii() and filters.article.isdigit()):
        raise Problem(400, gettext("The article filter “%(value)s” is not an article's id.") % {"value": filters.article})
    params = QueryDict(mutable=True)
    for name, value in filters.model_dump(exclude={"cursor", "limit"}).items():
        if value not in (None, "", False):
            params[name] = "on" if value is True else value
    filter_form = ClaimFilterForm(params)
    values, _ = filter_form.valid_filters()
    # The page ignores a filter that does not parse (with a warning); a program gets a 400 instead,
    # with the form's own reason.
    problems = [gettext("The %(filter)s filter “%(value)s”: %(errors)s") % {
                    "filter": label_in_sentence(filter_form[name].label), "value": params.get(name), "errors": " ".join(errors)}
                for name, errors in filter_form.errors.items()]
    sort = values.get("sort") or DEFAULT_SORT
    if sort.lstrip("-") not in SORTS:
        problems.append(gettext("The list cannot be sorted by “%(sort)s”: use one of %(sorts)s.")
                        % {"sort": sort, "sorts": ", ".join(SORTS)})
    if problems:
        raise Problem(400, " ".join(problems), errors=problems)
    descending = sort.startswith("-")
    fields = [(path, descending, may_be_null(path)) for path in SORTS[sort.lstrip("-")]]
    claims_qs = filtered_claims(request.user, values).order_by(*claim_ordering(sort))
    if filters.cursor:
        claims_qs = claims_qs.filter(cursor.after(fields, cursor.decode(filters.cursor, sort, fields), descending))
    rows = list(claims_qs[: filters.limit + 1])
    next_cursor = cursor.encode(sort, fields, rows[filters.limit - 1]) if len(rows) > filters.limit else None
    return {"results": [claim_summary(c) for c in rows[: filters.limit]], "next_cursor": next_cursor,
            "next": _next_url(request, next_cursor)}


@claims.get("/{claim_id}/", response={200: schemas.ClaimOut, **ERRORS}, url_name="claim",
            summary="A claim, with its evidence, notes, history and corrections")
def read_claim(request, claim_id: schemas.PathId):
    return claim_full(request, _get_claim(request, claim_id))


@claims.patch("/{claim_id}/", response={200: schemas.ClaimOut, **WRITE_ERRORS},
              summary="Edit a claim's details (Claim.update_details)")
def update_claim(request, payload: schemas.DetailsIn, claim_id: schemas.PathId):
    claim = _get_claim(request, claim_id)
    changes = {name: getattr(payload, name) for name in payload.model_fields_set if name != "version"}
    if "assignee" in changes:
        changes["assignee"] = _fact_checker(changes["assignee"]) if changes["assignee"] else None
    for name in ("text", "claimant", "claimant_url", "claim_type", "priority", "claimant_kind"):
        if name in changes and changes[name] is None:
            raise Problem(400, gettext("%(name)s cannot be null.") % {"name": name})
    claim.update_details(request.user, version=payload.version, **changes)
    return claim_full(request, _get_claim(request, claim_id))


@claims.post("/{claim_id}/steps/{name}/", response={200: schemas.ClaimOut, **WRITE_ERRORS},
             summary="Take a workflow step (Claim.transition), with the version you read")
def take_step(request, payload: schemas.StepIn, claim_id: schemas.PathId, name: str = Path(..., max_length=40)):
    claim = _get_claim(request, claim_id)
    if name not in workflow.BY_NAME:
        raise Problem(404, gettext("“%(name)s” is not a step of the workflow: one of %(steps)s.")
                      % {"name": name, "steps": ", ".join(workflow.BY_NAME)})
    step = workflow.BY_NAME[name]
    sent = payload.model_fields_set - {"version"}
    unexpected = sorted(sent - set(step.fields))
    if unexpected:
        if step.fields:
            raise Problem(400, gettext("The step “%(name)s” takes %(fields)s, not %(unexpected)s.")
                          % {"name": name, "fields": ", ".join(step.fields), "unexpected": ", ".join(unexpected)})
        raise Problem(400, gettext("The step “%(name)s” takes no inputs, not %(unexpected)s.")
                      % {"name": name, "unexpected": ", ".join(unexpected)})
    if claim.role_refusal(name, request.user):
        # Someone who may never take this step is told so (the model's answer, Claim.refusal_for),
        # whatever they sent, as the page does; everything else is the model's to check.
        raise PermissionRefused(claim.refusal_for(name, request.user))
    inputs = {field: getattr(payload, field) for field in step.fields if field in sent}
    if inputs.get("assignee"):
        inputs["assignee"] = _fact_checker(inputs["assignee"])
    if inputs.get("rating"):
        inputs["rating"] = _rating(inputs["rating"])
    claim.transition(name, request.user, version=payload.version, **inputs)
    return claim_full(request, _get_claim(request, claim_id))


@claims.post("/{claim_id}/evidence/", response={201: schemas.EvidenceOut, **WRITE_ERRORS},
             summary="Add evidence: an existing source or a new one (Claim.add_evidence)")
def add_evidence(request, payload: schemas.EvidenceIn, claim_id: schemas.PathId):
    claim = _get_claim(request, claim_id)
    if (payload.source is None) == (payload.new_source is None):
        raise Problem(400, gettext("Give either `source` (an existing source's id) or `new_source`, not both or neither."))
    if payload.source is not None:
        source = Source.objects.filter(pk=payload.source).first()
        if source is None:
            raise Problem(404, gettext("There is no source %(id)s.") % {"id": payload.source})
    else:
        source = Source(**payload.new_source.model_dump())
    evidence = claim.add_evidence(request.user, source, payload.stance, payload.excerpt, version=payload.version)
    return Status(201, {
        "id": evidence.pk, "stance": evidence.stance, "excerpt": evidence.excerpt, "source_id": source.pk,
        "source_url": source.url, "source_title": source.title, "source_publisher": source.publisher,
        "is_primary": source.is_primary, "added_by": _username(request.user), "created_at": evidence.created_at,
    })


@claims.post("/{claim_id}/notes/", response={201: schemas.NoteOut, **WRITE_ERRORS}, summary="Add a note (Claim.add_note)")
def add_note(request, payload: schemas.NoteIn, claim_id: schemas.PathId):
    claim = _get_claim(request, claim_id)
    note = claim.add_note(request.user, payload.body, version=payload.version)
    return Status(201, {"id": note.pk, "author": _username(note.author), "body": note.body, "created_at": note.created_at})


@claims.get("/{claim_id}/similar/", response={200: list[schemas.SimilarOut], **ERRORS},
            summary="Claims whose wording resembles this one's")
def similar_claims(request, claim_id: schemas.PathId):
    claim = _get_claim(request, claim_id)
    return [{"similarity": round(s.similarity, 3), "claim": claim_summary(s.claim)} for s in similar_to_claim(claim)]


# --- articles ----------------------------------------------------------------------------------

articles = Router(tags=["articles"])


def article_summary(article):
    return {
        "id": article.pk, "url": reverse("api:article", args=[article.pk]), "title": article.title,
        "origin_url": article.url, "publisher": article.publisher, "author": article.author,
        "published_on": article.published_on, "language": article.language, "created_at": article.created_at,
        "claim_count": article.n_claims if hasattr(article, "n_claims") else article.claims.count(),
    }


def _create_article(request, **fields):
    _require(request, "claims.add_article", gettext("Only an editor can import an article."))
    try:
        article = import_article(actor=request.user, **fields)
    except ImportRefused as refusal:
        raise Problem(422, refusal.message) from None
    return Status(201, _article_full(article))


def _article_full(article):
    claims_qs = article.claims.select_related("article", "rating", "assignee").order_by("start", "pk")
    return {**article_summary(article), "body": article.body, "claims": [claim_summary(c) for c in claims_qs]}


class ArticleListQuery(Schema):
    cursor: str | None = None
    limit: schemas.Limit = 50


@articles.get("/", response={200: schemas.ArticlePage, **ERRORS}, summary="List articles, newest first")
def list_articles(request, query: Query[ArticleListQuery]):
    _require_reader(request)
    qs = Article.objects.defer("body").annotate(n_claims=Count("claims")).order_by("-pk")
    fields = []
    if query.cursor:
        qs = qs.filter(cursor.after(fields, cursor.decode(query.cursor, "-id", fields), True))
    rows = list(qs[: query.limit + 1])
    next_cursor = cursor.encode("-id", fields, rows[query.limit - 1]) if len(rows) > query.limit else None
    return {"results": [article_summary(a) for a in rows[: query.limit]], "next_cursor": next_cursor,
            "next": _next_url(request, next_cursor)}


@articles.post("/", response={201: schemas.ArticleOut, **WRITE_ERRORS},
               summary="Import an article from its text (the same checks as the import page)")
def create_article(request, payload: schemas.ArticleIn):
    if len(payload.text.encode()) > MAX_BYTES:
        raise Problem(422, gettext("The text is over %(size)s MB, the limit for an article.")
                      % {"size": MAX_BYTES // 1024 // 1024})
    return _create_article(request, body=payload.text, title=payload.title, url=payload.url, publisher=payload.publisher,
                           author=payload.author, published_on=payload.published_on)


@articles.post("/upload/", response={201: schemas.ArticleOut, **WRITE_ERRORS},
               summary="Import an article from an uploaded .txt, .md or .html file (multipart)")
def upload_article(request, file: File[UploadedFile], title: str = Form("", max_length=300),
                   url: str = Form("", max_length=500), publisher: str = Form("", max_length=200),
                   author: str = Form("", max_length=200)):
    _require(request, "claims.add_article", gettext("Only an editor can import an article."))
    for name, value in (("title", title), ("url", url), ("publisher", publisher), ("author", author)):
        try:
            schemas.no_control_characters(value)
        except ValueError as exc:
            raise Problem(400, f"{name}: {exc}") from None
    try:
        if file.size > MAX_BYTES:
            raise ImportRefused(gettext("“%(name)s” is larger than %(size)s MB.")
                                % {"name": file.name, "size": MAX_BYTES // 1024 // 1024})
        text, found_title = text_from_upload(file.name, file.read())
    except ImportRefused as refusal:
        raise Problem(422, refusal.message) from None
    return _create_article(request, body=text, title=title or found_title, url=url, publisher=publisher, author=author)


@articles.get("/{article_id}/", response={200: schemas.ArticleOut, **ERRORS}, url_name="article",
              summary="An article, with its text and its claims")
def read_article(request, article_id: schemas.PathId):
    _require_reader(request)
    return _article_full(get_object_or_404(Article, pk=article_id))


@articles.get("/{article_id}/suggestions/", response={200: list[schemas.SuggestionOut], **ERRORS},
              summary="Check-worthy sentences of the article (claims/suggest.py), best first")
def suggestions(request, article_id: schemas.PathId, show_all: bool = Query(False, alias="all")):
    _require(request, "claims.add_claim", gettext("Only editors and fact-checkers make claims from suggestions."))
    article = get_object_or_404(Article, pk=article_id)
    rejected = set(article.rejected_suggestions.values_list("quote", flat=True))
    claims_qs = list(article.claims.values_list("pk", "start", "end"))
    scored = sorted(score_sentences(article.body), key=lambda s: (-s.score, s.start))
    return [
        {"start": s.start, "end": s.end, "sentence": s.text, "score": s.score, "reasons": list(s.reasons),
         "claim_type": s.claim_type, "claimant": s.claimant, "rejected": s.text in rejected,
         "claims": [pk for pk, start, end in claims_qs if start < s.end and s.start < end]}
        for s in scored if show_all or (s.score >= THRESHOLD and s.text not in rejected)
    ]


@articles.post("/{article_id}/suggestions/accept/", response={201: list[schemas.ClaimSummary], **WRITE_ERRORS},
               summary="Take a suggested sentence as one claim, or split it into several")
def accept_suggestion(request, payload: schemas.AcceptIn, article_id: schemas.PathId):
    _require(request, "claims.add_claim", gettext("Only editors and fact-checkers make claims from suggestions."))
    article = get_object_or_404(Article, pk=article_id)
    start, end = payload.sentence_start, payload.sentence_end
    if article.body[start:end] != payload.sentence or end <= start:
        raise Problem(409, gettext("The article's text changed since the suggestions were read: read them again. "
                                   "No claim was created."))
    quotes = [q.strip() for q in payload.parts if q.strip()] or [(payload.quote or payload.sentence).strip()]
    spans = []
    for quote in quotes:
        try:
            local = find_selection(payload.sentence, quote)
        except AnchorError:
            raise Problem(422, gettext("“%(quote)s” is not part of this sentence: trim the sentence, do not rewrite it "
                                       "(the claim's own wording goes in `text`).") % {"quote": quote}) from None
        spans.append(anchor_at(article.body, start + local.start, start + local.end))
    wording = payload.text.strip()
    with transaction.atomic():
        created = [
            Claim.create_from_span(article, anchor.start, anchor.end,
                                   text=wording if len(spans) == 1 and wording else _wording(anchor.quote),
                                   actor=request.user, claimant=payload.claimant.strip(), claim_type=payload.claim_type)
            for anchor in spans
        ]
    return Status(201, [claim_summary(Claim.objects.with_related().get(pk=c.pk)) for c in created])


def _wording(quote):
    quote = " ".join(quote.split())
    return quote if len(quote) <= 300 else quote[:297].rsplit(" ", 1)[0] + "…"


# --- exports -----------------------------------------------------------------------------------

export_router = Router(tags=["exports"])


class ExportQuery(Schema):
    format: str = Field(..., description=f"One of {', '.join(exports.FORMATS)}.")
    status: str = Field(exports.PUBLISHED, description="published (default), all, or a status.")
    articles: list[schemas.PathId] = Field(default_factory=list, description="Article ids; none: every article.")
    verdict: str | None = Field(None, description="A rating's slug.")
    date_from: str | None = None
    date_to: str | None = None


@export_router.get("/", response={200: None, **ERRORS}, summary="Export claims (CSV, JSON, ClaimReview, Markdown, HTML)")
def export_claims(request, query: Query[ExportQuery]):
    _require_reader(request)
    data = QueryDict(mutable=True)
    data.update({"format": query.format, "status": query.status})
    data.setlist("articles", [str(a) for a in query.articles])
    if query.verdict:
        data["verdict"] = str(_rating_for_export(query.verdict))
    for name in ("date_from", "date_to"):
        if getattr(query, name):
            data[name] = getattr(query, name)
    # The Exports page's own form: the same choices and the same refusals.
    form = ExportForm(data)
    if not form.is_valid():
        errors = [f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                  for name, messages in form.errors.items()]
        raise Problem(400, " ".join(errors), errors=errors)
    cleaned = form.cleaned_data
    try:
        selected = exports.select_claims(status=cleaned["status"], articles=cleaned["articles"], verdict=cleaned["verdict"],
                                         date_from=cleaned["date_from"], date_to=cleaned["date_to"])
        chunks = exports.export(cleaned["format"], selected, status=cleaned["status"])
    except exports.ExportError as exc:
        raise Problem(400, str(exc)) from None
    filename = exports.export_filename(cleaned["format"], status=cleaned["status"], articles=cleaned["articles"])
    return download(chunks, cleaned["format"], filename)


def _rating_for_export(slug):
    rating = Rating.objects.filter(slug=slug).first()
    if rating is None:
        raise Problem(400, gettext("“%(slug)s” is not a rating of the scale: see GET /api/ratings/.") % {"slug": slug})
    return rating.pk


api.add_router("/ratings/", ratings)
api.add_router("/claims/", claims)
api.add_router("/articles/", articles)
api.add_router("/exports/", export_router)
