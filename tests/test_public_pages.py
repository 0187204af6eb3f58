"""Public fact-check pages (claims/views/public.py): open without login, read-only, one ClaimReview
per page, 404 for anything unpublished, and nothing internal on them."""
import json
import re

import pytest

from claims import exports
from claims.models import Claim, Rating
from claims.workflow import Status

from .conftest import advance

from .export_fixtures import newsroom, organisation  # noqa: F401  (fixtures)

LD_JSON = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', re.S)


def page(client, claim):
    return client.get(f"/fact-checks/{claim.pk}/")


def test_published_claim_has_a_public_page_without_login(client, newsroom):
    response = page(client, newsroom["published"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only six nations pledged troops" in html
    assert 'class="verdict verdict--false" data-rating="false">False</span>' in html
    assert "It is false." in html
    assert f'href="https://example.org/source-{newsroom["published"].pk}-0"' in html and "Excerpt 0" in html
    assert "<mark>Only six nations have pledged troops</mark>" in html
    assert "Each claim is researched" in html


def test_public_page_shows_corrections(client, newsroom):
    html = page(client, newsroom["corrected"]).content.decode()
    assert "verdict changed from False to Half true. We corrected the verdict after new figures." in html
    assert "Half true" in html and "last corrected" in html


def test_exactly_one_claimreview_with_the_request_nonce(client, newsroom):
    response = page(client, newsroom["corrected"])
    html = response.content.decode()
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1 and html.count("application/ld+json") == 1
    nonce, body = blocks[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    claim = Claim.objects.get(pk=newsroom["corrected"].pk)
    expected = exports.claim_review(claim, organisation=organisation_now(), scale=exports.rating_scale())
    assert json.loads(body) == expected


def organisation_now():
    from claims.models import Organisation
    return Organisation.current()


def test_claimreview_block_cannot_be_broken_out_of(client, newsroom):
    hostile = "</script><script>alert(1)</script> & <!--"
    Claim.objects.filter(pk=newsroom["published"].pk).update(text=hostile)
    html = page(client, newsroom["published"]).content.decode()
    nonce, body = LD_JSON.findall(html)[0]
    assert "<" not in body and ">" not in body and "&" not in body.replace("\\u0026", "")
    assert json.loads(body)["claimReviewed"] == hostile
    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # the heading shows it, escaped


@pytest.mark.parametrize("status", [s for s in Status if s != Status.PUBLISHED])
def test_unpublished_claims_answer_404(client, claim, editor, editor2, checker, status):
    advance(claim, status, editor=editor, checker=checker, approver=editor2)
    assert page(client, claim).status_code == 404


def test_reopened_claim_is_no_longer_public(client, newsroom, editor):
    claim = newsroom["published"]
    claim.transition("reopen", editor, version=claim.version, reason="Doubts about the figures")
    assert page(client, claim).status_code == 404


def test_missing_claim_answers_404(client, db):
    assert client.get("/fact-checks/999/").status_code == 404


def test_nothing_internal_appears(client, newsroom, organisation, editor, editor2, checker):
    organisation.methodology = "Two sources, two people."
    organisation.save()
    # Names nothing else on the page could contain, to be sure no newsroom member is named.
    for user, (first, last) in zip([editor, editor2, checker], [("Zelda", "Quillfeather"), ("Yorick", "Pemberton"),
                                                                  ("Xanthe", "Marchbanks")]):
        user.first_name, user.last_name = first, last
        user.save()
    for name in ("published", "corrected"):
        html = page(client, newsroom[name]).content.decode()
        # Notes, people of the newsroom, history comments and reasons, workbench links.
        for internal in ("Called the ministry", "Zelda", "Quillfeather", "Yorick", "Pemberton", "Xanthe",
                         "Marchbanks", "A reader sent new figures", "It is false." if name == "corrected" else "\0",
                         # Links into the workbench (a static file under /static/claims/ is fine).
                         "Log out", '"/admin/', '"/exports/', '"/claims/'):
            assert internal not in html, internal
        # Usernames (as whole words: the methodology line speaks of "a fact-checker").
        assert not re.search(r"(?<![-\w])(editor2?|checker)\b", html)


def test_public_page_is_read_only(client, newsroom):
    url = f"/fact-checks/{newsroom['published'].pk}/"
    assert client.post(url).status_code == 405
    # The one form is the language switcher (docs/i18n.md), which changes nothing but the reader's language.
    html = client.get(url).content.decode()
    assert html.count("<form") == 1 and '<form class="language-switcher" action="/i18n/setlang/" method="post">' in html


def test_public_page_has_no_inline_styles(client, newsroom):
    html = page(client, newsroom["published"]).content.decode()
    assert "style=" not in html and "<style" not in html


def test_rating_styles_colour_the_chips_from_the_ratings_table(client, db):
    Rating.objects.filter(slug="true").update(colour="#00ff00")
    Rating.objects.filter(slug="false").update(colour="red;}a{")
    response = client.get("/fact-checks/ratings.css")
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert ".verdict--true { background-color: #00ff00;" in css
    assert "verdict--false" not in css and "red;}" not in css


# --- The page designed for readers, and the public index (issue #16) ----------------------------------


def test_public_page_has_a_site_header_with_logo_name_and_the_way_back(client, newsroom, organisation):
    html = page(client, newsroom["published"]).content.decode()
    assert '<header class="site-header">' in html
    assert 'src="/static/public/logo.svg" alt=""' in html and "Example Fact Check</span></a>" in html
    assert html.count('href="/fact-checks/"') >= 2  # the brand and "All fact checks"
    assert 'href="/static/public/public.css"' in html and "reports/report.css" not in html


def test_public_page_says_who_said_it_and_where(client, newsroom):
    html = page(client, newsroom["published"]).content.decode()
    assert 'Said by <strong><a href="https://www.afp.com/">AFP</a></strong> in' in html
    assert '<cite><a href="https://news.example.org/coalition">' in html
    assert "Our verdict</h2>" in html and ">False</span>" in html  # the verdict in words, not colour alone
    assert '<ol class="sources">' in html and 'id="source-1"' in html and 'id="source-2"' in html
    assert "<h2 id=\"conclusion-heading\">Our conclusion</h2>" in html


def test_a_long_claim_gets_a_short_heading_and_is_given_in_full_below(client, newsroom):
    long_text = "Only six nations have pledged troops " + "and many other things were said " * 7 + "at the end"
    Claim.objects.filter(pk=newsroom["published"].pk).update(text=long_text[:300])
    html = page(client, newsroom["published"]).content.decode()
    heading = re.search(r'<h1 class="fact-check__claim">(.*?)</h1>', html).group(1)
    assert len(heading) <= 111 and heading.endswith("…")
    assert long_text[:300] in html


def test_public_page_shows_the_published_verdict_not_the_working_one(client, newsroom):
    Claim.objects.filter(pk=newsroom["published"].pk).update(rating=Rating.objects.get(slug="true"),
                                                            conclusion="WORKING DRAFT")
    html = page(client, newsroom["published"]).content.decode()
    assert "WORKING DRAFT" not in html and "It is false." in html and 'data-rating="false"' in html


def test_logo_can_be_turned_off_and_must_be_a_static_file(client, newsroom, organisation):
    from django.core.exceptions import ValidationError

    organisation.logo = ""
    organisation.save()
    assert "<img" not in page(client, newsroom["published"]).content.decode()
    for bad in ("public/missing.svg", "../workbench/settings.py", "/etc/passwd"):
        organisation.logo = bad
        with pytest.raises(ValidationError):
            organisation.full_clean()


def test_public_index_lists_published_fact_checks_newest_first(client, newsroom, editor, editor2, checker):
    response = client.get("/fact-checks/")
    assert response.status_code == 200
    html = response.content.decode()
    corrected, published = newsroom["corrected"], newsroom["published"]
    # Both were first published in this test; the corrected one later.
    assert html.index(f'href="/fact-checks/{corrected.pk}/"') < html.index(f'href="/fact-checks/{published.pk}/"')
    assert '<span class="tag">Corrected</span>' in html
    for unpublished in ("2 billion", "AFP reported it on Friday"):
        assert unpublished not in html


def test_public_index_is_paginated(client, newsroom, monkeypatch):
    from claims.views import public

    monkeypatch.setattr(public, "PER_PAGE", 1)
    first = client.get("/fact-checks/").content.decode()
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    second = client.get("/fact-checks/?page=2").content.decode()
    assert "Page 2 of 2" in second and 'rel="prev" href="?page=1"' in second
    assert client.get("/fact-checks/?page=3").status_code == 404


@pytest.mark.parametrize("bad", ["x", "-1", "0", "1.5", "١", "99999999999"])
def test_public_index_refuses_page_numbers_that_are_not_plain_digits(client, db, bad):
    response = client.get("/fact-checks/", {"page": bad})
    assert response.status_code == 400 and "whole number" in response.content.decode()


def test_public_index_per_article(client, newsroom):
    article = newsroom["published"].article
    html = client.get(f"/fact-checks/?article={article.pk}").content.decode()
    assert f"Fact checks of “{article.title}”" in html
    assert f'/fact-checks/articles/{article.pk}/feed.atom"' in html
    assert client.get("/fact-checks/?article=999999").status_code == 404


def test_public_index_of_an_empty_desk(client, db):
    html = client.get("/fact-checks/").content.decode()
    assert "No fact checks are published yet." in html


def test_public_index_has_no_inline_styles_and_needs_no_login(client, newsroom):
    response = client.get("/fact-checks/")
    html = response.content.decode()
    assert response.status_code == 200 and "style=" not in html and "<style" not in html
    assert '"/claims/' not in html and "Log out" not in html


def test_print_stylesheet_hides_navigation_and_writes_out_links():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "static" / "public" / "public.css").read_text()
    printed = css[css.index("@media print"):]
    assert ".site-nav" in printed and "display: none" in printed
    assert 'content: " (" attr(href) ")"' in printed
    # Its own look: no default serif font.
    assert "serif;" not in css.replace("sans-serif", "")


def test_public_index_carries_no_claimreview(client, newsroom):
    """One ClaimReview per page, on the fact-check's own page (Google): never on the list of them."""
    assert "application/ld+json" not in client.get("/fact-checks/").content.decode()
