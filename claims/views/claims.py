"""The claim pages: the changelist of every claim, and one claim's detail page with its workflow steps,
evidence, notes, details and history.

The detail page and each of its panels come from one template, claims/detail.html, whose
`{% partialdef %}` fragments are re-rendered after an htmx change (the changed panel, plus
out-of-band swaps of the other panels the change touched). Without JavaScript the same forms post
normally and the view redirects back to the page.

Every change goes through the model (Claim.transition, update_details, add_evidence, add_note),
which enforces the rules; a view only turns the model's refusal into an answer in the page:
403 for a refused step, 409 for a stale version (EditConflict), 422 for input that does not parse.
"""
import datetime
import functools
import html
import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaulttags import querystring
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, timezone, translation
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import push_url

from .. import choice_lists, metrics, workflow
from ..bulk import apply_bulk_action, seen_versions
from ..forms import BulkActionForm, ClaimDetailsForm, ClaimFilterForm, EvidenceForm, NoteForm, TransitionForm
from ..models import AnchorState, Claim, ClaimType, HistoryEntry, Notification, Priority, Rating, is_overdue, person_name_of
from ..compiled_queries import CompiledQuery
from ..paging import DeferredJoinPaginator, deferred_join
from ..parsing import number_problem
from ..status_text import status_words
from ..workflow import EditConflict, Status, TransitionRefused
from . import get_claim_for_user

# How much of the article is shown around the quote, at most, on each side.
CONTEXT_REACH = 200
# Where a sentence ends: its punctuation (and any closing quote or bracket), then white space.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


# ---------------------------------------------------------------------------------------------------
# Helpers


def _get_claim(request, pk):
    return get_claim_for_user(request, pk, Claim.objects.with_related())


def quote_in_context(body, start, end, reach=CONTEXT_REACH):
    """The text before the quote, the quote, and the text after it: the quote's sentence and, where
    they fit in `reach` characters, the sentences either side, never crossing a paragraph. Cut text
    is marked with an ellipsis."""
    before_limit = max(0, start - reach)
    paragraph_start = body.rfind("\n", 0, start) + 1
    window_start = max(before_limit, paragraph_start)
    before = body[window_start:start]
    # Sentence starts inside the window; the last is where the quote's own sentence begins.
    starts = [m.end() for m in SENTENCE_END.finditer(before)]
    if window_start == paragraph_start:
        starts.insert(0, 0)
    if len(starts) >= 2:
        before = before[starts[-2]:]
    elif starts:
        before = before[starts[-1]:]
    else:
        # Cut mid-sentence: start at a word boundary.
        space = before.find(" ")
        before = "…" + (before[space + 1:] if space >= 0 else before)

    paragraph_end = body.find("\n", end)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    window_end = min(end + reach, paragraph_end)
    after = body[end:window_end]
    ends = [m.start() + len(m.group().rstrip()) for m in SENTENCE_END.finditer(after)]
    if window_end == paragraph_end:
        ends.append(len(after))
    if len(ends) >= 2:
        after = after[:ends[1]]
    elif ends:
        after = after[:ends[0]]
    else:
        space = after.rfind(" ")
        after = (after[:space] if space > 0 else after) + "…"
    return before, body[start:end], after


@dataclass
class StepForm:
    """One workflow step offered on the page: its button, its form, and what went wrong last time."""

    step: workflow.Transition
    form: TransitionForm
    error: str = ""
    conflict: dict | None = None

    @property
    def is_open(self):
        return self.form.is_bound

    @property
    def target_words(self):
        """The status the step leads to, as said in a sentence ("It will be in research")."""
        return status_words().get(self.step.target, str(self.step.target.label).lower())


def _versioned_initial(claim):
    return {"version": claim.version, "seen_at": timezone.now()}


def _step_forms(user, claim, failed=None, source_count=None):
    """The steps `user` may take now, each with an empty form; `failed` (a StepForm) replaces its
    step's entry, or is added when the step is no longer offered (so its message still shows)."""
    steps = [
        StepForm(step, TransitionForm(step=step, claim=claim, source_count=source_count,
                                      initial=_versioned_initial(claim)))
        for step in claim.allowed_transitions(user)
    ]
    if failed is not None:
        names = [s.step.name for s in steps]
        if failed.step.name in names:
            steps[names.index(failed.step.name)] = failed
        else:
            steps.append(failed)
    return steps


# "changed the …" for each field a history entry can name: a whole sentence each, since the field's
# name takes an article (and a gender) of its own in most languages.
FIELD_CHANGED = {
    "text": gettext_lazy("changed the wording: %(old)s → %(new)s"),
    "claimant": gettext_lazy("changed the claimant: %(old)s → %(new)s"),
    "claimant_url": gettext_lazy("changed the claimant URL: %(old)s → %(new)s"),
    "claimant_kind": gettext_lazy("changed the kind of claimant: %(old)s → %(new)s"),
    "claim_type": gettext_lazy("changed the type: %(old)s → %(new)s"),
    "priority": gettext_lazy("changed the priority: %(old)s → %(new)s"),
    "language": gettext_lazy("changed the language: %(old)s → %(new)s"),
    "assignee": gettext_lazy("changed the assignee: %(old)s → %(new)s"),
    "due_date": gettext_lazy("changed the due date: %(old)s → %(new)s"),
    "rating": gettext_lazy("changed the verdict: %(old)s → %(new)s"),
    "span": gettext_lazy("changed the span: %(old)s → %(new)s"),
    "duplicate_of": gettext_lazy("changed the duplicate_of: %(old)s → %(new)s"),
}


