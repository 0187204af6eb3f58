"""The board: one column per status, a card per claim, and on each card the workflow steps this
user may take now. Steps that ask for nothing (take, restore, approve, a first publication) are
buttons that post here; steps that ask for input link to the claim's page, to the form of that step.

The board polls its own fragment every few seconds so that two editors see each other's moves
(static/claims/polling.js holds the polling back while a message on a card is being read)."""
from dataclasses import dataclass
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import workflow
from ..compiled_queries import CompiledQuery
from ..forms import article_picker, fact_checkers
from ..models import Claim, Rating, is_overdue, person_name_of
from ..parsing import number_problem, optional_int
from ..status_text import more_in_list
from ..workflow import EditConflict, Status, TransitionRefused
from . import get_claim_for_user
from .claims import DateLabels, step_done, url_maker  # the list's: one reverse() per address, month names once

# A column shows at most this many cards, the most urgent first (the count above it is always the
# full one); the claims list, filtered by status, shows the rest. The board is redrawn every 10 s
# for every editor who has it open: 40 cards a column made that a 400 KB page.
CARDS_PER_COLUMN = 20


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def board(request):
    fragment = _fragment_wanted(request)
    context = board_context(request, whole_page=not fragment)
    return render(request, "claims/board.html#board" if fragment else "claims/board.html", context)


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def board_transition(request, pk):
    """Make one input-free step from a card, then draw the board again. A refusal (403) or a stale
    card (409) is drawn on the card itself, with the claim as it is now."""
    claim = get_claim_for_user(request, pk)
    version = request.POST.get("version", "")
    name = request.POST.get("transition", "")
    try:
        step = workflow.get(name)
        if step.asks_for_input(claim):
            notice = _notice(claim, "error", _("“%(step)s” needs more information: open the claim to do it.")
                             % {"step": step.label})
            status = 400
        else:
            claim.transition(name, request.user, version=optional_int(version, "version", minimum=1))
            notice = _notice(claim, "success", step_done(step, claim))
            status = 200
    except TransitionRefused as refusal:
        status = workflow.http_status(refusal)
        notice = _notice(claim, "conflict" if isinstance(refusal, EditConflict) else "error", refusal.message)
    fragment = _fragment_wanted(request)
    context = board_context(request, notice=notice, whole_page=not fragment)
    return render(request, "claims/board.html#board" if fragment else "claims/board.html", context, status=status)


def _notice(claim, kind, text):
    return {"claim_pk": claim.pk, "claim_text": claim.text, "kind": kind, "text": text}


