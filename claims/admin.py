"""The Django admin: a door like any other. Fields the workflow governs are read-only here; what
editors may change is saved through the model's methods (which check the rules and write history),
and records that are part of an approved or published fact-check are read-only once they are."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .forms import NumberField, RefusesControlCharacters
from .language import validate_language_code
from .models import (
    Article, Claim, Correction, DeadlinePolicy, Evidence, ExternalReview, HistoryEntry, MatchDecision, Note, Notification,
    Organisation, Rating, RatingTranslation, ScheduledSend, Source,
)
from .parsing import number_problem
from .workflow import TransitionRefused


class CheckedAdminForm(RefusesControlCharacters, forms.ModelForm):
    """Every admin form refuses control characters in text, as the workbench's forms do."""


class ArticleAdminForm(CheckedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            # The detected language is corrected here; a code, as ClaimReview's inLanguage needs.
            self.fields["language"].validators.append(validate_language_code)


class ReadOnlyInline(admin.TabularInline):
    """Append-only records: shown, never edited or deleted from the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvidenceInline(ReadOnlyInline):
    # Evidence is added in the workbench (Claim.add_evidence: the rules, a version bump, history).
    model = Evidence
    fields = ["source", "stance", "excerpt", "added_by", "created_at"]
    readonly_fields = fields


class NoteInline(ReadOnlyInline):
    model = Note
    fields = ["created_at", "author", "body"]
    readonly_fields = fields


class HistoryInline(ReadOnlyInline):
    model = HistoryEntry
    fields = ["created_at", "actor", "action", "field", "old_value", "new_value", "comment"]
    readonly_fields = fields


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["created_at", "corrected_by", "old_rating", "new_rating", "public_note"]
    readonly_fields = fields


class ClaimAdminForm(RefusesControlCharacters, forms.ModelForm):
    # The version the editor loaded: saving against an older one is refused as a conflict.
    seen_version = NumberField(widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["text", "claimant", "claimant_url", "claimant_kind", "claim_type", "priority", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["seen_version"].initial = self.instance.version
        if "language" in self.fields:
            # Refused here with the form's message, before Claim.update_details would refuse it.
            self.fields["language"].validators.append(validate_language_code)

    def clean(self):
        cleaned = super().clean()
        current = Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if cleaned.get("seen_version") != current:
            raise forms.ValidationError(gettext(
                "Someone else changed this claim while you were editing it. Open it again to see their change."
            ))
        return cleaned


class ChosenArticleFilter(admin.SimpleListFilter):
    """Claims of one article: the sidebar shows the chosen article only, as an autocomplete filter
    would, instead of a link for each of 2,000 articles (read with their texts). The search box
    finds an article's claims by its headline; `?article__id__exact=ID` picks one article."""

    title = _("article")
    parameter_name = "article__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or number_problem(value, minimum=1):
            return []
        return list(Article.objects.filter(pk=value).values_list("pk", "title"))

    def queryset(self, request, queryset):
        value = self.value()
        if value and not number_problem(value, minimum=1):
            return queryset.filter(article_id=value)
        return queryset


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    # The changelist as a careful Django developer configures it at 100,000 claims (issue #17): each
    # row joins only what it shows and never the article's text (get_queryset); the article filter
    # shows the chosen article, not 2,000 links; no date hierarchy (two more queries a page);
    # the search is the workbench's own, on its GIN indexes, not ILIKE over every claim.
    list_display = ["text", "article", "claimant", "status", "rating", "assignee", "due_date", "priority", "updated_at"]
    list_filter = ["status", "rating", "claim_type", "priority", "anchor_state", "assignee", ChosenArticleFilter]
    search_fields = ["text", "quote", "claimant", "article__title"]
    search_help_text = _("Words in the claim, its quote, its claimant or its article's headline (each word's start).")
    list_select_related = ["article", "rating", "assignee"]
    inlines = [EvidenceInline, NoteInline, CorrectionInline, HistoryInline]
    # The workflow fields change only through Claim.transition (which checks the rules and writes the
    # history), never by editing them here.
    readonly_fields = [
        "status", "rating", "conclusion", "source_justification", "proposed_by", "approved_by",
        "published_rating", "published_conclusion", "published_at", "last_published_at",
        "start", "end", "quote", "prefix", "suffix", "anchor_state", "version", "created_by", "created_at", "updated_at",
        "article", "duplicate_of", "assignee", "due_date",
    ]
    fieldsets = [
        (None, {"fields": ["article", "text", "claimant", "claimant_url", "claimant_kind", "claim_type", "priority", "language",
                           "duplicate_of",
                           "seen_version"]}),
        (_("Where it is in the article"), {"fields": ["quote", "start", "end", "prefix", "suffix", "anchor_state"]}),
        (_("Workflow"), {"fields": ["status", "assignee", "due_date", "rating", "conclusion", "source_justification",
                                 "proposed_by", "approved_by"]}),
        (_("Publication"), {"fields": ["published_rating", "published_conclusion", "published_at", "last_published_at"]}),
        (_("Record"), {"fields": ["version", "created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    def get_search_results(self, request, queryset, search_term):
        # Claim.objects.search: the same words, the same matches as the claims list's search box.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def get_readonly_fields(self, request, obj=None):
        # The model says whether this person may edit the claim's details now (an approved or
        # published claim is frozen until it is reopened): if not, nothing here is editable.
        if obj is not None and obj.refusal_for("edit_details", request.user):
            return [*self.readonly_fields, *ClaimAdminForm.Meta.fields]
        return self.readonly_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        refusal = obj.refusal_for("edit_details", request.user) if obj is not None else None
        if refusal and request.method == "GET":
            messages.info(request, refusal)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Edits go through the model, so they are checked, versioned and written to the history.
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "seen_version"}
        if not changes:
            return
        original = Claim.objects.get(pk=obj.pk)
        try:
            original.update_details(request.user, version=form.cleaned_data.get("seen_version"), **changes)
        except TransitionRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal

    def has_add_permission(self, request):
        # New claims are anchored to a span of their article: that is done in the workbench.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "publisher", "published_on", "language", "created_at"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "created_at"
    readonly_fields = ["body_hash", "added_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # A changed text is a revision: Article.revise_body re-anchors every claim in it (an approved
        # claim keeps its quote) and writes their history. The other fields save as usual.
        if change and "body" in form.changed_data:
            new_body = obj.body
            obj.body = Article.objects.values_list("body", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            try:
                obj.revise_body(request.user, new_body)
            except TransitionRefused as refusal:
                raise PermissionDenied(refusal.message) from refusal
            return
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


class RatingTranslationForm(CheckedAdminForm):
    def _post_clean(self):
        super()._post_clean()  # the instance now holds the values as edited: ask the model's rule with them
        if not self.errors and (refusal := self.instance.change_refusal()):
            self.add_error(None, refusal)


class RatingTranslationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and (refusal := form.instance.change_refusal(deleting=True)):
                raise forms.ValidationError(refusal)


class RatingTranslationInline(admin.TabularInline):
    """The rating's label and definition in each other language (issue #18: rating labels are data).
    Labels that published verdicts read in are fixed (RatingTranslation.change_refusal)."""
    model = RatingTranslation
    form = RatingTranslationForm
    formset = RatingTranslationFormSet
    extra = 0
    fields = ["language", "label", "definition"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    form = CheckedAdminForm
    inlines = [RatingTranslationInline]
    list_display = ["label", "value", "colour", "order", "definition"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["label"]}

    def get_readonly_fields(self, request, obj=None):
        # Published verdicts keep their label (Rating.save refuses the change too).
        if obj is not None and obj.is_on_the_public_record():
            return Rating.PUBLISHED_FIELDS
        return ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.is_on_the_public_record() else self.prepopulated_fields


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = CheckedAdminForm
    list_display = ["title", "publisher", "url", "published_on", "accessed_on", "is_primary"]
    list_filter = ["is_primary", "publisher"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = ["added_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # A source an approved fact-check cites keeps what it was (Source.save refuses the change too).
        if obj is not None and obj.is_cited_by_approved_claim():
            return [*self.readonly_fields, *Source.CITED_FIELDS]
        return self.readonly_fields


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "claim", "actor", "action", "field", "old_value", "new_value"]
    list_filter = ["action"]
    search_fields = ["claim__text", "comment"]
    list_select_related = ["claim", "actor"]
    date_hierarchy = "created_at"


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "claim", "old_rating", "new_rating", "corrected_by"]
    list_select_related = ["claim", "old_rating", "new_rating", "corrected_by"]


@admin.register(Note)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "claim", "author"]
    search_fields = ["body"]
    list_select_related = ["claim", "author"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "message", "read_at", "mail_status", "mail_attempts"]
    list_filter = ["kind", "mail_status"]


@admin.register(ScheduledSend)
class ScheduledSendAdmin(ReadOnlyAdmin):
    """The ledger of reminders, escalations and digests sent (claims/schedule.py)."""

    list_display = ["created_at", "kind", "period", "claim", "recipient"]
    list_filter = ["kind"]
    list_select_related = ["claim", "recipient"]


# The task queue's own page (django-tasks-db), with one action added: enqueue a failed task again with
# the same arguments. Every task here is safe to run twice (claims/mail.py, claims/schedule.py).
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    actions = ["enqueue_again"]
    search_fields = ["task_path", "worker_ids"]

    @admin.action(description=_("Enqueue the selected failed tasks again"), permissions=["enqueue"])
    def enqueue_again(self, request, queryset):
        failed = list(queryset.filter(status="FAILED"))
        for result in failed:
            result.task.using(run_after=None).enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        others = queryset.count() - len(failed)
        message = ngettext("%(count)s failed task enqueued again.", "%(count)s failed tasks enqueued again.",
                           len(failed)) % {"count": len(failed)}
        if others:
            message += " " + ngettext("%(count)s task was not failed and was left alone.",
                                      "%(count)s tasks were not failed and were left alone.", others) % {"count": others}
        self.message_user(request, message)

    def has_enqueue_permission(self, request):
        # Running code again is an operator's decision: superusers only.
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = CheckedAdminForm
    list_display = ["name", "url", "public_base_url"]

    def has_add_permission(self, request):
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    form = CheckedAdminForm
    """Default due dates and idle thresholds per priority (claims/models.py DeadlinePolicy)."""

    list_display = ["priority", "due_after_days", "idle_after_days"]
    list_editable = ["due_after_days", "idle_after_days"]
@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    form = CheckedAdminForm
    """Fact-checks published elsewhere (manage.py import_claimreviews); re-importing updates them."""

    list_display = ["claim_reviewed", "rating", "publisher", "published_on", "language"]
    list_filter = ["publisher", "language"]
    search_fields = ["claim_reviewed", "publisher", "url"]
    readonly_fields = ["imported_at", "updated_at"]

    def has_view_permission(self, request, obj=None):
        # Whoever may read claims may read what was published elsewhere about them.
        return super().has_view_permission(request, obj) or request.user.has_perm("claims.view_claim")


@admin.register(MatchDecision)
class MatchDecisionAdmin(ReadOnlyAdmin):
    """People's answers to suggested matches: made on the claim page, shown here, never edited."""

    list_display = ["claim", "other_claim", "external_review", "decision", "score", "method", "decided_by", "decided_at"]
    list_filter = ["decision", "method"]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm("claims.view_claim")