# Entries one person wrote in one go (a step and the fields it set: an assignment is a status change,
# an assignee and a due date) are one event to the reader.
SAME_EVENT = datetime.timedelta(seconds=2)


def _history_rows(claim):
    """The claim's history, newest first, one row per event, each with a `summary` a person reads."""
    entries = list(claim.history.select_related("actor").order_by("-created_at", "-pk"))
    rows = []
    for entry in entries:
        last = rows[-1] if rows else None
        if (last is not None and last.actor_id == entry.actor_id and entry.action != HistoryEntry.Action.CREATED
                and last.action != HistoryEntry.Action.CREATED and last.created_at - entry.created_at <= SAME_EVENT):
            last.parts.append(entry)
            continue
        entry.parts = [entry]
        rows.append(entry)
    for row in rows:
        row.summary = _summarise_event(row.parts)
        # An assignment's status change carries "Assigned to …" as its comment: the summary says it.
        assigned = any(p.action == HistoryEntry.Action.ASSIGNMENT and p.field == "assignee" for p in row.parts)
        row.comment = next((p.comment_in_words for p in row.parts
                            if p.comment and not (assigned and p.action == HistoryEntry.Action.STATUS)), "")
    return rows


def _summarise_event(parts):
    """One event in words: "assigned it to Chris Checker, due 7 Dec 2026 (moved it from New to In
    research)"; otherwise the parts' summaries, oldest first, joined."""
    Action = HistoryEntry.Action
    parts = sorted(parts, key=lambda e: (e.created_at, e.pk))
    assignee = next((p for p in parts if p.action == Action.ASSIGNMENT and p.field == "assignee"), None)
    if assignee is not None:
        due = next((p for p in parts if p.action == Action.ASSIGNMENT and p.field == "due_date"), None)
        moved = next((p for p in parts if p.action == Action.STATUS), None)
        sentence = ASSIGNMENT_SENTENCES[
            (bool(assignee.new_value), None if due is None else bool(due.new_value), moved is not None)]
        text = sentence % {
            "assignee": assignee.new_value,
            "date": _date_text(due.new_value) if due is not None else "",
            "old": _status_label(moved.old_value) if moved else "",
            "new": _status_label(moved.new_value) if moved else "",
        }
        rest = [p for p in parts if p not in (assignee, due, moved)]
        return "; ".join([text, *(_summarise(p) for p in rest)])
    return "; ".join(_summarise(p) for p in parts)


# An assignment event in words, whole, by (assignee set?, due date: None if unchanged else set?,
# status moved with it?).
ASSIGNMENT_SENTENCES = {
    (True, None, False): gettext_lazy("assigned it to %(assignee)s"),
    (True, None, True): gettext_lazy("assigned it to %(assignee)s (moved it from %(old)s to %(new)s)"),
    (True, True, False): gettext_lazy("assigned it to %(assignee)s, due %(date)s"),
    (True, True, True): gettext_lazy("assigned it to %(assignee)s, due %(date)s (moved it from %(old)s to %(new)s)"),
    (True, False, False): gettext_lazy("assigned it to %(assignee)s, with no due date"),
    (True, False, True): gettext_lazy(
        "assigned it to %(assignee)s, with no due date (moved it from %(old)s to %(new)s)"),
    (False, None, False): gettext_lazy("took the assignment away"),
    (False, None, True): gettext_lazy("took the assignment away (moved it from %(old)s to %(new)s)"),
    (False, True, False): gettext_lazy("took the assignment away, due %(date)s"),
    (False, True, True): gettext_lazy("took the assignment away, due %(date)s (moved it from %(old)s to %(new)s)"),
    (False, False, False): gettext_lazy("took the assignment away, with no due date"),
    (False, False, True): gettext_lazy("took the assignment away, with no due date (moved it from %(old)s to %(new)s)"),
}