def board_context(request, notice=None, whole_page=True):
    """The board's columns and cards; with `whole_page`, also the filters, which the fragment
    redrawn every 10 s does not show."""
    filters = _filters(request)
    claims = Claim.objects.visible_to(request.user)
    if filters["article"]:
        claims = claims.filter(article_id=filters["article"])
    if filters["assignee"] == "none":
        claims = claims.filter(assignee__isnull=True)
    elif filters["assignee"]:
        claims = claims.filter(assignee_id=filters["assignee"])

    counts = claims.count_by_status()
    # Only the columns that have cards are read. Filtered by assignee, a status where the filter
    # matches nothing was a walk of every claim of that status in the claim_board index (PostgreSQL
    # cannot know that none will match): "nobody" read 65,000 entries for nothing, 510 ms under load,
    # one fact-checker 250 ms (the "new" column). The counts, from the claim tally, are exact.
    statuses = tuple(s for s in Status.values if counts[s])
    rows = CARDS.rows(claims, timezone.now(), per_column=CARDS_PER_COLUMN, statuses=statuses) if statuses else []
    columns = {s: [] for s in Status.values}
    query = urlencode({k: v for k, v in filters.items() if v})
    # Each card's two addresses from one reverse() each, rather than a {% url %} per button.
    claim_url, transition_url = url_maker("claims:detail"), url_maker("claims:board_transition")
    keep_filters = f"?{query}" if query else ""
    csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    words = _card_words()
    today = timezone.localdate()
    steps_of_kind = {}
    cards = []
    for row in rows:
        # The model's rules decide the steps, asked once per kind of claim (Claim.rule_kind) rather
        # than once per card: 120 cards are a dozen kinds.
        kind = Claim.rule_kind(row, request.user)
        if kind not in steps_of_kind:
            steps_of_kind[kind] = _steps(Claim.for_rules(row), request.user)
        quick_steps, form_steps = steps_of_kind[kind]
        pk = row["pk"]
        card_notice = notice if notice and notice["claim_pk"] == pk else None
        card = Card(pk, row["status"], quick_steps, form_steps, card_notice, _card_html(
            row, claim_url(pk), transition_url(pk) + keep_filters, quick_steps, form_steps, card_notice,
            is_overdue(row["status"], row["due_date"], today), csrf_input, words))
        cards.append(card)
        columns[card.status].append(card)

    if notice:
        # Said on the card when the card is on the board; above the board when the filters hide it.
        notice["on_card"] = any(card.notice for card in cards)
    context = {
        "nav": "board",
        "columns": [
            {"status": s, "label": s.label, "count": counts[s], "cards": columns[s],
             # One string for the column's cards, spaced as a {% for %} of them in the template
             # spaced them: 120 loop turns were a quarter of the page's rendering.
             "cards_html": mark_safe("".join(f"\n      {card.html}\n      " for card in columns[s])),
             "more": counts[s] - len(columns[s]), "more_text": more_in_list(s, counts[s] - len(columns[s]))}
            for s in Status
        ],
        "filters": filters,
        "query": query,
        "poll_url": reverse("claims:board") + (f"?{query}" if query else ""),
        "notice": notice,
    }
    if whole_page:
        context.update({
            # Searched as you type: the page no longer grows with the number of articles.
            "article_picker": article_picker(id="filter-article").render("article", filters["article"]),
            "assignees": _assignee_choices(),
        })
    return context


def _cards(claims, now, per_column, statuses=tuple(Status.values)):
    """The first `per_column` cards of each column of `claims` (of each of `statuses`, on PostgreSQL),
    in the board's order, as CARD_FIELDS; `now` judges the idle flag. One query for every column."""
    # On PostgreSQL the cards are those whose ids a UNION ALL of one LIMITed query per status picks,
    # each reading `per_column` entries of the claim_board index; numbering every claim with a
    # window function instead reads and sorts all of them (seconds at 100,000 claims). SQLite cannot
    # LIMIT the parts of a UNION, so there the window function stays.
    if claims.query.is_empty():
        # visible_to() shows this person nothing. (QuerySet.union() of empty parts returns the first
        # part, sliced, which cannot be reordered: a TypeError, not an empty board.)
        return claims.with_idle_flag(now).values(*CARD_FIELDS)
    if connections[claims.db].features.supports_slicing_ordering_in_compound:
        # The UNION is a subquery of the cards' query rather than a query of its own whose ids are
        # sent back: one round trip, and no list of 120 ids for Django to build and the driver to
        # parse. Its parts select the ids alone (six copies of the joined, flagged query cost more
        # to compile and to plan); PostgreSQL joins the rest as 120 probes by key (given a list of
        # ids instead, it hashed every article unless told their ids too).
        in_order = claims.order_by(*_card_order()).values("pk")
        parts = [in_order.filter(status=s)[:per_column] for s in statuses]
        # (union() of a single part is that part, sliced: it cannot be reordered, nor needs to be.)
        firsts = parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]
        rows = claims.with_idle_flag(now).filter(pk__in=firsts).order_by(*_card_order()).values(*CARD_FIELDS)
    else:
        rows = (
            claims.with_idle_flag(now)
            .annotate(place=Window(RowNumber(), partition_by=[F("status")], order_by=_card_order()))
            .filter(place__lte=per_column)
            .order_by("status", "place")
            .values(*CARD_FIELDS)
        )
    return rows


