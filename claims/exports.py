"""Verified-claim exports: a queryset of claims turned into CSV, JSON, schema.org ClaimReview JSON-LD,
Markdown or the printable HTML report.

Every format is a generator of text chunks, so the web view wraps it in a StreamingHttpResponse and
`manage.py export_claims` writes it to a file as it comes. Claims are read in chunks
(`QuerySet.iterator(chunk_size=...)`), so memory does not grow with the number of claims: CSV,
ClaimReview and JSON as plain rows (_batches, with their records merged alongside by _per_claim),
Markdown and the printable report as model instances with their records prefetched per chunk.

What goes out: by default only published claims; other statuses only when asked for by name, or
"all". ClaimReview and the public pages (claims/views/public.py) only ever describe published claims.
The JSON format is complete (everything about a claim, including its internal notes and history):
it is also the backup format that `manage.py import_claims` reads back.
"""
import csv
import datetime
import io
import itertools
import json
import operator
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db.models import Count, Max, Min, Prefetch
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from . import site
from .models import (
    Article, Claim, ClaimantKind, Correction, Evidence, Organisation, Rating, RatingTranslation, language_key,
)
from .workflow import Status

# Claims fetched per database round trip: big enough that the prefetch queries stay few, small
# enough that one chunk of claims with their evidence and history sits comfortably in memory.
CHUNK_SIZE = 500

JSON_FORMAT_NAME = "claim-workbench-export"
JSON_FORMAT_VERSION = 1

ALL = "all"
PUBLISHED = Status.PUBLISHED.value
STATUS_CHOICES = [(PUBLISHED, gettext_lazy("Published"))] + [
    (status.value, status.label) for status in Status if status != Status.PUBLISHED
] + [(ALL, gettext_lazy("All statuses"))]


class ExportError(ValueError):
    """A request for an export that cannot be made; the message is for the person who asked."""


# ---------------------------------------------------------------------------------------------------
# Which claims


def select_claims(*, status=PUBLISHED, articles=(), verdict=None, date_from=None, date_to=None):
    """The claims an export covers. `status` is one status, or "all"; published claims by default so
    that nothing unpublished leaves the newsroom unless somebody asked for it by name.

    The date range is on the publication date for published claims and on the creation date for
    any other status (a draft has no publication date)."""
    if status not in dict(STATUS_CHOICES):
        known = ", ".join(value for value, _ in STATUS_CHOICES)
        raise ExportError(gettext("“%(status)s” is not a status. Choose one of: %(known)s.")
                          % {"status": status, "known": known})
    if date_from and date_to and date_from > date_to:
        raise ExportError(gettext("The start of the date range is after its end."))
    claims = Claim.objects.all()
    if status != ALL:
        claims = claims.filter(status=status)
    article_ids = [getattr(a, "pk", a) for a in articles]
    if article_ids:
        missing = set(article_ids) - set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
        if missing:
            ids = ", ".join(str(pk) for pk in sorted(missing))
            raise ExportError(ngettext("There is no article with id %(ids)s.", "There are no articles with ids %(ids)s.",
                                       len(missing)) % {"ids": ids})
        claims = claims.filter(article__in=article_ids)
    if verdict is not None:
        claims = claims.filter(rating=verdict)
    date_field = "published_at" if status == PUBLISHED else "created_at"
    if date_from:
        claims = claims.filter(**{f"{date_field}__date__gte": date_from})
    if date_to:
        claims = claims.filter(**{f"{date_field}__date__lte": date_to})
    return claims


def _iterate(claims):
    """Claims in article order, chunk by chunk, each with its evidence and corrections already fetched.
    The article's body is deferred: a chunk would otherwise hold one copy of it per claim.
    A claim's prefetched records are released when the next claim is asked for: use each claim
    as it comes rather than keeping them."""
    claims = claims.select_related(
        "article", "rating", "published_rating", "assignee", "proposed_by", "approved_by", "created_by",
    ).defer("article__body").order_by(*EXPORT_ORDER)
    # to_attr: the records land in a plain list on the claim. Prefetching into the related manager
    # instead clones a queryset per claim per relation, which was half the export's time.
    lookups = [
        Prefetch("evidence", queryset=Evidence.objects.select_related("source", "source__added_by", "added_by"),
                 to_attr="_export_evidence"),
        Prefetch("corrections", queryset=Correction.objects.select_related("old_rating", "new_rating", "corrected_by"),
                 to_attr="_export_corrections"),
    ]
    for claim in claims.prefetch_related(*lookups).iterator(chunk_size=CHUNK_SIZE):
        yield claim
        # A prefetched evidence row points back at its claim, a reference cycle that only the
        # cyclic garbage collector frees, and it runs rarely: measured on 10,000 claims, memory
        # climbed by 40 MB before it did. Dropping the lists once the claim is written breaks the
        # cycle, so each claim is freed as soon as its chunk moves on.
        for name in RELATED:
            claim.__dict__.pop(f"_export_{name}", None)


