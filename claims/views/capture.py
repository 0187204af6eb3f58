"""Claim capture: import an article, review its suggested claims, make a claim from a text
selection, revise an article's text (claims re-anchor), similar claims and duplicates.

Permissions are checked here with the model permissions the roles carry (migration 0002): editors
import articles and revise their text (add/change_article), editors and fact-checkers make claims
(add_claim); the model methods check their own rules again and their refusals are shown in the page.
"""
import collections
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import workflow
from ..anchoring import AnchorError, anchor_at, find_selection, offset_of_position
from ..checkworthiness import is_trained_for
from ..embeddings import stored_sentence_vectors
from ..forms import NumberField, RefusesControlCharacters
from ..language import validate_language_code
from ..importing import MAX_BYTES, ImportRefused, import_article as create_article, refuse_unreadable_text, text_from_upload
from ..models import AnchorState, Article, Claim, ClaimType, ExternalReview, MatchDecision, RejectedSuggestion
from ..parsing import current_path, number_problem, optional_id, optional_int, parse_int
from ..similar import matches_for_claim, same_claim_line, similar_to_claim
from ..suggest import THRESHOLD, claim_title, describe_reasons, score_sentences
from ..workflow import EditConflict, NotReady, TransitionRefused, http_status
from . import get_claim_for_user
from .articles import render_article

# --- import ------------------------------------------------------------------------------------


