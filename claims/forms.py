"""The workbench's forms. Each only parses and checks what a person typed; the rules about claims stay
on the model (Claim.transition, update_details, add_evidence, add_note), whose refusals the views
show beside the form.

A workflow step's form is built from the step's row in claims/workflow.py (`fields`, `required`), so
adding a field to the table adds it to the form."""
import copy
import html

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Article, Claim, ClaimType, Evidence, Priority, Rating, Source, http_url, person_name
from .workflow import Status

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def fact_checkers():
    """Active users who may be assigned a claim (the act_as_checker permission, directly, through a
    group, or as a superuser): the assignee select's choices."""
    permission = Q(groups__permissions__codename="act_as_checker") | Q(user_permissions__codename="act_as_checker")
    return (
        User.objects.filter(is_active=True)
        .filter(permission | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _escape(text):
    # django.utils.html.conditional_escape without its lazy-string wrapper, which costs more than
    # the escaping itself when it runs 2,000 times a page: text already marked safe stays as it is,
    # anything else goes through the same html.escape Django's escape uses.
    return text if hasattr(text, "__html__") else html.escape(str(text))


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


class ChosenOnlySelect(ManyOptionsSelect):
    """The claims list's article filter: "Any article" and the chosen article, not all 2,000. Printing
    every article's title into every page of the list was a third of its CPU time (issue #17); an
    article is chosen from its own page ("its claims in the list") or found by its headline with the
    search box. Stands in for the search-as-you-type picker (templates/claims/widgets/autocomplete.html)
    until it is on main."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = [v for v in (str(v) for v in self.format_value(value)) if v.isascii() and v.isdigit()]
        field = self.choices.field
        shown = copy.copy(self)
        shown.choices = [("", field.empty_label or ""), *field.queryset.filter(pk__in=chosen).values_list("pk", field.label_field)]
        return ManyOptionsSelect.render(shown, name, value, attrs, renderer)


class TitlesOnlyIterator(forms.models.ModelChoiceIterator):
    """The choices as (id, label) pairs read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field).iterator()


class ManyChoicesField(forms.ModelChoiceField):
    """A ModelChoiceField for thousands of choices (every article), drawn by ManyOptionsSelect from
    one column: building 2,000 model instances to print their titles was most of the claims list's
    rendering time. Validation is ModelChoiceField's: the chosen id is looked up in the queryset."""

    iterator = TitlesOnlyIterator

    def __init__(self, queryset, *, label_field, **kwargs):
        self.label_field = label_field
        kwargs.setdefault("widget", ManyOptionsSelect)
        super().__init__(queryset, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class WorkbenchForm(forms.Form):
    def __init__(self, *args, **kwargs):
        # Labels without Django's trailing colon, as everywhere else in the pages.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class VersionedForm(WorkbenchForm):
    """A form that edits a claim carries the version the user saw (optimistic locking: the model
    refuses a change made against an older version) and when they loaded it, so a conflict can list
    what changed since then."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)


# What each input of the workflow table looks like as a form field. Required-ness comes from the
# table's `required`, except where noted. `source_count` is the claim's number of distinct sources
# when the caller has it already, or None to count them.
def _transition_field(name, claim, source_count=None):
    if name == "assignee":
        return PersonChoiceField(fact_checkers(), label="Fact-checker", empty_label="Choose a fact-checker…")
    if name == "due_date":
        return forms.DateField(label="Due date", widget=DateInput, required=False)
    if name == "rating":
        return forms.ModelChoiceField(Rating.objects.all(), label="Verdict", empty_label="Choose a rating…")
    if name == "conclusion":
        return forms.CharField(
            label="Conclusion", widget=forms.Textarea(attrs={"rows": 4}),
            help_text="What the evidence shows, in a few sentences readers will see with the verdict.",
        )
    if name == "justification":
        n_sources = source_count
        if n_sources is None:
            n_sources = claim.evidence.values("source").distinct().count() if claim.pk else 0
        return forms.CharField(
            label="Why fewer than two sources are enough", widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text=(
                f"Needed when the verdict rests on fewer than two sources "
                f"(this claim has {n_sources} source{'' if n_sources == 1 else 's'})."
            ),
        )
    if name == "reason":
        return forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
    if name == "comment":
        return forms.CharField(
            label="What needs more work", widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The fact-checker sees this comment in the claim's history.",
        )
    if name == "public_note":
        return forms.CharField(
            label="Public note on the correction", widget=forms.Textarea(attrs={"rows": 3}),
            help_text="This claim was published before: readers see this note beside the corrected verdict.",
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
        for name in step.fields:
            # A public note is only asked for when publishing again (a correction); the first
            # publication has nothing to correct.
            if name == "public_note" and claim.published_at is None:
                continue
            field = _transition_field(name, claim, source_count)
            if name in step.required or name == "public_note":
                field.required = True
            self.fields[name] = field

    def transition_inputs(self):
        """The cleaned inputs, as keyword arguments for Claim.transition."""
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("version", "seen_at")}


class ClaimDetailsForm(VersionedForm):
    """The claim's own fields, edited through Claim.update_details. Assignee and due date are offered
    to editors only (the model refuses them from anyone else)."""

    text = forms.CharField(label="Claim", max_length=300, help_text="Short, and never containing the verdict.")
    claimant = forms.CharField(max_length=200, required=False, help_text="Who made the claim; empty when the article says it in its own voice.")
    claimant_url = forms.URLField(label="Claimant URL", required=False, assume_scheme="https",
                                  error_messages={"invalid": http_url.message},
                                  help_text="An identifying page for the claimant.")
    claim_type = forms.ChoiceField(label="Type", choices=ClaimType.choices)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    assignee = PersonChoiceField(User.objects.none(), required=False, label="Assignee", empty_label="Nobody")
    due_date = forms.DateField(label="Due date", widget=DateInput, required=False)

    EDITOR_ONLY = ("assignee", "due_date")

    def __init__(self, *args, claim, with_assignment, **kwargs):
        kwargs.setdefault("auto_id", "id_details_%s")
        initial = {
            "text": claim.text, "claimant": claim.claimant, "claimant_url": claim.claimant_url,
            "claim_type": claim.claim_type, "priority": claim.priority, "assignee": claim.assignee_id,
            "due_date": claim.due_date, "version": claim.version,
        }
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.claim = claim
        # Only http and https (the model's validator), with its message.
        self.fields["claimant_url"].validators = [http_url]
        if with_assignment:
            self.fields["assignee"].queryset = fact_checkers()
        else:
            for name in self.EDITOR_ONLY:
                del self.fields[name]
        if "assignee" in self.fields and claim.status in (Status.NEW, Status.DISMISSED):
            # A new claim gets its assignee through the Assign step, which starts its research.
            del self.fields["assignee"]

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


class SourceForm(forms.ModelForm):
    """A new source, described while adding evidence. Only http/https addresses (the model field's
    validator refuses javascript:, data:, file: ...)."""

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published_on", "accessed_on", "archive_url", "is_primary"]
        widgets = {"published_on": DateInput, "accessed_on": DateInput}
        labels = {"url": "Source URL", "title": "Source title"}
        error_messages = {"url": {"invalid": http_url.message}, "archive_url": {"invalid": http_url.message}}

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

    source = forms.ModelChoiceField(
        Source.objects.all(), required=False, label="Existing source",
        empty_label="— a new source (describe it below) —", widget=ManyOptionsSelect,
    )
    # A newsroom gathers tens of thousands of sources: the select offers the most recently added
    # (and the one already chosen), any existing source is still accepted when posted.
    OFFERED_SOURCES = 200
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, widget=forms.RadioSelect)
    excerpt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text="The passage of the source that matters.")

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "id_evidence_%s")
        super().__init__(data, **kwargs)
        self.new_source_form = SourceForm(data)
        # Newest first, by the primary key index; (id, title) pairs, as a Source's str() is its title.
        offered = list(Source.objects.order_by("-pk").values_list("pk", "title")[:self.OFFERED_SOURCES])
        chosen = self.data.get(self.add_prefix("source")) if self.is_bound else None
        if chosen and chosen.isdigit() and all(str(pk) != chosen for pk, _ in offered):
            offered += list(Source.objects.filter(pk=chosen).values_list("pk", "title"))
        self.fields["source"].widget.choices = [
            ("", self.fields["source"].empty_label), *sorted(offered, key=lambda choice: choice[1].lower())
        ]

    def clean(self):
        data = super().clean()
        if not data.get("source") and "source" not in self.errors:
            if not self.new_source_form.has_input():
                self.add_error("source", "Pick an existing source, or describe a new one below.")
            elif not self.new_source_form.is_valid():
                raise forms.ValidationError("Check the new source's details: see the messages beside its fields.")
        return data

    def chosen_source(self):
        """The source to attach: the picked one, or the new one (unsaved; add_evidence saves it)."""
        return self.cleaned_data["source"] or self.new_source_form.save(commit=False)


class NoteForm(WorkbenchForm):
    body = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000,
        help_text="Notes are for the desk, never published; they cannot be edited once added.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_note_%s")
        super().__init__(*args, **kwargs)


class BulkActionForm(WorkbenchForm):
    """An action on the claims ticked in the list."""

    ACTIONS = [
        ("assign", "Assign to a fact-checker"),
        ("due_date", "Set due date"),
        ("priority", "Set priority"),
        ("dismiss", "Dismiss"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label="Action", widget=ManyOptionsSelect)
    claims = forms.ModelMultipleChoiceField(Claim.objects.all(), label="Claims",
                                            error_messages={"required": "Tick at least one claim first."})
    assignee = PersonChoiceField(User.objects.none(), required=False, label="Fact-checker", empty_label="Choose a fact-checker…",
                                 widget=ManyOptionsSelect)
    due_date = forms.DateField(required=False, widget=DateInput, label="Due date")
    priority = forms.TypedChoiceField(choices=[("", "Choose a priority…"), *Priority.choices], coerce=int,
                                      required=False, empty_value=None, widget=ManyOptionsSelect)
    reason = forms.CharField(required=False, label="Reason for dismissing", max_length=1000)

    NEEDS = {"assign": "assignee", "due_date": "due_date", "priority": "priority", "dismiss": "reason"}
    MISSING = {
        "assignee": "Choose the fact-checker to assign.",
        "due_date": "Choose the due date.",
        "priority": "Choose the priority.",
        "reason": "Give a reason for dismissing.",
    }

    def __init__(self, *args, claims=None, checkers=None, **kwargs):
        """`checkers`: fact_checkers() already read, to draw the choices from (the claims list reads
        them once for its filter and for this form); a posted choice is still checked against the
        queryset."""
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = fact_checkers()
        if checkers is not None:
            field.widget.choices = [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in checkers)]
        if claims is not None:
            self.fields["claims"].queryset = claims

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date and due_date < timezone.localdate():
            raise forms.ValidationError("The due date is in the past.")
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

    q = forms.CharField(required=False, label="Search", max_length=200)
    # Drawn by ManyOptionsSelect, as every select of the list: Django's per-option templates were a
    # sixth of the list's CPU time (issue #17).
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices], widget=ManyOptionsSelect)
    verdict = forms.ModelChoiceField(Rating.objects.all(), required=False, to_field_name="slug",
                                     empty_label="Any verdict", widget=ManyOptionsSelect)
    assignee = forms.ChoiceField(required=False, label="Assignee", widget=ManyOptionsSelect)
    article = ManyChoicesField(Article.objects.all(), label_field="title", required=False, empty_label="Any article",
                               widget=ChosenOnlySelect)
    type = forms.ChoiceField(required=False, label="Claim type", choices=[("", "Any type"), *ClaimType.choices],
                             widget=ManyOptionsSelect)
    overdue = forms.BooleanField(required=False, label="Overdue only")
    mine = forms.BooleanField(required=False, label="Assigned to me")
    anchor = forms.BooleanField(required=False, label="Quote moved or lost in its article")
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    NOBODY = "none"

    def __init__(self, *args, checkers=None, **kwargs):
        """`checkers`: fact_checkers() already read, when the page shares them with another form."""
        kwargs.setdefault("auto_id", "id_filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", "Anyone"), (self.NOBODY, "Nobody"),
            *((str(u.pk), person_name(u)) for u in (fact_checkers() if checkers is None else checkers)),
        ]

    def valid_filters(self):
        """The filters that parsed, and a message for each that did not."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}
        problems = [
            f"The {self[name].label.lower()} filter "
            f"“{self.data.get(name)}” is not one of the choices: it was ignored."
            for name in self.errors
        ]
        return values, problems
