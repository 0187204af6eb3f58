"""The workbench's forms. Each only parses and checks what a person typed; the rules about claims stay
on the model (Claim.transition, update_details, add_evidence, add_note), whose refusals the views
show beside the form.

A workflow step's form is built from the step's row in claims/workflow.py (`fields`, `required`), so
adding a field to the table adds it to the form."""
import html

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _, ngettext, pgettext_lazy

from . import metrics
from .language import LANGUAGES, validate_language_code
from .models import Article, Claim, ClaimType, Evidence, Priority, Rating, Source, http_url, person_name
from .parsing import number_problem, refuse_control_characters
from .workflow import Status

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def fact_checkers(users=None):
    """Active users who may be assigned a claim (the act_as_checker permission, directly, through a
    group, or as a superuser): the assignee select's choices. Of `users` (a User queryset) if given."""
    # IN subqueries on the link tables rather than joins through them: a user with the permission
    # both directly and through two groups is one row without a DISTINCT over every user column, and
    # the query is built from three small ones instead of a five-table join (issue #17).
    codename = "act_as_checker"
    directly = User.user_permissions.through.objects.filter(permission__codename=codename).values("user_id")
    by_group = User.groups.through.objects.filter(
        group_id__in=Group.permissions.through.objects.filter(permission__codename=codename).values("group_id")
    ).values("user_id")
    return (
        (User.objects.all() if users is None else users).filter(is_active=True)
        .filter(Q(pk__in=directly) | Q(pk__in=by_group) | Q(is_superuser=True))
        .order_by("first_name", "last_name", "username")
    )


def _escape(text):
    # django.utils.html.conditional_escape without its lazy-string wrapper, which costs more than
    # the escaping itself when it runs 2,000 times a page: text already marked safe stays as it is,
    # anything else goes through the same html.escape Django's escape uses.
    return text if hasattr(text, "__html__") else html.escape(str(text))


class StrictDateField(forms.CharField):
    """A date written YYYY-MM-DD in ASCII digits, and nothing else (no locale formats, no other digits)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return metrics.parse_date(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ManyOptionsSelect(forms.Select):
    """A <select> of hundreds or thousands of options (every article, recent sources). Django renders
    each option through its own template, about 0.3 ms apiece (0.7 s for 2,000 articles on the
    benchmark machine); this writes the same markup in one pass, about ten times faster. Single
    choice, no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        # Escaped one by one and marked safe once: format_html per option was half the time.
        options = "".join(
            f'<option value="{_escape(key)}"{" selected" if key in chosen else ""}>{_escape(label)}</option>'
            for key, label in ((str(v), label) for v, label in self.choices)
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           mark_safe(options))


class AutocompleteWidget(forms.Widget):
    """A search-as-you-type picker for one object out of thousands (docs/autocomplete.md): a hidden
    input with the chosen id, a search box, and a listbox the server fills from `url` (an endpoint
    that answers `?q=` with templates/claims/widgets/autocomplete.html#options). `label_for(value)`
    gives the chosen object's label, shown in the box when a form comes back with a choice made."""

    template = "claims/widgets/autocomplete.html"

    def __init__(self, *, url, label_for, placeholder="", listbox_label=_("Matches"), max_length=200, attrs=None):
        super().__init__(attrs)
        self.url, self.label_for, self.placeholder = url, label_for, placeholder
        self.listbox_label, self.max_length = listbox_label, max_length

    def render(self, name, value, attrs=None, renderer=None):
        from django.template.loader import render_to_string
        from django.urls import reverse

        attrs = self.build_attrs(self.attrs, attrs)
        value = "" if value is None else str(value)
        return render_to_string(self.template, {
            "name": name, "value": value, "id": attrs.get("id", f"id_{name}"),
            "chosen_label": self.label_for(value) if value else "",
            "url": reverse(self.url) if ":" in self.url else self.url,
            "placeholder": self.placeholder, "listbox_label": self.listbox_label, "max_length": self.max_length,
            "describedby": attrs.get("aria-describedby", ""),
        })

    def use_required_attribute(self, initial):
        return False


