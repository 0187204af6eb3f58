"""Exports (claims/exports.py, the Exports page, the article report, `manage.py export_claims`):
what each format holds, which claims go out, and that large sets stream in chunks."""
import csv
import io
import json
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import exports
from claims.models import Article, Claim, Rating
from claims.workflow import Status

from .conftest import PASSWORD, advance
from .export_fixtures import claim_at, newsroom, organisation  # noqa: F401  (fixtures)


def run(format_name, status="published", **filters):
    claims = exports.select_claims(status=status, **filters)
    return "".join(exports.export(format_name, claims, status=status))


def csv_records(text):
    return list(csv.DictReader(io.StringIO(text)))


# --- which claims ----------------------------------------------------------------------------------


def test_exports_hold_only_published_claims_by_default(newsroom):
    ids = {int(row["id"]) for row in csv_records(run("csv"))}
    assert ids == {newsroom["published"].pk, newsroom["corrected"].pk}


def test_other_statuses_only_when_asked_for(newsroom):
    assert {int(r["id"]) for r in csv_records(run("csv", status="in_review"))} == {newsroom["in_review"].pk}
    assert {int(r["id"]) for r in csv_records(run("csv", status="all"))} == {c.pk for c in newsroom.values()}


def test_unknown_status_is_refused_with_the_choices(db):
    with pytest.raises(exports.ExportError, match="“secret” is not a status. Choose one of: published"):
        exports.select_claims(status="secret")


def test_filters_by_article_and_verdict(newsroom, editor, checker):
    other = Article.objects.create(title="Another story", body="The deficit doubled in a year.")
    elsewhere = claim_at(other, "The deficit doubled", "The deficit doubled")
    advance(elsewhere, Status.PUBLISHED, editor=editor, checker=checker, approver=None)
    assert {int(r["id"]) for r in csv_records(run("csv", articles=[other.pk]))} == {elsewhere.pk}
    half_true = Rating.objects.get(slug="half-true")
    assert {int(r["id"]) for r in csv_records(run("csv", verdict=half_true))} == {newsroom["corrected"].pk}


def test_unknown_article_is_refused(db):
    with pytest.raises(exports.ExportError, match="There is no article with id 999"):
        exports.select_claims(articles=[999])


def test_date_range_on_publication_date(newsroom):
    today = timezone.localdate()
    assert len(csv_records(run("csv", date_from=today, date_to=today))) == 2
    assert csv_records(run("csv", date_to=today.replace(year=today.year - 1))) == []
    with pytest.raises(exports.ExportError, match="after its end"):
        exports.select_claims(date_from=today, date_to=today.replace(year=today.year - 1))


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_claim_with_verdict_and_sources(newsroom):
    rows = {int(r["id"]): r for r in csv_records(run("csv"))}
    row = rows[newsroom["published"].pk]
    assert row["claim"] == "Only six nations pledged troops"
    assert row["verdict"] == "False" and row["rating_value"] == "1"
    assert row["sources"] == "2" and "https://example.org/source-" in row["source_urls"]
    assert row["public_url"] == f"https://checks.example.org/fact-checks/{newsroom['published'].pk}/"
    assert rows[newsroom["corrected"].pk]["corrections"] == "1"


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_cells_a_spreadsheet_would_run(newsroom, dangerous):
    Claim.objects.filter(pk=newsroom["published"].pk).update(text=dangerous, claimant=dangerous)
    row = next(r for r in csv_records(run("csv")) if int(r["id"]) == newsroom["published"].pk)
    assert row["claim"] == "'" + dangerous
    assert row["claimant"] == "'" + dangerous


def test_csv_leaves_harmless_cells_alone():
    assert exports.neutralise_row(["Six nations", 3, ""]) == ["Six nations", 3, ""]


# --- JSON ------------------------------------------------------------------------------------------


