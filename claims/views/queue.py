"""My queue: what is waiting for me. A fact-checker's open claims; for an editor, also every
verdict waiting for a second pair of eyes that they did not propose themselves. Overdue first."""
from django.contrib.auth.decorators import permission_required
from django.db.models import BooleanField, Case, F, Value, When
from django.views.decorators.http import require_safe
from django.shortcuts import render
from django.utils import timezone

from .. import workflow
from ..models import Claim, overdue_q
from ..workflow import Status


QUEUE_LIMIT = 100


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def queue(request):
    user = request.user
    today = timezone.localdate()
    claims = list(most_urgent(user, today))
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


def most_urgent(user, today):
    """The claims on `user`'s desk (assigned to them and open, and for an editor those waiting for
    their review), most urgent first: late ones, then by due date and priority; QUEUE_LIMIT of them
    and one more, which tells whether there are others (the claims list shows them all).

    They are picked from the claims alone, and only those are joined to their article, verdict and
    assignee: a desk of 3,000 claims used to be joined whole, only to be sorted."""
    mine = Claim.objects.assigned_to(user).open()
    if workflow.EDITOR in workflow.roles_of(user):
        mine = mine | Claim.objects.awaiting_review_by(user)
    late = Case(
        When(overdue_q(today), then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    )
    urgency = [F("late").desc(), F("due_date").asc(nulls_last=True), F("priority").desc(), "pk"]
    keys = mine.annotate(late=late).order_by(*urgency).values("pk")[:QUEUE_LIMIT + 1]
    return Claim.objects.for_list().filter(pk__in=keys).annotate(late=late).with_idle_flag().order_by(*urgency)
