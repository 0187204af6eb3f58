"""My queue: what is waiting for me. A fact-checker's open claims; for an editor, also every
verdict waiting for a second pair of eyes that they did not propose themselves. Overdue first."""
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..models import Claim
from ..workflow import Status


QUEUE_LIMIT = 100


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def queue(request):
    user = request.user
    today = timezone.localdate()
    # One more than is shown tells whether there are others (the claims list shows them all).
    claims = list(Claim.objects.visible_to(user).most_urgent_for(user, today, QUEUE_LIMIT + 1))
    more = len(claims) > QUEUE_LIMIT
    rows = []
    for claim in claims[:QUEUE_LIMIT]:
        reasons = []
        if claim.assignee_id == user.pk:
            reasons.append("Assigned to you")
        if claim.status == Status.IN_REVIEW and claim.proposed_by_id != user.pk and claim.assignee_id != user.pk:
            reasons.append("Waiting for your review")
        rows.append({"claim": claim, "reasons": reasons})
    template = "claims/queue.html#queue" if _fragment_wanted(request) else "claims/queue.html"
    return render(request, template, {"nav": "queue", "rows": rows, "more": more, "today": today})


def _fragment_wanted(request):
    # An htmx request wants only the fragment, except when htmx restores a page from history (the
    # back button after a filter change), which needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
