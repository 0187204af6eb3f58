"""The public site, open without logging in: a page per published fact-check, the index of them all,
and their feeds (Atom, JSON Feed, a ClaimReview DataFeed; claims/feeds.py).

Only what readers may see leaves here: the claim, its *published* verdict and conclusion, its sources
and its corrections. Never notes, assignees, the history, the working verdict or anyone's name from the
newsroom. A claim that is not published answers 404, exactly as a claim that does not exist does.
"""
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import exports, feeds, site
from ..models import Article, Claim, Correction, Evidence, Organisation, Rating, language_key
from ..parsing import number_problem

# The public index's page size.
PER_PAGE = 20
# How long a cache (a reader's browser, a proxy) may reuse a feed before asking again; asking again
# is cheap, answered 304 while nothing changed.
FEED_MAX_AGE = 300
# A heading is a headline: a claim worded longer than this is cut at a word, and given in full below it.
HEADING_LENGTH = 110
FAVICON = "claims/favicon.svg"


@login_not_required
@require_safe
def claim_review(request, pk):
    claim = get_object_or_404(
        Claim.objects.published().select_related("article", "published_rating").prefetch_related(
            "published_rating__translations",
            Prefetch("evidence", queryset=Evidence.objects.select_related("source")),
            Prefetch("corrections", queryset=Correction.objects.select_related("old_rating", "new_rating")
                     .prefetch_related("old_rating__translations", "new_rating__translations")),
        ),
        pk=pk,
    )
    # A fact-check reads in its article's language (its conclusion is written in it), whatever the
    # visitor's browser prefers; an article in a language the site has no words for reads in the
    # visitor's. <html lang>, the rating's label and ClaimReview follow.
    language = language_key(claim.article.language) or translation.get_language()
    with translation.override(language):
        organisation = Organisation.current()
        corrections = list(claim.corrections.all())
        review = exports.claim_review(claim, organisation=organisation, scale=exports.rating_scale())
        response = render(request, "public/claim.html", {
            "claim": claim,
            "heading": _heading(claim.text),
            "article": claim.article,
            "said_by": _said_by(claim),
            "rating": claim.published_rating,
            "organisation": organisation,
            "context": exports.quote_in_context(claim, claim.article.body),
            "evidence": list(claim.evidence.all()),
            "corrections": corrections,
            "last_correction": corrections[-1] if corrections else None,
            "feeds": feeds.urls(organisation, request=request),
            # Google: one ClaimReview per page, describing this page's review.
            "claim_review_script": exports.claim_review_script(review, get_nonce(request)),
        })
    # LocaleMiddleware would name the visitor's language; this page is in the article's.
    response["Content-Language"] = language
    return response


def _said_by(claim):
    """The byline's two parts as HTML, so that the sentence around them ("Said by … in …") is one
    message a translator words whole: who said it, and where (the article, its publisher and date)."""
    article = claim.article
    claimant = format_html('<a href="{}">{}</a>', claim.claimant_url, claim.claimant) if claim.claimant_url else claim.claimant
    where = format_html('<a href="{}">{}</a>', article.url, article.title) if article.url else article.title
    where = format_html("<cite>{}</cite>", where)
    if article.publisher:
        where = format_html("{}, {}", where, article.publisher)
    if article.published_on:
        where = format_html('{}, <time datetime="{}">{}</time>', where, article.published_on.isoformat(),
                            date_format(article.published_on, "j F Y"))
    return {"claimant": format_html("<strong>{}</strong>", claimant) if claim.claimant else "", "where": where}


def _heading(text):
    if len(text) <= HEADING_LENGTH:
        return text
    return text[:HEADING_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _positive_number(request, name):
    """A query parameter that must be ASCII digits (no signs, no other scripts' digits), or None when
    absent; a ValueError with a message for anything else."""
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    if number_problem(value, minimum=1) or len(value) > 9:
        raise ValueError(_("“%(name)s” must be a whole number from 1, written in digits.") % {"name": name})
    return int(value)


@login_not_required
@require_safe
def index(request):
    """Every published fact-check, newest first, PER_PAGE a page; `?article=` for one article's."""
    try:
        number = _positive_number(request, "page") or 1
        article_pk = _positive_number(request, "article")
    except ValueError as problem:
        return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
    article = None
    claims = feeds.public_claims()
    if article_pk is not None:
        article = _article_or_none(article_pk)
        claims = claims.filter(article=article)
    claims = (claims.annotate(n_corrections=Count("corrections")).order_by("-published_at", "-pk")
              .prefetch_related("published_rating__translations"))
    paginator = Paginator(claims, PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404(_("There is no such page of fact checks.")) from None
    organisation = Organisation.current()
    return render(request, "public/index.html", {
        "organisation": organisation, "page": page, "article": article,
        "feeds": feeds.urls(organisation, article, request),
    })


def _article_or_none(article_pk):
    if article_pk is None:
        return None
    article = get_object_or_404(Article.objects.defer("body"), pk=article_pk)
    if not article.claims.filter(status="published").exists():
        raise Http404(_("This article has no published fact checks."))
    return article


def _feed_response(request, kind, article_pk, build):
    """A feed with its validators (ETag and Last-Modified), or 304 Not Modified when the reader's copy
    is current (RFC 9110 conditional GET). `build(state, article, organisation)` returns the response,
    and is only called when the feed must be sent."""
    article = _article_or_none(article_pk)
    organisation = Organisation.current()
    state = feeds.FeedState(article, organisation, site.public_base_url(organisation, request), kind)
    # Whole seconds, as HTTP dates have them (else the date a client sends back always looks older).
    last_modified = int(state.last_modified.timestamp()) if state.last_modified else None
    response = get_conditional_response(request, etag=state.etag, last_modified=last_modified)
    if response is None:
        response = build(state, article, organisation)
    response["ETag"] = state.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


@login_not_required
@require_safe
def atom_feed(request, article_pk=None):
    def build(state, article, organisation):
        body = feeds.atom(feeds.newest(feeds.public_claims(article)), organisation=organisation, article=article,
                          request=request)
        return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
    return _feed_response(request, "atom", article_pk, build)


@login_not_required
@require_safe
def json_feed(request, article_pk=None):
    def build(state, article, organisation):
        body = feeds.json_feed(feeds.newest(feeds.public_claims(article)), organisation=organisation, article=article,
                               request=request)
        return HttpResponse(body, content_type="application/feed+json; charset=utf-8")
    return _feed_response(request, "json", article_pk, build)


@login_not_required
@require_safe
def claimreview_datafeed(request, article_pk=None):
    def build(state, article, organisation):
        chunks = feeds.datafeed(feeds.public_claims(article), organisation=organisation,
                                last_modified=state.last_modified, article=article, request=request)
        return StreamingHttpResponse(site.keeping_request_origin(chunks), content_type="application/ld+json; charset=utf-8")
    return _feed_response(request, "datafeed", article_pk, build)


@login_not_required
@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin's, a feed): the site's
    icon, the static file every page links (an SVG, which browsers accept at this address)."""
    with open(finders.find(FAVICON), "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@login_not_required
@require_safe
def rating_styles(request):
    """One CSS class per rating, coloured from the admin's Rating.colour, so verdict chips need no
    inline style (the CSP allows stylesheets from this site only)."""
    css = exports.rating_css(Rating.objects.order_by("order", "pk"))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
