"""CSV, ClaimReview and JSON exports read plain rows (QuerySet.values) rather than model instances, so that
a newsroom's 100,000 claims stream in seconds: they must say exactly what the claims' model
instances say, in the same order, with a number of queries that does not grow with the claims."""
import csv
import io
import json
import math
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone

from claims import exports
from claims.models import Article, Claim, Correction, Evidence, HistoryEntry, Note, Organisation, Rating, Source
from claims.workflow import Status

from .conftest import advance, make_article_with_claims, make_user
from .export_fixtures import claim_at, newsroom, organisation  # noqa: F401  (fixtures)


def csv_as_model_instances_give_it(claims):
    """The CSV as the exporter wrote it from model instances, with their related records, before it
    read plain rows: the reference the faster writer must match byte for byte."""
    organisation = Organisation.current()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exports.CSV_COLUMNS)
    for claim in claims.order_by("article_id", "start", "pk"):
        rating, conclusion = exports.verdict_of(claim)
        urls = list(dict.fromkeys(e.source.url for e in claim.evidence.order_by("created_at", "pk")))
        public = organisation.public_base_url.rstrip("/") + reverse("public:claim", args=[claim.pk])
        row = [
            claim.pk, claim.article_id, claim.article.title, claim.article.url, claim.text, claim.quote,
            claim.claimant, claim.claimant_url, claim.claim_type, claim.status,
            rating.label if rating else "", rating.value if rating and rating.value is not None else "",
            conclusion, len(urls), " | ".join(urls), claim.assignee.username if claim.assignee else "",
            claim.published_at.isoformat() if claim.published_at else "",
            claim.last_published_at.isoformat() if claim.last_published_at else "",
            claim.corrections.count(), public if claim.status == Status.PUBLISHED else "",
        ]
        writer.writerow(exports.neutralise_row(row))
    return buffer.getvalue()


def json_as_model_instances_give_it(claims, status):
    """The JSON backup as the exporter wrote it from model instances, with their related records,
    before it read plain rows: the reference the faster writer must match byte for byte. (Its
    organisation, ratings, articles and users are written as they were, by the same functions.)"""
    dump = exports._dump
    organisation = Organisation.current()
    text = "{\n"
    text += f'"format": {dump(exports.JSON_FORMAT_NAME)},\n"version": {exports.JSON_FORMAT_VERSION},\n'
    text += f'"exported_at": {dump(timezone.now().isoformat())},\n"status": {dump(status)},\n'
    text += '"organisation": ' + dump({
        "name": organisation.name, "url": organisation.url, "public_base_url": organisation.public_base_url,
        "methodology": organisation.methodology, "corrections_policy_url": organisation.corrections_policy_url,
        "logo": organisation.logo,
    }) + ",\n"
    ratings = [
        {"slug": r.slug, "label": r.label, "value": r.value, "definition": r.definition, "colour": r.colour,
         "order": r.order}
        for r in Rating.objects.order_by("order", "pk")
    ]
    text += '"ratings": ' + dump(ratings) + ",\n"
    users = set()
    text += '"articles": ['
    articles = Article.objects.filter(pk__in=claims.values("article_id")).select_related("added_by").order_by("pk")
    for n, article in enumerate(articles):
        text += ("," if n else "") + "\n" + dump(exports.article_json(article, users))
    text += '\n],\n"claims": ['
    claims = claims.select_related(
        "article", "rating", "published_rating", "assignee", "proposed_by", "approved_by", "created_by",
    ).order_by("article_id", "start", "pk").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("source", "source__added_by", "added_by")),
        Prefetch("corrections", queryset=Correction.objects.select_related("old_rating", "new_rating", "corrected_by")),
        Prefetch("notes", queryset=Note.objects.select_related("author")),
        Prefetch("history", queryset=HistoryEntry.objects.select_related("actor")),
    )
    for n, claim in enumerate(claims):
        text += ("," if n else "") + "\n" + dump(claim_json_from_model_instances(claim, users))
    text += '\n],\n"users": ['
    users.discard(None)
    people = get_user_model().objects.filter(pk__in=users).prefetch_related("groups").order_by("username")
    for n, user in enumerate(people):
        text += ("," if n else "") + "\n" + dump(exports.user_json(user))
    return text + "\n]\n}\n"


