"""Feeds of published fact-checks, for feed readers, partners and fact-check aggregators: Atom (RFC 4287),
JSON Feed 1.1, and a schema.org DataFeed of ClaimReview items (the ClaimReview objects themselves come
from claims/exports.py, the one builder the export and the public page use too).

Only what the public page shows goes out: claims whose status is published, with their *published*
verdict and conclusion (never the working ones). A corrected fact-check keeps its entry id (the
permanent address of its public page) and gets a new `updated` / `date_modified`: the time it was last
published, which a correction sets (Claim._on_publish).

Languages: a feed is one document for every reader (its ETag does not vary with who asks), so its
own words are in the site's language (settings.LANGUAGE_CODE); each entry is in its article's
language, as its public page is, and says so (Atom xml:lang, JSON Feed's item `language`,
ClaimReview's inLanguage)."""
import datetime
import hashlib
import json

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from . import exports, site
from .models import Claim, Correction, Rating, RatingTranslation, language_key
from .workflow import Status

# Entries in the Atom and JSON feeds: the most recently published or corrected. The DataFeed carries
# every published fact-check (aggregators read it whole, and it streams).
FEED_SIZE = 50

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def public_claims(article=None):
    """Every published fact-check (of one article, when given), with what its page shows."""
    claims = (Claim.objects.published().select_related("article", "published_rating").defer("article__body")
              .prefetch_related("published_rating__translations"))
    if article is not None:
        claims = claims.filter(article=article)
    return claims


def newest(claims, limit=FEED_SIZE):
    """The feed's entries: latest published or corrected first, each with its corrections."""
    corrections = Prefetch("corrections", queryset=Correction.objects.select_related("old_rating", "new_rating"))
    return list(claims.order_by("-last_published_at", "-pk").prefetch_related(corrections)[:limit])


class FeedState:
    """What a feed's validators are made of, from one query: when anything a feed could show last
    changed, and an ETag over that and everything else the body depends on (the address it is served
    at, the organisation, the rating scale's labels). Claims that were ever published count, not only
    those published now: a claim reopened (withdrawn) must change the feed too, and its reopening
    saves it."""

    def __init__(self, article, organisation, base_url, kind):
        ever_published = Claim.objects.filter(published_at__isnull=False)
        if article is not None:
            ever_published = ever_published.filter(article=article)
        figures = ever_published.aggregate(
            changed=Max("updated_at"), published=Count("pk", filter=Q(status=Status.PUBLISHED)), ever=Count("pk"))
        ratings = list(Rating.objects.order_by("pk").values_list("pk", "label", "slug", "value"))
        ratings += list(RatingTranslation.objects.order_by("pk").values_list("rating_id", "language", "label"))
        self.last_modified = figures["changed"]
        parts = [kind, base_url, organisation.name, organisation.url, organisation.logo, figures["changed"],
                 figures["published"], figures["ever"], ratings, article.pk if article else None]
        self.etag = '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def _title(organisation, article):
    if article is not None:
        return _("%(organisation)s: fact checks of “%(title)s”") % {"organisation": organisation.name,
                                                                   "title": article.title}
    return _("%(organisation)s: fact checks") % {"organisation": organisation.name}


def _title_in_site_language(organisation, article):
    with translation.override(settings.LANGUAGE_CODE):
        return _title(organisation, article)


def _language(claim):
    """The language an entry is written in: its article's when the site has words for it, else the
    site's. Returned as a code of LANGUAGES (es, pt-br)."""
    return language_key(claim.article.language) or settings.LANGUAGE_CODE


def _verdict(claim):
    return _("Our verdict: %(verdict)s.") % {"verdict": claim.published_rating.shown_label}


def _summary(claim):
    text = _verdict(claim) if claim.published_rating else ""
    if claim.published_conclusion:
        text += " " + claim.published_conclusion
    return text.strip()


def _said_by(claim):
    article = claim.article
    names = {"claimant": claim.claimant, "title": article.title, "publisher": article.publisher}
    if claim.claimant and article.publisher:
        return _("Claimed by %(claimant)s in “%(title)s”, %(publisher)s.") % names
    if claim.claimant:
        return _("Claimed by %(claimant)s in “%(title)s”.") % names
    if article.publisher:
        return _("In “%(title)s”, %(publisher)s.") % names
    return _("In “%(title)s”.") % names


def _updated(claim):
    return claim.last_published_at or claim.published_at


