"""Feeds of published fact-checks (claims/feeds.py, claims/views/public.py): Atom (RFC 4287), JSON Feed
1.1 and a schema.org DataFeed of ClaimReview items, for the whole desk and per article. Public, nothing
unpublished, cacheable with conditional GET, and a corrected fact-check keeps its entry id."""
import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from claims import exports
from claims.models import Claim, Organisation, Rating
from claims.workflow import Status

from .conftest import advance
from .export_fixtures import claim_at, newsroom, organisation, republish_with_correction  # noqa: F401  (fixtures)

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/fact-checks/feed.atom", "/fact-checks/feed.json", "/fact-checks/claimreview.json"]


def atom(client, url="/fact-checks/feed.atom"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def json_feed(client, url="/fact-checks/feed.json"):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def datafeed(client, url="/fact-checks/claimreview.json"):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def public_url(claim):
    return f"https://checks.example.org/fact-checks/{claim.pk}/"


def test_atom_feed_has_the_elements_rfc_4287_requires(client, newsroom):
    feed = atom(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://checks.example.org/fact-checks/"
    assert feed.findtext(f"{ATOM}title") == "Example Fact Check: fact checks"
    assert feed.findtext(f"{ATOM}updated")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "https://checks.example.org/fact-checks/",
                     "self": "https://checks.example.org/fact-checks/feed.atom"}
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Example Fact Check"
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    # Latest published or corrected first: the correction came after the first publication.
    assert ids == [public_url(newsroom["corrected"]), public_url(newsroom["published"])]
    entry = entries[1]
    assert entry.findtext(f"{ATOM}title") == "False: Only six nations pledged troops"
    assert entry.find(f"{ATOM}link").get("href") == public_url(newsroom["published"])
    assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")
    assert "Our verdict: False. It is false." in entry.findtext(f"{ATOM}summary")
    assert "Claimed by AFP" in entry.findtext(f"{ATOM}content")


def test_json_feed_follows_version_1_1(client, newsroom):
    feed = json_feed(client)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Example Fact Check: fact checks"
    assert feed["home_page_url"] == "https://checks.example.org/fact-checks/"
    assert feed["feed_url"] == "https://checks.example.org/fact-checks/feed.json"
    item = {i["id"]: i for i in feed["items"]}[public_url(newsroom["published"])]
    assert item["url"] == item["id"]
    assert item["title"] == "False: Only six nations pledged troops"
    assert "Our verdict: False." in item["content_text"] and "It is false." in item["content_text"]
    assert item["date_published"] == Claim.objects.get(pk=newsroom["published"].pk).published_at.isoformat()
    assert item["external_url"] == "https://news.example.org/coalition"


def test_datafeed_holds_the_same_claimreview_objects_as_the_export(client, newsroom):
    feed = datafeed(client)
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    assert feed["url"] == "https://checks.example.org/fact-checks/claimreview.json"
    exported = json.loads("".join(exports.export_claimreview(Claim.objects.all())))
    assert feed["dataFeedElement"] == exported
    assert {r["@type"] for r in feed["dataFeedElement"]} == {"ClaimReview"}
    assert len(feed["dataFeedElement"]) == 2


@pytest.mark.parametrize("url", FEEDS)
def test_nothing_unpublished_appears_in_any_feed(client, newsroom, editor, editor2, checker, url):
    # A claim approved but not published, with a verdict and a conclusion of its own; a published
    # claim reopened, with a new working verdict nobody has published.
    article = newsroom["published"].article
    verified = claim_at(article, "Giorgia Meloni", "Meloni is Italy's prime minister")
    advance(verified, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    Claim.objects.filter(pk=verified.pk).update(conclusion="SECRET WORKING CONCLUSION")
    published = newsroom["published"]
    published.transition("reopen", editor, version=published.version, reason="New figures")
    published.transition("propose", checker, version=published.version, rating=Rating.objects.get(slug="true"),
                         conclusion="UNPUBLISHED NEW CONCLUSION")
    body = b"".join(client.get(url).streaming_content) if url.endswith("claimreview.json") else client.get(url).content
    text = body.decode()
    for unpublished in ("Meloni is Italy", "SECRET WORKING", "UNPUBLISHED NEW", "Only six nations", "2 billion",
                        "AFP reported it on Friday", "Called the ministry"):
        assert unpublished not in text, unpublished
    # The published (corrected) one is there, with its published verdict.
    assert "Meloni ruled out sending Italian troops" in text and "Half true" in text


def test_feeds_show_the_published_verdict_not_the_working_one(client, newsroom):
    # A working verdict that differs from the published one (as a careless edit outside the workflow
    # would leave it) never reaches a feed.
    Claim.objects.filter(pk=newsroom["published"].pk).update(rating=Rating.objects.get(slug="true"),
                                                            conclusion="WORKING DRAFT")
    for url in FEEDS[:2]:
        text = client.get(url).content.decode()
        assert "WORKING DRAFT" not in text and "True: Only six" not in text
        assert "False: Only six nations pledged troops" in text


def test_a_corrected_fact_check_keeps_its_id_and_gets_a_new_updated_time(client, newsroom, editor, editor2, checker):
    claim = newsroom["published"]
    before = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in atom(client).findall(f"{ATOM}entry")}
    items_before = {i["id"]: i for i in json_feed(client)["items"]}
    republish_with_correction(claim, editor=editor, checker=checker, rating=Rating.objects.get(slug="mostly-false"),
                              note="We misread the table.")
    after = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in atom(client).findall(f"{ATOM}entry")}
    items_after = {i["id"]: i for i in json_feed(client)["items"]}
    url = public_url(claim)
    assert set(after) == set(before)
    assert after[url] > before[url]
    assert items_after[url]["date_published"] == items_before[url]["date_published"]
    assert items_after[url]["date_modified"] > items_before[url]["date_modified"]
    assert items_after[url]["title"] == "Mostly false: Only six nations pledged troops"
    review = {r["url"]: r for r in datafeed(client)["dataFeedElement"]}[url]
    assert review["reviewRating"]["alternateName"] == "Mostly false" and "dateModified" in review


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_answer_304_to_a_current_etag_and_200_after_a_change(client, newsroom, editor, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # Withdrawing a fact-check (reopening it) changes the feed: the old validators no longer match.
    claim = newsroom["published"]
    claim.transition("reopen", editor, version=claim.version, reason="Doubts")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_stale_etag_gets_the_whole_feed(client, newsroom):
    response = client.get(FEEDS[0], headers={"If-None-Match": '"not-the-current-one"'})
    assert response.status_code == 200 and b"<entry xml:lang=" in response.content


def test_feed_validators_change_when_the_organisation_is_renamed(client, newsroom, organisation):
    etag = client.get(FEEDS[1])["ETag"]
    organisation.name = "Renamed Fact Check"
    organisation.save()
    response = client.get(FEEDS[1], headers={"If-None-Match": etag})
    assert response.status_code == 200 and b"Renamed Fact Check" in response.content


def test_per_article_feeds_hold_only_that_articles_fact_checks(client, newsroom, editor, editor2, checker):
    from claims.models import Article

    other = Article.objects.create(title="Another article", body="The sea is wet. The sky is green.")
    claim = claim_at(other, "The sky is green", "The sky is green")
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    whole = json_feed(client)
    assert len(whole["items"]) == 3
    one = json_feed(client, f"/fact-checks/articles/{other.pk}/feed.json")
    assert [i["id"] for i in one["items"]] == [public_url(claim)]
    assert one["home_page_url"] == f"https://checks.example.org/fact-checks/?article={other.pk}"
    assert one["title"] == "Example Fact Check: fact checks of “Another article”"
    entries = atom(client, f"/fact-checks/articles/{other.pk}/feed.atom").findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [public_url(claim)]
    reviews = datafeed(client, f"/fact-checks/articles/{other.pk}/claimreview.json")["dataFeedElement"]
    assert [r["url"] for r in reviews] == [public_url(claim)]


@pytest.mark.parametrize("suffix", ["feed.atom", "feed.json", "claimreview.json"])
def test_per_article_feed_of_an_article_with_nothing_published_is_404(client, newsroom, suffix):
    from claims.models import Article

    quiet = Article.objects.create(title="Nothing published", body="Nothing to see.")
    assert client.get(f"/fact-checks/articles/{quiet.pk}/{suffix}").status_code == 404
    assert client.get(f"/fact-checks/articles/999999/{suffix}").status_code == 404


def test_feeds_need_no_login_and_refuse_writes(client, newsroom):
    for url in FEEDS:
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 405


def test_empty_desk_gives_empty_valid_feeds(client, db):
    assert atom(client).findall(f"{ATOM}entry") == []
    assert json_feed(client)["items"] == []
    assert datafeed(client)["dataFeedElement"] == []


def test_entry_text_is_escaped(client, newsroom):
    Claim.objects.filter(pk=newsroom["published"].pk).update(published_conclusion="<script>alert(1)</script> & more")
    feed = atom(client)  # parses: the XML is well formed
    content = feed.find(f"{ATOM}entry[2]").findtext(f"{ATOM}content")
    assert "<script>" not in content and "&lt;script&gt;" in content


def test_the_public_index_links_its_feeds(client, newsroom):
    html = client.get("/fact-checks/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="https://checks.example.org/fact-checks/feed.atom"' in html
    assert '<link rel="alternate" type="application/feed+json"' in html
    assert 'href="https://checks.example.org/fact-checks/feed.json"' in html


def test_feed_updated_time_is_the_latest_publication(client, newsroom):
    latest = max(Claim.objects.published().values_list("last_published_at", flat=True))
    assert datetime.datetime.fromisoformat(atom(client).findtext(f"{ATOM}updated")) == latest


def test_organisation_default_has_no_site_url(db):
    assert Organisation.current().public_base_url == ""