# The cards' SQL as the ORM writes it from _cards(), compiled once per base (who sees what, the
# filters) and sent again with each request's time: building and compiling it through the ORM was
# ~4.5 ms of CPU a request, more than PostgreSQL spends answering it (issue #17).
CARDS = CompiledQuery(_cards)


def _card_words():
    """The words every card may show, translated and escaped once for the whole board (not per card)."""
    return {
        "unassigned": escape(_("Unassigned")),
        "overdue": escape(_("Overdue: %(date)s")),
        "due": escape(_("due %(date)s")),
        "idle_title": escape(_("In this status longer than its priority's deadline policy allows")),
        "idle": escape(_("Idle")),
        "from": escape(_("From ")),
        "close": escape(_("Close")),
        "steps": {name: escape(str(step.label)) for name, step in workflow.BY_NAME.items()},
        "step_names": {name: escape(name) for name in workflow.BY_NAME},  # as the ids and values write them
        "ratings": Rating.shown_labels(),  # None in the default language: the base label is right
        "dates": DateLabels(),  # due dates as a card writes them ("j M"), each month's name asked once
    }


@dataclass(frozen=True)
class Card:
    """A card as the template draws it (`html`) and as tests read it (its steps)."""

    pk: int
    status: str
    quick_steps: list
    form_steps: list
    notice: dict | None
    html: str


# What a card shows, read as plain values: 120 claims, articles, verdicts and assignees as model
# instances were a quarter of the board's CPU (issue #17). And what the rules about steps read.
CARD_FIELDS = ("pk", "version", "text", "due_date", "article__title",
               "assignee__first_name", "assignee__last_name", "assignee__username",
               "rating_id", "rating__slug", "rating__label", "is_idle", *Claim.RULE_FIELDS)


def _steps(claim, user):
    """The steps `user` may take on `claim`: (buttons for those that ask for nothing, links to the
    forms of the others)."""
    steps = claim.allowed_transitions(user)
    return [t for t in steps if not t.asks_for_input(claim)], [t for t in steps if t.asks_for_input(claim)]