RELATED = ("evidence", "corrections")


def related(claim, name):
    """The claim's evidence or corrections: as prefetched by _iterate, or queried
    when the claim came from elsewhere (a public page)."""
    fetched = claim.__dict__.get(f"_export_{name}")
    return fetched if fetched is not None else list(getattr(claim, name).all())


# Every export's order: article by article, each article's claims in reading order.
EXPORT_ORDER = ("article_id", "start", "pk")


def _batches(claims, fields):
    """The claims as plain dicts of `fields` (names as QuerySet.values() takes them, with the
    EXPORT_ORDER fields added), in export order, CHUNK_SIZE at a time, from one query read in
    chunks. For the formats that need only some columns (CSV, ClaimReview): a dict costs a fraction
    of a model instance with its related instances, and refers to nothing, so a written batch is
    freed at once."""
    rows = claims.order_by(*EXPORT_ORDER).values(*dict.fromkeys((*EXPORT_ORDER, *fields)))
    return itertools.batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE)


def _per_claim(claims, related, *fields):
    """A function from a claim (a dict from _batches) to its `related` records ("evidence", "notes",
    ...) in the order they were added: the value of `field` for each, or with several fields a dict
    of them (names relative to the record, as QuerySet.values() takes them). One query for the whole
    export, read alongside the claims in the same order, so ask for the claims in export order. (A
    query per batch instead, with the batch's ids in `IN (...)`, spent 20 µs a claim binding them:
    most of a CSV export's time.) A row whose claim is not asked for, one that changed between the
    two queries, is passed over."""
    rows = (claims.filter(**{f"{related}__isnull": False})
            .order_by(*EXPORT_ORDER, f"{related}__created_at", f"{related}__pk")
            .values_list(*EXPORT_ORDER, *(f"{related}__{field}" for field in fields))
            .iterator(chunk_size=CHUNK_SIZE))
    if len(fields) == 1:
        record = operator.itemgetter(3)
    else:
        def record(row):
            return dict(zip(fields, row[3:]))
    pending = next(rows, None)

    def records_of(claim):
        nonlocal pending
        key = (claim["article_id"], claim["start"], claim["pk"])
        records = []
        while pending is not None and pending[:3] <= key:
            if pending[:3] == key:
                records.append(record(pending))
            pending = next(rows, None)
        return records

    return records_of


def _follow(instance, field):
    """The value .values(field) gives, read from a model instance and its related instances
    ("article__title" is instance.article.title; None once a relation is empty)."""
    value = instance
    for name in field.split("__"):
        if value is None:
            return None
        value = getattr(value, name)
    return value


# ---------------------------------------------------------------------------------------------------
# Shared pieces


# An id no claim has, reversed once in its place: see public_urls.
_URL_SENTINEL = 918273645


def public_urls(organisation):
    """A function from a claim's id to the public page of its review, on the organisation's public
    base URL, or the requested address when none is set (claims/site.py; schema.org ClaimReview: `url`
    is the page of the fact-check itself, on the publisher's domain). The URL is reversed once, with a
    sentinel id that is then replaced: an export of 100,000 claims would otherwise spend a second in
    reverse()."""
    path = reverse("public:claim", args=[_URL_SENTINEL])
    head, _, tail = path.rpartition(str(_URL_SENTINEL))
    head = site.public_base_url(organisation) + head
    return lambda pk: f"{head}{pk}{tail}"


def public_url(claim, organisation=None):
    """The public page of one claim's review (see public_urls)."""
    return public_urls(organisation or Organisation.current())(claim.pk)


def verdict_of(claim):
    """The verdict to show: the published one for published claims (what readers saw), the current
    one for claims still being worked on."""
    if claim.status == Status.PUBLISHED:
        return claim.published_rating, claim.published_conclusion
    return claim.rating, claim.conclusion


def rating_scale():
    """(worst, best) values of the numeric rating scale, or None when it has fewer than two steps
    (Google: worstRating < bestRating)."""
    bounds = Rating.objects.filter(value__isnull=False).aggregate(worst=Min("value"), best=Max("value"))
    if bounds["worst"] is None or bounds["worst"] >= bounds["best"]:
        return None
    return bounds["worst"], bounds["best"]


def _iso(value):
    return value.isoformat() if value is not None else None


def _username(user):
    return user.get_username() if user is not None else None


# ---------------------------------------------------------------------------------------------------
# CSV