def test_json_is_complete(newsroom):
    document = json.loads(run("json", status="all"))
    assert document["format"] == "claim-workbench-export" and document["status"] == "all"
    claims = {c["id"]: c for c in document["claims"]}
    published = claims[newsroom["published"].pk]
    assert published["article"] == {"id": newsroom["published"].article_id, "title": "Coalition talks",
                                    "url": "https://news.example.org/coalition"}
    assert published["span"] == {
        "start": 0, "end": 36, "quote": "Only six nations have pledged troops", "prefix": "",
        "suffix": newsroom["published"].suffix, "anchor_state": "anchored",
    }
    assert published["claimant"] == {"name": "AFP", "url": "https://www.afp.com/", "kind": "Organization"}
    assert published["status"] == "published" and published["verdict"]["slug"] == "false"
    assert published["conclusion"] == "It is false."
    assert published["assignment"]["assignee"] == "checker"
    assert published["proposed_by"] == "checker" and published["approved_by"] == "editor2"
    assert [e["source"]["url"] for e in published["evidence"]] == [
        f"https://example.org/source-{newsroom['published'].pk}-0", f"https://example.org/source-{newsroom['published'].pk}-1"]
    assert published["evidence"][0]["stance"] == "refutes" and published["evidence"][0]["excerpt"] == "Excerpt 0"
    assert published["notes"][0]["body"].startswith("Called the ministry")
    assert [h["action"] for h in published["history"]][0] == "created"
    assert len(published["history"]) == newsroom["published"].history.count()
    correction = claims[newsroom["corrected"].pk]["corrections"][0]
    assert correction["old_rating"]["slug"] == "false" and correction["new_rating"]["slug"] == "half-true"
    assert correction["public_note"] == "We corrected the verdict after new figures."
    assert {u["username"] for u in document["users"]} == {"editor", "editor2", "checker"}
    assert all("password" not in u for u in document["users"])
    assert document["articles"][0]["body"] == newsroom["published"].article.body


def test_json_of_published_claims_leaves_the_others_out(newsroom):
    document = json.loads(run("json"))
    assert {c["status"] for c in document["claims"]} == {"published"}


# --- Markdown and the printable report ---------------------------------------------------------------


def test_markdown_lists_claims_with_verdicts_sources_and_corrections(newsroom):
    text = run("md")
    assert "## Coalition talks" in text
    assert "### Only six nations pledged troops" in text and "**Verdict: False**" in text
    assert "1. Source 0, Example (refutes; accessed" in text
    assert "*Correction, " in text and "False → Half true. We corrected the verdict after new figures." in text
    assert "AFP reported it on Friday" not in text


def test_markdown_escapes_markup_in_claims(newsroom):
    Claim.objects.filter(pk=newsroom["published"].pk).update(text="Six *nations* [pledged](http://x)")
    assert r"### Six \*nations\* \[pledged\](http://x)" in run("md")


def test_printable_report_has_everything_the_editor_delivers(newsroom):
    html = run("html")
    assert "<h1>Coalition talks</h1>" in html
    assert "Example News" in html and "A. Reporter" in html and "20 November 2026" in html
    assert "2 claims checked." in html
    assert 'class="verdict verdict--false" data-rating="false">False</span> 1' in html
    assert "<mark>Only six nations have pledged troops</mark>, AFP reported on Friday." in html
    assert 'class="verdict verdict--half-true" data-rating="half-true">Half true</span>' in html
    assert html.count('<ol class="report__sources">') == 2 and "Accessed " in html and "Excerpt 0" in html
    assert "We corrected the verdict after new figures." in html
    assert "Methodology." in html and "Each claim is researched" in html
    assert "Internal draft" not in html
    assert "Called the ministry" not in html  # notes are internal


def test_draft_report_with_other_statuses_says_so(newsroom):
    html = run("html", status="all")
    assert "Internal draft" in html and "(In review)" in html


def test_downloaded_report_carries_its_stylesheet(newsroom):
    html = run("html")
    assert "<style>" in html and '@media print' in html and 'content: " (" attr(href) ")"' in html
    assert ".verdict--false { background-color: #b3261e" in html
    assert "<link" not in html


def test_quote_in_context_cuts_at_word_boundaries(newsroom):
    claim = newsroom["corrected"]
    context = exports.quote_in_context(claim, claim.article.body, width=20)
    assert context.quote == "ruled out sending Italian troops"
    assert context.before == "Giorgia Meloni " and context.cut_before
    # The paragraph ends after the full stop: the context stops there, with nothing cut.
    assert context.after == "." and not context.cut_after
    wide = exports.quote_in_context(claim, claim.article.body)
    assert wide.before == "Italian Prime Minister Giorgia Meloni " and not wide.cut_before


# --- streaming -------------------------------------------------------------------------------------


def five_published_claims(newsroom, editor, checker):
    article = newsroom["published"].article
    for word in ["Italian Prime Minister", "The minister said", "cost 2 billion"]:
        advance(claim_at(article, word, word), Status.PUBLISHED, editor=editor, checker=checker)


@pytest.mark.parametrize("format_name", list(exports.FORMATS))
def test_every_format_is_a_generator_reading_claims_in_chunks(newsroom, editor, checker, monkeypatch, format_name):
    five_published_claims(newsroom, editor, checker)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    chunk_sizes = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        if queryset.model is Claim:
            chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    chunks = exports.export(format_name, exports.select_claims())
    assert isinstance(chunks, types.GeneratorType)
    assert "".join(chunks)
    # Claims are only ever read from the database a chunk at a time, never all at once.
    assert chunk_sizes and set(chunk_sizes) == {2}