def _source_title(pk):
    return "" if number_problem(pk) else Source.objects.filter(pk=pk).values_list("title", flat=True).first() or ""


def _article_title(pk):
    return "" if number_problem(pk) else Article.objects.filter(pk=pk).values_list("title", flat=True).first() or ""


def article_picker(**attrs):
    """The article filter of the claims list and the board: searched as you type
    (claims.views.articles.article_search), never a <select> of every article: printing 2,000
    titles into every page was a third of the list's CPU time and made the board grow with the
    number of articles (issue #17)."""
    return AutocompleteWidget(url="claims:article_search", label_for=_article_title,
                              placeholder=_("Search headlines"), listbox_label=_("Articles"), attrs=attrs or None)


class TitlesOnlyIterator(forms.models.ModelChoiceIterator):
    """The choices as (id, label) pairs read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field).iterator()


def label_in_sentence(label):
    """A field's label inside a sentence ("The claim type filter ..."), in the active language:
    lower-cased, except in German, whose nouns keep their capital ("Der Filter „Art der Behauptung“")."""
    text = str(label)
    return text if translation.get_language().startswith("de") else text.lower()


# --- strict input: every number in ASCII digits, no control character in any text (claims.parsing) ---


class NumberField(forms.IntegerField):
    """Django's IntegerField reads any script's digits ("٣" is 3) and its message for "²" says
    nothing useful; this one takes the digits 0-9 only, within the widest database integer."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        problem = number_problem(str(value).strip(), label_in_sentence(self.label) if self.label else "number", minimum=0)
        if problem:
            raise ValidationError(problem, code="invalid")
        return int(str(value).strip())


def _key_problem(field, value):
    # Ids only: a choice keyed on another field (a rating's slug) is compared as text.
    if field.to_field_name is None and value not in field.empty_values and not hasattr(value, "_meta"):
        return number_problem(str(value), "choice", minimum=1)
    return None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose posted id must be ASCII digits: Django's looks "٣" up as 3 and
    a 25-digit id up as an integer the database cannot hold."""

    def to_python(self, value):
        problem = _key_problem(self, value)
        if problem:
            raise ValidationError(problem, code="invalid_choice")
        return super().to_python(value)


class FewRowsChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a table of a few rows (the verdicts), read with one plain query. Django's own
    iterator reads them through QuerySet.iterator(), which on PostgreSQL is a server-side cursor:
    DECLARE, FETCH and CLOSE, three round trips for ten rows, on every page of the claims list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """As IdChoiceField, for a list of ids."""

    def _check_values(self, value):
        for key in value:
            problem = _key_problem(self, key)
            if problem:
                raise ValidationError(problem, code="invalid_pk_value")
        return super()._check_values(value)


class FewRowsChoiceField(IdChoiceField):
    iterator = FewRowsChoiceIterator


class RefusesControlCharacters:
    """A form mixin: every text field refuses control characters (claims.parsing); line breaks
    and tabs are allowed where the field is a text area or hidden (which may carry a sentence with
    its line breaks), not in a single-line input. Django's own check only refuses NUL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                what = label_in_sentence(field.label) if field.label else name.replace("_", " ")
                multiline = not isinstance(field.widget, forms.TextInput)
                # Replaces Django's NUL-only check, whose message does not say where the NUL is.
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators.append(
                    lambda value, what=what, multiline=multiline: refuse_control_characters(value, what, multiline=multiline)
                )


class ManyChoicesField(IdChoiceField):
    """A ModelChoiceField for thousands of choices (every article), drawn by ManyOptionsSelect from
    one column: building 2,000 model instances to print their titles was most of the claims list's
    rendering time. Validation is ModelChoiceField's: the chosen id is looked up in the queryset."""

    iterator = TitlesOnlyIterator

    def __init__(self, queryset, *, label_field, **kwargs):
        self.label_field = label_field
        kwargs.setdefault("widget", ManyOptionsSelect)
        super().__init__(queryset, **kwargs)


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class WorkbenchForm(RefusesControlCharacters, forms.Form):
    def __init__(self, *args, **kwargs):
        # Labels without Django's trailing colon, as everywhere else in the pages.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        # A hidden field (the version) has no place beside it for its message: say it above the form.
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in self._errors:
                for message in self._errors[name]:
                    self.add_error(None, message)
        return data