CSV_COLUMNS = [
    "id", "article_id", "article_title", "article_url", "claim", "quote", "claimant", "claimant_url",
    "claim_type", "status", "verdict", "rating_value", "conclusion", "sources", "source_urls",
    "assignee", "published_at", "last_published_at", "corrections", "public_url",
]
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_row(row):
    """Prefix each text cell a spreadsheet would read as a formula with an apostrophe, which makes
    it plain text (OWASP's advice); numbers and empty cells pass unchanged. A row at a time: a
    function call per cell was a tenth of a CSV export's time."""
    return ["'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS) else cell for cell in row]


# What a CSV row is made of, read with values(): no model instance is built.
CSV_FIELDS = (
    "article__title", "article__url", "text", "quote", "claimant", "claimant_url", "claim_type", "status",
    "rating__label", "rating__value", "conclusion", "published_rating__label", "published_rating__value",
    "published_conclusion", "published_at", "last_published_at",
)


def csv_rows(claims):
    """The header, then one list of rows per batch of claims. Three queries in all, however many
    claims: the claims, their sources, their corrections."""
    public_url_of = public_urls(Organisation.current())
    assignee = f"assignee__{get_user_model().USERNAME_FIELD}"
    source_urls_of = _per_claim(claims, "evidence", "source__url")
    corrections_of = _per_claim(claims, "corrections", "pk")
    yield [CSV_COLUMNS]
    for batch in _batches(claims, (*CSV_FIELDS, assignee)):
        rows = []
        for claim in batch:
            published = claim["status"] == Status.PUBLISHED
            # The verdict as verdict_of() gives it: the published one for published claims.
            shown = "published_" if published else ""
            value = claim[f"{shown}rating__value"]
            urls = dict.fromkeys(source_urls_of(claim))
            rows.append([
                claim["pk"], claim["article_id"], claim["article__title"], claim["article__url"], claim["text"],
                claim["quote"], claim["claimant"], claim["claimant_url"], claim["claim_type"], claim["status"],
                claim[f"{shown}rating__label"] or "", "" if value is None else value, claim[f"{shown}conclusion"],
                len(urls), " | ".join(urls), claim[assignee] or "",
                _iso(claim["published_at"]) or "", _iso(claim["last_published_at"]) or "",
                len(corrections_of(claim)), public_url_of(claim["pk"]) if published else "",
            ])
        yield rows


def export_csv(claims):
    """One chunk of text per batch of claims."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for rows in csv_rows(claims):
        writer.writerows(map(neutralise_row, rows))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# ---------------------------------------------------------------------------------------------------
# JSON (complete; the backup format)


def rating_json(rating):
    if rating is None:
        return None
    return {"slug": rating.slug, "label": rating.label, "value": rating.value}


def article_json(article, users):
    users.add(article.added_by_id)
    return {
        "id": article.pk, "title": article.title, "url": article.url, "publisher": article.publisher,
        "author": article.author, "published_on": _iso(article.published_on), "language": article.language,
        "body": article.body, "body_hash": article.body_hash, "added_by": _username(article.added_by),
        "created_at": _iso(article.created_at), "updated_at": _iso(article.updated_at),
    }


class Usernames(dict):
    """Usernames by user id (None for no one), every account's read in one query: a newsroom has
    tens of accounts, and the five people a claim and its records name would otherwise be five more
    joins in the export's queries. An account added while the export runs is looked up when met."""

    def __init__(self):
        User = get_user_model()
        super().__init__(User.objects.values_list("pk", User.USERNAME_FIELD))
        self[None] = None

    def __missing__(self, pk):
        self[pk] = get_user_model().objects.get(pk=pk).get_username()
        return self[pk]


# What the backup says about a claim and its records (names as QuerySet.values() takes them; users
# and ratings by id, see claim_json).
CLAIM_JSON_FIELDS = (
    "article__title", "article__url", "text", "end", "quote", "prefix", "suffix", "anchor_state", "claimant",
    "claimant_url", "claimant_kind", "claim_type", "priority", "status", "version", "rating", "conclusion",
    "source_justification", "published_rating", "published_conclusion", "published_at", "last_published_at",
    "assignee", "due_date", "proposed_by", "approved_by", "duplicate_of", "created_by", "created_at", "updated_at",
)
EVIDENCE_JSON_FIELDS = (
    "stance", "excerpt", "added_by", "created_at", "source", "source__url", "source__title", "source__publisher",
    "source__published_on", "source__accessed_on", "source__archive_url", "source__is_primary",
    "source__added_by", "source__created_at",
)
NOTE_JSON_FIELDS = ("author", "body", "created_at")
HISTORY_JSON_FIELDS = ("actor", "action", "field", "old_value", "new_value", "comment", "created_at")
CORRECTION_JSON_FIELDS = (
    "old_rating", "new_rating", "old_conclusion", "new_conclusion", "public_note", "corrected_by", "created_at",
)


def claim_json(claim, users, *, usernames, ratings):
    """Everything recorded about one claim, from a dict of CLAIM_JSON_FIELDS with its records under
    "evidence", "notes", "history" and "corrections" (dicts of EVIDENCE_JSON_FIELDS and so on).
    `users` collects the ids of the people it mentions, so the export can list them (by username)
    once, at its end; `usernames` (a Usernames) and `ratings` (id to rating_json(), None to None)
    name the people and ratings the rows hold by id."""
    users.update((claim["assignee"], claim["proposed_by"], claim["approved_by"], claim["created_by"]))
    evidence, notes, history, corrections = [], [], [], []
    for item in claim["evidence"]:
        users.update((item["source__added_by"], item["added_by"]))
        evidence.append({
            "stance": item["stance"], "excerpt": item["excerpt"],
            "source": {
                "id": item["source"], "url": item["source__url"], "title": item["source__title"],
                "publisher": item["source__publisher"], "published_on": _iso(item["source__published_on"]),
                "accessed_on": _iso(item["source__accessed_on"]), "archive_url": item["source__archive_url"],
                "is_primary": item["source__is_primary"], "added_by": usernames[item["source__added_by"]],
                "created_at": _iso(item["source__created_at"]),
            },
            "added_by": usernames[item["added_by"]], "created_at": _iso(item["created_at"]),
        })
    for note in claim["notes"]:
        users.add(note["author"])
        notes.append({"author": usernames[note["author"]], "body": note["body"], "created_at": _iso(note["created_at"])})
    for entry in claim["history"]:
        users.add(entry["actor"])
        history.append({
            "actor": usernames[entry["actor"]], "action": entry["action"], "field": entry["field"],
            "old_value": entry["old_value"], "new_value": entry["new_value"], "comment": entry["comment"],
            "created_at": _iso(entry["created_at"]),
        })
    for correction in claim["corrections"]:
        users.add(correction["corrected_by"])
        corrections.append({
            "old_rating": ratings[correction["old_rating"]], "new_rating": ratings[correction["new_rating"]],
            "old_conclusion": correction["old_conclusion"], "new_conclusion": correction["new_conclusion"],
            "public_note": correction["public_note"], "corrected_by": usernames[correction["corrected_by"]],
            "created_at": _iso(correction["created_at"]),
        })
    return {
        "id": claim["pk"],
        # The article by id (its full record, body included, is in the export's "articles").
        "article": {"id": claim["article_id"], "title": claim["article__title"], "url": claim["article__url"]},
        "claim": claim["text"],
        # W3C Web Annotation: TextPositionSelector + TextQuoteSelector.
        "span": {
            "start": claim["start"], "end": claim["end"], "quote": claim["quote"], "prefix": claim["prefix"],
            "suffix": claim["suffix"], "anchor_state": claim["anchor_state"],
        },
        "claimant": {"name": claim["claimant"], "url": claim["claimant_url"], "kind": claim["claimant_kind"]},
        "claim_type": claim["claim_type"],
        "priority": claim["priority"],
        "status": claim["status"],
        "version": claim["version"],
        "verdict": ratings[claim["rating"]],
        "conclusion": claim["conclusion"],
        "source_justification": claim["source_justification"],
        "published": {
            "verdict": ratings[claim["published_rating"]], "conclusion": claim["published_conclusion"],
            "published_at": _iso(claim["published_at"]), "last_published_at": _iso(claim["last_published_at"]),
        },
        "assignment": {"assignee": usernames[claim["assignee"]], "due_date": _iso(claim["due_date"])},
        "proposed_by": usernames[claim["proposed_by"]],
        "approved_by": usernames[claim["approved_by"]],
        "duplicate_of": claim["duplicate_of"],
        "created_by": usernames[claim["created_by"]],
        "created_at": _iso(claim["created_at"]),
        "updated_at": _iso(claim["updated_at"]),
        "evidence": evidence,
        "notes": notes,
        "history": history,
        "corrections": corrections,
    }


def user_json(user):
    return {
        "username": user.get_username(), "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "is_active": user.is_active, "is_staff": user.is_staff,
        "groups": sorted(group.name for group in user.groups.all()),
    }


# The backup's layout, two-space indents, from one encoder for the whole export (json.dumps builds
# one per call). The claims' objects are trees of fresh dicts, sharing only the rating objects,
# never nested in themselves: the check for reference cycles goes.
_dump = json.JSONEncoder(ensure_ascii=False, indent=2, check_circular=False).encode


def export_json(claims, *, status=PUBLISHED):
    """One JSON object: ratings, organisation, articles, claims, then the users they mention (users
    last, because they are only known once the claims have streamed by); one chunk per batch of
    claims. Password hashes never leave: restored accounts get a new password from an administrator.

    The claims are plain rows, their evidence (with its source), notes, history and corrections each
    from one query for the whole export merged alongside (_per_claim): eight queries, plus the
    articles' in chunks, whatever the number of claims."""
    organisation = Organisation.current()
    yield "{\n"
    yield f'"format": {_dump(JSON_FORMAT_NAME)},\n"version": {JSON_FORMAT_VERSION},\n'
    yield f'"exported_at": {_dump(timezone.now().isoformat())},\n"status": {_dump(status)},\n'
    yield '"organisation": ' + _dump({
        "name": organisation.name, "url": organisation.url, "public_base_url": organisation.public_base_url,
        "methodology": organisation.methodology, "corrections_policy_url": organisation.corrections_policy_url,
        "logo": organisation.logo,
    }) + ",\n"
    scale = list(Rating.objects.order_by("order", "pk"))
    yield '"ratings": ' + _dump([
        {"slug": r.slug, "label": r.label, "value": r.value, "definition": r.definition, "colour": r.colour,
         "order": r.order}
        for r in scale
    ]) + ",\n"
    ratings = {None: None} | {r.pk: rating_json(r) for r in scale}
    usernames = Usernames()
    users = set()
    yield '"articles": ['
    articles = Article.objects.filter(pk__in=claims.values("article_id")).select_related("added_by").order_by("pk")
    for n, article in enumerate(articles.iterator(chunk_size=100)):
        yield ("," if n else "") + "\n" + _dump(article_json(article, users))
    yield '\n],\n"claims": ['
    records_of = {
        "evidence": _per_claim(claims, "evidence", *EVIDENCE_JSON_FIELDS),
        "notes": _per_claim(claims, "notes", *NOTE_JSON_FIELDS),
        "history": _per_claim(claims, "history", *HISTORY_JSON_FIELDS),
        "corrections": _per_claim(claims, "corrections", *CORRECTION_JSON_FIELDS),
    }
    separator = "\n"
    for batch in _batches(claims, CLAIM_JSON_FIELDS):
        written = []
        for claim in batch:
            for name, of in records_of.items():
                claim[name] = of(claim)
            written.append(_dump(claim_json(claim, users, usernames=usernames, ratings=ratings)))
        yield separator + ",\n".join(written)
        separator = ",\n"
    yield '\n],\n"users": ['
    users.discard(None)
    people = get_user_model().objects.filter(pk__in=users).prefetch_related("groups").order_by("username")
    for n, user in enumerate(people):
        yield ("," if n else "") + "\n" + _dump(user_json(user))
    yield "\n]\n}\n"


# ---------------------------------------------------------------------------------------------------
# schema.org ClaimReview (Google Search Central, "Fact Check (ClaimReview) structured data")


# What a ClaimReview is made of (names as QuerySet.values() takes them), plus "date_modified".
CLAIM_REVIEW_FIELDS = (
    "status", "text", "claimant", "claimant_kind", "claimant_url", "published_at", "published_conclusion",
    "published_rating_id", "published_rating__label", "published_rating__value",
    "article__title", "article__url", "article__published_on", "article__publisher", "article__language",
)


def claim_review(claim, *, organisation, scale):
    """The ClaimReview JSON-LD object of one published claim instance (the public page)."""
    values = {field: _follow(claim, field) for field in CLAIM_REVIEW_FIELDS}
    values["date_modified"] = max((c.created_at for c in related(claim, "corrections")), default=None)
    rating = claim.published_rating
    values["rating_label_in_language"] = rating.label_in(claim.article.language) if rating else None
    return review_of(values, organisation=organisation, scale=scale, url=public_url(claim, organisation))


def rating_labels_by_language():
    """A function (rating id, article language) -> the rating's label in that language, or None when
    the desk gave it none: every translation read in one query, for exports of many claims."""
    labels = {(rating, language): label
              for rating, language, label in RatingTranslation.objects.values_list("rating_id", "language", "label")}
    keys = {}  # article language -> its LANGUAGES code: a few distinct values over any number of claims

    def label_in(rating_id, language):
        if language not in keys:
            keys[language] = language_key(language)
        return labels.get((rating_id, keys[language]))
    return label_in


def review_of(claim, *, organisation, scale, url):
    """The ClaimReview JSON-LD object of one published claim, from a dict of CLAIM_REVIEW_FIELDS and
    "date_modified" (the time of its latest correction, or None) and "rating_label_in_language" (the
    rating's label in the article's language, when the desk gave one). `scale` is rating_scale(),
    `url` its public page. The export and the public page both build their ClaimReview here."""
    if claim["status"] != Status.PUBLISHED:
        raise ExportError(gettext("ClaimReview describes published verdicts only."))
    # The verdict in the words of the fact-check's readers: the article's language (the page's).
    label = claim.get("rating_label_in_language") or claim["published_rating__label"]
    value = claim["published_rating__value"]
    # Rating: alternateName (the text verdict) is required; the numbers only where the verdict
    # sits on the numeric scale, with worstRating >= 1 and worstRating < bestRating.
    review_rating = {"@type": "Rating", "alternateName": label, "name": label}
    if value is not None and scale is not None:
        worst, best = scale
        review_rating.update({"ratingValue": value, "bestRating": best, "worstRating": worst})
    published_on = claim["article__published_on"]
    # schema.org inLanguage (BCP 47): the article's, which the fact-check is published in too.
    language = claim["article__language"]
    appearance = {"@type": "NewsArticle", "headline": claim["article__title"]}
    if language:
        appearance["inLanguage"] = language
    if claim["article__url"]:
        appearance["url"] = claim["article__url"]
    if published_on:
        appearance["datePublished"] = published_on.isoformat()
    if claim["article__publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": claim["article__publisher"]}
    # itemReviewed: the claim, attributed to who made it -- never to the fact-checker; with no
    # claimant on record the author is left out rather than invented.
    item = {"@type": "Claim"}
    if claim["claimant"]:
        item["author"] = {"@type": claim["claimant_kind"] or ClaimantKind.PERSON, "name": claim["claimant"]}
        if claim["claimant_url"]:
            item["author"]["sameAs"] = claim["claimant_url"]
    if published_on:
        item["datePublished"] = published_on.isoformat()
    item["appearance"] = appearance
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        # Google: the page of the fact-check itself, on the publisher's own domain.
        "url": url,
        # Google: the claim as made, short, and never containing the verdict.
        "claimReviewed": claim["text"],
        "reviewRating": review_rating,
        "author": {"@type": "Organization", "name": organisation.name,
                   "url": organisation.url or site.public_base_url(organisation) + "/"},
        "datePublished": claim["published_at"].isoformat(),
        "itemReviewed": item,
    }
    if language:
        review["inLanguage"] = language
    if claim["date_modified"] is not None:
        review["dateModified"] = claim["date_modified"].isoformat()
    if claim["published_conclusion"]:
        review["reviewBody"] = claim["published_conclusion"]
    return review


