"""My queue: what is waiting for me. A fact-checker's open claims; for an editor, also every
verdict waiting for a second pair of eyes that they did not propose themselves. Overdue first."""
from django.contrib.auth.decorators import permission_required
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.views.decorators.http import require_safe
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import workflow
from ..models import Claim
from ..workflow import Status


QUEUE_LIMIT = 100


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def queue(request):
    user = request.user
    today = timezone.localdate()
    mine = Claim.objects.assigned_to(user).open()
    if workflow.EDITOR in workflow.roles_of(user):
        mine = mine | Claim.objects.awaiting_review_by(user)
    claims = (
        mine.for_list()
        .annotate(
            late=Case(
                When(Q(due_date__lt=today, status__in=[Status.IN_RESEARCH, Status.IN_REVIEW]), then=Value(True)),
                default=Value(False), output_field=BooleanField(),
            )
        )
        .order_by(F("late").desc(), F("due_date").asc(nulls_last=True), F("priority").desc(), "pk")
    )
    # A queue is read top down: draw the most urgent QUEUE_LIMIT (one more is fetched to know
    # whether there are others, which the claims list shows), not the thousands a busy desk can hold.
    claims = list(claims[:QUEUE_LIMIT + 1])
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
