"""schema.org ClaimReview as the field does it (Google Search Central, "Fact Check (ClaimReview)
structured data"; see ../shared/reference/standards.md). Every test parses the exported JSON-LD."""
import json

import pytest

from claims import exports
from claims.models import Rating

from .conftest import add_sources
from .export_fixtures import claim_at, newsroom, organisation  # noqa: F401  (fixtures)


def reviews():
    document = json.loads("".join(exports.export("claimreview", exports.select_claims())))
    assert isinstance(document, list)
    return {review["url"].rstrip("/").rsplit("/", 1)[1]: review for review in document}


def review_of(claim):
    return reviews()[str(claim.pk)]


def publish(claim, rating, *, editor, editor2, checker):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    add_sources(claim, checker)
    claim.transition("propose", checker, version=claim.version, rating=rating, conclusion="We could not tell.")
    claim.transition("approve", editor2, version=claim.version)
    claim.transition("publish", editor2, version=claim.version)
    return claim


def test_one_object_per_published_claim_and_none_for_the_rest(newsroom):
    assert set(reviews()) == {str(newsroom["published"].pk), str(newsroom["corrected"].pk)}
    for review in reviews().values():
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"


def test_required_fields(newsroom):
    review = review_of(newsroom["published"])
    # claimReviewed: the claim's own words, never the verdict.
    assert review["claimReviewed"] == "Only six nations pledged troops"
    assert "False" not in review["claimReviewed"] and "false" not in review["claimReviewed"].lower()
    # url: the claim's public page, on the organisation's public base URL.
    assert review["url"] == f"https://checks.example.org/fact-checks/{newsroom['published'].pk}/"
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["alternateName"] == "False"


def test_numeric_rating_is_consistent_with_the_scale(newsroom):
    values = [v for v in Rating.objects.values_list("value", flat=True) if v is not None]
    for review in reviews().values():
        rating = review["reviewRating"]
        assert rating["worstRating"] == min(values) and rating["bestRating"] == max(values)
        assert 1 <= rating["worstRating"] < rating["bestRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert all(isinstance(rating[k], int) for k in ("ratingValue", "bestRating", "worstRating"))
        assert Rating.objects.get(label=rating["alternateName"]).value == rating["ratingValue"]


def test_the_scale_follows_the_ratings_table(newsroom):
    Rating.objects.create(label="Pants on fire", slug="pants-on-fire", value=7, definition="Absurd.")
    assert review_of(newsroom["published"])["reviewRating"]["bestRating"] == 7


def test_verdict_off_the_scale_has_only_its_label(newsroom, editor, editor2, checker):
    article = newsroom["published"].article
    claim = publish(claim_at(article, "AFP reported", "AFP reported it"), Rating.objects.get(slug="unverifiable"),
                    editor=editor, editor2=editor2, checker=checker)
    rating = review_of(claim)["reviewRating"]
    assert rating["alternateName"] == "Unverifiable"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_author_is_the_organisation(newsroom):
    assert review_of(newsroom["published"])["author"] == {
        "@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org/",
    }


def test_dates(newsroom):
    published, corrected = newsroom["published"], newsroom["corrected"]
    assert review_of(published)["datePublished"] == published.published_at.isoformat()
    assert "dateModified" not in review_of(published)
    # A correction (published again after a reopen) sets dateModified to its time.
    correction = corrected.corrections.get()
    assert review_of(corrected)["dateModified"] == correction.created_at.isoformat()
    assert review_of(corrected)["datePublished"] == corrected.published_at.isoformat()
    assert correction.created_at > corrected.published_at


def test_item_reviewed_is_the_claim_attributed_to_its_claimant(newsroom):
    item = review_of(newsroom["published"])["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "AFP", "sameAs": "https://www.afp.com/"}
    assert item["datePublished"] == "2026-11-20"
    assert item["appearance"] == {
        "@type": "NewsArticle", "url": "https://news.example.org/coalition", "headline": "Coalition talks",
        "datePublished": "2026-11-20", "publisher": {"@type": "Organization", "name": "Example News"},
        "inLanguage": "en",
    }


def test_claimant_of_unknown_kind_is_a_person_without_same_as(newsroom):
    author = review_of(newsroom["corrected"])["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Giorgia Meloni"}


def test_claim_author_is_never_the_fact_checker(newsroom):
    for review in reviews().values():
        assert review["itemReviewed"]["author"]["name"] != review["author"]["name"]
        assert review["itemReviewed"]["author"].get("sameAs") != review["author"]["url"]


def test_claim_without_claimant_omits_the_author(newsroom, editor, checker):
    claim = newsroom["in_review"]
    claim.transition("approve", editor, version=claim.version)
    claim.transition("publish", editor, version=claim.version)
    item = review_of(claim)["itemReviewed"]
    assert "author" not in item and item["@type"] == "Claim"


def test_article_without_date_or_url_leaves_them_out(newsroom):
    article = newsroom["published"].article
    article.url, article.published_on, article.publisher = "", None, ""
    article.save()
    item = review_of(newsroom["published"])["itemReviewed"]
    assert "datePublished" not in item
    assert item["appearance"] == {"@type": "NewsArticle", "headline": "Coalition talks", "inLanguage": "en"}


def test_claimreview_refuses_unpublished_claims(newsroom):
    with pytest.raises(exports.ExportError, match="published verdicts only"):
        exports.claim_review(newsroom["in_review"], organisation=None, scale=None)
    with pytest.raises(exports.ExportError, match="published verdicts only"):
        exports.export("claimreview", exports.select_claims(status="all"), status="all")