class VersionedForm(WorkbenchForm):
    """A form that edits a claim carries the version the user saw (optimistic locking: the model
    refuses a change made against an older version) and when they loaded it, so a conflict can list
    what changed since then."""

    version = NumberField(widget=forms.HiddenInput, min_value=1)
    seen_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)


# What each input of the workflow table looks like as a form field. Required-ness comes from the
# table's `required`, except where noted. `source_count` is the claim's number of distinct sources
# when the caller has it already, or None to count them.
def _transition_field(name, claim, source_count=None):
    if name == "assignee":
        return PersonChoiceField(fact_checkers(), label=_("Fact-checker"), empty_label=_("Choose a fact-checker…"))
    if name == "due_date":
        return forms.DateField(label=_("Due date"), widget=DateInput, required=False)
    if name == "rating":
        return IdChoiceField(Rating.objects.all(), label=_("Verdict"), empty_label=_("Choose a rating…"))
    if name == "conclusion":
        return forms.CharField(
            label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("What the evidence shows, in a few sentences readers will see with the verdict."),
        )
    if name == "justification":
        n_sources = source_count
        if n_sources is None:
            n_sources = claim.evidence.values("source").distinct().count() if claim.pk else 0
        return forms.CharField(
            label=_("Why fewer than two sources are enough"), widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text=ngettext(
                "Needed when the verdict rests on fewer than two sources (this claim has %(count)s source).",
                "Needed when the verdict rests on fewer than two sources (this claim has %(count)s sources).",
                n_sources,
            ) % {"count": n_sources},
        )
    if name == "reason":
        return forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    if name == "comment":
        return forms.CharField(
            label=_("What needs more work"), widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("The fact-checker sees this comment in the claim's history."),
        )
    if name == "public_note":
        return forms.CharField(
            label=_("Public note on the correction"), widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("This claim was published before: readers see this note beside the corrected verdict."),
        )
    raise KeyError(f"No form field is defined for the workflow input “{name}”.")


class TransitionForm(VersionedForm):
    """The inputs of one workflow step (`step`, a claims.workflow.Transition) for `claim`. A page that
    has read the claim's evidence passes `source_count` (its distinct sources), saving a query."""

    def __init__(self, *args, step, claim, source_count=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_{step.name}_%s")
        super().__init__(*args, **kwargs)
        self.step = step
        self.claim = claim
        # The table says which inputs the step asks for on this claim: a conditional one (the public
        # note of a correction) only when its condition holds.
        required = step.required_fields(claim)
        conditional = {name for name, _ in step.required_when}
        for name in step.fields:
            if name in conditional and name not in required:
                continue
            field = _transition_field(name, claim, source_count)
            field.required = name in required
            self.fields[name] = field

    def transition_inputs(self):
        """The cleaned inputs, as keyword arguments for Claim.transition."""
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("version", "seen_at")}