def _card_html(card, url, step_url, quick_steps, form_steps, notice, overdue, csrf_input, words):
    """One card, written here rather than by the template: 120 cards of ~40 template variables each
    were most of the board's CPU time (issue #17). Every value is escaped (html.escape, as the
    template's autoescaping); the markup is the one templates/claims/board.html drew. `card`: a row
    of CARD_FIELDS; `words`: _card_words(), the board's translated words."""
    pk, version, title_id = card["pk"], card["version"], f"card-{card['pk']}-title"
    classes = "board-card" + (" is-overdue" if overdue else "") + (" is-idle" if card["is_idle"] else "") + (
        " has-notice" if notice else "")
    article = escape(card["article__title"])
    who = (f'<span class="card-assignee">'
           f'{escape(person_name_of(card["assignee__first_name"], card["assignee__last_name"], card["assignee__username"]))}'
           f'</span>' if card["assignee_id"] else f"<span>{words['unassigned']}</span>")
    due = ""
    if card["due_date"]:
        day = {"date": escape(words["dates"].day_month(card["due_date"]))}
        due = (f'· <span class="overdue">{words["overdue"] % day}</span>' if overdue
               else f"· <span>{words['due'] % day}</span>")
    idle = (f' · <span class="idle-flag" title="{words["idle_title"]}">{words["idle"]}</span>'
            if card["is_idle"] else "")
    parts = [
        f'<article class="{classes}" id="card-{pk}" data-claim="{pk}" data-version="{version}">',
        f'<a class="title" id="{title_id}" href="{url}">{escape(card["text"])}</a>',
        f'<div class="meta card-article" title="{article}"><span class="visually-hidden">{words["from"]}</span>{article}</div>',
        f'<div class="meta card-meta">\n{who}\n{due}{idle}\n</div>',
    ]
    if card["rating_id"]:
        label = Rating.label_from(words["ratings"], card["rating_id"], card["rating__label"])
        parts.append(f'<div><span class="chip verdict rating-{escape(card["rating__slug"])}">{escape(label)}</span></div>')
    if notice:
        kind = notice["kind"]
        css = {"success": "alert-success", "conflict": "alert-conflict"}.get(kind, "alert-error")
        close = "" if kind == "success" else f'<button type="button" class="btn btn-small" data-dismiss-alert>{words["close"]}</button>'
        parts.append(
            f'<div class="card-alert alert {css}" role="{"status" if kind == "success" else "alert"}"'
            f'{"" if kind == "success" else " data-hold-polling"}>\n{escape(str(notice["text"]))}\n{close}\n</div>'
        )
    if quick_steps or form_steps:
        parts.append('<div class="actions">')
        for step in quick_steps:
            kind, name = " btn-backwards" if step.backwards else " btn-primary", words["step_names"][step.name]
            parts.append(
                f'<form method="post" action="{step_url}" hx-post="{step_url}" hx-target="#board" '
                f'hx-swap="outerHTML" hx-sync="#board:replace">\n{csrf_input}\n'
                f'<input type="hidden" name="transition" value="{name}">\n'
                f'<input type="hidden" name="version" value="{version}">\n'
                f'<button type="submit" id="card-{pk}-{name}" class="btn btn-small{kind}" '
                f'aria-describedby="{title_id}">{words["steps"][step.name]}</button>\n</form>'
            )
        for step in form_steps:
            name = words["step_names"][step.name]
            parts.append(
                f'<a class="btn btn-small{" btn-backwards" if step.backwards else ""}" id="card-{pk}-open-{name}" '
                f'href="{url}#transition-{name}" aria-describedby="{title_id}">{words["steps"][step.name]}…</a>'
            )
        parts.append("</div>")
    parts.append("</article>")
    return mark_safe("\n".join(parts))


def _card_order():
    # Urgent work first: highest priority, then the earliest due date (none last), then the most
    # recently touched. The claim_board index (status, -priority, due_date, -updated_at) holds
    # the claims of each status in exactly this order.
    return [F("priority").desc(), F("due_date").asc(nulls_last=True), F("updated_at").desc()]


def _filters(request):
    # A filter that is not an id (strictly ASCII digits: "٣" is not 3 here) is ignored, as the
    # claims list ignores one: the board is still worth showing.
    article = request.GET.get("article", "")
    assignee = request.GET.get("assignee", "")
    return {
        "article": None if number_problem(article, minimum=1) else int(article),
        "assignee": assignee if assignee == "none" else (None if number_problem(assignee, minimum=1) else int(assignee)),
    }


def _assignee_choices():
    """Every fact-checker, plus anyone still holding a claim (they may have left the checkers'
    group), as {"pk", "name"}."""
    users = ASSIGNEE_CHOICES.rows(get_user_model().objects.all())
    return [{"pk": user["pk"], "name": person_name_of(user["first_name"], user["last_name"], user["username"])}
            for user in users]


def _assignees(users):
    # Exists: one probe of the (assignee, status) index per user, rather than reading every
    # assigned claim to list the dozen people who hold them.
    return users.filter(
        Exists(Claim.objects.filter(assignee=OuterRef("pk")))
        | Q(pk__in=fact_checkers().order_by().values("pk"))
    ).order_by("first_name", "username").values("pk", "first_name", "last_name", "username")


# Compiled once, as the cards: building and compiling fact_checkers() and the Exists cost ~2 ms of CPU a request.
ASSIGNEE_CHOICES = CompiledQuery(_assignees, with_now=False)


def _fragment_wanted(request):
    # An htmx request wants only the fragment, except when htmx restores a page from history (the
    # back button after a filter change), which needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