def urls(organisation, article=None, request=None):
    """The absolute addresses a feed names: the public index it is the feed of, and each format's own."""
    base = site.public_base_url(organisation, request)
    kwargs = {"article_pk": article.pk} if article is not None else {}
    suffix = "_article" if article is not None else ""
    index = base + reverse("public:index") + (f"?article={article.pk}" if article is not None else "")
    return {
        "index": index,
        "atom": base + reverse(f"public:atom{suffix}", kwargs=kwargs),
        "json": base + reverse(f"public:json_feed{suffix}", kwargs=kwargs),
        "datafeed": base + reverse(f"public:datafeed{suffix}", kwargs=kwargs),
    }


class AtomWithContent(Atom1Feed):
    """Django's Atom 1.0 writer, with each entry's full text as <content type="html"> (RFC 4287
    section 4.1.3) next to its summary."""

    def item_attributes(self, item):
        # RFC 4287 section 2: xml:lang on an entry says the language of its text.
        return {"xml:lang": item["language"]} if item.get("language") else {}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def atom(claims, *, organisation, article=None, request=None):
    """An Atom 1.0 document (RFC 4287) of the claims: feed id, title, updated, alternate and self links;
    an entry per fact-check with a permanent id, published, updated, a summary and the conclusion."""
    addresses = urls(organisation, article, request)
    public_url_of = exports.public_urls(organisation)
    feed = AtomWithContent(
        title=_title_in_site_language(organisation, article), link=addresses["index"], feed_url=addresses["atom"],
        description="", language=settings.LANGUAGE_CODE, author_name=organisation.name,
        author_link=organisation.url or None,
        # RFC 4287 atom:id: permanent, and the same whatever format the feed is read in.
        feed_guid=addresses["index"],
    )
    for claim in claims:
        url = public_url_of(claim.pk)
        language = _language(claim)
        with translation.override(language):
            label = claim.published_rating.shown_label
            # Atom's summary and content here are HTML (type="html"): the plain text is escaped first.
            body = f"<p>{escape(_said_by(claim))}</p><p><strong>{escape(_verdict(claim))}</strong></p>"
            body += linebreaks(claim.published_conclusion, autoescape=True)
            feed.add_item(
                title=f"{label}: {claim.text}", link=url, unique_id=url, description=escape(_summary(claim)),
                pubdate=claim.published_at, updateddate=_updated(claim), categories=[label],
                content=body, language=language,
            )
    return feed.writeString("utf-8")


def json_feed(claims, *, organisation, article=None, request=None):
    """A JSON Feed 1.1 document (jsonfeed.org/version/1.1) of the claims."""
    addresses = urls(organisation, article, request)
    public_url_of = exports.public_urls(organisation)
    items = []
    for claim in claims:
        url = public_url_of(claim.pk)
        language = _language(claim)
        with translation.override(language):
            label = claim.published_rating.shown_label
            item = {
                "id": url, "url": url, "title": f"{label}: {claim.text}",
                "content_text": f"{_said_by(claim)}\n\n{_verdict(claim)}\n\n{claim.published_conclusion}".strip(),
                "summary": _summary(claim),
                "date_published": claim.published_at.isoformat(),
                "date_modified": _updated(claim).isoformat(),
                "tags": [label],
                # JSON Feed 1.1: an item's language (RFC 5646).
                "language": language,
            }
        if claim.article.url:
            item["external_url"] = claim.article.url
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": _title_in_site_language(organisation, article),
        "home_page_url": addresses["index"],
        "feed_url": addresses["json"],
        "language": settings.LANGUAGE_CODE,
        "authors": [{"name": organisation.name, **({"url": organisation.url} if organisation.url else {})}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def datafeed(claims, *, organisation, last_modified=None, article=None, request=None):
    """A schema.org DataFeed whose dataFeedElement is one ClaimReview per published fact-check (the
    objects exports.claim_reviews builds for the ClaimReview export), as text chunks: it streams."""
    addresses = urls(organisation, article, request)
    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": _title_in_site_language(organisation, article),
        "url": addresses["datafeed"],
        "publisher": {"@type": "Organization", "name": organisation.name,
                      "url": organisation.url or site.public_base_url(organisation, request) + "/"},
    }
    if last_modified is not None:
        head["dateModified"] = last_modified.astimezone(datetime.UTC).isoformat()
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[:-2] + ',\n  "dataFeedElement": ['
    separator = "\n"
    for batch in exports.claim_reviews(claims, organisation=organisation):
        yield separator + ",\n".join(map(exports.compact_json, batch))
        separator = ",\n"
    yield "\n  ]\n}\n"