# One compact object per line: a smaller file than indent=2, and a quarter faster to encode (Python
# 3.13's C encoder handles both). A review is a tree of fresh dicts, so the check for reference
# cycles (a tenth of the time) goes.
compact_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def claim_reviews(claims, *, organisation):
    """The ClaimReview objects of the published claims among `claims`, a list per batch of claims, in
    export order. Two queries in all: the claims, their corrections. The export below and the
    ClaimReview DataFeed (claims/feeds.py) are both made of these."""
    scale = rating_scale()
    public_url_of = public_urls(organisation)
    label_in = rating_labels_by_language()
    published = claims.filter(status=Status.PUBLISHED)
    corrected_at = _per_claim(published, "corrections", "created_at")
    for batch in _batches(published, CLAIM_REVIEW_FIELDS):
        reviews = []
        for claim in batch:
            claim["date_modified"] = max(corrected_at(claim), default=None)
            claim["rating_label_in_language"] = label_in(claim["published_rating_id"], claim["article__language"])
            reviews.append(review_of(claim, organisation=organisation, scale=scale, url=public_url_of(claim["pk"])))
        yield reviews


def export_claimreview(claims):
    """A JSON array of ClaimReview objects, one per published claim, one object per line; one chunk
    per batch of claims."""
    separator = "\n"
    yield "["
    for reviews in claim_reviews(claims, organisation=Organisation.current()):
        yield separator + ",\n".join(map(compact_json, reviews))
        separator = ",\n"
    yield "\n]\n"


