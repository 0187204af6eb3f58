"""Checked elsewhere: `manage.py import_claimreviews` reads other fact-checkers' ClaimReview JSON-LD
(claims/external_reviews.py) into ExternalReview, all or nothing per file."""
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.external_reviews import MAX_DEPTH, ClaimReviewRefused, read_file
from claims.models import ExternalReview


def review(n=1, **extra):
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://factcheck.example.org/checks/{n}",
        "claimReviewed": f"Only six nations pledged troops ({n})",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Minister"}},
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "alternateName": "Mostly false"},
        "datePublished": "2026-03-04", "inLanguage": "en", **extra,
    }


def run(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_claimreviews", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return False, err.getvalue() + str(exc)
    return True, out.getvalue()


def test_a_single_claimreview_is_imported_with_claim_rating_publisher_url_date_and_language(db, tmp_path):
    ok, out = run(tmp_path, "one.json", review())
    assert ok and "1 new" in out
    found = ExternalReview.objects.get()
    assert (found.claim_reviewed, found.rating, found.publisher, found.claimant, str(found.published_on), found.language) == (
        "Only six nations pledged troops (1)", "Mostly false", "Example Fact Check", "A. Minister", "2026-03-04", "en")


def test_lists_datafeeds_and_graphs_are_read_and_a_second_import_updates(db, tmp_path):
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review(1)]}, {"@type": "DataFeedItem", "item": review(2)}, review(3)]}
    assert run(tmp_path, "feed.json", feed)[0]
    assert run(tmp_path, "list.json", [review(4), review(5)])[0]
    assert run(tmp_path, "graph.jsonld", {"@graph": [review(6)]})[0]
    assert ExternalReview.objects.count() == 6
    ok, out = run(tmp_path, "again.json", [review(1, reviewRating={"alternateName": "False"})])
    assert ok and "0 new, 1 updated" in out
    assert ExternalReview.objects.get(url__endswith="/1").rating == "False"


def test_an_html_page_with_embedded_json_ld_is_read(db, tmp_path):
    page = ('<html><head><script type="application/ld+json">' + json.dumps(review(7))
            + '</script><script>var x = "{not json";</script></head><body>Check</body></html>')
    assert run(tmp_path, "page.html", page)[0]
    assert ExternalReview.objects.filter(url__endswith="/7").exists()


@pytest.mark.parametrize("content, problem", [
    ([review(1), review(2, claimReviewed="")], "ClaimReview 2: claimReviewed is missing"),
    ([review(1), review(2, url="javascript:alert(1)")], "ClaimReview 2: url"),
    ([review(1, datePublished="04/03/2026")], "datePublished"),
    ([review(1, datePublished="2026-02-30")], "not a real date"),
    ([review(1, inLanguage="english please")], "inLanguage"),
    ({"@type": "Article"}, "no ClaimReview found"),
    ("{not json", "not valid JSON"),
    ([review(1, claimReviewed="x" * 2001)], "longer than 2000"),
])
def test_a_bad_file_is_refused_with_its_first_problem_and_nothing_from_it_is_imported(db, tmp_path, content, problem):
    ok, message = run(tmp_path, "bad.json", content)
    assert not ok and problem in message and "nothing imported" in message
    assert not ExternalReview.objects.exists()


def test_control_characters_and_deep_nesting_are_refused_before_parsing():
    with pytest.raises(ClaimReviewRefused, match="control character"):
        read_file("x.json", json.dumps(review()).replace("Only", "On\x07ly").encode())
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(ClaimReviewRefused, match="nested"):
        read_file("x.json", deep.encode())
    with pytest.raises(ClaimReviewRefused, match="escaped control|control"):
        read_file("x.json", json.dumps(review(claimReviewed="a\u0000b")).encode())


def test_a_directory_imports_its_good_files_and_names_the_refused_ones(db, tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(review(1)))
    (tmp_path / "bad.json").write_text(json.dumps([review(2), {"@type": "ClaimReview"}]))
    (tmp_path / "notes.txt").write_text("ignored")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_claimreviews", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "bad.json: refused" in err.getvalue() and "ClaimReview 2: url is missing" in err.getvalue()
    assert list(ExternalReview.objects.values_list("url", flat=True)) == ["https://factcheck.example.org/checks/1"]
