"""My queue: what is waiting for me. A fact-checker's open claims; for an editor, also every
verdict waiting for a second pair of eyes that they did not propose themselves. Overdue first."""
import html
import unicodedata

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import Claim, Rating
from ..workflow import Status
from .claims import DateLabels, display_labels, rating_chip, url_maker


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
    # Words every row may show, translated once for the page.
    words = {"statuses": display_labels()["status"], "assigned": _("Assigned to you"),
             "review": _("Waiting for your review"), "ratings": Rating.shown_labels(),
             "dates": DateLabels()}  # due dates as a row writes them ("j M"), each month's name asked once
    rows = [_row(claim, user, words, *urls) for claim in claims[:QUEUE_LIMIT]]
    template = "claims/queue.html#queue" if _fragment_wanted(request) else "claims/queue.html"
    return render(request, template, {"nav": "queue", "rows": rows, "rows_html": _rows_html(rows), "more": more, "today": today})


# What a row shows, read as plain values and worked out once per row, as the claims list's rows
# (claims.views.claims._table_rows): model instances, reverse() and the date filter per row were
# most of the page's CPU time (issue #17).
ROW_FIELDS = ("pk", "text", "status", "assignee_id", "proposed_by_id", "rating_id", "rating__slug", "rating__label",
              "article_id", "article__title", "due_date", "late", "is_idle")


def _row(claim, user, words, claim_url, article_url):
    reasons = []
    if claim["assignee_id"] == user.pk:
        reasons.append(words["assigned"])
    if claim["status"] == Status.IN_REVIEW and claim["proposed_by_id"] != user.pk and claim["assignee_id"] != user.pk:
        reasons.append(words["review"])
    due = claim["due_date"]
    return {
        "pk": claim["pk"], "url": claim_url(claim["pk"]), "text": claim["text"], "reasons": reasons,
        "rating": rating_chip(claim, words["ratings"]),
        "status": claim["status"], "status_label": words["statuses"].get(claim["status"], claim["status"]),
        "article_url": article_url(claim["article_id"]), "article_title": _shortened(claim["article__title"]),
        "due": due, "due_label": words["dates"].day_month(due) if due else "", "late": claim["late"], "idle": claim["is_idle"],
    }


def _shortened(title):
    """Truncator(title).chars(50), without its cost when there is nothing to cut: it translates its
    ellipsis and walks the text character by character, a tenth of the page's CPU for 100 rows. A
    title of at most 50 characters already in NFC is what Truncator returns for it, unchanged."""
    if len(title) <= 50 and unicodedata.is_normalized("NFC", title):
        return title
    return Truncator(title).chars(50)


def _rows_html(rows):
    """The table's rows, written here rather than in claims/queue.html, as the claims list's are
    (claims.views.claims._rows_html, which says why): a hundred rows of a dozen template variables
    and conditions each were half the page's CPU time. The template's markup byte for byte; every
    value a person typed escaped as the template escapes it (html.escape)."""
    e = html.escape
    # The words every row repeats, translated (and escaped) once for the page.
    overdue = e(_("Overdue: %(date)s"))
    no_date = '<span class="muted">%s</span>' % e(_("no date"))
    idle = ' <span class="idle-flag" title="%s">%s</span>' % (
        e(_("In this status longer than its priority's deadline policy allows")), e(_("Idle")))
    out = []
    for row in rows:
        rating = (f' <span class="chip verdict rating-{e(row["rating"]["slug"])}">{e(row["rating"]["label"])}</span>'
                  if row["rating"] else "")
        if row["due"]:
            due = (f'<span class="overdue">{overdue % {"date": e(row["due_label"])}}</span>' if row["late"]
                   else e(row["due_label"]))
        else:
            due = no_date
        if row["idle"]:
            due += idle
        out.append(
            f'\n        <tr class="{"is-overdue" if row["late"] else ""}" data-claim="{row["pk"]}">\n'
            f'          <td class="claim-cell"><a href="{e(row["url"])}">{e(row["text"])}</a>{rating}</td>\n'
            f'          <td>{", ".join(e(str(reason)) for reason in row["reasons"])}</td>\n'
            f'          <td><span class="chip status-{e(row["status"])}">{e(str(row["status_label"]))}</span></td>\n'
            f'          <td class="hide-narrow"><a href="{e(row["article_url"])}">{e(row["article_title"])}</a></td>\n'
            f'          <td class="nowrap">{due}</td>\n'
            f'        </tr>\n        '
        )
    return mark_safe("".join(out))


def _fragment_wanted(request):
    # An htmx request wants only the fragment, except when htmx restores a page from history (the
    # back button after a filter change), which needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
