"""CSV and ClaimReview exports read plain rows (QuerySet.values) rather than model instances, so that
a newsroom's 100,000 claims stream in seconds: they must say exactly what the claims' model
instances say, in the same order, with a number of queries that does not grow with the claims."""
import csv
import io
import json
import math
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, reverse, set_script_prefix

from claims import exports
from claims.models import Article, Claim, Evidence, Organisation, Source
from claims.workflow import Status

from .conftest import advance, make_article_with_claims
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
        writer.writerow([exports.neutralise_cell(cell) for cell in row])
    return buffer.getvalue()


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


@pytest.mark.parametrize("format_name, status", [("csv", "all"), ("csv", "published"), ("claimreview", "published")])
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
