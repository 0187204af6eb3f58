"""Read fact-checks other organisations published as schema.org ClaimReview JSON-LD, into
ExternalReview rows (`manage.py import_claimreviews FILE_OR_DIR`).

Accepted shapes (https://schema.org/ClaimReview, Google's "Fact Check" markup and its DataFeed):
one ClaimReview object, a list of them, an "@graph", a DataFeed whose dataFeedElement holds
ClaimReviews or DataFeedItems with an "item", and HTML pages carrying any of these in
<script type="application/ld+json"> blocks.

Strict on purpose: a file is read whole before anything is written, and the first problem found
(its item and field named) refuses the file, which then imports nothing. Sizes are capped, control
characters refused, and nesting depth is checked before the JSON parser recurses into it.
"""
import datetime
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import transaction

from .language import is_language_code
from .models import ExternalReview, http_url

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_REVIEWS = 10_000
MAX_DEPTH = 32
MAX_CLAIM = 2_000
MAX_FIELD = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class ClaimReviewRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ReviewData:
    url: str
    claim_reviewed: str
    rating: str
    publisher: str
    claimant: str
    published_on: datetime.date | None
    language: str


# --- finding the JSON-LD ---------------------------------------------------------------------------


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _check_depth(text):
    """Refuse JSON nested deeper than MAX_DEPTH, counted before parsing (json.loads would recurse)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ClaimReviewRefused(f"the JSON is nested more than {MAX_DEPTH} levels deep.")
        elif char in "]}":
            depth -= 1


def json_documents(name, data):
    """The JSON-LD documents in a file's bytes: the file itself, or an HTML page's ld+json blocks."""
    if len(data) > MAX_FILE_BYTES:
        raise ClaimReviewRefused(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimReviewRefused(f"the file is not UTF-8 (byte {exc.start}).") from None
    if match := _CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise ClaimReviewRefused(f"line {line} holds a control character (U+{ord(match.group()):04X}).")
    is_html = name.lower().endswith((".html", ".htm")) or text.lstrip()[:1] == "<"
    blocks = [text]
    if is_html:
        parser = _JsonLdScripts()
        parser.feed(text)
        parser.close()
        blocks = [b for b in parser.blocks if b.strip()]
        if not blocks:
            raise ClaimReviewRefused('the page has no <script type="application/ld+json"> block.')
    documents = []
    for number, block in enumerate(blocks, start=1):
        where = f"JSON-LD block {number}: " if is_html else ""
        try:
            _check_depth(block)
            documents.append(json.loads(block))
        except ClaimReviewRefused as exc:
            raise ClaimReviewRefused(where + exc.message) from None
        except ValueError as exc:
            raise ClaimReviewRefused(f"{where}not valid JSON ({exc}).") from None
    return documents


def _types(obj):
    kind = obj.get("@type", ())
    return {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()


def claim_review_objects(document):
    """Every ClaimReview object in a JSON-LD document, in order, wherever it sits."""
    found, stack = [], [document]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(reversed(obj))
        elif isinstance(obj, dict):
            if "ClaimReview" in _types(obj):
                found.append(obj)
                continue
            for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
                if key in obj:
                    stack.append(obj[key])
    return found


# --- reading one ClaimReview ---------------------------------------------------------------------


def _text(value, field, limit, required=False):
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ClaimReviewRefused(f"{field} must be text.")
    if _CONTROL.search(value):
        raise ClaimReviewRefused(f"{field} holds an escaped control character.")
    value = " ".join(value.split())
    if required and not value:
        raise ClaimReviewRefused(f"{field} is missing.")
    if len(value) > limit:
        raise ClaimReviewRefused(f"{field} is longer than {limit} characters.")
    return value


def _name_of(value, field):
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, dict):
        return _text(value.get("name", ""), f"{field}.name", MAX_FIELD)
    return _text(value, field, MAX_FIELD)


def read_review(obj):
    url = _text(obj.get("url"), "url", 500, required=True)
    try:
        http_url(url)
    except ValidationError:
        raise ClaimReviewRefused(f"url {url!r} is not an http(s) address.") from None
    claim = _text(obj.get("claimReviewed"), "claimReviewed", MAX_CLAIM, required=True)
    rating_obj = obj.get("reviewRating") or {}
    if not isinstance(rating_obj, dict):
        raise ClaimReviewRefused("reviewRating must be an object.")
    rating = _text(rating_obj.get("alternateName") or rating_obj.get("name"), "reviewRating.alternateName", MAX_FIELD)
    if not rating and rating_obj.get("ratingValue") not in (None, ""):
        rating = _text(str(rating_obj["ratingValue"]), "reviewRating.ratingValue", MAX_FIELD)
    publisher = _name_of(obj.get("author") or obj.get("publisher") or "", "author")
    item = obj.get("itemReviewed") or {}
    claimant = _name_of(item.get("author") or "", "itemReviewed.author") if isinstance(item, dict) else ""
    published_on = None
    if date := obj.get("datePublished"):
        if not isinstance(date, str) or not (match := _DATE.match(date.strip())):
            raise ClaimReviewRefused(f"datePublished {date!r} is not a date (YYYY-MM-DD).")
        try:
            published_on = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ClaimReviewRefused(f"datePublished {date!r} is not a real date.") from None
    language = _text(obj.get("inLanguage") or (item.get("inLanguage") if isinstance(item, dict) else ""), "inLanguage", 35)
    if language and not is_language_code(language):
        raise ClaimReviewRefused(f"inLanguage {language!r} is not a language code (e.g. en, es, pt-BR).")
    return ReviewData(url, claim, rating, publisher, claimant, published_on, language[:12])


def read_file(name, data):
    """ReviewData for every ClaimReview in a file; ClaimReviewRefused at the first problem."""
    reviews = []
    for document in json_documents(name, data):
        reviews.extend(claim_review_objects(document))
    if not reviews:
        raise ClaimReviewRefused("no ClaimReview found in it.")
    if len(reviews) > MAX_REVIEWS:
        raise ClaimReviewRefused(f"it holds more than {MAX_REVIEWS:,} ClaimReviews.")
    read = []
    for number, obj in enumerate(reviews, start=1):
        try:
            read.append(read_review(obj))
        except ClaimReviewRefused as exc:
            raise ClaimReviewRefused(f"ClaimReview {number}: {exc.message}") from None
    return read


@transaction.atomic
def import_reviews(reviews):
    """Create or update ExternalReviews (keyed by URL). Returns (created, updated). Their
    embeddings follow from post_save, in the background."""
    created = updated = 0
    for review in reviews:
        _, was_created = ExternalReview.objects.update_or_create(
            url=review.url,
            defaults={"claim_reviewed": review.claim_reviewed, "rating": review.rating, "publisher": review.publisher,
                      "claimant": review.claimant, "published_on": review.published_on, "language": review.language},
        )
        created += was_created
        updated += not was_created
    return created, updated