def _date_text(value):
    """A date the history stored as ISO text, written as dates are everywhere else ("7 Dec 2026")."""
    try:
        return date_format(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or _("(none)")


def _summarise(entry):
    Action = HistoryEntry.Action
    old, new = entry.old_value or _("(none)"), entry.new_value or _("(none)")
    if entry.field == "due_date":
        old, new = _date_text(entry.old_value), _date_text(entry.new_value)
    values = {"old": old, "new": new}
    if entry.action == Action.CREATED:
        return _("created the claim")
    if entry.action == Action.STATUS:
        return _("moved it from %(old)s to %(new)s") % {
            "old": _status_label(entry.old_value), "new": _status_label(entry.new_value)}
    if entry.action == Action.EVIDENCE:
        return _("added evidence: %(evidence)s") % {"evidence": entry.evidence_in_words}
    if entry.action == Action.NOTE:
        return _("wrote a note: %(note)s") % {"note": entry.new_value}
    if entry.action == Action.VERDICT:
        if entry.old_value:
            return _("proposed the verdict %(new)s (was %(old)s)") % values
        return _("proposed the verdict %(new)s") % values
    if entry.action == Action.CORRECTION:
        return _("corrected the published verdict: %(old)s → %(new)s") % values
    if entry.field in FIELD_CHANGED:
        return FIELD_CHANGED[entry.field] % values
    if entry.field:
        # A field this page has no sentence for yet: named by its key, for the engineer who adds one.
        return _("changed the %(field)s: %(old)s → %(new)s") % {"field": entry.field, **values}
    return _("%(action)s: %(old)s → %(new)s") % {"action": str(entry.get_action_display()).lower(), **values}


def _status_label(value):
    try:
        return Status(value).label
    except ValueError:
        return value


def _conflict(claim, form):
    """What changed since the user loaded the claim: the history written after they loaded the page,
    and the claim as it is now (shown beside what they typed, which the form keeps)."""
    seen_at = form.cleaned_data.get("seen_at") if hasattr(form, "cleaned_data") else None
    changes = []
    if seen_at:
        changes = [entry for entry in _history_rows(claim) if entry.created_at > seen_at]
    seen_version = form.data.get("version", "")
    return {"seen_version": seen_version, "changes": changes, "current": claim}


def _detail_context(request, claim, **overrides):
    user = request.user
    before, quote, after = quote_in_context(claim.article.body, claim.start, claim.end)
    # Read once: the evidence panel lists it, and the proposal form tells how many sources it cites.
    evidence = list(claim.evidence.select_related("source", "added_by"))
    context = {
        "nav": "claims",
        "claim": claim,
        "quote_before": before,
        "quote_text": quote,
        "quote_after": after,
        "quote_orphaned": claim.anchor_state == AnchorState.ORPHANED,
        "quote_fuzzy": claim.anchor_state == AnchorState.FUZZY,
        "steps": _step_forms(user, claim, source_count=len({item.source_id for item in evidence})),
        "evidence": evidence,
        "notes": claim.notes.select_related("author"),
        "history": _history_rows(claim),
        "corrections": claim.corrections.select_related("old_rating", "new_rating", "corrected_by"),
        "may_add_evidence": claim.may("add_evidence", user),
        "may_edit_details": claim.may("edit_details", user),
        "may_write_notes": claim.may("add_note", user),
        "details_form": ClaimDetailsForm(claim=claim, user=user, initial={"seen_at": timezone.now()}),
        "evidence_form": EvidenceForm(),
        "note_form": NoteForm(),
    }
    context.update(overrides)
    return context


def _fragments(request, context, main, oob=(), status=200):
    """The `main` fragment of claims/detail.html, followed by the `oob` fragments marked for htmx's
    out-of-band swap (each carries hx-swap-oob when rendered with oob=True)."""
    html = [render_to_string(f"claims/detail.html#{main}", context, request)]
    for name in oob:
        html.append(render_to_string(f"claims/detail.html#{name}", {**context, "oob": True}, request))
    return HttpResponse("".join(html), status=status)


def _answer_refusal(request, claim, main, status, **context):
    """A refused or invalid change: with htmx the panel that was posted, re-rendered with the
    message and the user's input; without, the whole page (with the same status code)."""
    ctx = _detail_context(request, claim, **context)
    if request.htmx:
        return _fragments(request, ctx, main, status=status)
    return render(request, "claims/detail.html", ctx, status=status)


# ---------------------------------------------------------------------------------------------------
# The detail page and its changes


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request, pk):
    claim = _get_claim(request, pk)
    unread = _read_notifications_about(request.user, claim)
    return render(request, "claims/detail.html", _detail_context(request, claim, unread_notification_count=unread))