def claim_json_from_model_instances(claim, users):
    def username(user):
        return user.get_username() if user is not None else None

    def iso(value):
        return value.isoformat() if value is not None else None

    rating_json = exports.rating_json
    users.update({claim.assignee_id, claim.proposed_by_id, claim.approved_by_id, claim.created_by_id})
    evidence, notes, history, corrections = [], [], [], []
    for item in claim.evidence.all():
        source = item.source
        users.update({item.added_by_id, source.added_by_id})
        evidence.append({
            "stance": item.stance, "excerpt": item.excerpt,
            "source": {
                "id": source.pk, "url": source.url, "title": source.title, "publisher": source.publisher,
                "published_on": iso(source.published_on), "accessed_on": iso(source.accessed_on),
                "archive_url": source.archive_url, "is_primary": source.is_primary,
                "added_by": username(source.added_by), "created_at": iso(source.created_at),
            },
            "added_by": username(item.added_by), "created_at": iso(item.created_at),
        })
    for note in claim.notes.all():
        users.add(note.author_id)
        notes.append({"author": username(note.author), "body": note.body, "created_at": iso(note.created_at)})
    for entry in claim.history.all():
        users.add(entry.actor_id)
        history.append({
            "actor": username(entry.actor), "action": entry.action, "field": entry.field,
            "old_value": entry.old_value, "new_value": entry.new_value, "comment": entry.comment,
            "created_at": iso(entry.created_at),
        })
    for correction in claim.corrections.all():
        users.add(correction.corrected_by_id)
        corrections.append({
            "old_rating": rating_json(correction.old_rating), "new_rating": rating_json(correction.new_rating),
            "old_conclusion": correction.old_conclusion, "new_conclusion": correction.new_conclusion,
            "public_note": correction.public_note, "corrected_by": username(correction.corrected_by),
            "created_at": iso(correction.created_at),
        })
    return {
        "id": claim.pk,
        "article": {"id": claim.article_id, "title": claim.article.title, "url": claim.article.url},
        "claim": claim.text,
        "span": {
            "start": claim.start, "end": claim.end, "quote": claim.quote, "prefix": claim.prefix,
            "suffix": claim.suffix, "anchor_state": claim.anchor_state,
        },
        "claimant": {"name": claim.claimant, "url": claim.claimant_url, "kind": claim.claimant_kind},
        "claim_type": claim.claim_type,
        "priority": claim.priority,
        "status": claim.status,
        "version": claim.version,
        "verdict": rating_json(claim.rating),
        "conclusion": claim.conclusion,
        "source_justification": claim.source_justification,
        "published": {
            "verdict": rating_json(claim.published_rating), "conclusion": claim.published_conclusion,
            "published_at": iso(claim.published_at), "last_published_at": iso(claim.last_published_at),
        },
        "assignment": {"assignee": username(claim.assignee), "due_date": iso(claim.due_date)},
        "proposed_by": username(claim.proposed_by),
        "approved_by": username(claim.approved_by),
        "duplicate_of": claim.duplicate_of_id,
        "created_by": username(claim.created_by),
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
        "evidence": evidence,
        "notes": notes,
        "history": history,
        "corrections": corrections,
    }


def export(format_name, status):
    return "".join(exports.export(format_name, exports.select_claims(status=status), status=status))


