"""The shapes the API reads and writes (pydantic, through django-ninja): these generate the OpenAPI
document at /api/openapi.json, and input that does not fit them is answered 400 before any code runs."""
import datetime
import unicodedata
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from claims.models import ClaimantKind, ClaimType, Evidence
from claims.workflow import Status


def no_control_characters(value):
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters (tabs, line breaks and the like)")
    return value


def _no_control_except_lines(value):
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    return value


def Line(max_length):  # noqa: N802 (a type, used as one)
    """One line of text, at most `max_length` characters, no control characters."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(no_control_characters)]


def Text(max_length):  # noqa: N802
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_control_except_lines)]


def ascii_digits(value):
    """Numbers in a path or query string: ASCII digits only (Python's int() would also take " 1",
    "+1", "1_0" and other scripts' digits such as "١")."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written with the digits 0-9")
    return value


MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
# In paths and query strings (where everything arrives as text).
PathId = Annotated[int, BeforeValidator(ascii_digits), Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, BeforeValidator(ascii_digits), Field(ge=1, le=200)]
StatusName = Literal[tuple(Status.values)]
ClaimTypeName = Literal[tuple(ClaimType.values)]
StanceName = Literal[tuple(Evidence.Stance.values)]


class Problem(Schema):
    """RFC 9457 problem details: every error the API gives has this shape."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[str] | None = None
    current_version: int | None = None


# --- reading ----------------------------------------------------------------------------------


class Person(Schema):
    username: str
    name: str


class RatingOut(Schema):
    slug: str
    label: str
    value: int | None
    definition: str
    colour: str


class ClaimSummary(Schema):
    id: int
    url: str
    article: int
    article_title: str
    text: str
    quote: str
    claimant: str
    claim_type: ClaimTypeName
    priority: int
    status: StatusName
    rating: str | None
    assignee: str | None
    due_date: datetime.date | None
    version: int
    updated_at: datetime.datetime


class ClaimPage(Schema):
    results: list[ClaimSummary]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")
    next: str | None = Field(description="The next page's address, with the same filters and sort.")


class EvidenceOut(Schema):
    id: int
    stance: StanceName
    excerpt: str
    source_id: int
    source_url: str
    source_title: str
    source_publisher: str
    is_primary: bool
    added_by: str | None
    created_at: datetime.datetime


class NoteOut(Schema):
    id: int
    author: str
    body: str
    created_at: datetime.datetime


class HistoryOut(Schema):
    actor: str | None
    action: str
    field: str
    old_value: str
    new_value: str
    comment: str
    created_at: datetime.datetime


class CorrectionOut(Schema):
    old_rating: str | None
    new_rating: str | None
    public_note: str
    corrected_by: str
    created_at: datetime.datetime


class ClaimOut(ClaimSummary):
    start: int
    end: int
    prefix: str
    suffix: str
    anchor_state: str
    claimant_url: str
    claimant_kind: str
    conclusion: str
    source_justification: str
    proposed_by: str | None
    approved_by: str | None
    published_rating: str | None
    published_conclusion: str
    published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    duplicate_of: int | None
    created_at: datetime.datetime
    allowed_steps: list[str] = Field(description="The workflow steps the caller may take now.")
    evidence: list[EvidenceOut]
    notes: list[NoteOut]
    history: list[HistoryOut]
    corrections: list[CorrectionOut]


class ArticleSummary(Schema):
    id: int
    url: str
    title: str
    origin_url: str
    publisher: str
    author: str
    published_on: datetime.date | None
    language: str
    created_at: datetime.datetime
    claim_count: int


class ArticlePage(Schema):
    results: list[ArticleSummary]
    next_cursor: str | None
    next: str | None


class ArticleOut(ArticleSummary):
    body: str
    claims: list[ClaimSummary]


class SuggestionOut(Schema):
    start: int
    end: int
    sentence: str
    score: float
    reasons: list[str]
    claim_type: ClaimTypeName
    claimant: str
    rejected: bool
    claims: list[int] = Field(description="Claims already made from this sentence.")


class SimilarOut(Schema):
    similarity: float
    claim: ClaimSummary


# --- writing ----------------------------------------------------------------------------------


class ArticleIn(Schema):
    title: Line(300)
    text: Text(2 * 1024 * 1024)
    url: Line(500) = ""
    publisher: Line(200) = ""
    author: Line(200) = ""
    published_on: datetime.date | None = None


class StepIn(Schema):
    """The inputs of a workflow step; which ones a step takes is the workflow table's (claims/workflow.py)."""

    version: Id = Field(description="The claim's version as you last read it; a stale one is refused (409).")
    assignee: Line(150) | None = Field(None, description="assign: the fact-checker's username.")
    due_date: datetime.date | None = None
    reason: Text(10_000) = ""
    rating: Line(60) | None = Field(None, description="propose: the rating's slug (GET /api/ratings/).")
    conclusion: Text(20_000) = ""
    justification: Text(10_000) = ""
    comment: Text(10_000) = ""
    public_note: Text(10_000) = ""


class DetailsIn(Schema):
    """Only the fields sent are changed."""

    version: Id
    text: Line(300) | None = None
    claimant: Line(200) | None = None
    claimant_url: Line(200) | None = None
    claimant_kind: Literal[tuple(["", *ClaimantKind.values])] | None = None
    claim_type: ClaimTypeName | None = None
    priority: int | None = Field(None, strict=True)
    due_date: datetime.date | None = None
    assignee: Line(150) | None = Field(None, description="A fact-checker's username, or null for nobody.")


class SourceIn(Schema):
    url: Line(1000)
    title: Line(300)
    publisher: Line(200) = ""
    published_on: datetime.date | None = None
    archive_url: Line(1000) = ""
    is_primary: bool = False


class EvidenceIn(Schema):
    """An existing source (`source`, its id) or a new one (`new_source`), not both."""

    source: Id | None = None
    new_source: SourceIn | None = None
    stance: StanceName
    excerpt: Text(20_000) = ""
    version: Id | None = Field(None, description="When given, refused (409) if the claim changed since you read it.")


class NoteIn(Schema):
    body: Text(100_000)
    version: Id | None = Field(None, description="When given, refused (409) if the claim changed since you read it.")


class AcceptIn(Schema):
    """A suggested sentence taken as a claim (or several, one per entry of `parts`). The sentence
    and its span come back as GET .../suggestions/ gave them, so a text revised meanwhile is noticed."""

    sentence_start: Annotated[int, Field(ge=0, le=MAX_ID, strict=True)]
    sentence_end: Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
    sentence: Text(100_000)
    quote: Text(100_000) = ""
    text: Line(300) = ""
    parts: list[Text(100_000)] = Field(default_factory=list, max_length=50)
    claimant: Line(200) = ""
    claim_type: ClaimTypeName = ClaimType.OTHER.value