class ClaimDetailsForm(VersionedForm):
    """The claim's own fields, edited through Claim.update_details. Assignee and due date are offered
    to editors only (the model refuses them from anyone else)."""

    text = forms.CharField(label=_("Claim"), max_length=300, help_text=_("Short, and never containing the verdict."))
    claimant = forms.CharField(label=_("Claimant"), max_length=200, required=False,
                               help_text=_("Who made the claim; empty when the article says it in its own voice."))
    claimant_url = forms.URLField(label=_("Claimant URL"), required=False, assume_scheme="https",
                                  error_messages={"invalid": http_url.message},
                                  help_text=_("An identifying page for the claimant."))
    claim_type = forms.ChoiceField(label=_("Type"), choices=ClaimType.choices)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    language = forms.CharField(
        label=_("Language"), max_length=12, required=False, validators=[validate_language_code],
        help_text=_("The claim wording's language code (en, es, fr, pt-BR…): detected when the claim was made, "
                    "corrected here. Matching and the claims list's language filter use it."),
    )
    assignee = PersonChoiceField(User.objects.none(), required=False, label=_("Assignee"), empty_label=_("Nobody"))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput, required=False)

    # Fields offered only to someone the model lets make that kind of change (Claim.DETAIL_RULES).
    RULED = {"assignee": "reassign", "due_date": "set_due_date"}

    def __init__(self, *args, claim, user, **kwargs):
        kwargs.setdefault("auto_id", "id_details_%s")
        initial = {
            "text": claim.text, "claimant": claim.claimant, "claimant_url": claim.claimant_url,
            "claim_type": claim.claim_type, "priority": claim.priority, "language": claim.language,
            "assignee": claim.assignee_id,
            "due_date": claim.due_date, "version": claim.version,
        }
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.claim = claim
        # Only http and https (the model's validator), with its message.
        self.fields["claimant_url"].validators = [http_url]
        for name, action in self.RULED.items():
            if not claim.may(action, user):
                # E.g. a new claim gets its assignee through the Assign step, which starts its research.
                del self.fields[name]
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = fact_checkers()

    def changes(self):
        """Only the fields whose value differs from the claim's, so a fact-checker editing the
        wording never sends an assignee (which only editors may change)."""
        changes = {}
        for name in self.fields:
            if name in ("version", "seen_at"):
                continue
            new = self.cleaned_data[name]
            old = getattr(self.claim, name)
            if new != old:
                changes[name] = new
        return changes