@pytest.fixture
def varied(newsroom, editor, checker):
    """The newsroom, plus what a real one has: a source shared by several claims, a claim citing the
    same URL twice, evidence whose order of addition is not the order of its ids, two claims on the
    same span, claims with no verdict or assignee, a second article, and text a spreadsheet would
    run as a formula."""
    article = newsroom["published"].article
    researched = claim_at(article, "Italian Prime Minister", "The Prime Minister is Italian")
    advance(researched, Status.IN_RESEARCH, editor=editor, checker=checker)
    twin = claim_at(article, "Italian Prime Minister", "Italy has a Prime Minister")
    advance(twin, Status.IN_RESEARCH, editor=editor, checker=checker)
    shared = Source.objects.create(url="https://example.org/shared", title="Shared", added_by=checker)
    again = Source.objects.create(url="https://example.org/shared", title="Shared, archived", added_by=checker)
    first = researched.add_evidence(checker, shared, Evidence.Stance.SUPPORTS)
    researched.add_evidence(checker, Source(url="https://example.org/later", title="Later"), Evidence.Stance.CONTEXT)
    researched.add_evidence(checker, again, Evidence.Stance.SUPPORTS)
    twin.add_evidence(checker, shared, Evidence.Stance.REFUTES)
    # Added first, listed last: evidence goes out in the order it was added, not by id.
    Evidence.objects.filter(pk=first.pk).update(created_at=first.created_at + timedelta(days=1))
    other = Article.objects.create(title="=HYPERLINK(\"http://evil\")", publisher="@Example",
                                   body="Taxes rose by 2 per cent last year.")
    formula = claim_at(other, "Taxes rose by 2 per cent", "+Taxes rose", claimant="-1 Minister",
                       claimant_url="https://example.org/minister")
    advance(formula, Status.PUBLISHED, editor=editor, checker=checker)
    Claim.objects.filter(pk=formula.pk).update(published_conclusion="=1+1", quote="@SUM(A1)")
    claim_at(other, "last year", "Last year")  # new: no verdict, no assignee
    return newsroom


@pytest.mark.parametrize("status", ["all", "published", "in_research", "dismissed"])
def test_csv_is_what_the_model_instances_give(varied, status):
    assert export("csv", status) == csv_as_model_instances_give_it(exports.select_claims(status=status))


@pytest.fixture
def backed_up(varied, editor, checker, viewer):
    """The varied newsroom, plus what only the backup holds: several notes on one claim, history
    entries by nobody, corrections with and without ratings, a claim marked as another's duplicate,
    a due date, text far from ASCII, and a person in no group."""
    researched = Claim.objects.get(text="The Prime Minister is Italian")
    twin = Claim.objects.get(text="Italy has a Prime Minister")
    researched.add_note(checker, "Zoë’s «note»: 東京 — ✓ 😀")
    researched.add_note(editor, "Second note\nover two lines, with \"quotes\" and a \\ backslash")
    loner = make_user("zoë")
    Note.objects.create(claim=twin, author=loner, body="Written before she left every group.")
    HistoryEntry.objects.create(claim=twin, actor=None, action=HistoryEntry.Action.EDIT, field="text",
                                old_value="Itália", new_value="Italy", comment="")
    Claim.objects.filter(pk=twin.pk).update(duplicate_of=researched, due_date="2026-12-01", priority=1)
    corrected = varied["corrected"]
    Correction.objects.create(claim=corrected, old_rating=None, new_rating=Rating.objects.get(slug="false"),
                              public_note="Rated at last.", corrected_by=editor)
    Correction.objects.create(claim=corrected, old_rating=None, new_rating=None, old_conclusion="Était faux.",
                              public_note="Wording only — no verdict changed.", corrected_by=viewer)
    Source.objects.filter(url="https://example.org/later").update(
        published_on="2026-01-02", archive_url="https://archive.example.org/later", is_primary=True,
        publisher="Ørsted Ltd", added_by=None)
    return varied


@pytest.mark.parametrize("status", ["all", "published", "in_research", "dismissed", "new"])
def test_json_is_byte_for_byte_what_the_model_instances_give(backed_up, monkeypatch, status):
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    claims = exports.select_claims(status=status)
    assert export("json", status) == json_as_model_instances_give_it(claims, status)


def test_backup_fixture_has_what_the_json_must_get_right(backed_up):
    """Guards the test above: the data set does hold the cases it names."""
    document = json.loads(export("json", "all"))
    claims = document["claims"]
    assert any(len(claim["evidence"]) >= 3 for claim in claims)
    shared = [e["source"]["id"] for claim in claims for e in claim["evidence"]]
    assert len(shared) > len(set(shared))
    assert any(len(claim["notes"]) >= 2 for claim in claims)
    assert any(entry["actor"] is None for claim in claims for entry in claim["history"])
    corrections = [c for claim in claims for c in claim["corrections"]]
    assert {c["old_rating"] is None for c in corrections} == {True, False}
    assert {c["new_rating"] is None for c in corrections} == {True, False}
    assert any(claim["verdict"] is None and claim["assignment"]["assignee"] is None for claim in claims)
    assert any(claim["duplicate_of"] for claim in claims)
    assert "😀" in export("json", "all")
    groups = {user["username"]: user["groups"] for user in document["users"]}
    assert groups["zoë"] == [] and groups["editor"] == ["Editors"] and groups["viewer"]