def _read_notifications_about(user, claim):
    """Opening the claim is reading what the user was notified about: mark those notifications
    read, and return how many of theirs stay unread, for the badge (which so updates at once). One
    query counts both, replacing the badge's own count; the update runs only when there is
    something to mark, which is rare."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    counts = unread.aggregate(total=Count("pk"), here=Count("pk", filter=Q(claim=claim)))
    if counts["here"]:
        unread.filter(claim=claim).update(read_at=timezone.now())
    return counts["total"] - counts["here"]


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_transition(request, pk, name):
    """Make the workflow step `name` on the claim, with the inputs of the step's form."""
    claim = _get_claim(request, pk)
    try:
        step = workflow.get(name)
    except TransitionRefused:
        raise Http404(_("No such workflow step.")) from None
    form = TransitionForm(request.POST, step=step, claim=claim)
    could_add_evidence = claim.may("add_evidence", request.user)
    could_edit = claim.may("edit_details", request.user)
    refusal = claim.refusal_for(name, request.user)
    if refusal and claim.role_refusal(name, request.user):
        # Someone who may never take this step is told so, rather than which fields are missing.
        return _answer_refusal(request, claim, "status-panel", 403,
                               steps=_step_forms(request.user, claim, StepForm(step, form, error=refusal)))
    try:
        if not form.is_valid():
            return _answer_refusal(request, claim, "status-panel", 422,
                                   steps=_step_forms(request.user, claim, StepForm(step, form)))
        claim.transition(name, request.user, version=form.cleaned_data["version"], **form.transition_inputs())
    except TransitionRefused as refusal:
        failed = StepForm(step, form, error=refusal.message)
        if isinstance(refusal, EditConflict):
            failed.conflict = _conflict(claim, form)
        return _answer_refusal(request, claim, "status-panel", workflow.http_status(refusal),
                               steps=_step_forms(request.user, claim, failed))

    if not request.htmx:
        messages.success(request, step_done(step, claim))
        return redirect(claim)
    context = _detail_context(request, claim, flash=_("%(step)s: done.") % {"step": step.label})
    oob = ["claim-quote", "claim-facts", "history", "corrections"]
    # Panels whose forms appear or disappear with the change are re-rendered whole; otherwise only
    # the version their form carries is refreshed, so what the user is typing there stays.
    oob.append("details-card" if claim.may("edit_details", request.user) != could_edit else "details-version")
    if claim.may("add_evidence", request.user) != could_add_evidence:
        oob.append("evidence")
    return _fragments(request, context, "status-panel", oob)


def step_done(step, claim):
    """What a person is told after taking a step (here and on the board's cards)."""
    return _("%(step)s: done. The claim is now %(status)s.") % {
        "step": step.label, "status": status_words().get(claim.status, claim.get_status_display().lower())}


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_update_details(request, pk):
    """Edit the claim's wording, claimant, type and priority (and, for editors, assignee and due date)."""
    claim = _get_claim(request, pk)
    form = ClaimDetailsForm(request.POST, claim=claim, user=request.user)
    if not form.is_valid():
        refusal = claim.refusal_for("edit_details", request.user)
        if refusal:
            return _answer_refusal(request, claim, "details-card", 403, details_form=form, details_open=True,
                                   details_error=refusal)
        return _answer_refusal(request, claim, "details-card", 422, details_form=form, details_open=True)
    try:
        claim.update_details(request.user, version=form.cleaned_data["version"], **form.changes())
    except TransitionRefused as refusal:
        extra = {"details_form": form, "details_open": True, "details_error": refusal.message}
        if isinstance(refusal, EditConflict):
            extra["details_conflict"] = _conflict(claim, form)
        return _answer_refusal(request, claim, "details-card", workflow.http_status(refusal), **extra)

    if not request.htmx:
        messages.success(request, _("The claim's details were saved."))
        return redirect(claim)
    context = _detail_context(request, claim, details_flash=_("Saved."))
    return _fragments(request, context, "details-card", ["claim-heading", "status-panel", "history"])


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_add_evidence(request, pk):
    """Attach an existing source, or a new one described in the form, with its stance and excerpt."""
    claim = _get_claim(request, pk)
    form = EvidenceForm(request.POST)
    refusal = claim.refusal_for("add_evidence", request.user)
    if refusal:
        # The model's reason, rather than a list of fields the user cannot fill.
        return _answer_refusal(request, claim, "evidence", 403, evidence_form=form, evidence_open=True,
                               evidence_error=refusal)
    if not form.is_valid():
        return _answer_refusal(request, claim, "evidence", 422, evidence_form=form, evidence_open=True)
    try:
        claim.add_evidence(request.user, form.chosen_source(), form.cleaned_data["stance"], form.cleaned_data["excerpt"])
    except TransitionRefused as refusal:
        return _answer_refusal(request, claim, "evidence", workflow.http_status(refusal), evidence_form=form,
                               evidence_open=True, evidence_error=refusal.message)

    if not request.htmx:
        messages.success(request, _("The evidence was added."))
        return redirect(claim)
    context = _detail_context(request, claim, evidence_flash=_("Evidence added."))
    # The claim's version moved on: the step forms and the details form carry the new one.
    return _fragments(request, context, "evidence", ["history", "status-panel", "details-version"])


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_add_note(request, pk):
    claim = _get_claim(request, pk)
    form = NoteForm(request.POST)
    refusal = claim.refusal_for("add_note", request.user)
    if refusal:
        return _answer_refusal(request, claim, "notes", 403, note_form=form, note_error=refusal)
    if not form.is_valid():
        return _answer_refusal(request, claim, "notes", 422, note_form=form)
    try:
        claim.add_note(request.user, form.cleaned_data["body"])
    except TransitionRefused as refusal:
        return _answer_refusal(request, claim, "notes", workflow.http_status(refusal), note_form=form,
                               note_error=refusal.message)

    if not request.htmx:
        messages.success(request, _("Your note was added."))
        return redirect(claim)
    # The claim's version moved on: the step forms and the details form carry the new one.
    return _fragments(request, _detail_context(request, claim), "notes", ["history", "status-panel", "details-version"])


# ---------------------------------------------------------------------------------------------------
# The changelist