@pytest.mark.parametrize("format_name", ["md", "html"])
def test_formats_built_from_model_instances_prefetch_per_chunk(newsroom, editor, checker, monkeypatch, format_name):
    five_published_claims(newsroom, editor, checker)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    with CaptureQueriesContext(connection) as queries:
        assert "".join(exports.export(format_name, exports.select_claims()))
    # Five published claims in chunks of two: the evidence is fetched once per chunk, three times.
    evidence_queries = [q for q in queries.captured_queries if 'FROM "claims_evidence"' in q["sql"]]
    assert len(evidence_queries) == 3


# --- the Exports page ------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(client, viewer):
    client.login(username="viewer", password=PASSWORD)
    return client


def test_exports_page_needs_login(client, db):
    response = client.get("/exports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_exports_page_refuses_users_without_view_permission(client, outsider):
    client.login(username="outsider", password=PASSWORD)
    assert client.get("/exports/").status_code == 403
    assert client.get("/exports/?format=csv").status_code == 403


def test_exports_page_shows_the_form(viewer_client):
    page = viewer_client.get("/exports/")
    assert page.status_code == 200
    body = page.content.decode()
    for name in ["format", "status", "articles", "verdict", "date_from", "date_to"]:
        assert f'name="{name}"' in body
    assert "style=" not in body


def test_exports_page_link_is_in_the_navigation(viewer_client):
    assert 'href="/exports/"' in viewer_client.get("/").content.decode()


@pytest.mark.parametrize("format_name, content_type, extension", [
    ("csv", "text/csv; charset=utf-8", "csv"), ("json", "application/json", "json"),
    ("claimreview", "application/ld+json", "jsonld"), ("md", "text/markdown; charset=utf-8", "md"),
    ("html", "text/html; charset=utf-8", "html"),
])
def test_download_has_a_meaningful_name_and_content_type(viewer_client, newsroom, format_name, content_type, extension):
    response = viewer_client.get("/exports/", {"format": format_name, "status": "published"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == content_type
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="claims-published-{today}.{extension}"'
    assert b"Only six nations pledged troops" in b"".join(response.streaming_content)


def test_download_filtered_by_status_and_article(viewer_client, newsroom):
    article = newsroom["published"].article
    response = viewer_client.get("/exports/", {"format": "csv", "status": "in_review", "articles": [article.pk]})
    assert f"claims-article-{article.pk}-in-review-" in response["Content-Disposition"]
    rows = csv_records(b"".join(response.streaming_content).decode())
    assert [int(r["id"]) for r in rows] == [newsroom["in_review"].pk]


@pytest.mark.parametrize("params, message", [
    ({"format": "xls"}, "Select a valid choice. xls is not one of the available choices."),
    ({"format": "csv", "status": "secret"}, "Select a valid choice. secret is not one of the available choices."),
    ({"format": "csv", "date_from": "yesterday"}, "Enter a valid date."),
    ({"format": "csv", "date_from": "2026-11-02", "date_to": "2026-11-01"}, "The start of the date range is after its end."),
    ({"format": "claimreview", "status": "all"}, "ClaimReview describes published verdicts only"),
    ({"format": "csv", "articles": "999"}, "Select a valid choice. 999 is not one of the available choices."),
])
def test_bad_export_parameters_explain_themselves_in_the_page(viewer_client, newsroom, params, message):
    response = viewer_client.get("/exports/", params)
    assert response.status_code == 400
    assert not response.streaming
    assert message in response.content.decode()


# --- the printable report of one article -------------------------------------------------------------


def test_article_report_is_a_self_contained_page(viewer_client, newsroom):
    article = newsroom["published"].article
    response = viewer_client.get(f"/articles/{article.pk}/report/")
    assert response.status_code == 200 and response.streaming
    html = b"".join(response.streaming_content).decode()
    assert "<h1>Coalition talks</h1>" in html and "Only six nations pledged troops" in html
    assert '/static/reports/report.css' in html and '/fact-checks/ratings.css' in html
    assert "Log out" not in html and 'class="nav"' not in html  # no workbench navigation
    # Only a bar of its own, never printed: back to the article, which claims, download.
    assert '<nav class="report__options"' in html and f'href="/articles/{article.pk}/"' in html
    assert "style=" not in html and "<style" not in html  # CSP: stylesheets from the site only


def test_article_report_url_is_named_for_the_article_page(newsroom):
    from django.urls import reverse
    assert reverse("claims:article_report", args=[7]) == "/articles/7/report/"


def test_article_report_draft_and_download(viewer_client, newsroom):
    article = newsroom["published"].article
    html = b"".join(viewer_client.get(f"/articles/{article.pk}/report/?status=all").streaming_content).decode()
    assert "Internal draft" in html and "The plan would cost 2 billion euros" in html
    response = viewer_client.get(f"/articles/{article.pk}/report/?download=1")
    assert response["Content-Disposition"].startswith(f'attachment; filename="claims-article-{article.pk}-published-')


def test_article_report_refusals(client, viewer_client, newsroom, outsider):
    article = newsroom["published"].article
    assert viewer_client.get("/articles/999/report/").status_code == 404
    response = viewer_client.get(f"/articles/{article.pk}/report/?status=secret")
    assert response.status_code == 400 and "“secret” is not a status" in response.content.decode()
    client.logout()
    client.login(username="outsider", password=PASSWORD)
    assert client.get(f"/articles/{article.pk}/report/").status_code == 403


# --- manage.py export_claims ------------------------------------------------------------------------


def test_command_writes_to_stdout(newsroom):
    out = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=out)
    assert [int(r["id"]) for r in csv_records(out.getvalue())] == [newsroom["published"].pk, newsroom["corrected"].pk]


def test_command_writes_a_file_with_filters(newsroom, tmp_path):
    target = tmp_path / "claims.jsonld"
    call_command("export_claims", "--format", "claimreview", "--article", str(newsroom["published"].article_id),
                 "--output", str(target), stderr=io.StringIO())
    reviews = json.loads(target.read_text())
    assert [r["claimReviewed"] for r in reviews] == ["Only six nations pledged troops", "Meloni ruled out sending Italian troops"]


def test_command_refuses_what_it_cannot_do(newsroom):
    with pytest.raises(CommandError, match="There is no article with id 999"):
        call_command("export_claims", "--format", "csv", "--article", "999")
    with pytest.raises(CommandError, match="ClaimReview describes published verdicts only"):
        call_command("export_claims", "--format", "claimreview", "--status", "all")
    with pytest.raises(CommandError, match="invalid choice: 'secret'"):
        call_command("export_claims", "--format", "csv", "--status", "secret")


def test_streamed_claims_are_freed_as_the_export_moves_on(newsroom, editor, checker, monkeypatch):
    """Memory stays flat however many claims stream by: nothing keeps a written claim alive, not
    even a reference cycle waiting for the garbage collector (which is switched off here)."""
    import gc
    import weakref

    article = newsroom["published"].article
    for word in ["Italian Prime Minister", "The minister said", "cost 2 billion"]:
        advance(claim_at(article, word, word), Status.PUBLISHED, editor=editor, checker=checker)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    gc.collect()
    gc.disable()
    try:
        claims = exports._iterate(exports.select_claims())
        first = weakref.ref(next(claims))
        assert first() is not None  # still in its chunk
        remaining = sum(1 for _ in claims)
        assert remaining == 4
        assert first() is None
    finally:
        gc.enable()


def test_json_frees_each_batch_of_claims_as_the_export_moves_on(newsroom, editor, checker, monkeypatch):
    """The JSON backup, read as plain rows: a written batch of claims, with their records, is freed
    when the next one is read, without the garbage collector (switched off here)."""
    import gc
    import weakref

    five_published_claims(newsroom, editor, checker)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)

    class Row(dict):  # a plain dict cannot be referenced weakly
        pass

    batches, read = [], exports._batches

    def weakly_watched(claims, fields):
        for batch in read(claims, fields):
            rows = [Row(row) for row in batch]
            batches.append([weakref.ref(row) for row in rows])
            yield rows

    monkeypatch.setattr(exports, "_batches", weakly_watched)
    gc.collect()
    gc.disable()
    try:
        for chunk in exports.export("json", exports.select_claims()):
            if batches:
                *written, current = batches
                assert all(row() is not None for row in current)  # still being written
                assert all(row() is None for batch in written for row in batch)
        assert [len(batch) for batch in batches] == [2, 2, 1]
    finally:
        gc.enable()


def test_an_article_report_with_nothing_published_explains_and_offers_a_draft(viewer_client, newsroom):
    """The article's primary "Report" button led to a bare "No claims match this report." (issue #16)."""
    from claims.models import Article

    article = newsroom["published"].article
    article.claims.filter(status="published").update(status="in_review")
    response = viewer_client.get(f"/articles/{article.pk}/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Report: Coalition talks</h1>" in html
    assert "No claim of this article is published yet" in html and "In review: " in html
    # A way to include the claims in review: the status choice, with a claim's next status preselected.
    assert 'name="status"' in html and "Show the draft report" in html
    assert Article.objects.count() >= 1


def test_a_draft_report_choice_that_matches_nothing_says_which(viewer_client, newsroom):
    article = newsroom["published"].article
    from claims.workflow import Status

    absent = next(s for s in Status if not article.claims.filter(status=s).exists())
    html = viewer_client.get(f"/articles/{article.pk}/report/?status={absent.value}").content.decode()
    assert f"No claim of this article is “{absent.label.lower()}”" in html