def claim_review_script(review, nonce):
    """The <script type="application/ld+json"> element for a page. <, > and & inside the JSON are
    written as \\u escapes (the same escaping Django's json_script uses), so no text in a claim can
    close the script element."""
    escaped = json.dumps(review, ensure_ascii=False, indent=2).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(escaped))


# ---------------------------------------------------------------------------------------------------
# Markdown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md(text):
    """Text with Markdown's markup characters escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


# What a URL may keep as it is inside a CommonMark autolink: RFC 3986's unreserved and reserved
# characters and "%" (already-encoded octets stay encoded). Everything else, "<", ">", spaces, quotes,
# backslashes, control and non-ASCII characters, is percent-encoded: an autolink ends at the first
# ">", so a URL holding "><script>" would otherwise close it and leave raw HTML after it.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def md_url(url):
    """An http(s) URL as a Markdown autolink, percent-encoded so nothing in it can end the link; any
    other scheme (none should reach here: the models accept http and https only) as escaped text."""
    url = str(url).strip()
    scheme, colon, _ = url.partition(":")
    if not colon or scheme.lower() not in ("http", "https"):
        return md(url)
    return f"<{quote(url, safe=_URL_SAFE)}>"


def export_markdown(claims):
    organisation = Organisation.current()
    labels = Rating.labels_in(translation.get_language())
    yield "# " + gettext("Verified claims · %(organisation)s") % {"organisation": md(organisation.name)} + "\n\n"
    current_article = None
    for claim in _iterate(claims):
        if claim.article_id != current_article:
            current_article = claim.article_id
            article = claim.article
            yield f"## {md(article.title)}\n\n"
            facts = [md(x) for x in (article.publisher, article.published_on and article.published_on.isoformat()) if x]
            if article.url:
                facts.append(md_url(article.url))
            if facts:
                yield " · ".join(facts) + "\n\n"
        rating, conclusion = verdict_of(claim)
        yield f"### {md(claim.text)}\n\n"
        yield f"> {md(claim.quote)}\n\n"
        if claim.claimant:
            yield gettext("Claimed by: %(claimant)s") % {"claimant": md(claim.claimant)} + "\n\n"
        verdict = md(labels[rating.pk]) if rating else gettext("no verdict yet")
        status = "" if claim.status == Status.PUBLISHED else f" ({md(claim.get_status_display())})"
        yield "**" + gettext("Verdict: %(verdict)s") % {"verdict": verdict} + f"**{status}\n\n"
        if conclusion:
            yield f"{md(conclusion)}\n\n"
        evidence = related(claim, "evidence")
        if evidence:
            yield gettext("Sources:") + "\n\n"
            for n, item in enumerate(evidence, start=1):
                source = item.source
                line = f"{n}. {md(source.title)}"
                if source.publisher:
                    line += f", {md(source.publisher)}"
                line += " (" + gettext("%(stance)s; accessed %(date)s") % {
                    "stance": item.get_stance_display().lower(), "date": source.accessed_on.isoformat()}
                line += f") {md_url(source.url)}"
                if item.excerpt:
                    line += f" — “{md(item.excerpt)}”"
                yield line + "\n"
            yield "\n"
        for correction in related(claim, "corrections"):
            yield ("*" + gettext("Correction, %(date)s:") % {"date": correction.created_at.date().isoformat()} + "* "
                   f"{md(labels.get(correction.old_rating_id, ''))} → {md(labels.get(correction.new_rating_id, ''))}. "
                   f"{md(correction.public_note)}\n\n")
        if claim.status == Status.PUBLISHED:
            yield gettext("Public page: %(url)s") % {"url": md_url(public_url(claim, organisation))} + "\n\n"
    if current_article is None:
        yield gettext("No claims match this export.") + "\n"
    if organisation.methodology:
        yield "---\n\n*" + gettext("Methodology:") + f"* {md(organisation.methodology)}\n"


# ---------------------------------------------------------------------------------------------------
# The printable HTML report


@dataclass
class QuoteInContext:
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def quote_in_context(claim, body, width=160):
    """The claim's quote with up to `width` characters of its paragraph around it, cut at a word
    boundary; the stored 32-character selectors when the body no longer holds the quote there."""
    if body is None or body[claim.start:claim.end] != claim.quote:
        return QuoteInContext(claim.prefix, claim.quote, claim.suffix, True, True)
    start = max(0, claim.start - width)
    before = body[start:claim.start]
    cut_before = start > 0
    if "\n" in before:
        before, cut_before = before[before.rindex("\n") + 1:], False
    elif cut_before and " " in before:
        before = before[before.index(" ") + 1:]
    end = min(len(body), claim.end + width)
    after = body[claim.end:end]
    cut_after = end < len(body)
    if "\n" in after:
        after, cut_after = after[:after.index("\n")], False
    elif cut_after and " " in after:
        after = after[:after.rindex(" ")]
    return QuoteInContext(before, claim.quote, after, cut_before, cut_after)


def verdict_counts(claims):
    """{article_id: [(label, slug, count), ...]} for the report's summaries, in one query; labels in
    the active language."""
    counts = {}
    labels = Rating.labels_in(translation.get_language())
    no_verdict = gettext("No verdict yet")
    rows = (claims.values("article_id", "status", "rating_id", "rating__slug",
                          "published_rating_id", "published_rating__slug")
            .annotate(n=Count("pk")).order_by())
    for row in rows:
        published = row["status"] == Status.PUBLISHED
        rating_id = row["published_rating_id" if published else "rating_id"]
        label = labels.get(rating_id, no_verdict)
        slug = row["published_rating__slug" if published else "rating__slug"] or "none"
        counts.setdefault(row["article_id"], Counter())[(label, slug)] += row["n"]
    return {aid: sorted(((label, slug, n) for (label, slug), n in c.items()), key=lambda x: (-x[2], x[0]))
            for aid, c in counts.items()}


def report_stylesheets():
    """The report's own CSS, for a downloaded file that must open on its own (no server to fetch
    the stylesheet from)."""
    path = finders.find("reports/report.css")
    with open(path, encoding="utf-8") as f:
        css = f.read()
    css += "\n" + rating_css(Rating.objects.order_by("order", "pk"))
    # Written raw into a <style> element, where HTML escaping would corrupt the CSS's quotes. It is
    # our own stylesheet plus rules built from validated slugs and hex colours; refuse anything that
    # could close the element all the same.
    if "</" in css:
        raise ValueError("The report stylesheet must not contain '</'.")
    return mark_safe(css)


_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def rating_css(ratings):
    """One class per rating, coloured from Rating.colour: the chips need no inline style (CSP
    style-src 'self'). A colour that is not a plain hex value is skipped, so nothing typed in the
    admin can break out of the rule."""
    rules = []
    for rating in ratings:
        if _HEX_COLOUR.match(rating.colour or "") and _SLUG.match(rating.slug):
            rules.append(f".verdict--{rating.slug} {{ background-color: {rating.colour}; border-color: {rating.colour}; }}")
            # The public page's verdict panel: its edge in the verdict's colour (the words say it too).
            rules.append(f".verdict-frame--{rating.slug} {{ border-left-color: {rating.colour}; }}")
    return "\n".join(rules) + "\n"


def export_html(claims, *, status=PUBLISHED, standalone=True, title=None, options=None):
    """The printable report, article by article. `standalone` (a downloaded file) carries its CSS
    inside it; the report served by the workbench links its stylesheets instead, as the CSP asks.
    `options` (the workbench's article report) adds a bar, never printed, to change what it covers."""
    organisation = Organisation.current()
    document = get_template("reports/base.html#document_start")
    document_end = get_template("reports/base.html#document_end")
    article_start = get_template("reports/report.html#article_start")
    claim_part = get_template("reports/report.html#claim")
    article_end = get_template("reports/report.html#article_end")
    counts = verdict_counts(claims)
    # Rating labels in the reader's language, read once (a query per claim otherwise).
    labels = Rating.labels_in(translation.get_language())
    yield document.render({
        "title": title or gettext("Verified claims · %(organisation)s") % {"organisation": organisation.name},
        "inline_css": report_stylesheets() if standalone else None,
        "organisation": organisation, "generated_at": timezone.now(),
        "draft": status != PUBLISHED, "options": options,
    })
    current, body, number = None, None, 0
    for claim in _iterate(claims):
        if claim.article_id != current:
            if current is not None:
                yield article_end.render({})
            current, number = claim.article_id, 0
            article = Article.objects.get(pk=current)
            body = article.body
            summary = counts.get(current, [])
            yield article_start.render({
                "article": article, "verdict_counts": summary, "n_claims": sum(n for _, _, n in summary),
            })
        number += 1
        rating, conclusion = verdict_of(claim)
        corrections = related(claim, "corrections")
        for correction in corrections:
            correction.old_label = labels.get(correction.old_rating_id)
            correction.new_label = labels.get(correction.new_rating_id)
        yield claim_part.render({
            "claim": claim, "number": number, "rating": rating, "conclusion": conclusion,
            "rating_label": labels.get(getattr(rating, "pk", None)),
            "context": quote_in_context(claim, body), "evidence": related(claim, "evidence"),
            "corrections": corrections,
            "public_url": public_url(claim, organisation) if claim.status == Status.PUBLISHED else "",
        })
    if current is not None:
        yield article_end.render({})
    yield document_end.render({"organisation": organisation, "empty": current is None})


# ---------------------------------------------------------------------------------------------------
# Formats


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    f.name: f for f in [
        ExportFormat("csv", gettext_lazy("CSV (spreadsheet)"), "csv", "text/csv; charset=utf-8"),
        ExportFormat("json", gettext_lazy("JSON (complete; backup)"), "json", "application/json"),
        ExportFormat("claimreview", gettext_lazy("ClaimReview JSON-LD (published only)"), "jsonld", "application/ld+json"),
        ExportFormat("md", gettext_lazy("Markdown"), "md", "text/markdown; charset=utf-8"),
        ExportFormat("html", gettext_lazy("Printable report (HTML)"), "html", "text/html; charset=utf-8"),
    ]
}