PER_PAGE = 50
# The sortable columns: URL key -> ORDER BY fields (a whitelist: nothing else reaches order_by).
SORTS = {
    "claim": ["text"],
    "article": ["article__title"],
    "claimant": ["claimant"],
    "status": ["status"],
    "verdict": ["rating__order"],
    "assignee": ["assignee__first_name", "assignee__username"],
    "due": ["due_date"],
    "priority": ["priority"],
    "updated": ["updated_at"],
}
DEFAULT_SORT = "-updated"
COLUMNS = [
    ("claim", gettext_lazy("Claim")), ("article", gettext_lazy("Article")), ("claimant", gettext_lazy("Claimant")),
    ("status", gettext_lazy("Status")), ("verdict", gettext_lazy("Verdict")), ("assignee", gettext_lazy("Assignee")),
    ("due", gettext_lazy("Due")), ("updated", gettext_lazy("Updated")),
]


def claim_ordering(sort):
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    order = []
    for name in SORTS[key]:
        expression = F(name)
        if may_be_null(name):
            # Empty due dates and verdicts last whichever way the column is sorted.
            order.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
        else:
            # No NULLS LAST on a column that is never empty: it changes no result but no longer
            # matches the index's order (descending indexes are NULLS FIRST), so PostgreSQL would
            # sort all 100,000 claims for the default "last updated" page instead of reading 50.
            order.append(expression.desc() if descending else expression.asc())
    return [*order, "-pk" if descending else "pk"]


def may_be_null(path):
    """Whether the sort field `path` (such as "assignee__first_name") can be NULL for some claim."""
    model, nullable = Claim, False
    for part in path.split("__"):
        field = model._meta.get_field(part)
        nullable = nullable or field.null
        model = field.related_model or model
    return nullable


def filtered_claims(user, filters):
    """The claims `user` may see that match `filters` (ClaimFilterForm.valid_filters()), with what a row
    shows joined (for_list)."""
    return matching_claims(user, filters).for_list()


def matching_claims(user, filters):
    """filtered_claims() as conditions only: no join asked for, no order. The claims list's compiled
    queries are keyed by its WHERE clause (LIST_ROWS, LIST_TOTAL)."""
    claims = Claim.objects.visible_to(user)
    if filters.get("q"):
        claims = claims.search(filters["q"])
    if filters.get("status"):
        claims = claims.filter(status=filters["status"])
    if filters.get("verdict"):
        claims = claims.filter(rating=filters["verdict"])
    if filters.get("assignee") == ClaimFilterForm.NOBODY:
        claims = claims.filter(assignee__isnull=True)
    elif filters.get("assignee"):
        claims = claims.filter(assignee_id=filters["assignee"])
    if filters.get("article"):
        claims = claims.filter(article=filters["article"])
    if filters.get("type"):
        claims = claims.filter(claim_type=filters["type"])
    if filters.get("overdue"):
        claims = claims.overdue()
    if filters.get("mine"):
        claims = claims.assigned_to(user)
    if filters.get("anchor"):
        claims = claims.needing_anchor_review()
    if filters.get("priority"):
        claims = claims.filter(priority=filters["priority"])
    if filters.get("idle"):
        claims = claims.idle()
    if filters.get("desk"):
        # The claims behind one figure of the Desk page, worked out by the same SQL as the figure. An
        # ageing figure ("waiting:...") has no period: valid_filters() leaves its None out.
        claims = claims.filter(pk__in=metrics.claims_behind(filters["desk"], filters.get("desk_period")))
    if filters.get("language"):
        # "pt" also finds claims marked with a regional variant (pt-BR, pt-PT).
        code = filters["language"]
        claims = claims.filter(Q(language__iexact=code) | Q(language__istartswith=f"{code}-"))
    return claims