# The upload limit in MB, for the help texts (format_lazy: {size}, filled when the form is drawn in
# the reader's language) and the refusal (%(size)s).
_MB = {"size": MAX_BYTES // 1024 // 1024}


class ImportForm(RefusesControlCharacters, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False,
                            help_text=gettext_lazy("Required for pasted text; an HTML file's own title is used "
                                                   "when left empty."))
    url = forms.URLField(label=gettext_lazy("Origin URL"), max_length=500, required=False, assume_scheme="https")
    publisher = forms.CharField(label=gettext_lazy("Publisher"), max_length=200, required=False)
    author = forms.CharField(label=gettext_lazy("Author"), max_length=200, required=False)
    published_on = forms.DateField(label=gettext_lazy("Publication date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.CharField(
        label=gettext_lazy("Language"), max_length=12, required=False, validators=[validate_language_code],
        help_text=gettext_lazy("A language code such as en, es, fr or pt-BR; detected from the text when left empty."),
    )
    text = forms.CharField(label=gettext_lazy("Paste the article's text"), required=False, strip=False,
                           help_text=format_lazy(gettext_lazy("At most {size} MB, as for a file."), **_MB),
                           widget=forms.Textarea(attrs={"rows": 14}))
    file = forms.FileField(label=gettext_lazy("…or upload a file"), required=False,
                           help_text=format_lazy(gettext_lazy(".txt, .md or .html, UTF-8, at most {size} MB."), **_MB),
                           widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm"}))


@permission_required("claims.add_article", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_article(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    error, existing = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data["file"]
            if upload and data["text"].strip():
                raise ImportRefused(_("Paste the text or upload a file, not both."))
            if upload:
                if upload.size > MAX_BYTES:
                    raise ImportRefused(_("“%(name)s” is larger than %(size)s MB.") % {"name": upload.name, **_MB})
                text, found_title = text_from_upload(upload.name, upload.read())
            else:
                text, found_title = data["text"], ""
            article = create_article(
                body=text, title=data["title"] or found_title, url=data["url"], publisher=data["publisher"],
                author=data["author"], published_on=data["published_on"], language=data["language"], actor=request.user,
            )
        except ImportRefused as exc:
            error, existing = exc.message, exc.existing
        else:
            return redirect("claims:suggestions", article.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "claims/capture/import.html", {"form": form, "error": error, "existing": existing},
                  status=status)


# --- suggestions -------------------------------------------------------------------------------


class AcceptForm(RefusesControlCharacters, forms.Form):
    """One suggested sentence taken as one or more claims. The sentence's span and text come back
    so a text revised since the page was drawn is noticed, not written over."""

    sentence_start = NumberField(min_value=0, widget=forms.HiddenInput)
    sentence_end = NumberField(min_value=1, widget=forms.HiddenInput)
    sentence = forms.CharField(strip=False, widget=forms.HiddenInput)
    quote = forms.CharField(label=gettext_lazy("Quote (trim it to the claim)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(label=gettext_lazy("Claim, as the checker states it"), max_length=300, required=False)
    parts = forms.CharField(
        label=gettext_lazy("…or split it: one quote per line, each becomes a claim"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claimant = forms.CharField(label=gettext_lazy("Claimant"), max_length=200, required=False)
    claim_type = forms.ChoiceField(label=gettext_lazy("Claim type"), choices=ClaimType.choices, initial=ClaimType.OTHER)


def _wording(quote, claimant=""):
    """A claim's default wording: a short title for its quote (claims.suggest.claim_title), about 75
    characters, rather than the whole sentence; the quote itself keeps every word."""
    return claim_title(quote, claimant)


class _Row:
    """One suggested sentence on the page, with what has been decided about it."""

    def __init__(self, suggestion, article, claims, rejected, error=None, created=(), similar=None, can_mark=False):
        self.suggestion = suggestion
        self.can_mark = can_mark
        # An orphan's offsets mean nothing (claims.models.Article.revise_body): it is listed apart.
        self.claims = [c for c in claims if c.start < suggestion.end and suggestion.start < c.end
                       and c.anchor_state != AnchorState.ORPHANED]
        self.rejected = suggestion.text in rejected
        self.error = error
        self.claim_type_label = ClaimType(suggestion.claim_type).label
        self.reasons_in_words = describe_reasons(suggestion.reasons)
        # Claims just created from it, each with the similar claims already in the workbench; they are
        # said once, in the "created" message, not listed again among the claims taken before.
        self.created = [(claim, (similar or {}).get(claim.pk, [])) for claim in created]
        created_ids = {claim.pk for claim in created}
        self.claims = [c for c in self.claims if c.pk not in created_ids]
        self.sentence_is_claimed = any(c.quote.strip() == suggestion.text.strip() for c in self.claims)
        self.form = AcceptForm(initial={
            "sentence_start": suggestion.start, "sentence_end": suggestion.end, "sentence": suggestion.text,
            "quote": suggestion.text, "text": _wording(suggestion.text, suggestion.claimant), "claimant": suggestion.claimant,
            "claim_type": suggestion.claim_type,
        }, prefix=f"s{suggestion.start}")

    @property
    def dom_id(self):
        return f"suggestion-{self.suggestion.start}"


# Suggestions drawn on one page. The largest article accepted (claims.importing.MAX_BYTES, 2 MB) has
# about 28,000 sentences: drawn all at once they were 72 MB of HTML in 4 minutes on the shared
# development machine (`manage.py bench_suggestions`; docs/security.md has the figures).
SUGGESTIONS_PER_PAGE = 50
# Rankings kept for the few texts last asked about (see _ranked).
_RANKINGS = collections.OrderedDict()
_RANKINGS_KEPT = 4


def _ranked(article):
    """Every sentence of the article, most check-worthy first: by features and meaning once its
    sentences' embeddings are computed (in the background, after import or a text revision), by
    features alone until then. Scoring takes seconds on the largest article, so the ranking is kept
    per (text, language, scored by meaning or not): accepting or rejecting a suggestion, or turning a
    page, does not score the whole article again."""
    vectors = stored_sentence_vectors(article)
    key = (article.body_hash, article.language, vectors is not None)
    ranked = _RANKINGS.get(key)
    if ranked is None:
        scored = score_sentences(article.body, vectors=vectors, language=article.language)
        ranked = _RANKINGS[key] = tuple(sorted(scored, key=lambda s: (-s.score, s.start)))
        while len(_RANKINGS) > _RANKINGS_KEPT:
            _RANKINGS.popitem(last=False)
    return ranked


def _scoring_note(article, rows):
    """How the scores were made, in a sentence: by meaning or not (yet), and how sure in this language."""
    first = rows[0].suggestion if rows else None
    if first is not None and first.by_meaning:
        note = _("Scored by what each sentence says (a classifier over its meaning) and by the features listed.")
    else:
        note = _("Scored by the features listed only: the sentences' meaning is still being computed in the "
                 "background; reload in a moment.")
    if not is_trained_for(article.language):
        note += " " + _("Lower confidence: the article's language (%(language)s) has no labelled sentences yet "
                        "(English, Spanish and French do).") % {"language": article.language}
    return note


def _rows(article, show_all=False, page=None):
    """(the Page of suggestions asked for, its rows, how many sentences are hidden)."""
    claims = list(article.claims.order_by("start", "pk"))
    rejected = set(article.rejected_suggestions.values_list("quote", flat=True))
    ranked = _ranked(article)
    shown = ranked if show_all else [s for s in ranked if s.score >= THRESHOLD and s.text not in rejected]
    page = Paginator(shown, SUGGESTIONS_PER_PAGE).get_page(page)
    # Rows (each with its form) only for the suggestions on this page.
    return page, [_Row(s, article, claims, rejected) for s in page.object_list], len(ranked) - len(shown)


def _row_for(article, start, **extra):
    claims = list(article.claims.order_by("start", "pk"))
    rejected = set(article.rejected_suggestions.values_list("quote", flat=True))
    for suggestion in _ranked(article):
        if suggestion.start == start:
            return _Row(suggestion, article, claims, rejected, **extra)
    return None


@permission_required("claims.add_claim", raise_exception=True)
@require_GET
def suggestions(request, pk):
    article = get_object_or_404(Article, pk=pk)
    show_all = request.GET.get("all") == "1"
    page, rows, hidden = _rows(article, show_all, optional_id(request.GET.get("page"), "page number"))
    return render(request, "claims/capture/suggestions.html", {
        "article": article, "page": page, "rows": rows, "hidden": hidden, "show_all": show_all, "threshold": THRESHOLD,
        "scoring_note": _scoring_note(article, rows),
        "can_edit_text": _may_edit_text(request.user),
        "to_recheck": article.claims.needing_anchor_review().order_by("anchor_state", "pk"),
    })


def _render_row(request, article, row, status=200):
    context = {"article": article, "row": row}
    if request.htmx:
        # htmx only swaps 2xx answers: a refusal comes back as 200 with the message in the row.
        return render(request, "claims/capture/suggestions.html#suggestion", context)
    page, rows, hidden = _rows(article)
    rows = [row if r.suggestion.start == row.suggestion.start else r for r in rows]
    if row.suggestion.start not in {r.suggestion.start for r in rows}:
        rows.insert(0, row)
    return render(request, "claims/capture/suggestions.html", {
        "article": article, "page": page, "rows": rows, "hidden": hidden, "show_all": False, "threshold": THRESHOLD,
        "can_edit_text": _may_edit_text(request.user),
    }, status=status)


class _Refused(Exception):
    pass


@permission_required("claims.add_claim", raise_exception=True)
@require_POST
def accept_suggestion(request, pk):
    article = get_object_or_404(Article, pk=pk)
    start = optional_int(request.POST.get("start"), "sentence position")
    prefix = f"s{start}" if start is not None else None
    form = AcceptForm(request.POST, prefix=prefix)
    row = _row_for(article, start) if prefix else None
    if not form.is_valid():
        if row is None:
            return render(request, "claims/capture/refused.html", {
                "article": article, "message": _("This suggestion could not be read: reload the page and try again."),
            }, status=400)
        # Show what was wrong next to what the editor typed, which is kept.
        row.form = form
        row.error = " ".join(
            f"{form.fields[name].label or name}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()
        )
        return _render_row(request, article, row, status=400)
    data = form.cleaned_data
    s_start, s_end = data["sentence_start"], data["sentence_end"]
    if row is not None and row.suggestion.start != s_start:
        row = None
    try:
        if row is None or article.body[s_start:s_end] != data["sentence"] or row.suggestion.end != s_end:
            raise _Refused(_("The article's text changed since this page was drawn: reload it to see the "
                             "current sentences. No claim was created."))
        quotes = [line.strip() for line in data["parts"].splitlines() if line.strip()] or [data["quote"].strip()]
        if not quotes[0]:
            raise _Refused(_("The quote is empty: keep at least a few words of the sentence."))
        spans = []
        for quote in quotes:
            # Searched inside the sentence only: the same words elsewhere are another claim.
            try:
                local = find_selection(data["sentence"], quote)
            except AnchorError:
                raise _Refused(_("“%(quote)s” is not part of this sentence: trim the sentence, do not rewrite "
                                 "it (the claim's own wording goes in the field below).") % {"quote": quote}) from None
            spans.append(anchor_at(article.body, s_start + local.start, s_start + local.end))
        wording = data["text"].strip()
        for anchor in spans:
            twin = article.claims.filter(start=anchor.start, end=anchor.end).first()
            if twin and (len(spans) > 1 or not wording or twin.text == wording):
                # "Accept another claim" on a sentence already taken would make an exact copy.
                raise _Refused(_("“%(claim)s” already quotes exactly these words. To take another claim "
                                 "from this sentence, trim the quote to other words or reword the claim "
                                 "(Trim, reword or split…). No claim was created.") % {"claim": twin.text})
        created = []
        with transaction.atomic():
            for anchor in spans:
                text = wording if len(spans) == 1 and wording else _wording(anchor.quote, data["claimant"].strip())
                created.append(Claim.create_from_span(
                    article, anchor.start, anchor.end, text=text, actor=request.user,
                    claimant=data["claimant"].strip(), claim_type=data["claim_type"],
                ))
    except _Refused as exc:
        row = row or _Row(_stale_suggestion(data), article, [], set())
        row.error, row.form = str(exc), form
        return _render_row(request, article, row, status=400)
    except ValidationError as exc:
        row.error, row.form = " ".join(exc.messages), form
        return _render_row(request, article, row, status=400)
    row = _row_for(article, s_start, created=created, similar={c.pk: matches_for_claim(c).claims for c in created},
                   can_mark=all(claim.may("mark_duplicate", request.user) for claim in created))
    return _render_row(request, article, row)


def _stale_suggestion(data):
    from ..suggest import Suggestion

    return Suggestion(text=data["sentence"], start=data["sentence_start"], end=data["sentence_end"], score=0.0)


@permission_required("claims.add_claim", raise_exception=True)
@require_POST
def reject_suggestion(request, pk):
    article = get_object_or_404(Article, pk=pk)
    row = _row_for(article, parse_int(request.POST.get("start"), "sentence position"))
    if row is None or row.suggestion.text != request.POST.get("sentence", ""):
        return render(request, "claims/capture/refused.html", {
            "article": article,
            "message": _("The article's text changed since this page was drawn: reload it. Nothing was rejected."),
        }, status=400)
    RejectedSuggestion.objects.get_or_create(
        article=article, quote=row.suggestion.text, defaults={"rejected_by": request.user})
    row.rejected = True
    if request.htmx:
        return render(request, "claims/capture/suggestions.html#suggestion", {"article": article, "row": row})
    return redirect("claims:suggestions", article.pk)


# --- a claim from a selection in the article -----------------------------------------------------


class SelectionForm(RefusesControlCharacters, forms.Form):
    """A selection in the article as static/claims/select-claim.js posts it: the quote, the text
    just before and after it, and its position: how many characters that are not white space come
    before it, in Unicode code points (claims.anchoring.offset_of_position). The position only
    chooses between occurrences of the quote whose surroundings are the same; the words decide."""

    quote = forms.CharField(strip=False, widget=forms.HiddenInput,
                            error_messages={"required": gettext_lazy("The quote is empty: select the claim's words.")})
    prefix = forms.CharField(strip=False, required=False, widget=forms.HiddenInput)
    suffix = forms.CharField(strip=False, required=False, widget=forms.HiddenInput)
    position = NumberField(label=gettext_lazy("Position"), required=False, widget=forms.HiddenInput)

    def anchor_in(self, body):
        data = self.cleaned_data
        near = None if data["position"] is None else offset_of_position(body, data["position"])
        return find_selection(body, data["quote"], data["prefix"], data["suffix"], near)


class NewClaimForm(SelectionForm):
    article = NumberField(label=gettext_lazy("Article"), min_value=1,
                          error_messages={"required": gettext_lazy("Which article? The selection came without one.")})
    text = forms.CharField(label=gettext_lazy("Claim"), max_length=300, required=False)
    claimant = forms.CharField(label=gettext_lazy("Claimant"), max_length=200, required=False)
    claim_type = forms.ChoiceField(label=gettext_lazy("Claim type"), choices=ClaimType.choices, required=False,
                                   error_messages={"invalid_choice": gettext_lazy("Unknown claim type.")})


def first_error(form):
    """The first problem of an invalid form, as one sentence for a JSON answer or a page's alert."""
    return next(iter(form.errors.values()))[0]



@permission_required("claims.add_claim", raise_exception=True)
@require_POST
def claim_from_selection(request):
    """Make a claim from text the editor selected in the article (static/claims/select-claim.js).
    The browser's offsets are only a hint: the quote and its prefix and suffix are searched in the
    stored text here, and the claim is anchored where they are found."""
    def refuse(message, status=400):
        return JsonResponse({"error": message}, status=status)

    form = NewClaimForm(request.POST)
    if not form.is_valid():
        return refuse(first_error(form))
    data = form.cleaned_data
    article = Article.objects.filter(pk=data["article"]).first()
    if article is None:
        return refuse(_("That article does not exist (any more)."), status=404)
    try:
        anchor = form.anchor_in(article.body)
    except AnchorError as exc:
        return refuse(_("%(problem)s Select text in the article itself; no claim was created.") % {"problem": exc})
    try:
        claim = Claim.create_from_span(
            article, anchor.start, anchor.end, text=data["text"] or _wording(anchor.quote),
            actor=request.user, claim_type=data["claim_type"] or ClaimType.OTHER, claimant=data["claimant"],
        )
    except ValidationError as exc:
        return refuse(" ".join(exc.messages))
    similar = similar_to_claim(claim)
    return JsonResponse({
        "id": claim.pk, "url": claim.get_absolute_url(), "text": claim.text, "quote": claim.quote,
        "start": claim.start, "end": claim.end,
        "similar": [{"id": s.claim.pk, "text": s.claim.text, "url": s.claim.get_absolute_url(),
                     "status": s.claim.get_status_display(), "similarity": round(s.similarity, 2)} for s in similar],
    }, status=201)


# --- placing a claim again -------------------------------------------------------------------------


@permission_required("claims.change_claim", raise_exception=True)
@require_POST
def place_claim(request, pk):
    """"Place it here": anchor a claim the text revision lost (orphaned) or placed approximately
    (fuzzy) to words the editor selected on the article page (static/claims/select-claim.js). The
    selection is found in the stored text as for a new claim (find_selection); Claim.place_at checks
    who may, the version and the span. Answers the article page: redirected to it with the claim
    highlighted, or drawn again with the refusal (400 a selection not in the text, 403 not allowed,
    409 stale)."""
    claim = get_claim_for_user(request, pk, Claim.objects.select_related("article"))
    article = claim.article
    form = SelectionForm(request.POST)
    version = optional_int(request.POST.get("version"), "version", minimum=1)
    if not form.is_valid():
        return render_article(request, article, status=400,
                              error=_("%(problem)s Nothing was changed.") % {"problem": first_error(form)})
    try:
        anchor = form.anchor_in(article.body)
        claim.place_at(request.user, anchor.start, anchor.end, version=version, quote=anchor.quote)
    except AnchorError as exc:
        return render_article(request, article, status=400,
                              error=_("%(problem)s Select the claim's words in the article itself; nothing was "
                                      "changed.") % {"problem": exc})
    except EditConflict as exc:
        return render_article(request, article, error=exc.message, status=409)
    except TransitionRefused as exc:
        return render_article(request, article, error=exc.message, status=403)
    quote = Truncator(" ".join(claim.quote.split())).chars(80)
    messages.success(request, _("“%(claim)s” is placed on “%(quote)s”.") % {"claim": claim, "quote": quote})
    return redirect(f"{article.get_absolute_url()}#claim-{claim.pk}")


# --- revising an article's text -----------------------------------------------------------------


def _may_edit_text(user):
    return Article.revision_refusal(user) is None


@permission_required("claims.change_article", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edit_article_text(request, pk):
    article = get_object_or_404(Article, pk=pk)
    context = {"article": article, "body": article.body, "seen_hash": article.body_hash, "results": None, "error": None}
    status = 200
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            # The same limits as an imported article's (claims.importing): size, no control character.
            refuse_unreadable_text(body)
            context["results"] = article.revise_body(request.user, body, seen_hash=request.POST.get("seen_hash", ""))
            context["body"], context["seen_hash"] = article.body, article.body_hash
        except ImportRefused as exc:
            context.update(error=exc.message, body=body)
            status = 400
        except TransitionRefused as exc:
            context.update(error=exc.message, body=body)
            status = workflow.http_status(exc)
    return render(request, "claims/capture/edit_text.html", context, status=status)


# --- similar claims and duplicates --------------------------------------------------------------


@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def similar(request, pk):
    claim = get_claim_for_user(request, pk, Claim.objects.with_related())
    return _render_similar(request, claim)


def _render_similar(request, claim, message=None, error=None, status=200):
    matches = matches_for_claim(claim)
    decisions = {
        ("claim" if d.other_claim_id else "external", d.other_claim_id or d.external_review_id): d
        for d in claim.match_decisions.filter(decision=MatchDecision.Decision.SAME)
    }
    context = {
        "claim": claim, "matches": matches, "message": message, "error": error,
        "can_mark": claim.may("mark_duplicate", request.user),
        "can_decide": MatchDecision.refusal_for(request.user) is None,
        "confirmed": {key for key in decisions}, "same_line": same_claim_line(),
    }
    if request.htmx:
        # htmx only swaps 2xx answers: a refusal comes back as 200 with the message in the fragment.
        return render(request, "claims/capture/similar.html#similar", context)
    return render(request, "claims/capture/similar.html", context, status=status)


@permission_required("claims.view_claim", raise_exception=True)
@require_POST
def decide_match(request, pk):
    """A person says whether a suggested match is the same claim (MatchDecision.record decides who
    may); a rejected match is not suggested again."""
    claim = get_object_or_404(Claim.objects.with_related(), pk=pk)
    if refusal := MatchDecision.refusal_for(request.user):
        return _render_similar(request, claim, error=refusal, status=403)
    kind, match_id = request.POST.get("kind", ""), request.POST.get("match", "")
    score = request.POST.get("score", "")
    model = {"claim": Claim, "external": ExternalReview}.get(kind)
    match = model.objects.filter(pk=match_id).first() if model and not number_problem(match_id, minimum=1) else None
    if match is None:
        return _render_similar(request, claim, error=_("That suggested match no longer exists."), status=400)
    try:
        score = float(score) if re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{1,6})?", score) else None
        if score is None:
            raise NotReady(_("The match's score is missing; reload the page and try again."))
        MatchDecision.record(request.user, claim, match, request.POST.get("decision", ""), score=score,
                             method=request.POST.get("method", "")[:10])
    except TransitionRefused as exc:
        return _render_similar(request, claim, error=exc.message, status=http_status(exc))
    same = request.POST.get("decision") == MatchDecision.Decision.SAME
    message = _("Recorded: the same claim.") if same else _("Recorded: not the same claim. It will not be suggested again.")
    return _render_similar(request, claim, message=message)


@permission_required("claims.change_claim", raise_exception=True)
@require_POST
def mark_duplicate(request, pk):
    claim = get_claim_for_user(request, pk, Claim.objects.with_related())
    original_id = optional_id(request.POST.get("original"), "original claim")
    original = Claim.objects.visible_to(request.user).filter(pk=original_id).first() if original_id is not None else None
    version = optional_int(request.POST.get("version"), "version", minimum=1)
    try:
        claim.mark_duplicate_of(request.user, original, version=version)
    except TransitionRefused as exc:
        return _render_similar(request, claim, error=exc.message, status=workflow.http_status(exc))
    claim = Claim.objects.with_related().get(pk=claim.pk)
    message = _("Marked as a duplicate of “%(original)s”.") % {"original": claim.duplicate_of}
    response = _render_similar(request, claim, message=message)
    if (current_path(request) or "").split("?")[0] == claim.get_absolute_url():
        # On the claim's own page every other form holds the old version: reload it whole.
        messages.success(request, message)
        response["HX-Refresh"] = "true"
    return response