class SourceForm(RefusesControlCharacters, forms.ModelForm):
    """A new source, described while adding evidence. Only http/https addresses (the model field's
    validator refuses javascript:, data:, file: ...)."""

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published_on", "accessed_on", "archive_url", "is_primary"]
        widgets = {"published_on": DateInput, "accessed_on": DateInput}
        labels = {"url": _("Source URL"), "title": _("Source title")}
        error_messages = {"url": {"invalid": http_url.message}, "archive_url": {"invalid": http_url.message}}

    # Whether a new source is needed depends on the existing-source picker, which the browser cannot
    # know: HTML `required` on the URL and title blocked re-citing a known source (issue #16).
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "source")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Whether a new source is needed at all is decided by EvidenceForm (an existing one may be
        # picked instead); SourceForm.is_valid() is only asked when it is.
        self.fields["url"].required = True
        self.fields["title"].required = True

    def has_input(self):
        return any((self.data.get(self.add_prefix(name)) or "").strip()
                   for name in ("url", "title", "publisher", "archive_url"))


class EvidenceForm(WorkbenchForm):
    """One piece of evidence: an existing source or a new one (SourceForm), its stance and excerpt."""

    # A newsroom gathers tens of thousands of sources: search them as you type (claims/views/sources.py).
    source = IdChoiceField(
        Source.objects.all(), required=False, label=_("Existing source"),
        help_text=_("Type part of its title, publisher or address; leave empty to describe a new source below."),
        widget=AutocompleteWidget(url="claims:source_search", label_for=_source_title,
                                  placeholder=_("Search sources"), listbox_label=_("Sources")),
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Evidence.Stance.choices, widget=forms.RadioSelect)
    excerpt = forms.CharField(label=_("Excerpt"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("The passage of the source that matters."))

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "id_evidence_%s")
        super().__init__(data, **kwargs)
        self.new_source_form = SourceForm(data)

    def clean(self):
        data = super().clean()
        if not data.get("source") and "source" not in self.errors:
            if not self.new_source_form.has_input():
                self.add_error("source", gettext("Pick an existing source, or describe a new one below."))
            elif not self.new_source_form.is_valid():
                raise forms.ValidationError(gettext("Check the new source's details: see the messages beside its fields."))
        return data

    def chosen_source(self):
        """The source to attach: the picked one, or the new one (unsaved; add_evidence saves it)."""
        return self.cleaned_data["source"] or self.new_source_form.save(commit=False)


class NoteForm(WorkbenchForm):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000,
        help_text=_("Notes are for the desk, never published; they cannot be edited once added."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_note_%s")
        super().__init__(*args, **kwargs)


class BulkActionForm(WorkbenchForm):
    """An action on the claims ticked in the list."""

    ACTIONS = [
        ("assign", _("Assign to a fact-checker")),
        ("due_date", _("Set due date")),
        ("priority", _("Set priority")),
        ("dismiss", pgettext_lazy("workflow step", "Dismiss")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"), widget=ManyOptionsSelect)
    claims = IdMultipleChoiceField(Claim.objects.all(), label=_("Claims"),
                                            error_messages={"required": _("Tick at least one claim first.")})
    assignee = PersonChoiceField(User.objects.none(), required=False, label=_("Fact-checker"), empty_label=_("Choose a fact-checker…"),
                                 widget=ManyOptionsSelect)
    due_date = forms.DateField(required=False, widget=DateInput, label=_("Due date"))
    priority = forms.TypedChoiceField(choices=[("", _("Choose a priority…")), *Priority.choices], coerce=int,
                                      required=False, empty_value=None, widget=ManyOptionsSelect)
    reason = forms.CharField(required=False, label=_("Reason for dismissing"), max_length=1000)

    NEEDS = {"assign": "assignee", "due_date": "due_date", "priority": "priority", "dismiss": "reason"}
    MISSING = {
        "assignee": _("Choose the fact-checker to assign."),
        "due_date": _("Choose the due date."),
        "priority": _("Choose the priority."),
        "reason": _("Give a reason for dismissing."),
    }

    def __init__(self, *args, claims=None, checkers=None, **kwargs):
        """`checkers`: the fact-checkers as (pk, name) pairs already read (claims.choice_lists), to
        draw the choices from; a posted choice is still checked against the queryset."""
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        if checkers is None or self.is_bound:
            # Built only when it is read: building the query (three subqueries) was a tenth of the
            # claims list's CPU, on every page, for a form that is posted once in a while.
            field.queryset = fact_checkers()
        if checkers is not None:
            field.widget.choices = [("", field.empty_label), *checkers]
        if claims is not None:
            self.fields["claims"].queryset = claims

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date and due_date < timezone.localdate():
            raise forms.ValidationError(gettext("The due date is in the past."))
        return due_date

    def clean(self):
        data = super().clean()
        action = data.get("action")
        needed = self.NEEDS.get(action)
        if needed and not data.get(needed) and needed not in self.errors:
            self.add_error(needed, self.MISSING[needed])
        return data



class ClaimFilterForm(WorkbenchForm):
    """The changelist's filters and search, read from the query string (so every view of the list
    is a shareable URL). A value that does not parse is dropped with a warning, never an error page."""

    q = forms.CharField(required=False, label=_("Search"), max_length=200)
    # Drawn by ManyOptionsSelect, as every select of the list: Django's per-option templates were a
    # sixth of the list's CPU time (issue #17).
    status = forms.ChoiceField(required=False, label=_("Status"), choices=[("", _("Any status")), *Status.choices],
                               widget=ManyOptionsSelect)
    verdict = FewRowsChoiceField(Rating.objects.all(), required=False, label=_("Verdict"), to_field_name="slug",
                                 empty_label=_("Any verdict"), widget=ManyOptionsSelect)
    assignee = forms.ChoiceField(required=False, label=_("Assignee"), widget=ManyOptionsSelect)
    article = ManyChoicesField(Article.objects.all(), label_field="title", required=False, label=_("Article"), empty_label=_("Any article"),
                               widget=article_picker())
    type = forms.ChoiceField(required=False, label=_("Claim type"), choices=[("", _("Any type")), *ClaimType.choices],
                             widget=ManyOptionsSelect)
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    mine = forms.BooleanField(required=False, label=_("Assigned to me"))
    anchor = forms.BooleanField(required=False, label=_("Quote moved or lost in its article"))
    priority = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Priority"),
                                      choices=[("", _("Any priority")), *Priority.choices])
    idle = forms.BooleanField(required=False, label=_("Idle in their status too long"))
    # The claims behind one figure of the Desk page (claims/metrics.py), in a period.
    since = StrictDateField(required=False, label=_("From"), widget=forms.HiddenInput)
    until = StrictDateField(required=False, label=_("To"), widget=forms.HiddenInput)
    desk = forms.CharField(required=False, label=_("Desk figure"), max_length=60, widget=forms.HiddenInput)
    language = forms.ChoiceField(required=False, label=_("Language"))
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    NOBODY = "none"

    def __init__(self, *args, checkers=None, verdicts=None, **kwargs):
        """`checkers`, `verdicts`: the fact-checkers as (pk, name) and the ratings as (slug, label)
        pairs already read (claims.choice_lists), to draw the choices from; a chosen verdict is
        still looked up in the ratings."""
        kwargs.setdefault("auto_id", "id_filter_%s")
        super().__init__(*args, **kwargs)
        if checkers is None:
            checkers = ((u.pk, person_name(u)) for u in fact_checkers())
        self.fields["assignee"].choices = [
            ("", _("Anyone")), (self.NOBODY, _("Nobody")), *((str(pk), name) for pk, name in checkers),
        ]
        if verdicts is not None:
            field = self.fields["verdict"]
            field.widget.choices = [("", field.empty_label), *verdicts]
        self.fields["language"].choices = [("", _("Any language")), *LANGUAGES]

    def clean_desk(self):
        text = self.cleaned_data.get("desk")
        if not text:
            return None
        figure = metrics.parse_figure(text)
        if figure is None:
            raise forms.ValidationError(gettext("Not a figure of the Desk page."))
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if figure["waiting"]:
            self.cleaned_data["desk_period"] = None
        elif since is None or until is None:
            raise forms.ValidationError(gettext("A Desk figure needs its period (from and to)."))
        else:
            try:
                self.cleaned_data["desk_period"] = metrics.Period(since, until)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return figure

    def valid_filters(self):
        """The filters that parsed, and a message for each that did not."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}
        problems = [
            gettext("The %(filter)s filter “%(value)s” is not one of the choices: it was ignored.")
            % {"filter": label_in_sentence(self[name].label), "value": self.data.get(name)}
            for name in self.errors if name in self.fields
        ]
        # A problem with the filters together (not one field): its own words.
        problems += [gettext("%(problem)s It was ignored.") % {"problem": error} for error in self.non_field_errors()]
        return values, problems


class DeskForm(WorkbenchForm):
    """The Desk page's period and filters, read from the query string. Dates are YYYY-MM-DD; an empty
    period is the last 13 weeks. Unlike the claims list, a value that does not parse is an error
    shown on the page (400): figures for a period other than the one asked for would mislead."""

    since = StrictDateField(required=False, label=_("From"), widget=DateInput)
    until = StrictDateField(required=False, label=_("To"), widget=DateInput)
    article = ManyChoicesField(Article.objects.all(), label_field="title", required=False, label=_("Article"),
                               empty_label=_("Any article"))
    type = forms.ChoiceField(required=False, label=_("Claim type"), choices=[("", _("Any type")), *ClaimType.choices])
    priority = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Priority"),
                                      choices=[("", _("Any priority")), *Priority.choices])
    person = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Assigned to"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_desk_%s")
        default = metrics.default_period()
        kwargs.setdefault("initial", {"since": default.first.isoformat(), "until": default.last.isoformat()})
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Anyone")), *((u.pk, person_name(u)) for u in fact_checkers())]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        since, until = data.get("since"), data.get("until")
        until = until or max(timezone.localdate(), since or timezone.localdate())
        since = since or metrics.default_period(until).first
        try:
            data["period"] = metrics.Period(since, until)
        except ValueError as error:
            self.add_error("until", str(error))
        return data

    def period_and_filters(self):
        data = self.cleaned_data if self.is_bound else {}
        period = data.get("period") or metrics.default_period()
        article = data.get("article")
        filters = metrics.DeskFilters(
            article=article.pk if article else None, claim_type=data.get("type") or "",
            priority=data.get("priority"), person=data.get("person"),
        )
        return period, filters