def _without_empty_values(params):
    """The query string without its empty fields (a GET form sends every field), so URLs stay short."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        values = [value for value in values if value.strip()]
        if values:
            kept.setlist(key, values)
    return kept


def _list_context(request, params, **extra):
    """Everything the changelist shows for the query string `params` (a QueryDict)."""
    params = _without_empty_values(params)
    # The filter and the bulk-action form both offer the fact-checkers, kept between requests until
    # they change (claims/choice_lists.py).
    checkers = choice_lists.fact_checker_choices(request.user)
    verdicts = choice_lists.verdict_choices(request.user)
    if any(name in params for name in ClaimFilterForm.base_fields):
        form = ClaimFilterForm(params, checkers=checkers, verdicts=verdicts)
        filters, problems = form.valid_filters()
    else:
        # No filter, no sort, no search (the list, its pages): nothing for the form to read, and it reads
        # as no filter and no problem (tests/test_claims_list.py holds it to that). Copying its seventeen
        # fields was a tenth of the list's CPU (issue #17): built only if the filter panel is drawn.
        form = SimpleLazyObject(lambda: ClaimFilterForm(params, checkers=checkers, verdicts=verdicts))
        filters, problems = {}, []
    sort = filters.get("sort") or DEFAULT_SORT
    if sort.lstrip("-") not in SORTS:
        problems.append(_("The list cannot be sorted by “%(sort)s”: it is sorted by last update instead.") % {"sort": sort})
        sort = DEFAULT_SORT
    # Built through the model on every request (who sees what, what each filter means); its SQL is
    # the key of the page's compiled queries.
    matching = matching_claims(request.user, filters)
    paginator = DeferredJoinPaginator(matching.for_list().order_by(*claim_ordering(sort)), PER_PAGE,
                                      total=lambda: _list_total(matching))
    requested = params.get("page", "1")
    # Strictly ASCII digits (claims.parsing): Django's paginator would read "٣" as page 3.
    page = paginator.get_page(requested if not number_problem(requested) else 1)
    bottom, top = paginator.bounds(page.number)
    if str(page.number) != requested and "page" in params:
        problems.append(_("There is no page “%(requested)s”: showing page %(number)s of %(count)s.") % {
            "requested": requested, "number": page.number, "count": paginator.num_pages})

    sort_key = sort.lstrip("-")
    columns = [
        {
            "key": key, "label": label, "narrow_hidden": key in ("article", "claimant", "updated"),
            "aria_sort": ("descending" if sort.startswith("-") else "ascending") if key == sort_key else "",
            # A click on the current column flips it; on another, sorts it ascending. The link is what
            # {% querystring params sort=... page=None %} writes, called here: eight tags a page.
            "href": querystring(None, params, sort=(key if sort == f"-{key}" else f"-{key}") if key == sort_key else key,
                                page=None),
        }
        for key, label in COLUMNS
    ]
    roles = workflow.roles_of(request.user)
    may_bulk = bool(roles & {workflow.EDITOR, workflow.CHECKER})
    found = LIST_ROWS.rows(matching, timezone.now(), sort=sort, bottom=bottom, top=top) if top > bottom else []
    rows = _table_rows(found, choice_lists.rating_labels(request.user))
    context = {
        "nav": "claims",
        "page": page,
        "claims": page.object_list,  # the page's claims as model instances, built only if read (tests)
        # Idle in their status (ClaimQuerySet.idle): flagged beside overdue, for the page's rows only.
        "rows": rows,
        "rows_html": _rows_html(rows, may_bulk, extra.get("selected_ids", set())),
        "params": params,
        "filter_form": form,
        "desk_figure": filters.get("desk"),
        "filters_active": any(k for k in filters if k not in ("sort", "q")),
        "problems": problems,
        "columns": columns,
        "sort": sort,
        "may_bulk": may_bulk,
        # Drawn only when the bulk form's kept HTML is missing (_bulk_cache_key), and never for a viewer:
        # built when read. A form posted back with its errors comes in `extra` (claim_bulk_action).
        "bulk_form": SimpleLazyObject(lambda: BulkActionForm(checkers=checkers)),
        "bulk_posted": extra.get("bulk_form"),
        "selected_ids": set(),
        "today": timezone.localdate(),
    }
    context.update(extra)
    version = choice_lists.version_for(request.user)
    context["filters_cache_key"] = _filters_cache_key(params, context, version)
    context["bulk_cache_key"] = _bulk_cache_key(context, version)
    return context


# The filter panel shows these fields of the query string: the filter form's, read from it so that a new
# filter is part of the panel's cache key (q is the search box's, above the panel).
PANEL_FIELDS = tuple(name for name in ClaimFilterForm.base_fields if name != "q")


def _filters_cache_key(params, context, version):
    """What the filter panel's HTML depends on, for the `template_fragments` cache (claims/list.html),
    or None to draw it: its language, the address it is served under, the choices' version
    (claims/choice_lists.py), the values it shows and whether it offers "Clear all". Drawing it, two
    selects of people and verdicts and a dozen labels, was a tenth of the list's CPU (issue #17).
    Not with an article chosen: the picker shows that article's title, which no version follows."""
    if version is None or params.get("article"):
        return None
    shown = [(name, params.getlist(name)) for name in PANEL_FIELDS if name in params]
    clear_all = bool(context["filters_active"] or params.get("q"))
    return repr((translation.get_language(), get_script_prefix(), version, shown, clear_all))


def _bulk_cache_key(context, version):
    """As _filters_cache_key, for the bulk form's fields: the form as every list page shows it first
    (unbound: nothing chosen, no error), in a language, with a version of the fact-checkers."""
    posted = context["bulk_posted"]
    if version is None or not context["may_bulk"] or (posted is not None and posted.is_bound):
        return None
    return repr((translation.get_language(), get_script_prefix(), version))


def display_labels():
    """The choices' labels in the request's language, as plain text: asked for once per request,
    then read for every row (a lazy label would be translated again on every row)."""
    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("status", Status), ("claim_type", ClaimType), ("priority", Priority),
                              ("anchor_state", AnchorState))
    }


def url_maker(name):
    """`reverse(name, args=[pk])` for many pks at the cost of one reverse(): the address with a
    marker in place of the pk, split once. Made per request (the script prefix is the request's)."""
    marker = "918273645"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


