"""The public site: one read-only page per published fact-check, open without logging in.

Only what readers may see leaves here: the claim, its published verdict and conclusion, its sources
and its corrections. Never notes, assignees, the history or anyone's name from the newsroom. A claim
that is not published answers 404, exactly as a claim that does not exist does.
"""
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import exports
from ..models import Claim, Correction, Evidence, Organisation, Rating


@login_not_required
@require_safe
def claim_review(request, pk):
    claim = get_object_or_404(
        Claim.objects.published().select_related("article", "published_rating").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("source")),
            Prefetch("corrections", queryset=Correction.objects.select_related("old_rating", "new_rating")),
        ),
        pk=pk,
    )
    organisation = Organisation.current()
    corrections = list(claim.corrections.all())
    review = exports.claim_review(claim, organisation=organisation, scale=exports.rating_scale())
    return render(request, "public/claim.html", {
        "claim": claim,
        "article": claim.article,
        "rating": claim.published_rating,
        "organisation": organisation,
        "context": exports.quote_in_context(claim, claim.article.body),
        "evidence": list(claim.evidence.all()),
        "corrections": corrections,
        "last_correction": corrections[-1] if corrections else None,
        # Google: one ClaimReview per page, describing this page's review.
        "claim_review_script": exports.claim_review_script(review, get_nonce(request)),
    })


@login_not_required
@require_safe
def rating_styles(request):
    """One CSS class per rating, coloured from the admin's Rating.colour, so verdict chips need no
    inline style (the CSP allows stylesheets from this site only)."""
    css = exports.rating_css(Rating.objects.order_by("order", "pk"))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
