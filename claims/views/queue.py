"""My queue: what is waiting for me. A fact-checker's open claims; for an editor, also every
verdict waiting for a second pair of eyes that they did not propose themselves. Overdue first."""
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from ..models import Claim
from ..workflow import Status
from .claims import LABELS, url_maker


QUEUE_LIMIT = 100


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def queue(request):
    user = request.user
    today = timezone.localdate()
    # One more than is shown tells whether there are others (the claims list shows them all).
    claims = list(Claim.objects.visible_to(user).most_urgent_for(user, today, QUEUE_LIMIT + 1).values(*ROW_FIELDS))
    more = len(claims) > QUEUE_LIMIT
    urls = url_maker("claims:detail"), url_maker("claims:article")
    rows = [_row(claim, user, *urls) for claim in claims[:QUEUE_LIMIT]]
    template = "claims/queue.html#queue" if _fragment_wanted(request) else "claims/queue.html"
    return render(request, template, {"nav": "queue", "rows": rows, "more": more, "today": today})


# What a row shows, read as plain values and worked out once per row, as the claims list's rows
# (claims.views.claims._table_rows): model instances, reverse() and the date filter per row were
# most of the page's CPU time (issue #17).
ROW_FIELDS = ("pk", "text", "status", "assignee_id", "proposed_by_id", "rating__slug", "rating__label",
              "article_id", "article__title", "due_date", "late", "is_idle")


def _row(claim, user, claim_url, article_url):
    reasons = []
    if claim["assignee_id"] == user.pk:
        reasons.append("Assigned to you")
    if claim["status"] == Status.IN_REVIEW and claim["proposed_by_id"] != user.pk and claim["assignee_id"] != user.pk:
        reasons.append("Waiting for your review")
    due = claim["due_date"]
    return {
        "pk": claim["pk"], "url": claim_url(claim["pk"]), "text": claim["text"], "reasons": reasons,
        "rating": {"slug": claim["rating__slug"], "label": claim["rating__label"]} if claim["rating__slug"] is not None else None,
        "status": claim["status"], "status_label": LABELS["status"].get(claim["status"], claim["status"]),
        "article_url": article_url(claim["article_id"]), "article_title": Truncator(claim["article__title"]).chars(50),
        "due": due, "due_label": dateformat.format(due, "j M") if due else "", "late": claim["late"], "idle": claim["is_idle"],
    }


def _fragment_wanted(request):
    # An htmx request wants only the fragment, except when htmx restores a page from history (the
    # back button after a filter change), which needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