# The columns a row of the list shows, read as plain values: no model instance per claim, article,
# verdict and assignee (four per row), which cost more than the rest of the row (issue #17).
ROW_FIELDS = (
    "pk", "version", "text", "claim_type", "priority", "anchor_state", "article_id", "article__title", "claimant",
    "status", "rating_id", "rating__slug", "rating__label", "assignee__first_name", "assignee__last_name", "assignee__username",
    "due_date", "updated_at", "is_idle",
)


def _page_rows(matching, now, *, sort, bottom, top):
    """The rows `bottom` to `top` of the claims `matching` (matching_claims()) in the order `sort`, as
    _table_rows reads them (ROW_FIELDS), each with its idle flag at `now`."""
    return deferred_join(matching.order_by(*claim_ordering(sort)), bottom, top).with_idle_flag(now).values(*ROW_FIELDS)


# The page's rows and the list's total, from SQL the ORM compiles once per filter shape, filter values,
# sort and page (claims/compiled_queries.py: the key is the WHERE clause the model built for this
# request, with its parameters), then sent again with the request's time. Building and compiling them
# through the ORM on every request, the filters and the idle flag's CASE with its two subqueries, was
# a fifth of the list's CPU (issue #17). Bases the key cannot describe (the idle filter's aliases,
# SQLite's search through the article's title) go through the ORM as before.
# An entry is ~54 KB (the compiler with its query); the rows' key includes the page, so a reader paging
# far would fill 256 of them per thread: 64 is ~3.5 MB a thread at most.
LIST_ROWS = CompiledQuery(_page_rows, limit=64)
LIST_TOTAL = CompiledQuery(lambda matching: matching.total_query(), with_now=False)


def _list_total(matching):
    rows = LIST_TOTAL.rows(matching)
    return next(iter(rows[0].values())) if rows else 0  # no row: a queryset that can match nothing (none())


def _table_rows(claims, rating_labels):
    """Each claim of the page as its row shows it, worked out here once. The template then reads
    dictionary keys: a model attribute costs Django's template a failed dictionary lookup (an
    exception) before the getattr, and each row asked for two reverse() calls, four dates through the
    date filter and four display labels, most of the list's CPU time (issue #17: 35 ms a request).
    `claims`: the page's rows read with ROW_FIELDS (_page_rows); `rating_labels`: Rating.shown_labels()."""
    claim_url, article_url = url_maker("claims:detail"), url_maker("claims:article")
    today = timezone.localdate()
    dates = DateLabels()
    labels = display_labels()
    rows = []
    for claim in claims:
        due, updated = claim["due_date"], timezone.localtime(claim["updated_at"])
        status, anchor_state = claim["status"], claim["anchor_state"]
        rows.append({
            "pk": claim["pk"], "version": claim["version"], "url": claim_url(claim["pk"]), "text": claim["text"],
            "type": labels["claim_type"].get(claim["claim_type"], claim["claim_type"]),
            "priority": claim["priority"], "priority_label": labels["priority"].get(claim["priority"], claim["priority"]),
            "anchor_flag": "" if anchor_state == AnchorState.ANCHORED else labels["anchor_state"].get(anchor_state),
            "article_url": article_url(claim["article_id"]), "article_title": claim["article__title"],
            "claimant": claim["claimant"], "status": status, "status_label": labels["status"].get(status, status),
            "rating": rating_chip(claim, rating_labels),
            "assignee": person_name_of(claim["assignee__first_name"], claim["assignee__last_name"], claim["assignee__username"]),
            "due": due, "due_iso": due.isoformat() if due else "", "due_label": dates.day(due) if due else "",
            "overdue": is_overdue(status, due, today), "idle": claim["is_idle"],
            "updated_iso": updated.isoformat(), "updated_label": dates.moment(updated),
        })
    return rows


class DateLabels:
    """What dateformat.format writes for the dates rows written in Python show: day() "j M Y" ("7 Dec
    2026"), moment() "j M, H:i" ("7 Dec, 09:05"), day_month() "j M" ("7 Dec"), with the month's
    abbreviation asked of dateformat once per month shown rather than once per date: 80 dateformat
    calls a page, each translating its month, were a tenth of the claims list's CPU (issue #17). For the
    active language: make one per request (the claims list, the board and my queue each do)."""

    def __init__(self):
        self._month = functools.cache(lambda number: dateformat.format(datetime.date(2000, number, 1), "M"))

    def day(self, value):
        return f"{value.day} {self._month(value.month)} {value.year:04d}"

    def moment(self, value):
        return f"{value.day} {self._month(value.month)}, {value.hour:02d}:{value.minute:02d}"

    def day_month(self, value):
        return f"{value.day} {self._month(value.month)}"


def rating_chip(row, shown_labels):
    """{"slug", "label"} of a row read with ROW_FIELDS (rating_id, rating__slug, rating__label), the label in
    the reader's language when `shown_labels` (Rating.shown_labels()) has one; None without a verdict."""
    if row["rating__slug"] is None:
        return None
    return {"slug": row["rating__slug"], "label": Rating.label_from(shown_labels, row["rating_id"], row["rating__label"])}