def test_csv_lists_each_source_once_in_the_order_it_was_added(varied):
    rows = list(csv.DictReader(io.StringIO(export("csv", "all"))))
    researched = next(r for r in rows if r["claim"] == "The Prime Minister is Italian")
    assert researched["source_urls"] == "https://example.org/later | https://example.org/shared"
    assert researched["sources"] == "2"
    twin = next(r for r in rows if r["claim"] == "Italy has a Prime Minister")
    assert twin["source_urls"] == "https://example.org/shared"


def test_claimreview_is_what_the_public_pages_give(varied):
    reviews = json.loads(export("claimreview", "published"))
    published = Claim.objects.filter(status=Status.PUBLISHED).order_by("article_id", "start", "pk")
    organisation, scale = Organisation.current(), exports.rating_scale()
    assert reviews == [exports.claim_review(claim, organisation=organisation, scale=scale) for claim in published]
    assert any("dateModified" in review for review in reviews)


def test_claimreview_is_a_json_array_with_one_object_per_line(varied):
    lines = export("claimreview", "published").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == 2 + Claim.objects.filter(status=Status.PUBLISHED).count()
    assert all(json.loads(line.rstrip(",")) for line in lines[1:-1])


def test_empty_claimreview_is_an_empty_array(db):
    assert json.loads(export("claimreview", "published")) == []


def test_public_urls_are_those_django_reverses(organisation):
    set_script_prefix("/newsroom/")
    try:
        url_of = exports.public_urls(organisation)
        for pk in [1, 7, 10, 918273645, 123456789012]:
            assert url_of(pk) == "https://checks.example.org" + reverse("public:claim", args=[pk])
        assert url_of(7) == "https://checks.example.org/newsroom/fact-checks/7/"
    finally:
        clear_script_prefix()


def test_sources_of_a_claim_that_left_the_export_are_passed_over(varied):
    """The claims and their sources are two queries: a claim unpublished between them must not lend
    its sources to the next claim."""
    everything = exports.select_claims(status="all")
    source_urls_of = exports._per_claim(everything, "evidence", "source__url")
    for batch in exports._batches(exports.select_claims(status="in_research"), ()):
        for claim in batch:
            expected = [e.source.url for e in Evidence.objects.filter(claim=claim["pk"]).order_by("created_at", "pk")]
            assert source_urls_of(claim) == expected


# --- a fixed number of queries, one chunk of text per batch ------------------------------------------


def queries_to_export(format_name, status):
    with CaptureQueriesContext(connection) as queries:
        export(format_name, status)
    return len(queries.captured_queries)


@pytest.mark.parametrize("format_name, status", [
    ("csv", "all"), ("csv", "published"), ("claimreview", "published"), ("json", "all"), ("json", "published"),
])
def test_queries_do_not_grow_with_the_number_of_claims(organisation, editor, checker, monkeypatch, format_name, status):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)  # many batches: none may add a query
    make_article_with_claims(6, editor=editor, checker=checker, approver=editor)
    few = queries_to_export(format_name, status)
    make_article_with_claims(60, editor=editor, checker=checker, approver=editor, title="A longer article")
    assert queries_to_export(format_name, status) == few


def test_csv_and_claimreview_yield_one_chunk_per_batch(varied, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    batches = math.ceil(exports.select_claims(status="all").count() / 2)
    assert len(list(exports.export("csv", exports.select_claims(status="all"), status="all"))) == 1 + batches
    published = math.ceil(exports.select_claims().count() / 2)
    assert len(list(exports.export("claimreview", exports.select_claims()))) == 2 + published


def test_usernames_of_accounts_added_during_the_export_are_looked_up(editor):
    usernames = exports.Usernames()
    assert usernames[editor.pk] == "editor" and usernames[None] is None
    latecomer = make_user("latecomer")
    assert usernames[latecomer.pk] == "latecomer"
