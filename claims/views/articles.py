"""Articles: the list with each one's claim roll-up, and one article's text with its claims
highlighted in place (claims/highlight.py cuts the text)."""
from html import escape
from typing import NamedTuple

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from ..highlight import highlight_claims
from ..models import AnchorState, Article, Claim, Rating, person_name_of
from ..parsing import optional_id
from ..status_text import status_count
from ..workflow import Status
from .autocomplete import read_search
from .claims import url_maker  # the list's: one reverse() for 200 claims' addresses

ARTICLES_PER_PAGE = 25

@require_safe
@permission_required("claims.view_article", raise_exception=True)
def article_list(request):
    # Newest first; articles without a publication date sort by when they were added (NULLS LAST
    # spelled out: PostgreSQL and SQLite disagree about where NULL goes in a descending sort).
    articles = Article.objects.with_claim_counts().order_by(
        F("published_on").desc(nulls_last=True), "-created_at", "-pk"
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(optional_id(request.GET.get("page"), "page number"))
    for article in page.object_list:
        article.rollup = Rollup({s: getattr(article, f"n_{s}") for s in Status.values})
    return render(request, "claims/articles.html", {"nav": "articles", "page": page})


@require_safe
@permission_required("claims.view_article", raise_exception=True)
def article_detail(request, pk):
    return render_article(request, get_object_or_404(Article, pk=pk))


def render_article(request, article, *, error=None, status=200):
    """The article page; `error` is a refused change (placing a claim) shown above the text."""
    claims = _claims_in(article)
    claim_url = url_maker("claims:detail")
    text = highlight_claims(article.body, claims, url_for=lambda claim: claim_url(claim.pk))
    counts = {s: 0 for s in Status.values}
    for claim in claims:
        counts[claim.status] += 1
    # Claims the last text revision placed approximately or lost, that this user may place by
    # hand (Claim.place_at: editors and the assigned fact-checker).
    placeable = {
        claim.pk for claim in claims
        if claim.anchor_state != AnchorState.ANCHORED and _as_claim(claim, article).may("place", request.user)
    }
    context = {
        "nav": "articles",
        "article": article,
        "claims": claims,
        "text": text,
        "body_html": _body_html(text),
        "index_html": _claim_index_html(text, placeable),
        "rollup": Rollup(counts),
        "statuses": Status,
        "placeable": placeable,
        "unplaced_claims": [_as_claim(claim, article) for claim in text.unplaced],
        "error": error,
    }
    return render(request, "claims/article.html", context, status=status)


class ClaimInText(NamedTuple):
    """A claim as the article page shows it: its span (claims/highlight.py), wording, status,
    verdict and assignee, and the version placing it by hand sends back."""

    pk: int
    start: int
    end: int
    anchor_state: str
    text: str
    status: str
    version: int
    assignee_id: int | None
    rating_id: int | None
    rating_slug: str | None
    rating_label: str | None
    assignee_name: str


# The columns of ClaimInText, read with the claim's verdict and assignee in one query.
_COLUMNS = ("pk", "start", "end", "anchor_state", "text", "status", "version", "assignee_id", "rating_id",
            "rating__slug", "rating__label", "assignee__first_name", "assignee__last_name", "assignee__username")


def _claims_in(article):
    """The article's claims as plain values, not model instances: 200 claims, each with its verdict
    and assignee as instances too, were 600 model instances of 33, 7 and 11 columns, a third of the
    page's CPU (issue #17)."""
    return [
        ClaimInText(*row[:11], person_name_of(*row[11:]))
        for row in article.claims.values_list(*_COLUMNS)
    ]


def _as_claim(claim, article):
    """The Claim a ClaimInText was read from, built from the columns already read (as .only() builds
    one: any other column would be read from the database), for what the model answers: may this
    person place it (Claim.may), its address and its status's label. Asked only of the claims the
    text could not place exactly, usually none, so the page keeps its fixed number of queries."""
    loaded = {
        "id": claim.pk, "article_id": article.pk, "start": claim.start, "end": claim.end,
        "anchor_state": claim.anchor_state, "text": claim.text, "status": claim.status, "version": claim.version,
        "assignee_id": claim.assignee_id, "rating_id": claim.rating_id,
    }
    names = [f.attname for f in Claim._meta.concrete_fields if f.attname in loaded]
    instance = Claim.from_db(article._state.db, names, [loaded[name] for name in names])
    instance.article = article
    return instance


# The text and the list of its claims are written here rather than by template loops: with 200
# claims that was 6,000 variable lookups and 40 ms of CPU a request, most of the page (issue #17).
# The markup is the one the template wrote (tests/test_article_view.py reads it); every value
# goes through `escape` (html.escape, as Django's autoescaping: none of these values is marked safe).


def _text_html(text):
    # The linebreaksbr filter: escaped, then each line break drawn as <br>.
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _marker_html(h):
    label = escape(h.label)
    return (f'<sup class="span-marker status-{escape(h.status)}" data-not-text><a href="{escape(h.url)}" '
            f'title="{label}" aria-label="{label}">{h.number}</a></sup>')


def _segment_html(segment):
    if segment.highlights:
        innermost, label = segment.innermost, escape(segment.label)
        covering = " ".join(str(h.claim.pk) for h in segment.highlights)
        html = (f'<mark class="span status-{escape(innermost.status)} depth-{segment.depth}" data-claims="{covering}">'
                f'<a href="{escape(innermost.url)}" title="{label}" aria-label="{label}">{_text_html(segment.text)}</a></mark>')
    else:
        html = _text_html(segment.text)
    return html + "".join(_marker_html(h) for h in segment.ending)


def _body_html(text):
    """The article's paragraphs, each claim's text marked and linked (claims/highlight.py cuts them)."""
    return mark_safe("".join(
        f"<p>{''.join(_segment_html(segment) for segment in paragraph)}</p>\n" for paragraph in text.paragraphs
    ))


def _claim_index_html(text, placeable):
    """The numbered list of the claims placed in the text, beside it."""
    # Labels translated once, not once per claim.
    status_labels = {value: str(label) for value, label in Status.choices}
    rating_labels = Rating.shown_labels()
    anchor_labels = {value: str(label) for value, label in AnchorState.choices}
    # "Claim 3: ", read before the claim's text by a screen reader.
    number_label = escape(_("Claim %(number)s: "))
    items = []
    for h in text.highlights:
        claim = h.claim
        place = (f' data-place-url="{reverse("claims:place_claim", args=[claim.pk])}" data-place-version="{claim.version}" '
                 f'data-place-text="{escape(claim.text)}"') if claim.pk in placeable else ""
        meta = [f'<span class="chip status-{escape(claim.status)}">{escape(status_labels.get(claim.status, claim.status))}</span>']
        if claim.rating_id:
            label = Rating.label_from(rating_labels, claim.rating_id, claim.rating_label)
            meta.append(f'<span class="chip verdict rating-{escape(claim.rating_slug)}">{escape(label)}</span>')
        if claim.assignee_id:
            meta.append(f"<span>{escape(claim.assignee_name)}</span>")
        if claim.anchor_state == AnchorState.FUZZY:
            meta.append(f'<span class="anchor-flag">{escape(anchor_labels[claim.anchor_state])}</span>')
        meta_html = "\n            ".join(meta)
        items.append(
            f'<li id="claim-{claim.pk}"{place}>\n'
            f'        <span class="claim-number" aria-hidden="true">{h.number}</span>\n'
            f"        <div>\n"
            f'          <a href="{escape(h.url)}"><span class="visually-hidden">{number_label % {"number": h.number}}</span>'
            f'{escape(claim.text)}</a>\n'
            f'          <div class="meta">\n            {meta_html}\n          </div>\n'
            f"        </div>\n"
            f"      </li>\n"
        )
    return mark_safe("".join(items))


class Rollup:
    """An article's claims counted by status, and the sentence that says it:
    "5 of 19 claims verified (3 published), 1 in review, 4 in research, 8 new, 1 dismissed".
    Each part is a whole message with its own plural (claims.status_text), joined as a list."""

    def __init__(self, counts):
        self.counts = counts
        self.total = sum(counts.values())
        self.verified = counts.get(Status.VERIFIED, 0) + counts.get(Status.PUBLISHED, 0)
        self.parts = [
            {"status": s, "label": s.label, "count": counts.get(s, 0), "text": status_count(s, counts.get(s, 0))}
            for s in Status if counts.get(s, 0)
        ]

    def __str__(self):
        if not self.total:
            return _("No claims yet")
        published = self.counts.get(Status.PUBLISHED, 0)
        numbers = {"verified": self.verified, "total": self.total, "published": published}
        if published:
            sentence = ngettext(
                "%(verified)d of %(total)d claim verified (%(published)d published)",
                "%(verified)d of %(total)d claims verified (%(published)d published)", self.total,
            ) % numbers
        else:
            sentence = ngettext(
                "%(verified)d of %(total)d claim verified", "%(verified)d of %(total)d claims verified", self.total,
            ) % numbers
        rest = [
            status_count(s, self.counts[s])
            for s in (Status.IN_REVIEW, Status.IN_RESEARCH, Status.NEW, Status.DISMISSED) if self.counts.get(s)
        ]
        return ", ".join([sentence, *rest])


ARTICLE_MATCHES = 20


@require_safe
@permission_required("claims.view_article", raise_exception=True)
def article_search(request):
    """The article picker's options (templates/claims/widgets/autocomplete.html, used by the claims
    list's and the board's article filter): at most ARTICLE_MATCHES articles whose headline has every
    typed word, newest first, each with its publisher, date and number of claims. An empty search
    gives the newest articles. Bounded, so the filters cost the same with 2,000 or 200,000 articles."""
    query, listbox_id = read_search(request, "articles")
    found = list(
        Article.objects.search(query).order_by(F("published_on").desc(nulls_last=True), "-created_at", "-pk")
        .values("pk", "title", "publisher", "published_on")[:ARTICLE_MATCHES + 1]
    )
    shown = found[:ARTICLE_MATCHES]
    # Counted for the shown articles only (the article_id index), not for every match.
    claims = dict(
        Claim.objects.filter(article_id__in=[a["pk"] for a in shown]).order_by()
        .values("article_id").annotate(n=Count("pk")).values_list("article_id", "n")
    )
    options = [{
        "value": article["pk"], "label": article["title"],
        "detail": " · ".join(filter(None, [
            article["publisher"],
            date_format(article["published_on"], "j M Y") if article["published_on"] else "",
            ngettext("%(n)d claim", "%(n)d claims", claims.get(article["pk"], 0)) % {"n": claims.get(article["pk"], 0)},
        ])),
    } for article in shown]
    return render(request, "claims/widgets/autocomplete.html#options", {
        "options": options, "listbox_id": listbox_id,
        "empty_text": _("No article headline has these words.") if query else _("No articles yet."),
        "more": _("Only the %(n)d newest matches are shown: type more to narrow.") % {"n": ARTICLE_MATCHES}
        if len(found) > ARTICLE_MATCHES else "",
    })