def export(format_name, claims, *, status=PUBLISHED, standalone=True):
    """The chunks of `claims` exported as `format_name` (a key of FORMATS)."""
    if format_name not in FORMATS:
        raise ExportError(gettext("“%(format)s” is not an export format. Choose one of: %(known)s.")
                          % {"format": format_name, "known": ", ".join(FORMATS)})
    if format_name == "claimreview" and status != PUBLISHED:
        raise ExportError(gettext("ClaimReview describes published verdicts only: choose the status “published”."))
    if format_name == "csv":
        return export_csv(claims)
    if format_name == "json":
        return export_json(claims, status=status)
    if format_name == "claimreview":
        return export_claimreview(claims)
    if format_name == "md":
        return export_markdown(claims)
    return export_html(claims, status=status, standalone=standalone)


def export_filename(format_name, *, status=PUBLISHED, articles=(), today=None):
    """A name that says what the file holds: claims-published-2026-11-25.csv,
    claims-article-3-all-2026-11-25.json."""
    today = today or timezone.localdate()
    parts = ["claims"]
    ids = [str(getattr(a, "pk", a)) for a in articles]
    if len(ids) == 1:
        parts.append(f"article-{ids[0]}")
    elif ids:
        parts.append(f"{len(ids)}-articles")
    parts += [status.replace("_", "-"), today.isoformat()]
    return "-".join(parts) + "." + FORMATS[format_name].extension


def parse_date(value, what):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise ExportError(f"The {what} “{value}” is not a date (write it as YYYY-MM-DD).") from None