def _rows_html(rows, may_bulk, selected_ids):
    """The table body's rows, written here rather than in claims/list.html: fifty rows of twenty
    template variables, conditions and filters each were a third of the page's rendering time, and a
    Python format string writes the same markup for a fraction of it (issue #17; byte for byte the
    template's, compared on every list case of the bench set when it moved here). Every value a
    person typed is escaped as the template escapes it (django.utils.html.escape is html.escape;
    tests/test_claims_list.py, tests/test_xss.py)."""
    e = html.escape
    # The words every row repeats, translated (and escaped) once for the page.
    select_label = _("Select “%(claim)s”")
    overdue = '<div class="overdue small">%s</div>' % e(_("Overdue"))
    idle = '<div class="idle-flag small" title="%s">%s</div>' % (
        e(_("In this status longer than its priority's deadline policy allows")), e(_("Idle")))
    out = []
    for row in rows:
        pk = row["pk"]
        select = (
            f'<td class="select-cell"><input type="hidden" name="seen" value="{pk}:{row["version"]}" form="bulk-form">'
            f'<input type="checkbox" name="claims" value="{pk}" form="bulk-form" aria-label="{e(select_label % {"claim": row["text"]})}"'
            f'{" checked" if pk in selected_ids else ""}></td>'
        ) if may_bulk else ""
        meta = e(str(row["type"]))
        if row["priority"] >= 3:
            meta += f' · <span class="priority-{row["priority"]}">{e(str(row["priority_label"]))}</span>'
        if row["anchor_flag"]:
            meta += f' · <span class="anchor-flag">{e(str(row["anchor_flag"]))}</span>'
        rating = (f'<span class="chip verdict rating-{e(row["rating"]["slug"])}">{e(row["rating"]["label"])}</span>'
                  if row["rating"] else '<span class="muted">—</span>')
        if row["due"]:
            late = ' class="overdue"' if row["overdue"] else ""
            due = f'<time datetime="{row["due_iso"]}"{late}>{e(row["due_label"])}</time>'
            if row["overdue"]:
                due += overdue
        else:
            due = '<span class="muted">—</span>'
        if row["idle"]:
            due += idle
        out.append(
            f'\n          <tr>\n            {select}\n'
            f'            <td class="claim-cell">\n'
            f'              <a href="{e(row["url"])}">{e(row["text"])}</a>\n'
            f'              <div class="meta">{meta}</div>\n'
            f'            </td>\n'
            f'            <td class="hide-narrow article-cell"><a href="{e(row["article_url"])}" title="{e(row["article_title"])}">'
            f'{e(row["article_title"])}</a></td>\n'
            f'            <td class="hide-narrow">{e(row["claimant"]) or "—"}</td>\n'
            f'            <td><span class="chip status-{e(row["status"])}">{e(str(row["status_label"]))}</span></td>\n'
            f'            <td>{rating}</td>\n'
            f'            <td>{e(row["assignee"]) or "—"}</td>\n'
            f'            <td class="nowrap">{due}</td>\n'
            f'            <td class="nowrap hide-narrow"><time datetime="{row["updated_iso"]}">{e(row["updated_label"])}</time></td>\n'
            f'          </tr>\n          '
        )
    return mark_safe("".join(out))


def _wants_results_only(request):
    # htmx asked for the results (search box, filters, sort, pagination); a history restore after
    # the back button needs the whole page.
    return request.htmx and not request.htmx.history_restore_request and request.htmx.target == "results"


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def claim_list(request):
    context = _list_context(request, request.GET)
    if _wants_results_only(request):
        response = render(request, "claims/list.html#results", context)
        # The address bar shows the filters without the form's empty fields.
        return push_url(response, _list_url(context["params"]))
    return render(request, "claims/list.html", context)


def _list_url(params):
    return reverse("claims:list") + (f"?{params.urlencode()}" if params else "")


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_bulk_action(request):
    """Apply one action to the ticked claims, each on its own, and say what was done and refused."""
    if not workflow.roles_of(request.user) & {workflow.EDITOR, workflow.CHECKER}:
        raise PermissionDenied(_("Viewers cannot change claims."))
    params = QueryDict(request.POST.get("query", ""))
    form = BulkActionForm(request.POST, claims=Claim.objects.visible_to(request.user))
    if not form.is_valid():
        # The ticks to keep: ids that parse (the form says what is wrong with the others).
        selected = {int(pk) for pk in request.POST.getlist("claims") if not number_problem(pk, minimum=1)}
        context = _list_context(request, params, bulk_form=form, selected_ids=selected)
        template = "claims/list.html#results" if request.htmx else "claims/list.html"
        return render(request, template, context, status=422)
    data = form.cleaned_data
    outcome = apply_bulk_action(
        request.user, data["claims"].order_by("pk"), data["action"], versions=seen_versions(request.POST.getlist("seen")),
        assignee=data["assignee"], due_date=data["due_date"], priority=data["priority"], reason=data["reason"],
    )
    if not request.htmx:
        level = messages.WARNING if outcome.refused else messages.SUCCESS
        messages.add_message(request, level, outcome.summary)
        return redirect(_list_url(_without_empty_values(params)))
    context = _list_context(request, params, bulk_outcome=outcome)
    return render(request, "claims/list.html#results", context)
