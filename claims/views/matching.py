"""How good is "already checked?" matching: per score band, how often people confirmed the matches
they were shown (MatchDecision), so the "same claim" line is chosen from data, not by hand."""
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..models import MatchDecision
from ..similar import MEANING, MIN_MEANING_SCORE, WORDING, same_claim_line

# Score bands, as [low, high): e5 cosines of real matches sit between ~0.86 and 1.
MEANING_BANDS = [(MIN_MEANING_SCORE, 0.88), (0.88, 0.90), (0.90, 0.92), (0.92, 0.94), (0.94, 0.96), (0.96, 1.01)]
WORDING_BANDS = [(0.0, 0.4), (0.4, 0.55), (0.55, 0.7), (0.7, 0.85), (0.85, 1.01)]


def agreement_by_band(method, bands):
    rows = []
    decisions = MatchDecision.objects.filter(method=method)
    for low, high in bands:
        counts = decisions.filter(score__gte=low, score__lt=high).aggregate(
            shown=Count("pk"), same=Count("pk", filter=Q(decision=MatchDecision.Decision.SAME))
        )
        shown, same = counts["shown"], counts["same"]
        rows.append({"low": low, "high": min(high, 1.0), "decided": shown, "confirmed": same,
                     "rate": round(100 * same / shown) if shown else None})
    return rows


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def matching(request):
    return render(request, "claims/matching.html", {
        "meaning": agreement_by_band(MEANING, MEANING_BANDS),
        "wording": agreement_by_band(WORDING, WORDING_BANDS),
        "same_line": same_claim_line(),
        "recent": MatchDecision.objects.select_related("claim", "other_claim", "external_review", "decided_by")[:20],
    })
