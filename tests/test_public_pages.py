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
    assert "<form" not in client.get(url).content.decode()


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
