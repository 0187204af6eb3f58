"""The workbench's records: articles, the claims in them, and everything gathered to check them.

Rules about one claim live on Claim (its workflow steps lock the row, check the rule, write the
history). Questions about many claims live on ClaimQuerySet. The workflow table is claims/workflow.py.
"""
import datetime
import functools
import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import connections, models, transaction
from django.db.models import Q
from django.dispatch import Signal, receiver
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import workflow
from .anchoring import AnchorError, Reanchored, anchor_at, normalise_text
from .language import is_language_code
from .parsing import number_problem
from .workflow import EditConflict, NotReady, PermissionRefused, Status

# Sent after a claim's change is committed (notifications and duplicate-following listen to it).
claim_changed = Signal()

http_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))


class HttpURLField(models.URLField):
    """A URL that can only be http or https (never javascript:, data:, file: ...)."""

    default_validators = [http_url]

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.URLField, "assume_scheme": "https", **kwargs})


# ---------------------------------------------------------------------------------------------------
# Organisation and rating scale


class Organisation(models.Model):
    """The publishing newsroom. One row; edit it in the admin. Used by reports and ClaimReview."""

    name = models.CharField(_("name"), max_length=200, default="Newsroom Fact Check")
    url = HttpURLField(_("web address"), blank=True, help_text=_("The organisation's home page (ClaimReview author.url)."))
    public_base_url = HttpURLField(
        _("public address"), blank=True,
        help_text=_("Where public fact-check pages are served (https://checks.example.org); ClaimReview `url` "
                    "values and feed links start with it. Empty: the address the page was requested at "
                    "(development), see claims/site.py."),
    )
    # A path among the static files (served offline by WhiteNoise, collected with the rest), not an
    # upload: the public pages need no media storage.
    logo = models.CharField(
        _("logo"), max_length=200, blank=True, default="public/logo.svg",
        help_text=_("The logo on the public pages: a path under static/ (e.g. public/logo.svg). Empty: name only."),
    )
    methodology = models.TextField(
        _("methodology"), blank=True,
        default=(
            "Each claim is researched by a fact-checker against at least two independent sources "
            "where they exist, and the verdict is approved by a second editor before publication."
        ),
        help_text=_("The methodology line printed on every report."),
    )
    corrections_policy_url = HttpURLField(_("corrections policy address"), blank=True)

    class Meta:
        verbose_name = _("organisation settings")
        verbose_name_plural = _("organisation settings")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def clean(self):
        from django.contrib.staticfiles import finders

        if self.logo and (self.logo.startswith(("/", "\\")) or ".." in self.logo or not finders.find(self.logo)):
            raise ValidationError({"logo": gettext("There is no static file “%(path)s”: put the logo under static/ "
                                                   "and give its path there, such as public/logo.svg.") % {"path": self.logo}})


def field_names(instance, fields):
    """The fields `fields` of `instance` as a person reads them ("label, value"), in the active language."""
    return ", ".join(str(instance._meta.get_field(field).verbose_name) for field in fields)


def changed_since_stored(instance, fields):
    """(the stored row's values of `fields`, the names of those `instance` changes): for the records
    an approved fact-check fixes (Rating.save, Source.save)."""
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    return stored, [field for field in fields if stored.get(field) != getattr(instance, field)]


class Rating(models.Model):
    """One step of the rating scale. `value` is its place on the numeric scale (higher is truer);
    a rating with no value (such as "Unverifiable") sits outside it.

    schema.org ClaimReview / Google: worstRating >= 1, worstRating < bestRating, and every number
    maps to a text label (alternateName); only the text is shown to readers."""

    label = models.CharField(_("label"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    definition = models.TextField(_("definition"))
    value = models.PositiveSmallIntegerField(
        _("value"), null=True, blank=True, unique=True, help_text=_("1 (worst) upwards; empty for outcomes off the scale.")
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#777777",
        help_text=_("A hex colour such as #2e7d32; white text must be readable on it."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits, such as #2e7d32."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return self.label

    # What a published verdict says: fixed once a verdict with this rating has been published.
    PUBLISHED_FIELDS = ("label", "slug", "value")

    def clean(self):
        if self.value is not None and self.value < 1:
            raise ValidationError({"value": gettext("Numeric ratings start at 1 (schema.org worstRating >= 1).")})

    def is_on_the_public_record(self):
        """Whether an approved or published verdict (or a correction) uses this rating."""
        return self.pk is not None and (
            Claim.objects.filter(Q(published_rating=self) | Q(rating=self, status__in=workflow.FROZEN)).exists()
            or Correction.objects.filter(Q(old_rating=self) | Q(new_rating=self)).exists()
        )

    def save(self, *args, **kwargs):
        # Approved and published verdicts keep the label they were given: renaming a rating in use
        # would relabel them silently, with no correction. Make a new rating instead.
        if self.pk is not None and self.is_on_the_public_record():
            stored, changed = changed_since_stored(self, self.PUBLISHED_FIELDS)
            if changed:
                raise PermissionRefused(
                    gettext("“%(label)s” is the verdict of published fact-checks: its %(fields)s cannot change. "
                            "Add a new rating instead, and use it from now on.")
                    % {"label": stored.get("label"), "fields": field_names(self, changed)}
                )
        super().save(*args, **kwargs)

    @property
    def on_scale(self):
        return self.value is not None

    # Rating labels are data, not messages: the desk words each rating per language in the admin
    # (RatingTranslation), and a language it has not worded shows the base label.
    def _translation(self, language):
        key = language_key(language)
        if key is None or key == settings.LANGUAGE_CODE.lower():
            return None  # the base label is the default language's: nothing to look up
        # Prefetched (prefetch_related("translations")) or fetched here, once per rating object.
        for found in self.translations.all():
            if found.language == key:
                return found
        return None

    def label_in(self, language):
        """The label in `language` (any BCP 47 / Django code: pt-BR, pt_BR, pt), or the base label."""
        found = self._translation(language)
        return found.label if found else self.label

    def definition_in(self, language):
        found = self._translation(language)
        return found.definition if found and found.definition else self.definition

    @property
    def shown_label(self):
        """The label in the active language (the workbench's: the user's)."""
        return self.label_in(translation.get_language())

    @property
    def shown_definition(self):
        return self.definition_in(translation.get_language())

    @staticmethod
    def label_from(shown_labels, rating_id, base_label):
        """The label to show for rating `rating_id`: from `shown_labels` (shown_labels()) when it has one,
        else the base label the row or object carries."""
        return shown_labels.get(rating_id, base_label) if shown_labels else base_label

    @classmethod
    def shown_labels(cls):
        """{rating pk: label} in the active language for pages that write many chips in Python, or None
        when the active language is the default one (then the base labels the rows carry are right)."""
        language = translation.get_language()
        if language_key(language) in (None, settings.LANGUAGE_CODE.lower()):
            return None
        return cls.labels_in(language)

    @classmethod
    def labels_in(cls, language):
        """{rating pk: label in `language`} for every rating, in one query: for pages that write many
        chips (rows written in Python) without a query per rating."""
        labels = dict(cls.objects.values_list("pk", "label"))
        key = language_key(language)
        if key is not None:
            labels.update(RatingTranslation.objects.filter(language=key).values_list("rating_id", "label"))
        return labels


def language_key(language):
    """The code of LANGUAGES that `language` (pt-BR, pt_BR, pt, es-MX...) is shown in, or None when
    none is (Django's own choice of variant: a generic code falls to its first regional one)."""
    if not language:
        return None
    try:
        return translation.get_supported_language_variant(language.replace("_", "-").lower())
    except LookupError:
        return None


def translated_languages():
    """LANGUAGES other than the default: the languages a rating label can be worded in (the base
    label is the default language's)."""
    default = settings.LANGUAGE_CODE.lower()
    return [(code, name) for code, name in settings.LANGUAGES if code.lower() != default]


class RatingTranslation(models.Model):
    """A rating's label and definition in one language, as the desk words it (readers of a Spanish
    fact-check read "Falso", and ClaimReview's reviewRating.alternateName says it)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(gettext_lazy("language"), max_length=12, choices=translated_languages)
    label = models.CharField(gettext_lazy("label"), max_length=60)
    definition = models.TextField(gettext_lazy("definition"), blank=True,
                                  help_text=gettext_lazy("Empty: the base definition is shown."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rating", "language"], name="one_label_per_language")]
        ordering = ["rating", "language"]
        verbose_name = gettext_lazy("label in another language")
        verbose_name_plural = gettext_lazy("labels in other languages")

    def __str__(self):
        return f"{self.rating.label} ({self.language}): {self.label}"

    # What readers in this language read as a published verdict: fixed, as the rating's own label is.
    PUBLISHED_FIELDS = ("rating_id", "language", "label")

    def change_refusal(self, *, deleting=False):
        """Why this wording may not be saved (or, with `deleting`, removed) now, or None; the one rule for
        every door (the admin's inline form and formset ask it, save() and delete() enforce it).

        Once an approved or published verdict uses the rating, readers in this language read this label
        on the public page, in ClaimReview and in the feeds: rewording or removing it would relabel
        published fact-checks silently, with no correction (Rating.save refuses the same for the base
        label). Wording a language that had no label yet stays allowed: it translates the base label,
        it does not change the verdict."""
        if self.pk is None:
            return None
        stored, changed = changed_since_stored(self, self.PUBLISHED_FIELDS)
        if not (deleting or changed):
            return None
        ratings = {stored.get("rating_id"), self.rating_id} - {None}
        if not any(Rating(pk=pk).is_on_the_public_record() for pk in ratings):
            return None
        return gettext("“%(label)s” is the verdict of published fact-checks for readers in %(language)s: it cannot "
                       "be changed or removed. Add a new rating instead, and use it from now on.") % {
            "label": stored.get("label", self.label), "language": stored.get("language", self.language)}

    def save(self, *args, **kwargs):
        if refusal := self.change_refusal():
            raise PermissionRefused(refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if refusal := self.change_refusal(deleting=True):
            raise PermissionRefused(refusal)
        return super().delete(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------
# Articles


class ArticleQuerySet(models.QuerySet):
    def with_claim_counts(self):
        counts = {
            f"n_{status}": models.Count("claims", filter=Q(claims__status=status)) for status in Status.values
        }
        return self.annotate(n_claims=models.Count("claims"), **counts)

    def search(self, words):
        """Articles whose headline matches every word of `words`, as the claims' search box matches
        a headline: on PostgreSQL each word is a prefix looked up in the article_title_search GIN
        index (migration 0006), elsewhere a substring."""
        found = self
        for word in words.split():
            found = found.filter(article_title_matches(word, connections[self.db].vendor))
        return found


class Article(models.Model):
    title = models.CharField(_("title"), max_length=300)
    url = HttpURLField(_("origin URL"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    # Normalised plain text (claims.anchoring.normalise_text): claim offsets index into it.
    body = models.TextField(_("text"))
    # sha256 of the body, to refuse importing the same text twice.
    body_hash = models.CharField(max_length=64, editable=False, db_index=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = normalise_text(self.body)
        self.body_hash = self.hash_body(self.body)
        super().save(*args, **kwargs)

    @staticmethod
    def hash_body(body):
        return hashlib.sha256(normalise_text(body).encode()).hexdigest()

    def get_absolute_url(self):
        return reverse("claims:article", args=[self.pk])

    @staticmethod
    def revision_refusal(user):
        """Why `user` may not revise an article's text, or None (the one rule, for every door)."""
        if workflow.EDITOR not in workflow.roles_of(user) or not user.has_perm("claims.change_article"):
            return gettext("Only an editor can change an article's text.")
        return None

    def revise_body(self, actor, new_body, *, seen_hash=None):
        """Replace the article's text (the publisher corrected it) and re-anchor every claim in it,
        in one transaction. `seen_hash` is the body_hash the editor started from: a text changed
        meanwhile by someone else is refused rather than overwritten.

        Each claim is found again by claims.anchoring.reanchor; its anchor_state says how sure that
        is (anchored / fuzzy / orphaned) and a history entry records any move. No claim is dropped:
        an orphan keeps its old quote so the editor can see what it said and place it again.
        Returns [(claim, Reanchored)] for every claim."""
        from .anchoring import reanchor

        refusal = Article.revision_refusal(actor)
        if refusal:
            raise PermissionRefused(refusal)
        new_body = normalise_text(new_body or "")
        if not new_body:
            raise NotReady(gettext("The article's text cannot be empty."))
        with transaction.atomic():
            # The article row lock serialises two editors revising the same text.
            article = Article.objects.select_for_update().get(pk=self.pk)
            if seen_hash is not None and seen_hash != article.body_hash:
                raise EditConflict(gettext(
                    "Someone else changed this article's text while you were editing it. Reload to see "
                    "their version; your changes were not saved."
                ))
            if article.body == new_body:
                return []
            article.body = new_body
            article.save()
            results = []
            for claim in Claim.objects.select_for_update().filter(article=article).order_by("pk"):
                claim.article = article
                result = reanchor(new_body, claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
                claim.move_anchor(actor, result)
                results.append((claim, result))
        for field in ("body", "body_hash", "updated_at"):
            setattr(self, field, getattr(article, field))
        return results


# ---------------------------------------------------------------------------------------------------
# Claims


class ClaimType(models.TextChoices):
    # Full Fact's claim types, adapted (see ../shared/reference/standards.md).
    QUANTITY = "quantity", _("Quantity")
    ATTRIBUTION = "attribution", _("Quote / attribution")
    EVENT = "event", _("Event")
    PREDICTION = "prediction", _("Prediction")
    LAW = "law", _("Law or rule")
    CAUSAL = "causal", _("Causal")
    OTHER = "other", _("Other")


class Priority(models.IntegerChoices):
    LOW = 1, pgettext_lazy("priority", "Low")
    NORMAL = 2, pgettext_lazy("priority", "Normal")
    HIGH = 3, pgettext_lazy("priority", "High")
    URGENT = 4, pgettext_lazy("priority", "Urgent")


class ClaimantKind(models.TextChoices):
    # schema.org: a Claim's author is a Person or an Organization (ClaimReview itemReviewed.author).
    PERSON = "Person", _("Person")
    ORGANIZATION = "Organization", _("Organisation")


class AnchorState(models.TextChoices):
    ANCHORED = "anchored", _("Anchored")
    # Re-anchored by fuzzy matching after the article changed: worth a look.
    FUZZY = "fuzzy", _("Re-anchored approximately")
    # The quote could not be found again: the editor must place it by hand.
    ORPHANED = "orphaned", _("Not found in the article")


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Everyone in the newsroom with view permission sees every claim (IFCN: one standard for
        # every check); there are no private desks yet.
        if user.is_authenticated and user.has_perm("claims.view_claim"):
            return self
        return self.none()

    def open(self):
        return self.exclude(status__in=workflow.CLOSED)

    def overdue(self, today=None):
        return self.filter(overdue_q(today))

    def with_stage_entered_at(self):
        """Each claim with `stage_entered_at`: when it entered its current status, read from the
        history (its last status change, or its creation). Never a stored field, which could drift
        from the history it summarises; the history_stage_changes index (migration 0015) answers it
        with one index probe per claim."""
        entries = HistoryEntry.objects.filter(claim=models.OuterRef("pk"), action__in=HistoryEntry.STAGE_ACTIONS)
        return self.annotate(stage_entered_at=models.Subquery(
            entries.order_by("-created_at", "-pk").values("created_at")[:1]
        ))

    def idle(self, now=None):
        """Open claims that have sat in their current status longer than their priority's
        DeadlinePolicy.idle_after_days allows (a priority without a threshold is never idle). One
        query: the threshold is looked up per claim in SQL, so pages can annotate it (with_idle_flag)."""
        return self._with_idle_inputs().filter(_idle_q(now))

    def _with_idle_inputs(self):
        """What idleness is judged on, per claim, as aliases (not selected): when the claim entered its
        status (with_stage_entered_at's subquery) and its priority's idle threshold."""
        if "idle_since" in self.query.annotations:
            return self
        return self.alias(**_idle_inputs())

    def count_by_status(self):
        """{status: how many of these claims have it}, every status included (0 when none). From the
        ClaimTally when it can answer for these claims (tally(), below), which costs the same at a
        million claims as at a thousand; otherwise grouped on the status alone, which PostgreSQL
        answers from an index-only scan of every claim counted (issue #17)."""
        counts = dict.fromkeys(Status.values, 0)
        tally = self.tally()
        if tally is not None:
            rows = tally.values("status").annotate(n=models.Sum("delta"))
        else:
            rows = self.order_by().values("status").annotate(n=models.Count("status"))
        counts.update(rows.values_list("status", "n"))
        return counts

    def total(self):
        """How many of these claims: count(), from the ClaimTally when it can answer for them."""
        tally = self.tally()
        if tally is None:
            return self.count()
        return tally.aggregate(n=models.Sum("delta", default=0))["n"]

    def total_query(self):
        """total() as a values() query of one row and one column, how many, to be compiled once and
        sent again (claims/compiled_queries.py; the claims list's total, issue #17): the statement
        total() sends, SUM(delta) AS "n" over the tally rows that count these claims when the tally can
        say, otherwise COUNT(*) AS "__count" over them. Grouped by a constant, which is no grouping
        column (Value has none): one row, with or without claims, as aggregate() and count() read it.
        Not for a slice, DISTINCT or a UNION (total() counts those); none() gives no row at all."""
        query = self.query
        if query.is_sliced or query.distinct or query.combinator:
            raise TypeError("total_query() counts every row of a plain query; use total()")
        tally = self.tally()
        if tally is None:
            counted, total = self, {"__count": models.Count("*")}
        else:
            counted, total = tally, {"n": models.Sum("delta", default=0)}
        return counted.order_by().annotate(one=models.Value(1)).values("one").annotate(**total).values(*total)

    def tally(self):
        """The ClaimTally rows that count exactly these claims, or None when the tally cannot say.

        It can when these claims are every claim, or every claim with conditions on the two things
        the tally counts by, ANDed: status and assignee, each equal to a value, in a list of values,
        or null or not (what visible_to(), the board's and the list's filters produce). Any other
        condition (another field, a join, NOT, OR, a subquery), DISTINCT, a slice, a grouping, an
        aggregate annotation or a UNION makes it None: count the claims themselves. The conditions
        are read from the query Django built, so a filter added later cannot be silently ignored."""
        from django.db.models.expressions import Col
        from django.db.models.lookups import Exact, In, IsNull
        from django.db.models.sql.where import AND, WhereNode

        query = self.query
        if query.is_empty():
            return ClaimTally.objects.none()
        if (query.is_sliced or query.distinct or query.combinator or query.group_by is not None or query.extra
                or query.extra_tables or any(a.contains_aggregate for a in query.annotations.values())
                or any(alias != query.base_table and count for alias, count in query.alias_refcount.items())):
            return None
        counted = {Claim._meta.get_field("status"): "status", Claim._meta.get_field("assignee"): "assignee"}
        conditions = {}

        def read(node):
            if not isinstance(node, WhereNode) or node.negated or (node.connector != AND and len(node.children) > 1):
                return False
            for child in node.children:
                if isinstance(child, WhereNode):
                    if not read(child):
                        return False
                    continue
                if not (isinstance(child, (Exact, In, IsNull)) and isinstance(child.lhs, Col)
                        and child.lhs.alias == query.base_table and child.lhs.target in counted):
                    return False
                values = child.rhs if isinstance(child, In) else [child.rhs]
                if not isinstance(values, (list, tuple, set, frozenset)) or any(
                        hasattr(v, "resolve_expression") or hasattr(v, "as_sql") for v in values):
                    return False
                name = f"{counted[child.lhs.target]}__{child.lookup_name}"
                if name in conditions:  # the same test twice: AND them in SQL rather than here
                    return False
                conditions[name] = child.rhs
            return True

        if not read(query.where):
            return None
        return ClaimTally.objects.using(self.db).filter(**conditions)

    def with_idle_flag(self, now=None):
        """Each claim with `is_idle` (idle(), above): what the claims list, the board and the queue
        flag beside overdue(), in the same query as the rows. The condition is judged on the row
        itself (CASE WHEN), not as EXISTS over a second copy of the claims: the same answer, and
        building that nested query cost 3 ms of CPU a page, a tenth of the claims list (issue #17)."""
        return self._with_idle_inputs().annotate(is_idle=models.Case(
            models.When(_idle_q(now), then=models.Value(True)), default=models.Value(False),
            output_field=models.BooleanField(),
        ))

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def awaiting_review_by(self, user):
        """In review, and not this user's own proposal (four-eyes rule)."""
        return self.filter(status=Status.IN_REVIEW).exclude(proposed_by=user)

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_related(self):
        return self.select_related("article", "rating", "assignee", "proposed_by", "approved_by")

    def for_list(self):
        """What a row or a card shows: the claim, its verdict, its assignee and its article's title,
        but not the article's text, which would come once per row (50 copies of a long article on
        a page of the claims list; 240 on the board)."""
        return self.select_related("article", "rating", "assignee").defer("article__body")

    def most_urgent_for(self, user, today, limit):
        """The claims on `user`'s desk (assigned to them and open, and for an editor those waiting
        for their review), most urgent first: late ones, then by due date and priority; at most
        `limit`, each annotated `late`.

        They are picked from the claims alone, and only those are joined to their article, verdict
        and assignee: a desk of 3,000 claims used to be joined whole, only to be sorted.

        Picked how: the desk is two or three disjoint parts (the claims assigned to `user` on the
        desk; those assigned to them off it; for an editor, the other verdicts in review), each
        walked in the order of its own partial index (claim_desk, claim_off_desk, claim_review;
        migration 0031) for its first `limit` claims only; those at most 3 × `limit` are then sorted
        and cut to `limit`. Within one part, the index's order (due date, priority, id) is the
        queue's order, because `late` follows from the due date alone there: on the desk it is "due
        before today", which sorts first anyway; off the desk it is never true. So the queue's first
        `limit` are among the parts' first `limit`s. Asked as one condition with OR, every claim of
        the desk was read and sorted, however many: a fact-checker's few thousand, and for an editor
        every verdict in review, a tenth of all claims (issue #17)."""
        from django.db.models import BooleanField, Case, F, IntegerField, Subquery, Value, When

        late = Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
        urgency = [F("late").desc(), F("due_date").asc(nulls_last=True), F("priority").desc(), "pk"]
        # What every walk selects and sorts by, built once (each queryset step costs CPU per request).
        walk = self.annotate(late=late).order_by(*urgency[1:]).values("pk", "late", "due_date", "priority")
        mine = walk.assigned_to(user)
        parts = [mine.filter(status__in=sorted(workflow.ON_DESK)), mine.filter(status__in=sorted(workflow.OFF_DESK))]
        if workflow.EDITOR in workflow.roles_of(user):
            # Disjoint from the first part: their own claims in review are in it already.
            parts.append(walk.awaiting_review_by(user).exclude(assignee=user))
        walks = [part[:limit] for part in parts]
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            # SQLite cannot order and limit each SELECT of a UNION: each walk becomes a subquery.
            walks = [walk.filter(pk__in=part.values("pk")).order_by() for part in walks]
        first = walks[0].union(*walks[1:], all=True).order_by(*urgency)[:limit]
        # `pk IN` takes one column, and the UNION must keep the three it is sorted by: its ids are
        # selected from it as from a table.
        keys = Subquery(first, template='(SELECT "pk" FROM (%(subquery)s) AS "urgent")', output_field=IntegerField())
        return self.for_list().filter(pk__in=keys).annotate(late=late).with_idle_flag().order_by(*urgency)

    def needing_anchor_review(self):
        """Claims the last revision of their article's text could not place exactly: re-anchored
        approximately (check them) or not found (place them again). Flag these on article pages
        and in claim lists."""
        return self.filter(anchor_state__in=[AnchorState.FUZZY, AnchorState.ORPHANED])

    def search(self, words):
        """Claims matching every word of the search box in their wording, quote, claimant or
        article title."""
        if connections[self.db].vendor == "postgresql":
            return self._full_text_search(words)
        matches = self
        for word in words.split():
            matches = matches.filter(
                Q(text__icontains=word) | Q(quote__icontains=word) | Q(claimant__icontains=word)
                | Q(article__title__icontains=word)
            )
        return matches

    def _full_text_search(self, words):
        """PostgreSQL: each word is a prefix ("unemp" finds "unemployment") looked up in the GIN
        indexes of migration 0006 instead of a scan of every claim with ILIKE '%word%'. The
        expressions must be those the indexes were built on, letter for letter, or the planner
        cannot use them."""
        from django.contrib.postgres.expressions import ArraySubquery
        from django.contrib.postgres.search import SearchQuery, SearchVectorExact

        tokens = re.findall(r"\w+", words)
        if not tokens and words.strip():
            # Only punctuation: nothing for full-text search to look up, so look for it as typed.
            return self.filter(Q(text__icontains=words.strip()) | Q(quote__icontains=words.strip()))
        matches = Claim.objects.all()
        for token in tokens:
            query = SearchQuery(f"{token}:*", search_type="raw", config=SEARCH_CONFIG)
            in_articles = Article.objects.filter(article_title_matches(token, "postgresql")).order_by().values("pk")
            matches = matches.filter(
                SearchVectorExact(claim_search_document(), query)
                | EqualsAny(models.F("article_id"), ArraySubquery(in_articles))
            )
        # The matching ids are worked out on their own, unordered, then the list's order is applied
        # to them: `id = ANY(ARRAY(SELECT id ... WHERE match))`. With the condition inline, the
        # planner answered "the 50 newest matches" by walking the updated_at index newest-first and
        # recomputing to_tsvector for every claim it passed (5,000 rows, 65-80 ms at 100,000 claims)
        # until it had 50. As an array the condition can only be answered from the GIN indexes (a
        # BitmapOr), and the page is the matches sorted: about 1 ms. The cost grows with the number
        # of matches, not of claims: the right trade for a search box, whose words are selective.
        return self.filter(EqualsAny(models.F("pk"), ArraySubquery(matches.order_by().values("pk"))))


class TallyQuerySet(models.QuerySet):
    """The tallies' one way of folding their rows (ClaimTally, DueDateTally, ActivityTally): each is
    a table of (key columns..., delta) that triggers only ever append to."""

    def compact(self):
        """Fold the appended rows into one per key (every column but the id and the delta), dropping
        the keys that sum to 0, in one statement so that it stays exact while claims change: on
        PostgreSQL, the rows this statement deletes are exactly those it sums back in (a row a
        concurrent transaction appends meanwhile is not in its snapshot, so it is neither deleted nor
        summed; one a concurrent compaction deleted first is skipped by the delete, so not returned).
        Only the keys with more than one row (or a sum of 0) are rewritten: the activity tally keeps
        every quarter-hour ever, 35,000 rows a year per kind, and rewriting all of them every five
        minutes would write that much table and WAL for the few dozen rows that changed. SQLite has one
        writer at a time, so a transaction does the same. Returns the number of rows left."""
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        key = ", ".join(quote(f.column) for f in self.model._meta.concrete_fields if f.name not in ("id", "delta"))
        with transaction.atomic(using=self.db), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # By id, not by key: GROUP BY takes a null assignee for a key like any other, where
                # (key) IN (...) would never match it.
                cursor.execute(
                    f"WITH folded AS (SELECT unnest(array_agg(id)) AS id FROM {table} GROUP BY {key} "
                    f"HAVING COUNT(*) > 1 OR SUM(delta) = 0), "
                    f"gone AS (DELETE FROM {table} WHERE id IN (SELECT id FROM folded) RETURNING {key}, delta) "
                    f"INSERT INTO {table} ({key}, delta) SELECT {key}, SUM(delta) "
                    f"FROM gone GROUP BY {key} HAVING SUM(delta) <> 0"
                )
            else:
                cursor.execute(f"SELECT MAX(id) FROM {table}")
                last = cursor.fetchone()[0] or 0
                cursor.execute(
                    f"INSERT INTO {table} ({key}, delta) SELECT {key}, SUM(delta) "
                    f"FROM {table} WHERE id <= %s GROUP BY {key} HAVING SUM(delta) <> 0", [last]
                )
                cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last])
        return self.model.objects.using(self.db).count()


class ClaimTally(models.Model):
    """How many claims have each (status, assignee): SUM(delta) over the rows of that pair.

    Kept by the database, not by Django: triggers on claims_claim (migration 0022) append +1 for a
    new claim's pair, -1 for a deleted one's, and -1 for the old pair and +1 for the new one when an
    update changes either, so no door (a model's save, queryset.update, bulk actions, the admin,
    importers, the API, raw SQL, COPY) can pass by it. Rows are only ever appended, never updated in
    place: two desks moving claims at the same moment insert side by side instead of queueing on
    (or deadlocking over) one counter row. compact() folds them back, on a schedule
    (claims/schedule.py) and by `manage.py compact_claim_tally`.

    Read it through ClaimQuerySet (count_by_status(), total()), which decides whether the tally can
    answer for a given set of claims. Due dates are not counted here (whether a claim is overdue
    changes with the calendar, not with a write): DueDateTally counts the desk's claims per due date."""

    status = models.CharField(max_length=12)
    # No foreign key constraint: the tally is derived data, and a trigger's insert must never be
    # refused or wait on a lock of the users table. No index of its own either: every read groups
    # the whole (small, compacted) table, and each index is one more write per appended row.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                                 db_constraint=False, db_index=False, related_name="+")
    delta = models.IntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "assignee"], include=["delta"], name="claim_tally_pair")]

    def __str__(self):
        return f"{self.status} / {self.assignee_id}: {self.delta:+d}"


@functools.cache
def _idle_inputs():
    """ClaimQuerySet._with_idle_inputs()'s two subqueries, built once per process: the claims list,
    the board and the queue ask for them on every page, and building them anew cost more CPU than
    PostgreSQL spends on them. Safe to share: alias() resolves a copy of each for its query."""
    entries = HistoryEntry.objects.filter(claim=models.OuterRef("pk"), action__in=HistoryEntry.STAGE_ACTIONS)
    threshold = DeadlinePolicy.objects.filter(priority=models.OuterRef("priority"), idle_after_days__isnull=False)
    return {
        "idle_since": models.Subquery(entries.order_by("-created_at", "-pk").values("created_at")[:1]),
        "idle_after_days": models.Subquery(threshold.values("idle_after_days")[:1]),
    }


class PeopleAndRatingsChange(models.Model):
    """One row per change to what the people and verdict choices are drawn from: users (names,
    whether active or a superuser), their groups and permissions, ratings and their translations.

    Appended by triggers (migration 0030), so no door (the admin, a queryset's update(), a
    management command, raw SQL) can change those rows unseen. The latest row's random `token` is
    the version the compiled choices are cached under (claims/choice_lists.py): every process of
    every server reads it with the user's permissions, in the same round trip, and sees a change
    made by any other. A random token rather than the id: on SQLite an id is given back when its
    transaction rolls back, so two different states could share one. Such changes are rare (a new
    fact-checker, a reworded verdict): the table stays small and is never compacted."""

    token = models.BigIntegerField()

    def __str__(self):
        return f"{self.pk}: {self.token}"


class DueDateTallyQuerySet(TallyQuerySet):
    def overdue(self, today=None):
        """The rows that count the overdue claims (the due dates before today): summed, how many
        are overdue; summed per assignee, how many of each one's."""
        return self.filter(_due_before(today))


class DueDateTally(models.Model):
    """How many of the desk's claims (workflow.ON_DESK) with a due date have each (due date,
    assignee): SUM(delta) over the rows of that pair. Overdue per assignee is then the sum over the
    due dates before today (overdue()), read from at most (due dates x assignees) rows,
    however many claims: counted from the claims it read every overdue claim's index entry, 14,000
    at 100,000 claims and 140,000 at a million, on every dashboard (issue #17).

    Whether a claim is overdue changes with the calendar, but its due date, status and assignee
    change only with a write; so the tally keeps what writes change and the reader applies today.
    overdue_q() stays the one definition of overdue: this table holds exactly the claims with its
    status condition (the triggers' WHERE), and _due_before(), its other half, picks the rows.

    Kept like ClaimTally, by triggers on claims_claim (migration 0028): +1 for a desk claim with a due
    date that appears (created, or moved onto the desk, or given a due date), -1 for one that goes,
    -1/+1 when its due date or assignee changes. Compacted with the others (compact_tallies)."""

    due_date = models.DateField()
    # No foreign key constraint, for ClaimTally's reason.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                                 db_constraint=False, db_index=False, related_name="+")
    delta = models.IntegerField()

    objects = DueDateTallyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["due_date", "assignee"], include=["delta"], name="due_date_tally_pair")]

    def __str__(self):
        return f"{self.due_date} / {self.assignee_id}: {self.delta:+d}"


class ActivityTally(models.Model):
    """How many claims were opened (created), and how many were verified (a status change to
    verified in the history), in each quarter of an hour: SUM(delta) over the rows of that (kind,
    quarter_hour). The dashboard's 30-day chart sums 30 x 96 quarter-hours per line at most,
    however many claims: counted from the claims and the history, it read every claim opened and
    every verification of the month (11,000 index entries at 100,000 claims, ten times as many at
    a million; issue #17).

    Quarter-hours of UTC, not days: the chart's days are the desk's local days (23 or 25 hours long
    at a clock change), and the triggers that keep this table cannot convert time zones on SQLite.
    Every time zone in use is a whole number of quarter-hours from UTC, so every local midnight
    starts a quarter-hour, and the reader assigns quarter-hours to local days as it assigned rows
    (claims/views/dashboard.py, DayIndex). Quarter-hours compact well too: at most 35,040 rows per
    kind a year, whatever the volume.

    Kept by triggers (migration 0028): on claims_claim, +1 in a new claim's quarter-hour, -1 for a
    deleted one, -1/+1 if its created_at changes; on claims_historyentry, +1 for each verification
    written (the history is append-only; on SQLite, where nothing enforces that, deletes and updates
    are followed too). Compacted with the others (compact_tallies)."""

    class Kind(models.TextChoices):
        OPENED = "opened", "opened"
        VERIFIED = "verified", "verified"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    quarter_hour = models.DateTimeField()  # when it starts; on the quarter-hours of UTC
    delta = models.IntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        # The time first: the chart reads the month's quarter-hours of both kinds, one range (led by
        # the kind, PostgreSQL read the whole table instead).
        indexes = [models.Index(fields=["quarter_hour", "kind"], include=["delta"], name="activity_tally_time")]

    def __str__(self):
        return f"{self.kind} {self.quarter_hour:%Y-%m-%d %H:%M}: {self.delta:+d}"


TALLIES = (ClaimTally, DueDateTally, ActivityTally)


def compact_tallies(using="default"):
    """Fold every tally's appended rows (TallyQuerySet.compact), each in its own statement and
    transaction: one tally's fold never waits on another's. Returns {model name: rows left}."""
    return {model.__name__: model.objects.using(using).compact() for model in TALLIES}


def _idle_q(now=None):
    """The idle rule, on a claim queryset with ClaimQuerySet._with_idle_inputs(): open, and in its
    status since before `now` less its priority's threshold (no threshold: never idle)."""
    return ~Q(status__in=workflow.CLOSED) & Q(
        idle_since__lt=DaysBefore(models.Value(now or timezone.now()), models.F("idle_after_days")))


def overdue_q(today=None):
    """The one definition of overdue: on the desk (in research or in review) past its due date. As a
    Q, for the pages that count overdue claims inside a larger query (dashboard, queue)."""
    return _due_before(today) & Q(status__in=workflow.ON_DESK)


def _due_before(today=None):
    """overdue_q()'s condition on the due date alone: what DueDateTally, which holds only the desk's
    claims, needs of it."""
    return Q(due_date__lt=today or timezone.localdate())


def is_overdue(status, due_date, today):
    """overdue_q()'s rule for one claim's status and due date already read (a claim in memory, a row
    of the claims list read as plain values)."""
    return due_date is not None and status in workflow.ON_DESK and due_date < today


# The text search configuration: 'simple' (lower-case words, no stemming, no stop words) suits
# names, figures and the several languages a newsroom quotes.
SEARCH_CONFIG = "simple"


def claim_search_document():
    """What the search box looks through in a claim, as a tsvector. Migration 0006 builds a GIN index
    on exactly this expression (tests/test_bench.py checks the planner uses it)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", "quote", "claimant", config=SEARCH_CONFIG)


def article_title_matches(word, vendor):
    """The condition "this article's headline has `word`": the one definition the article picker
    and the claims' search box share."""
    if vendor != "postgresql":
        return Q(title__icontains=word)
    from django.contrib.postgres.search import SearchQuery, SearchVectorExact

    tokens = re.findall(r"\w+", word)
    if not tokens:
        return Q(title__icontains=word)
    query = SearchQuery(" & ".join(f"{token}:*" for token in tokens), search_type="raw", config=SEARCH_CONFIG)
    return Q(SearchVectorExact(article_search_document(), query))


def article_search_document():
    """An article's headline as a tsvector (GIN-indexed too, migration 0006)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", config=SEARCH_CONFIG)


class EqualsAny(models.Func):
    """`lhs = ANY(array)`. Inside an OR, `article_id IN (SELECT ...)` forces PostgreSQL to test every
    claim row; `article_id = ANY(ARRAY(SELECT ...))` computes the array once and can use the
    article_id index, so the OR becomes a BitmapOr of two index scans."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = models.BooleanField()


class DaysBefore(models.Func):
    """`moment - days` whole days, in SQL (`days` an integer column): what idle() compares a claim's
    time in its status against."""

    output_field = models.DateTimeField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s))", arg_joiner=" - make_interval(days => ")

    def as_sqlite(self, compiler, connection, **extra):
        # datetime() answers in the format Django stores (UTC, "YYYY-MM-DD HH:MM:SS"), so they compare as text.
        return self.as_sql(compiler, connection, template="datetime(%(expressions)s || ' days')", arg_joiner=", '-' || ")


class Claim(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="claims")
    # The claim as the checker states it. ClaimReview's claimReviewed: short (Google: under about
    # 75 characters) and never containing the verdict.
    text = models.CharField(_("claim"), max_length=300)
    # BCP 47 language of the claim's wording (ClaimReview's inLanguage); the article's when made.
    language = models.CharField(_("language"), max_length=12, blank=True, db_index=True)

    # W3C TextPositionSelector (start inclusive, end exclusive) + TextQuoteSelector (exact, prefix,
    # suffix) into article.body; see claims/anchoring.py.
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("quote"))
    prefix = models.CharField(_("text before"), max_length=64, blank=True)
    suffix = models.CharField(_("text after"), max_length=64, blank=True)
    anchor_state = models.CharField(_("anchoring"), max_length=10, choices=AnchorState.choices, default=AnchorState.ANCHORED)

    # Who made the claim (ClaimReview itemReviewed.author) -- never the fact-checker. Empty when the
    # article states it in its own voice.
    claimant = models.CharField(_("claimant"), max_length=200, blank=True)
    claimant_url = HttpURLField(_("claimant URL"), blank=True, help_text=_("An identifying page for the claimant (sameAs)."))
    # Empty means "not said": ClaimReview then calls the claimant a Person, as most claimants are.
    claimant_kind = models.CharField(
        _("claimant kind"), max_length=12, choices=ClaimantKind.choices, blank=True,
        help_text=_("Whether the claimant is a person or an organisation (ClaimReview itemReviewed.author @type)."),
    )
    claim_type = models.CharField(_("type"), max_length=12, choices=ClaimType.choices, default=ClaimType.OTHER)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    rating = models.ForeignKey(Rating, verbose_name=_("verdict"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="claims")
    # Full Fact: every verdict carries a written conclusion.
    conclusion = models.TextField(_("conclusion"), blank=True)
    # AFP and others want two independent sources; with fewer, the checker says why.
    source_justification = models.TextField(_("why one source is enough"), blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_claims",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The verdict the public sees, and when it was first published; a later publish with a
    # different verdict is a correction.
    published_rating = models.ForeignKey(Rating, verbose_name=_("published verdict"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_conclusion = models.TextField(_("published conclusion"), blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("last published"), null=True, blank=True)

    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    # Optimistic locking: every change bumps it; a change made against an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("act_as_editor", _("Can assign, dismiss, approve, publish and reopen claims")),
            ("act_as_checker", _("Can research claims and propose verdicts")),
        ]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated"),
            # A person's claims by status; with what My queue sorts them by, so the queue picked its
            # hundred most urgent from the index alone instead of reading each of thousands of
            # claims from the table (migration 0020). The queue now walks claim_desk and
            # claim_off_desk (below, migration 0031) and no longer reads this one.
            models.Index(fields=["assignee", "status"], include=["due_date", "priority", "id"], name="claim_assignee_status"),
            # The list sorted by due date, with the key that breaks ties: on due_date alone PostgreSQL read
            # every claim of the first due day and sorted them (8,611 rows at 1,000,000 claims, 28 ms; 2.2 x
            # the 100,000-claim page) before it had 50; with the id it reads 50 (migration 0032).
            models.Index(fields=["due_date", "id"], name="claim_due_date"),
            # The claims list's default order, with the key that breaks ties: deep pages walk it index-only
            # (claims/paging.py, migration 0009).
            models.Index(fields=["-updated_at", "-id"], name="claim_updated"),
            # The dashboard's "published this week" and "opened per day over 30 days" (migration 0006).
            models.Index(fields=["published_at"], name="claim_published_at"),
            models.Index(fields=["created_at"], name="claim_created_at"),
            # The board's columns: each status's cards in the board's order (migration 0008).
            models.Index(fields=["status", "-priority", "due_date", "-updated_at"], name="claim_board"),
            # The dashboard's figures (index-only) and its "published this week" list (migration 0008).
            # With the assignee, the fact-checkers' load too (migration 0010).
            models.Index(fields=["status", "due_date"], include=["last_published_at", "assignee"], name="claim_dashboard"),
            models.Index(fields=["-last_published_at"], name="claim_last_published"),
            # The dashboard's "published this week" count, from this index alone: through
            # claim_last_published it read each of the week's published claims from the table (2,400
            # heap pages at a million claims, slow whenever other pages had pushed them out of the
            # cache; migration 0028).
            models.Index(fields=["last_published_at"], name="claim_published_since", condition=Q(status="published")),
            # The claims on the desk in due-date order (overdue_q): the dashboard's eight longest
            # overdue are the first entries of this index, however many are overdue (read through
            # claim_due_date they were 825 rows filtered and sorted at 100,000 claims), and its overdue
            # count per assignee is read from this index alone (migration 0027).
            models.Index(fields=["due_date", "id"], include=["assignee"], name="claim_overdue",
                         condition=Q(status__in=sorted(workflow.ON_DESK))),
            # My queue's three walks (most_urgent_for): a person's claims on the desk, their claims
            # off it, and every verdict in review, each in the queue's order, with what the walk
            # filters on and sorts by, so each reads only the claims it returns, index-only, however
            # many there are (migration 0031). Unassigned new claims, most of the new ones, are left
            # out of claim_off_desk: no queue shows them.
            models.Index(fields=["assignee", "due_date", "-priority", "id"], include=["status"], name="claim_desk",
                         condition=Q(status__in=sorted(workflow.ON_DESK))),
            models.Index(fields=["assignee", "due_date", "-priority", "id"], include=["status"], name="claim_off_desk",
                         condition=Q(status__in=sorted(workflow.OFF_DESK), assignee__isnull=False)),
            models.Index(fields=["due_date", "-priority", "id"], include=["status", "assignee", "proposed_by"],
                         name="claim_review", condition=Q(status=Status.IN_REVIEW)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if not self.language and self.article_id:
            self.language = self.article.language
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:detail", args=[self.pk])

    @property
    def is_overdue(self):
        return is_overdue(self.status, self.due_date, timezone.localdate())

    @property
    def was_published(self):
        """Published before: publishing again is a correction (workflow.TRANSITIONS' publish step)."""
        return self.published_at is not None

    @property
    def is_frozen(self):
        """Approved by a second person: nothing on it changes except through reopen (workflow.FROZEN)."""
        return self.status in workflow.FROZEN

    @classmethod
    def create_from_span(cls, article, start, end, *, text, actor=None, **fields):
        """A new claim anchored to article.body[start:end], with its "created" history entry."""
        claim = cls(article=article, text=text.strip(), created_by=actor, **fields)
        claim.set_span(start, end)
        with transaction.atomic():
            claim.full_clean()
            claim.save()
            claim.log(actor, HistoryEntry.Action.CREATED, "", "", claim.quote)
        return claim

    # --- anchoring -------------------------------------------------------------------------------

    def set_span(self, start, end):
        """Anchor the claim to article.body[start:end] (both selectors at once)."""
        anchor = anchor_at(self.article.body, start, end)
        self.start, self.end = anchor.start, anchor.end
        self.quote, self.prefix, self.suffix = anchor.quote, anchor.prefix, anchor.suffix
        self.anchor_state = AnchorState.ANCHORED

    def move_anchor(self, actor, result):
        """Apply a re-anchoring result (claims.anchoring.Reanchored) after the article's text
        changed; called by Article.revise_body with this row locked. Writes history when the span or
        the state changed."""
        old_span, old_quote, old_state = (self.start, self.end), self.quote, self.anchor_state
        revised = ARTICLE_REVISED
        if self.is_frozen and result.anchor is not None and result.anchor.quote != self.quote:
            # An approved claim quotes the article as it was checked: its quote never changes outside
            # the workflow. Found only approximately, it is flagged (orphaned, quote kept) for an
            # editor to reopen and place again.
            result = Reanchored(AnchorState.ORPHANED, None, result.how)
            revised = ARTICLE_REVISED_QUOTE_KEPT
        if result.anchor is not None:
            self.start, self.end = result.anchor.start, result.anchor.end
            self.quote, self.prefix, self.suffix = result.anchor.quote, result.anchor.prefix, result.anchor.suffix
        else:
            # Keep the old quote and context (what the claim said, and how to find it if the text
            # comes back); keep the span inside the new text so the row stays valid.
            length = len(self.article.body)
            self.end = max(1, min(self.end, length))
            self.start = min(self.start, self.end - 1)
        self.anchor_state = result.state
        if (self.start, self.end) == old_span and self.quote == old_quote and self.anchor_state == old_state:
            return False
        self.version += 1
        self.save()
        new = f"{self.start}–{self.end} “{self.quote}”" if result.anchor else "not found"
        self.log(actor, HistoryEntry.Action.ANCHOR, "span", f"{old_span[0]}–{old_span[1]} “{old_quote}”", new,
                 revised(how=result.how, state=ANCHOR_STATE_IN_SENTENCE[result.state]))
        return True

    def place_at(self, actor, start, end, *, version, quote=None):
        """Anchor the claim by hand to article.body[start:end]: "Place it here" on the article page,
        for a claim the re-anchoring lost (orphaned) or was unsure of (fuzzy). Editors and the
        assigned fact-checker, as for editing the claim's details. The selectors are built from the
        article's current text as when a claim is made (anchor_at); the claim is then anchored.

        `quote`, when given, is the text the caller found at start–end before this transaction: if the
        text there is different now, the article was revised meanwhile and the offsets mean nothing.
        Raises TransitionRefused (EditConflict for a stale version or text) or AnchorError for a span
        that is not in the text; nothing is written then."""
        with transaction.atomic():
            claim = self._locked_for("place", actor, version)
            body = claim.article.body
            try:
                start, end = int(start), int(end)
            except (TypeError, ValueError):
                raise AnchorError(gettext("The selection came without a position in the text.")) from None
            if start >= end:
                raise AnchorError(gettext("The selection is empty: select the claim's words in the text."))
            anchor = anchor_at(body, start, end)
            if not anchor.quote.strip():
                raise AnchorError(gettext("The selection is only white space: select the claim's words."))
            if quote is not None and anchor.quote != quote:
                raise EditConflict(gettext("The article's text changed while you were placing this claim. Reload the "
                                           "page and select its words again; nothing was changed."),
                                   current_version=claim.version)
            old_span, old_quote, old_state = (claim.start, claim.end), claim.quote, claim.anchor_state
            claim.set_span(anchor.start, anchor.end)
            changed = (claim.start, claim.end) != old_span or claim.quote != old_quote or old_state != AnchorState.ANCHORED
            if changed:
                claim.version += 1
                claim.save()
                claim.log(actor, HistoryEntry.Action.ANCHOR, "span", f"{old_span[0]}–{old_span[1]} “{old_quote}”",
                          f"{claim.start}–{claim.end} “{claim.quote}”",
                          PLACED_BY_HAND(state=ANCHOR_STATE_IN_SENTENCE[old_state]))
        self._refresh_from(claim)
        if changed:
            transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step="place"))
        return claim

    def clean(self):
        # An orphaned claim keeps its old quote on purpose (Article.revise_body): it no longer matches.
        if (self.article_id and self.end is not None and self.anchor_state != AnchorState.ORPHANED
                and self.article.body[self.start:self.end] != self.quote):
            raise ValidationError(gettext("The quote does not match the article's text at that position."))

    # --- the workflow ----------------------------------------------------------------------------

    # --- the rules: who may do what, and why not (the one home; every door asks here) -----------

    def refusal_for(self, action, user):
        """Why `user` may not take `action` on this claim now, or None if they may.

        `action` is a workflow step (workflow.TRANSITIONS) or an edit outside the steps
        (workflow.EDITS: edit_details, reassign, set_due_date, add_evidence, add_note, place,
        mark_duplicate). The answer depends on the person and the claim's state only, not on what
        they would type: buttons, views, the board, bulk actions, the admin, importers, the API and
        tasks all ask it, and each change method asks it again inside its row lock."""
        rule = self._rule(action)
        if isinstance(rule, workflow.Transition) and self.status not in rule.sources:
            # A step that does not start from here is refused for that reason first, whoever asks.
            return self._state_refusal(action, user)
        return self.role_refusal(action, user) or self._state_refusal(action, user)

    def may(self, action, user):
        return self.refusal_for(action, user) is None

    def allowed_transitions(self, user):
        """The steps `user` may start now: the buttons to show. Preconditions that depend on input
        (a verdict needs evidence, for example) are checked when the step is made."""
        return [t for t in workflow.transitions_from(self.status) if self.refusal_for(t.name, user) is None]

    # What the rules above read of a claim for a step (refusal_for, and Transition.required_fields'
    # conditions), and nothing else: a claim made of these fields gets the claim's answers. Pages
    # that read many claims as plain values (the board) ask the rules through one (for_rules).
    RULE_FIELDS = ("status", "assignee_id", "proposed_by_id", "published_at")

    @classmethod
    def for_rules(cls, row):
        """A claim holding only RULE_FIELDS, from `row` (a claim read with values()): enough to ask
        allowed_transitions() and refusal_for() of a step without reading the whole claim."""
        return cls(**{field: row[field] for field in cls.RULE_FIELDS})

    @staticmethod
    def rule_kind(row, user):
        """What tells claims read as plain values apart for the rules about steps, for `user`: the
        status, whether they are its assignee or its proposer (roles_of, the four-eyes rule), and
        whether it was published (a publication again asks for a note). Claims of one kind get the
        same steps, so a page of many asks the rules once per kind (tests/test_board.py proves it
        over random claims)."""
        me = user.pk  # once: request.user is a lazy object, and each of its attributes costs a call
        return (row["status"], row["assignee_id"] == me, row["proposed_by_id"] == me, row["published_at"] is not None)

    @staticmethod
    def _rule(action):
        rule = workflow.BY_NAME.get(action) or workflow.EDITS_BY_NAME.get(action)
        if rule is None:
            raise NotReady(gettext("“%(action)s” is not something that can be done to a claim.") % {"action": action})
        return rule

    def role_refusal(self, action, user):
        rule = self._rule(action)
        return None if rule.allows_role(workflow.roles_of(user, self)) else str(rule.refusal)

    def _state_refusal(self, action, user):
        rule = self._rule(action)
        # Translated only when refused: the board asks this of every step of every card.
        if isinstance(rule, workflow.Transition):
            if self.status not in rule.sources:
                return str(rule.not_now) % {"status": workflow.status_in_sentence(self.status)}
            if rule.not_by_proposer and self.proposed_by_id is not None and self.proposed_by_id == user.pk:
                return str(rule.four_eyes_refusal)
            return None
        if self.status not in rule.statuses:
            return str(rule.status_refusal) % {"status": workflow.status_in_sentence(self.status)}
        return None

    def _locked_for(self, action, actor, version, *, check_version=True):
        """The claim's row, locked, once `actor` may take `action` on it as it is now.

        Order matters: who the person is first (a viewer is told they may not, whatever version they
        sent), then whether they saw the current version (a stale page is a conflict, not a
        refusal about a state they never saw), then the state."""
        # select_for_update: on PostgreSQL the row lock makes concurrent changes to one claim wait for
        # each other; SQLite serialises writers with IMMEDIATE transactions (settings.py).
        claim = Claim.objects.select_for_update().select_related("article").get(pk=self.pk)
        if claim.role_refusal(action, actor):
            raise PermissionRefused(claim.refusal_for(action, actor))
        if check_version:
            claim._check_version(version)
        refusal = claim.refusal_for(action, actor)
        if refusal:
            raise PermissionRefused(refusal)
        return claim

    def _check_version(self, version):
        if isinstance(version, str) and not number_problem(version):
            version = int(version)
        if not isinstance(version, int) or version != self.version:
            # No version, or not a number (a tampered or broken form): as stale as an old one.
            raise EditConflict(
                gettext("Someone else changed this claim while you were looking at it. "
                        "Reload to see their change; nothing you entered was saved."),
                current_version=self.version,
            )

    def workflow_problems(self):
        """What in this claim's fields contradicts what the workflow guarantees, as (field, message)
        pairs; none for any claim the workflow itself produced. Doors that write claims without the
        workflow (import_claims restoring a backup) refuse a claim with any, and the invariant tests
        check every claim with it."""
        problems = []
        status = self.status
        if status in workflow.ON_DESK and self.assignee_id is None:
            problems.append(("assignee", f"a claim {self.get_status_display().lower()} has a fact-checker assigned."))
        if status in {Status.IN_REVIEW, *workflow.FROZEN}:
            if self.rating_id is None or not self.conclusion:
                problems.append(("verdict", "a claim in review or past it has a rating and a written conclusion."))
            if self.proposed_by_id is None:
                problems.append(("proposed_by", "a claim in review or past it names who proposed its verdict."))
        if status in workflow.FROZEN:
            if self.approved_by_id is None:
                problems.append(("approved_by", "a verified or published claim names who approved its verdict."))
            elif self.approved_by_id == self.proposed_by_id:
                problems.append(("approved_by", "the approver of a verdict cannot be the person who proposed it (four-eyes rule)."))
        elif self.approved_by_id is not None:
            problems.append(("approved_by", "only a verified or published claim has an approver."))
        if status == Status.PUBLISHED:
            if self.published_at is None or self.last_published_at is None:
                problems.append(("published", "a published claim has a publication time."))
            if self.published_rating_id is None or not self.published_conclusion:
                problems.append(("published", "a published claim has a published verdict and conclusion."))
            elif self.published_rating_id != self.rating_id or self.published_conclusion != self.conclusion:
                problems.append(("published", "a published claim's public verdict is the verdict that was approved."))
        if self.published_at is None and (self.published_rating_id is not None or self.last_published_at is not None):
            problems.append(("published", "a claim never published has no published verdict or publication time."))
        return problems

    # --- the workflow ----------------------------------------------------------------------------

    def transition(self, name, actor, *, version, **data):
        """Make the workflow step `name` as `actor`, who saw the claim at `version`.

        Runs in one transaction with the row locked, so two people pressing buttons on the same
        claim at once are serialised: the second sees the first's version bump and is refused as a
        conflict instead of overwriting it. Raises PermissionRefused, NotReady or EditConflict with a
        message for the user; nothing is written then."""
        step = workflow.get(name)
        with transaction.atomic():
            claim = self._locked_for(name, actor, version)
            data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
            for field in step.required_fields(claim):
                if not data.get(field):
                    raise NotReady(workflow.MISSING[field])
            old_status = claim.status
            comment = getattr(claim, f"_on_{step.name}")(actor, data)
            claim.status = step.target
            claim.version += 1
            claim.save()
            claim.log(actor, HistoryEntry.Action.STATUS, "status", old_status, claim.status, comment or "")
        self._refresh_from(claim)
        transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step=step.name))
        return claim

    def _refresh_from(self, claim):
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(claim, field.attname))
        self._state.fields_cache = {}

    # Effects of each step (called with the row locked; return the history comment).

    def _on_assign(self, actor, data):
        assignee = data["assignee"]
        if workflow.CHECKER not in workflow.roles_of(assignee):
            raise NotReady(gettext("%(name)s is not a fact-checker and cannot be assigned a claim.")
                           % {"name": person_name(assignee)})
        self._assign(actor, assignee, data.get("due_date"))
        return ASSIGNED_TO(name=person_name(assignee))

    def _on_take(self, actor, data):
        self._assign(actor, actor, data.get("due_date"))
        return TAKEN_BY(name=person_name(actor))

    def _assign(self, actor, assignee, due_date):
        if due_date and due_date < timezone.localdate():
            raise NotReady(gettext("The due date is in the past."))
        if not due_date and not self.due_date:
            due_date = self.default_due_date()
        self.log(actor, HistoryEntry.Action.ASSIGNMENT, "assignee", person_name(self.assignee), person_name(assignee))
        if due_date != self.due_date and due_date:
            self.log(actor, HistoryEntry.Action.ASSIGNMENT, "due_date", _str(self.due_date), _str(due_date))
            self.due_date = due_date
        self.assignee = assignee

    def default_due_date(self, today=None):
        """The due date a claim assigned without one gets: today plus its priority's
        DeadlinePolicy.due_after_days, or None when the policy sets none. The one place the
        assign step (and anything else that needs the default) reads it."""
        policy = DeadlinePolicy.objects.filter(priority=self.priority, due_after_days__isnull=False).first()
        if policy is None:
            return None
        return (today or timezone.localdate()) + datetime.timedelta(days=policy.due_after_days)

    def _on_dismiss(self, actor, data):
        return data["reason"]

    def _on_restore(self, actor, data):
        return data.get("comment", "")

    def _on_propose(self, actor, data):
        rating = data["rating"]
        if not self.evidence.exists():
            raise NotReady(gettext("A verdict needs at least one piece of evidence: add a source first."))
        n_sources = self.evidence.values("source").distinct().count()
        justification = data.get("justification", "")
        if n_sources < 2 and not justification:
            raise NotReady(gettext(
                "This verdict rests on a single source: explain why that is enough, or add a second source."
            ))
        old = self.rating
        self.rating = rating
        self.conclusion = data["conclusion"]
        self.source_justification = justification if n_sources < 2 else ""
        self.proposed_by = actor
        self.approved_by = None
        self.log(actor, HistoryEntry.Action.VERDICT, "rating", _str(old), _str(rating), self.conclusion)
        return PROPOSED_VERDICT(rating=rating)

    def _on_send_back(self, actor, data):
        return data["comment"]

    def _on_approve(self, actor, data):
        self.approved_by = actor
        return data.get("comment", "")

    def _on_publish(self, actor, data):
        now = timezone.now()
        if self.was_published:
            # Publishing again after a reopen is a correction (IFCN: a corrections log with the old
            # and new verdict and a public note; the table asks for the note).
            note = data["public_note"]
            Correction.objects.create(
                claim=self,
                old_rating=self.published_rating,
                new_rating=self.rating,
                old_conclusion=self.published_conclusion,
                new_conclusion=self.conclusion,
                public_note=note,
                corrected_by=actor,
                created_at=now,
            )
            self.log(actor, HistoryEntry.Action.CORRECTION, "rating", _str(self.published_rating), _str(self.rating), note)
        else:
            self.published_at = now
        self.published_rating = self.rating
        self.published_conclusion = self.conclusion
        self.last_published_at = now
        return data.get("public_note", "")

    def _on_reopen(self, actor, data):
        self.approved_by = None
        return data["reason"]

    # --- edits outside the workflow --------------------------------------------------------------

    def mark_duplicate_of(self, actor, original, *, version):
        """Record that this claim says the same as `original` (checked already, or being checked),
        so it follows the original's verdict (see follow_published_original below). Editors only.
        Refused: the claim itself, an original that is itself a duplicate (point at its original
        instead), a claim others already point at as their original (that would chain or loop)."""
        with transaction.atomic():
            claim = self._locked_for("mark_duplicate", actor, version)
            if original is None:
                raise NotReady(gettext("Choose the claim this one duplicates."))
            if original.pk == claim.pk:
                raise NotReady(gettext("A claim cannot be a duplicate of itself."))
            # Lock the original too: it must not become a duplicate itself meanwhile.
            original = Claim.objects.select_for_update().get(pk=original.pk)
            if claim.duplicates.exists():
                raise NotReady(gettext(
                    "Other claims are marked as duplicates of this one: it is an original and cannot "
                    "become a duplicate."
                ))
            if original.duplicate_of_id is not None:
                raise NotReady(
                    gettext("“%(claim)s” is itself marked as a duplicate of claim #%(original_id)s: "
                            "mark this one as a duplicate of that original instead.")
                    % {"claim": original, "original_id": original.duplicate_of_id}
                )
            if claim.duplicate_of_id == original.pk:
                raise NotReady(gettext("This claim is already marked as a duplicate of “%(claim)s”.") % {"claim": original})
            old = claim.duplicate_of
            claim.duplicate_of = original
            claim.version += 1
            claim.save()
            claim.log(actor, HistoryEntry.Action.DUPLICATE, "duplicate_of", _str(old) if old else "",
                      f"#{original.pk} {original}", MARKED_DUPLICATE(id=original.pk))
            if original.status == Status.PUBLISHED:
                claim._follow_verdict_of(original, actor)
        self._refresh_from(claim)
        transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step="duplicate"))
        return claim

    def _follow_verdict_of(self, original, actor):
        """Copy the published original's verdict as this claim's draft verdict (row locked by the
        caller). Only before review (workflow.BEFORE_REVIEW): the duplicate then goes through its own
        proposal, a second person's approval and publication like any claim, so following an original
        never puts a verdict on the public record that nobody approved for this claim. A claim in
        review, verified or published keeps its own verdict."""
        if self.status not in workflow.BEFORE_REVIEW:
            return False
        if self.rating_id == original.published_rating_id and self.conclusion == original.published_conclusion:
            return False
        old = self.rating
        self.rating = original.published_rating
        self.conclusion = original.published_conclusion
        self.version += 1
        self.save()
        self.log(actor, HistoryEntry.Action.DUPLICATE, "rating", _str(old), _str(self.rating),
                 FOLLOWS_ORIGINAL(id=original.pk, claim=original))
        return True


    # Which rule governs a change of each field of update_details (workflow.EDITS).
    DETAIL_RULES = {
        "text": "edit_details", "claimant": "edit_details", "claimant_url": "edit_details",
        "claimant_kind": "edit_details", "claim_type": "edit_details", "priority": "edit_details",
        "language": "edit_details", "assignee": "reassign", "due_date": "set_due_date",
    }

    def update_details(self, actor, *, version, **changes):
        """Edit the claim's own fields (wording, claimant, type, priority, due date, reassignment).
        Same locking and history as a transition; each changed field asks its rule (DETAIL_RULES)."""
        unknown = set(changes) - set(self.DETAIL_RULES)
        if unknown:
            raise NotReady(gettext("These fields cannot be edited here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
        if changes.get("language") and not is_language_code(changes["language"]):
            raise NotReady(gettext("“%(code)s” is not a language code: enter one such as en, es, fr or pt-BR.")
                           % {"code": changes["language"]})
        actions = sorted({self.DETAIL_RULES[field] for field in changes}) or ["edit_details"]
        with transaction.atomic():
            claim = self._locked_for(actions[0], actor, version)
            for action in actions[1:]:
                refusal = claim.refusal_for(action, actor)
                if refusal:
                    raise PermissionRefused(refusal)
            assignee = changes.get("assignee", claim.assignee)
            if assignee is not None and workflow.CHECKER not in workflow.roles_of(assignee):
                raise NotReady(gettext("%(name)s is not a fact-checker and cannot be assigned a claim.")
                               % {"name": person_name(assignee)})
            if assignee is None and claim.status in workflow.ON_DESK:
                raise NotReady(gettext("A claim %(status)s needs a fact-checker: choose one.")
                               % {"status": workflow.status_in_sentence(claim.status)})
            # Sent with claim_changed, so listeners know what changed (notifications: a reassignment).
            changed_fields = [field for field, new in changes.items() if getattr(claim, field) != new]
            for field in changed_fields:
                old, new = getattr(claim, field), changes[field]
                action = HistoryEntry.Action.ASSIGNMENT if field in ("assignee", "due_date") else HistoryEntry.Action.EDIT
                claim.log(actor, action, field, _display(claim, field, old), _display(claim, field, new))
                setattr(claim, field, new)
            if changed_fields:
                try:
                    claim.full_clean(exclude=["article", "rating", "assignee", "proposed_by", "approved_by",
                                              "published_rating", "duplicate_of", "created_by"])
                except ValidationError as invalid:
                    raise NotReady(" ".join(invalid.messages)) from None
                claim.version += 1
                claim.save()
        self._refresh_from(claim)
        if changed_fields:
            transaction.on_commit(lambda: claim_changed.send(
                sender=Claim, claim=claim, actor=actor, step="edit", fields=changed_fields))
        return claim

    def add_evidence(self, actor, source, stance, excerpt="", *, version=None):
        """Attach a source (an existing one, or a new unsaved Source) to the claim, while it is being
        researched. Bumps the version, so an approver who loaded the claim before this evidence
        existed is refused as a conflict and shown it. `version`, when given, is checked too."""
        with transaction.atomic():
            claim = self._locked_for("add_evidence", actor, version, check_version=version is not None)
            if source is None:
                raise NotReady(gettext("Choose a source, or describe a new one."))
            if source.pk is None:
                source.added_by = actor
                _full_clean_or_refuse(source)
                source.save()
            evidence = Evidence(claim=claim, source=source, stance=stance, excerpt=(excerpt or "").strip(), added_by=actor)
            _full_clean_or_refuse(evidence)
            evidence.save()
            claim.version += 1
            claim.save(update_fields=["version", "updated_at"])
            # Stored in English, the record's language, like every sentence of ours (HistorySentence);
            # shown in the reader's by HistoryEntry.evidence_in_words.
            with translation.override("en"):
                stance = evidence.get_stance_display()
            claim.log(actor, HistoryEntry.Action.EVIDENCE, "evidence", "", f"{stance}: {source}")
        self._refresh_from(claim)
        transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step="add_evidence"))
        return evidence

    def add_note(self, actor, body, *, version=None):
        """A reviewer's note. Bumps the version and writes history, so a reviewer who loaded the
        claim before the note was written is refused as a conflict and shown it. Notes are
        conversation, so writing one does not require the writer's page to be current unless a
        `version` is given."""
        with transaction.atomic():
            claim = self._locked_for("add_note", actor, version, check_version=version is not None)
            body = (body or "").strip()
            if not body:
                raise NotReady(gettext("A note cannot be empty."))
            if len(body) > Note.MAX_LENGTH:
                raise NotReady(ngettext("A note can be at most %(count)s character long.",
                                        "A note can be at most %(count)s characters long.", Note.MAX_LENGTH)
                               % {"count": f"{Note.MAX_LENGTH:,}"})
            note = Note.objects.create(claim=claim, author=actor, body=body)
            claim.version += 1
            claim.save(update_fields=["version", "updated_at"])
            claim.log(actor, HistoryEntry.Action.NOTE, "note", "", _shorten(body))
        self._refresh_from(claim)
        return note

    def log(self, actor, action, field="", old="", new="", comment=""):
        entry = HistoryEntry.objects.create(
            claim=self, actor=actor, action=action, field=field,
            old_value=old or "", new_value=new or "", comment=comment or "",
        )
        if action in HistoryEntry.STAGE_ACTIONS:
            StageVisit.objects.rebuild([self.pk])
        return entry


def _full_clean_or_refuse(instance):
    try:
        instance.full_clean()
    except ValidationError as invalid:
        raise NotReady(" ".join(invalid.messages)) from None


def _shorten(text, limit=120):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def person_name(user):
    """How a person is named everywhere (pages, history, notifications, forms): the full name, or
    the username when there is none, or "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def person_name_of(first_name, last_name, username):
    """person_name() from the user's columns read as plain values (None for nobody), as Django's
    get_full_name() joins them."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


def _str(value):
    return "" if value is None else str(value)


def _display(claim, field, value):
    if field == "assignee":
        return person_name(value)
    if field == "claim_type":
        # An invalid value is shown as typed; full_clean refuses it before anything is saved.
        return ClaimType(value).label if value in ClaimType.values else _str(value)
    if field == "priority":
        return Priority(value).label if value in Priority.values else _str(value)
    return _str(value)




# ---------------------------------------------------------------------------------------------------
# Sources, evidence, notes


class Source(models.Model):
    """Something a claim was checked against. IFCN: readers must be able to retrace each check, so a
    source keeps where it is, what it is, and when it was looked at."""

    url = HttpURLField(_("URL"), max_length=1000)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    accessed_on = models.DateField(_("date accessed"), default=timezone.localdate)
    archive_url = HttpURLField(_("archived copy"), max_length=1000, blank=True)
    is_primary = models.BooleanField(_("primary source"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(fields=["url"], name="source_url")]

    # What a reader retraces a published check by: fixed once an approved claim cites the source.
    CITED_FIELDS = ("url", "title", "publisher", "published_on", "accessed_on")

    def __str__(self):
        return self.title

    def is_cited_by_approved_claim(self):
        return self.pk is not None and self.evidence.filter(claim__status__in=workflow.FROZEN).exists()

    def save(self, *args, **kwargs):
        # IFCN: readers must be able to retrace every published check from its sources, as cited.
        # A source an approved claim cites keeps what it was; an archived copy may still be added.
        if self.pk is not None and self.is_cited_by_approved_claim():
            changed = changed_since_stored(self, self.CITED_FIELDS)[1]
            if changed:
                raise PermissionRefused(
                    gettext("An approved fact-check cites this source: its %(fields)s cannot change. "
                            "Add a new source instead, or reopen the claims that cite it.")
                    % {"fields": field_names(self, changed)}
                )
        super().save(*args, **kwargs)


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="evidence")
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("The passage of the source that matters."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.get_stance_display()}: {self.source}"


class AppendOnlyQuerySet(models.QuerySet):
    """Records of what happened are never rewritten (IFCN: the full history of who decided what).
    On PostgreSQL a trigger enforces the same below the ORM (migration 0003)."""

    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(f"A {self._meta.verbose_name} cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"A {self._meta.verbose_name} cannot be deleted.")


class Note(AppendOnlyModel):
    """A reviewer's note. Append-only: a correction is a new note."""

    MAX_LENGTH = 10_000

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("a reviewer's note", "note")
        verbose_name_plural = pgettext_lazy("a reviewer's note", "notes")

    def __str__(self):
        return gettext("Note by %(author)s on %(date)s") % {"author": self.author, "date": f"{self.created_at:%Y-%m-%d %H:%M}"}


class HistoryEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("history entry", "Created")
        STATUS = "status", pgettext_lazy("history entry", "Status change")
        ASSIGNMENT = "assignment", pgettext_lazy("history entry", "Assignment")
        VERDICT = "verdict", pgettext_lazy("history entry", "Verdict")
        CORRECTION = "correction", pgettext_lazy("history entry", "Correction")
        EVIDENCE = "evidence", pgettext_lazy("history entry", "Evidence")
        EDIT = "edit", pgettext_lazy("history entry", "Edit")
        NOTE = "note", pgettext_lazy("history entry", "Note")
        DUPLICATE = "duplicate", pgettext_lazy("history entry", "Duplicate")
        ANCHOR = "anchor", pgettext_lazy("history entry", "Re-anchored")
        # Written by the scheduled jobs (claims/schedule.py), with no actor.
        REMINDER = "reminder", pgettext_lazy("history entry", "Reminder")
        ESCALATION = "escalation", pgettext_lazy("history entry", "Escalation")

    # The entries that move a claim into a status: its creation (into "new") and its status changes.
    # claims/metrics.py reads stage times from these alone.
    STAGE_ACTIONS = (Action.CREATED, Action.STATUS)

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    field = models.CharField(_("field"), max_length=40, blank=True)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [
            # A claim's stage changes in order, for the LEAD() window that cuts them into stage
            # visits (StageVisitQuerySet.rebuild), claims/metrics.py's per-claim times and the
            # "entered its current stage" subquery of ClaimQuerySet.with_stage_entered_at
            # (migration 0015). Partial: 2 in 5 history entries are stage changes.
            models.Index(
                fields=["claim", "created_at", "id"], include=["action", "old_value", "new_value", "actor"],
                condition=Q(action__in=["created", "status"]), name="history_stage_changes",
            ),
            # Stage changes in a period. The Desk page found its claims with it until it read
            # StageVisit (migration 0020); nothing uses it now: to be dropped in a later migration.
            models.Index(fields=["created_at"], include=["claim"], condition=Q(action__in=["created", "status"]),
                         name="history_stage_changed_at"),
            # The dashboard's "verified per day": the few verifications among the month's history
            # (3,000 of 47,000 entries at 100,000 claims), read from the index alone.
            models.Index(fields=["created_at", "id"], name="history_verified",
                         condition=models.Q(action="status", field="status", new_value="verified")),
        ]

    def __str__(self):
        values = {"action": self.get_action_display(), "actor": self.actor, "date": f"{self.created_at:%Y-%m-%d %H:%M}"}
        if self.actor is None:
            return gettext("%(action)s by the system at %(date)s") % values
        return gettext("%(action)s by %(actor)s at %(date)s") % values

    @property
    def evidence_in_words(self):
        """What an evidence entry stored ("Refutes: <source>", in English) in the reader's language;
        anything else as stored."""
        stance, separator, source = self.new_value.partition(": ")
        if separator:
            with translation.override("en"):  # the stances as stored: one language switch, not one per stance
                stored = {str(label): label for _value, label in Evidence.Stance.choices}
            if stance in stored:
                return gettext("%(stance)s: %(source)s") % {"stance": stored[stance], "source": source}
        return self.new_value

    @property
    def comment_in_words(self):
        """The comment as the reader reads it: a sentence the workbench wrote (HISTORY_SENTENCES) in the
        active language; a person's own words (a reason, a note) as they wrote them."""
        for sentence in HISTORY_SENTENCES:
            if sentence.written_on(self) and (said := sentence.in_words(self.comment)) is not None:
                return said
        return self.comment


# ---------------------------------------------------------------------------------------------------
# The history's sentences


class HistorySentence:
    """A sentence the workbench writes into a history entry's comment ("Taken by Chris Checker").

    Stored in English, the record's language, whoever wrote it and in whatever language they work:
    the history and its exports must not change with the writer's settings. Shown in the reader's
    language: HistoryEntry.comment_in_words recognises the stored sentence by its English pattern and
    says it again, translated whole, with the same values (`words` translates the values that are
    themselves words of ours, such as an anchoring state). Rows written before translations existed
    are recognised the same way.

    `written_on(entry)` says which entries this sentence is written on: a status change's comment is
    sometimes a person's own words (a reason, a note for the checker), which must never be taken for
    one of ours because it happens to read like it ("Taken by surprise, ...")."""

    def __init__(self, msgid, written_on, **words):
        self.msgid = msgid
        self.written_on = written_on
        self.words = words
        names = re.findall(r"%\((\w+)\)s", msgid)
        literals = re.split(r"%\(\w+\)s", msgid)
        pattern = re.escape(literals[0])
        for name, literal in zip(names, literals[1:], strict=True):
            pattern += f"(?P<{name}>.*?)" + re.escape(literal)
        self.pattern = re.compile(pattern, re.DOTALL)

    def __call__(self, **values):
        """The sentence in English, as stored."""
        return self.msgid % values

    def in_words(self, comment):
        """`comment` in the active language when it is this sentence, else None."""
        match = self.pattern.fullmatch(comment)
        if match is None:
            return None
        values = {name: (str(self.words[name](value)) if name in self.words else value)
                  for name, value in match.groupdict().items()}
        return gettext(self.msgid) % values


def _stored_date_in_words(text):
    """A date a sentence stored as "7 Dec 2026" (English month), written in the reader's format."""
    from django.utils.formats import date_format

    try:
        return date_format(datetime.datetime.strptime(text, "%d %b %Y").date())
    except ValueError:
        return text


def english_date(day):
    # Stored sentences carry dates in one fixed English form, whatever language is active.
    return f"{day.day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[day.month - 1]} {day.year}"


# An anchoring state inside a stored sentence ("(it was not found in the article)"): the English
# stored, and its translation for the reader.
ANCHOR_STATE_IN_SENTENCE = {
    "anchored": gettext_noop("anchored"),
    "fuzzy": gettext_noop("re-anchored approximately"),
    "orphaned": gettext_noop("not found in the article"),
}
# How claims.anchoring.reanchor found a claim again (its Reanchored.how, in English).
REANCHOR_HOW = {
    gettext_noop("the claim has no quote to look for"), gettext_noop("unchanged position"),
    gettext_noop("quote found exactly"), gettext_noop("quote found exactly, but more than once in a changed context"),
    gettext_noop("quote found approximately"), gettext_noop("the quote is no longer in the text"),
}


def _known_words(known):
    return lambda text: gettext(text) if text in known else text


_anchor_words = _known_words(set(ANCHOR_STATE_IN_SENTENCE.values()))
_how_words = _known_words(REANCHOR_HOW)

def _step(old, new):
    """Written on the status change from `old` to `new`: the steps whose comment is always ours."""
    return lambda entry: (entry.action, entry.old_value, entry.new_value) == ("status", old, new)


def _action(action):
    return lambda entry: entry.action == action


# The assign and take steps (new → in research) and the propose step (→ in review) take no words
# from the person: their comment is always one of these sentences.
ASSIGNED_TO = HistorySentence(gettext_noop("Assigned to %(name)s"), _step("new", "in_research"))
TAKEN_BY = HistorySentence(gettext_noop("Taken by %(name)s"), _step("new", "in_research"))
PROPOSED_VERDICT = HistorySentence(gettext_noop("Proposed verdict: %(rating)s"), _step("in_research", "in_review"))
MARKED_DUPLICATE = HistorySentence(gettext_noop("Marked as a duplicate of claim #%(id)s."), _action("duplicate"))
FOLLOWS_ORIGINAL = HistorySentence(
    gettext_noop("Follows the verdict of claim #%(id)s “%(claim)s”, published as a duplicate's original."),
    _action("duplicate"))
# Before ARTICLE_REVISED: its pattern would match this one's sentences too.
ARTICLE_REVISED_QUOTE_KEPT = HistorySentence(
    gettext_noop("Article text revised: %(how)s; its approved quote was kept (%(state)s)."), _action("anchor"),
    how=_how_words, state=_anchor_words)
ARTICLE_REVISED = HistorySentence(gettext_noop("Article text revised: %(how)s (%(state)s)."), _action("anchor"),
                                  how=_how_words, state=_anchor_words)
PLACED_BY_HAND = HistorySentence(gettext_noop("Placed by hand in the article's text (it was %(state)s)."),
                                 _action("anchor"), state=_anchor_words)
REMINDER_SENT = HistorySentence(gettext_noop("Reminder sent to %(name)s: due by the end of %(date)s."),
                                _action("reminder"), date=_stored_date_in_words)
ESCALATED_TO_NOBODY = HistorySentence(gettext_noop("Overdue by more than %(hours)s h: escalated to no editor."),
                                      _action("escalation"))
ESCALATED = HistorySentence(gettext_noop("Overdue by more than %(hours)s h: escalated to %(names)s."),
                            _action("escalation"))

HISTORY_SENTENCES = (
    ASSIGNED_TO, TAKEN_BY, PROPOSED_VERDICT, MARKED_DUPLICATE, FOLLOWS_ORIGINAL, ARTICLE_REVISED_QUOTE_KEPT,
    ARTICLE_REVISED, PLACED_BY_HAND, REMINDER_SENT, ESCALATED_TO_NOBODY, ESCALATED,
)


class StageVisitQuerySet(models.QuerySet):
    def rebuild(self, claim_ids=None):
        """Rewrite the visits of these claims (every claim when None) from their history: the only
        code that writes visits. Claim.log calls it for its claim with each creation and status
        change, in the same transaction; writers that add history in bulk (the import, the bench
        data set, a data migration) call it once for the claims they wrote."""
        connection = connections[self.db]
        ops = connection.ops
        visits, history = ops.quote_name(StageVisit._meta.db_table), ops.quote_name(HistoryEntry._meta.db_table)
        claim_filter, params = "", []
        if claim_ids is not None:
            claim_ids = [int(pk) for pk in claim_ids]
            if not claim_ids:
                return
            claim_filter = f" AND claim_id IN ({', '.join('%s' for _ in claim_ids)})"
            params = claim_ids
        with transaction.atomic(using=self.db, savepoint=False), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {visits} WHERE 1 = 1{claim_filter}", params)
            # A visit runs from the stage entry that began it to the claim's next one (LEAD, in
            # the order of the history: time, then id); "opened" is the claim's first stage entry.
            cursor.execute(f"""
            INSERT INTO {visits} (entry_id, claim_id, created_at, action, stage, came_from, left_at, left_by_id,
                                  opened_at, first_published_at)
            SELECT id, claim_id, created_at, action, stage, came_from,
                   LEAD(created_at) OVER claim_order, LEAD(actor_id) OVER claim_order,
                   MIN(created_at) OVER claim, MIN(CASE WHEN stage = %s THEN created_at END) OVER claim
            FROM (SELECT id, claim_id, created_at, actor_id, action,
                         CASE WHEN action = %s THEN %s ELSE new_value END AS stage,
                         CASE WHEN action = %s THEN '' ELSE old_value END AS came_from
                  FROM {history} WHERE action IN (%s, %s){claim_filter}) stage_entries
            WINDOW claim_order AS (PARTITION BY claim_id ORDER BY created_at, id), claim AS (PARTITION BY claim_id)""",
                [Status.PUBLISHED, HistoryEntry.Action.CREATED, Status.NEW, HistoryEntry.Action.CREATED,
                 *HistoryEntry.STAGE_ACTIONS, *params])


class StageVisit(models.Model):
    """A claim's stay in one status: from the history entry that moved it there (its creation, for
    "new") to the next. The Desk page's figures (claims/metrics.py) are read from these rows instead
    of windowing a year of history on every request (2.1 s at 100,000 claims, docs/metrics.md).

    Never edited by hand: derived from the history by StageVisitQuerySet.rebuild, in the
    transaction that writes the history entry, so the two cannot disagree; the history stays the
    record, and rebuild() recomputes any claim's visits from it."""

    entry = models.OneToOneField(HistoryEntry, primary_key=True, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="+")
    # The entry's: when the visit began, "created" or "status", the status entered and left.
    created_at = models.DateTimeField()
    action = models.CharField(max_length=12)
    stage = models.TextField()
    came_from = models.TextField(blank=True)
    # The claim's next stage entry (none while the claim is still in this status): when and by whom.
    left_at = models.DateTimeField(null=True)
    left_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Over the claim's whole history: its first stage entry, and its first publication.
    opened_at = models.DateTimeField()
    first_published_at = models.DateTimeField(null=True)

    objects = StageVisitQuerySet.as_manager()

    class Meta:
        indexes = [
            # The visits that began, or ended, in a period.
            models.Index(fields=["created_at"], name="stage_visit_began"),
            models.Index(fields=["left_at"], name="stage_visit_ended"),
            # Each claim's current visit: when it entered its status (the Desk page's ageing).
            models.Index(fields=["claim"], include=["created_at"], condition=Q(left_at__isnull=True),
                         name="stage_visit_current"),
        ]


class DeadlinePolicy(models.Model):
    """How long a claim of one priority may take: the due date given to a claim assigned without one
    (Claim.default_due_date), and how long it may sit in one status before it is flagged as idle
    (ClaimQuerySet.idle). Edited in the admin; one row per priority."""

    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, unique=True)
    due_after_days = models.PositiveSmallIntegerField(
        _("due after (days)"), null=True, blank=True,
        help_text=_("Days from assignment to the default due date; empty for no default."),
    )
    idle_after_days = models.PositiveSmallIntegerField(
        _("idle after (days)"), null=True, blank=True,
        help_text=_("Days an open claim may sit in one status before it is flagged as idle; empty never flags it."),
    )

    class Meta:
        ordering = ["-priority"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self):
        return gettext("%(priority)s priority") % {"priority": self.get_priority_display()}


class Correction(AppendOnlyModel):
    """A published verdict changed after publication (IFCN corrections policy): shown on the public
    page and in reports, and as dateModified in ClaimReview."""

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="corrections")
    old_rating = models.ForeignKey(Rating, verbose_name=_("old verdict"), null=True, on_delete=models.PROTECT, related_name="+")
    new_rating = models.ForeignKey(Rating, verbose_name=_("new verdict"), null=True, on_delete=models.PROTECT, related_name="+")
    old_conclusion = models.TextField(_("old conclusion"), blank=True)
    new_conclusion = models.TextField(_("new conclusion"), blank=True)
    public_note = models.TextField(_("public note"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return gettext("Correction of %(claim)s on %(date)s") % {"claim": self.claim, "date": f"{self.created_at:%Y-%m-%d}"}


class Notification(models.Model):
    """Something a user should look at: a claim assigned or sent back to them, one waiting for
    their review, one published, one due soon or overdue, or their daily digest (no claim).

    Each is also e-mailed, by a background task (claims/mail.py); mail_status and the fields after it
    record how that went, so a mail that could not be delivered is listed for editors, never lost."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        SENT_BACK = "sent_back", _("Sent back to you")
        REVIEW = "review", _("Waiting for your review")
        PUBLISHED = "published", pgettext_lazy("notification kind", "Published")
        REMINDER = "reminder", _("Due soon")
        ESCALATION = "escalation", pgettext_lazy("notification kind", "Overdue")
        DIGEST = "digest", _("Your daily digest")

    class MailStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", pgettext_lazy("e-mail status", "Sent")
        FAILED = "failed", _("Could not be delivered")
        # No address, a deactivated account, or the claim moved on before the mail went out.
        SKIPPED = "skipped", _("Not sent")

    # The mail status inside a sentence ("This e-mail is sent: ..."), as STATUS_IN_SENTENCE for claims.
    MAIL_STATUS_IN_SENTENCE = {
        MailStatus.PENDING: pgettext_lazy("e-mail status, inside a sentence", "waiting to be sent"),
        MailStatus.SENT: pgettext_lazy("e-mail status, inside a sentence", "sent"),
        MailStatus.FAILED: pgettext_lazy("e-mail status, inside a sentence", "could not be delivered"),
        MailStatus.SKIPPED: pgettext_lazy("e-mail status, inside a sentence", "not sent"),
    }

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"),
        on_delete=models.CASCADE, related_name="notifications")
    # Empty for a daily digest, which is about many claims.
    claim = models.ForeignKey(Claim, verbose_name=_("claim"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    mail_status = models.CharField(_("e-mail status"), max_length=8, choices=MailStatus.choices, default=MailStatus.PENDING)
    mail_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    mail_error = models.TextField(_("e-mail error"), blank=True,
                                  help_text=_("The last attempt's error, or why the mail was not sent."))
    mail_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    # When the next attempt is due (after a failure); lets enqueue_scheduled tell a lost task from a
    # retry that is simply waiting.
    mail_next_attempt_at = models.DateTimeField(_("next e-mail attempt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The editors' list of failed mails and the sweep for lost ones read only these few rows.
            models.Index(fields=["mail_status", "created_at"], name="notification_mail_open",
                         condition=Q(mail_status__in=["pending", "failed"])),
        ]

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        return self.claim.get_absolute_url() if self.claim_id else reverse("claims:queue")

    @staticmethod
    def mail_retry_refusal(actor):
        """Why `actor` may not see and send again the e-mails that could not be delivered, or None:
        editors may (the newsroom's people are theirs to reach)."""
        if workflow.EDITOR not in workflow.roles_of(actor):
            return gettext("Only an editor can send a failed e-mail again.")
        return None

    def retry_mail(self, actor):
        """Send a mail that could not be delivered again, from its first attempt (editors, from the
        notifications page). Raises PermissionRefused for anyone else, NotReady when it is not failed."""
        from .mail import enqueue_mail

        if refusal := self.mail_retry_refusal(actor):
            raise PermissionRefused(refusal)
        with transaction.atomic():
            n = Notification.objects.select_for_update().get(pk=self.pk)
            if n.mail_status != self.MailStatus.FAILED:
                raise NotReady(gettext("This e-mail is %(status)s: there is nothing to retry.")
                               % {"status": self.MAIL_STATUS_IN_SENTENCE.get(n.mail_status, n.mail_status)})
            n.mail_status = self.MailStatus.PENDING
            n.mail_attempts = 0
            n.mail_next_attempt_at = None
            n.save(update_fields=["mail_status", "mail_attempts", "mail_next_attempt_at"])
            enqueue_mail(n.pk)
        self.mail_status, self.mail_attempts, self.mail_next_attempt_at = n.mail_status, 0, None
        return self


class ScheduledSend(models.Model):
    """The ledger of scheduled messages (claims/schedule.py): one row per reminder, escalation or
    digest, inserted in the same transaction as the notification it creates. The unique constraints
    make the insert the lock: a second worker, a restarted one or a cron line run twice gets an
    IntegrityError and sends nothing, so each is sent exactly once."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder before the due date")
        ESCALATION = "escalation", _("Overdue, escalated to the editors")
        DIGEST = "digest", _("Daily digest")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What it is once for: the due date reminded about or escalated (a new due date earns a new
    # reminder), or the digest's day.
    period = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "claim", "period"], condition=Q(claim__isnull=False),
                                    name="scheduled_send_once_per_claim"),
            models.UniqueConstraint(fields=["kind", "recipient", "period"], condition=Q(claim__isnull=True),
                                    name="scheduled_send_once_per_person"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period} ({self.claim_id or self.recipient_id})"


class RejectedSuggestion(models.Model):
    """A suggested sentence an editor judged not worth checking: the suggestions page stops
    offering it. Keyed by the quote, so it stays rejected when the article's text is revised."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="rejected_suggestions")
    quote = models.TextField()
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.quote[:80]


@receiver(claim_changed)
def follow_published_original(sender, claim, actor, step, **kwargs):
    """When an original is published, its duplicates take its verdict (rating and conclusion), each
    in its own locked, logged change, so a newsroom does not check the same claim twice."""
    if step != "publish":
        return
    for duplicate_id in Claim.objects.filter(duplicate_of=claim).values_list("pk", flat=True):
        with transaction.atomic():
            duplicate = Claim.objects.select_for_update().get(pk=duplicate_id)
            original = Claim.objects.select_related("published_rating").get(pk=claim.pk)
            followed = duplicate._follow_verdict_of(original, actor)
        if followed:
            transaction.on_commit(
                lambda d=duplicate: claim_changed.send(sender=Claim, claim=d, actor=actor, step="follow_original")
            )


# ---------------------------------------------------------------------------------------------------
# Matching by meaning (claims/embeddings.py, claims/similar.py) and checks published elsewhere


class ExternalReview(models.Model):
    """A fact-check another organisation published, imported from its ClaimReview JSON-LD
    (schema.org ClaimReview; `manage.py import_claimreviews`), so "already checked?" looks beyond
    the newsroom. Keyed by the review's URL: importing the same feed again updates, never doubles."""

    url = HttpURLField(_("review URL"), max_length=500, unique=True)  # ClaimReview: url
    claim_reviewed = models.TextField()  # ClaimReview: claimReviewed
    rating = models.CharField(max_length=200, blank=True)  # reviewRating.alternateName (the verdict in words)
    publisher = models.CharField(max_length=200, blank=True)  # author.name (or publisher.name)
    claimant = models.CharField(max_length=200, blank=True)  # itemReviewed.author.name
    published_on = models.DateField(null=True, blank=True)  # datePublished
    language = models.CharField(max_length=12, blank=True, db_index=True)  # inLanguage
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.claim_reviewed[:80]

    def get_absolute_url(self):
        return self.url


class Embedding(models.Model):
    """The sentence embedding of one claim's or one external review's wording, as float32 bytes.

    `model` names the embedding model and its version: vectors from another model are not
    comparable, so a new model makes every row stale (`manage.py embed_claims` recomputes them).
    `text_hash` is the SHA-256 of the text embedded: an edited claim's old vector is stale too.
    PostgreSQL here has no pgvector; search is an in-process NumPy index (claims/vector_index.py)."""

    claim = models.OneToOneField(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="embedding")
    external_review = models.OneToOneField(
        ExternalReview, null=True, blank=True, on_delete=models.CASCADE, related_name="embedding"
    )
    model = models.CharField(max_length=80)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    # Indexed: the in-process index asks for rows changed since its last refresh.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, external_review__isnull=True)
                | Q(claim__isnull=True, external_review__isnull=False),
                name="embedding_of_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.model} embedding of {self.claim_id or self.external_review_id}"


class PairReading(models.Model):
    """What the pair reading (claims/pair_reading.py) said of two wordings: the probability that they are the same
    claim. Shared by every process and kept across restarts, so a pair is read once (~70-180 ms of CPU), not once per
    web process. `key` is the SHA-256 of the reader's version and the two wordings in order (pair_reading.key)."""

    key = models.CharField(max_length=64, primary_key=True)
    probability = models.FloatField()
    read_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"pair reading {self.key[:12]}: {self.probability:.3f}"


class SentenceEmbeddings(models.Model):
    """The embeddings of an article's sentences (one float32 row per sentence of
    claims.suggest.split_sentences(body)), for the check-worthiness classifier. Computed in the
    background when an article is imported or its text revised; `body_hash` says which text."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="sentence_embeddings")
    model = models.CharField(max_length=80)
    body_hash = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    vectors = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.count} sentence embeddings of article {self.article_id}"


class MatchDecision(models.Model):
    """A person's answer to a suggested match: is `claim` the same claim as `other_claim` (or as the
    external review)? Stored so a rejected pair is not suggested again, and so /matching/ can show,
    per score band, how often suggestions were confirmed: thresholds chosen from data."""

    class Decision(models.TextChoices):
        SAME = "same", _("Same claim")
        DIFFERENT = "different", _("Not the same claim")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_decisions")
    other_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    external_review = models.ForeignKey(ExternalReview, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # The score the match had when it was shown, and how it was found ("meaning" or "wording").
    score = models.FloatField()
    method = models.CharField(max_length=10)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(other_claim__isnull=False, external_review__isnull=True)
                | Q(other_claim__isnull=True, external_review__isnull=False),
                name="match_decision_about_one_match",
            ),
            models.UniqueConstraint(fields=["claim", "other_claim"], name="one_decision_per_claim_pair"),
            models.UniqueConstraint(fields=["claim", "external_review"], name="one_decision_per_claim_review"),
        ]

    def __str__(self):
        return f"{self.claim_id} / {self.other_claim_id or self.external_review_id}: {self.decision}"

    @staticmethod
    def refusal_for(user):
        """Why `user` may not judge a suggested match, or None: editors and fact-checkers may."""
        roles = workflow.roles_of(user)
        if workflow.EDITOR in roles or workflow.CHECKER in roles:
            return None
        return gettext("Only an editor or a fact-checker can confirm or reject a suggested match.")

    @classmethod
    def record(cls, user, claim, match, decision, *, score, method):
        """Store (or change) `user`'s decision on whether `match` (a Claim or an ExternalReview) is
        the same claim as `claim`. Raises workflow.PermissionRefused, or NotReady for a bad answer."""
        refusal = cls.refusal_for(user)
        if refusal:
            raise workflow.PermissionRefused(refusal)
        if decision not in cls.Decision.values:
            raise workflow.NotReady(gettext("Choose “same claim” or “not the same claim”."))
        if isinstance(match, Claim):
            if match.pk == claim.pk:
                raise workflow.NotReady(gettext("A claim is always the same as itself."))
            key = {"other_claim": match}
        else:
            key = {"external_review": match}
        found, _created = cls.objects.update_or_create(
            claim=claim, **key,
            defaults={"decision": decision, "score": score, "method": method, "decided_by": user,
                      "decided_at": timezone.now()},
        )
        return found


# ---------------------------------------------------------------------------------------------------
# Log-in and password-reset throttling (claims/throttling.py)


class LoginAttempt(models.Model):
    """One log-in attempt or password-reset request, kept for claims/throttling.py to count recent ones
    per account and per address. In the database (not a per-process cache) so every gunicorn worker
    and every app server sees the same counts. The account (the user name, or the e-mail address typed
    into the reset form) is stored as a keyed hash, never as typed (people type passwords into the user
    name box)."""

    class Kind(models.TextChoices):
        LOG_IN = "login", _("Log-in")
        PASSWORD_RESET = "password_reset", _("Password reset")

    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.LOG_IN)
    account_key = models.CharField(max_length=64)
    address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)  # log-ins only
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["account_key", "created_at"], name="loginattempt_account"),
            models.Index(fields=["address", "created_at"], name="loginattempt_address"),
        ]

    def __str__(self):
        values = {"address": self.address, "date": f"{self.created_at:%Y-%m-%d %H:%M}"}
        if self.kind == self.Kind.PASSWORD_RESET:
            return gettext("Password-reset request from %(address)s at %(date)s") % values
        if self.succeeded:
            return gettext("Successful log-in from %(address)s at %(date)s") % values
        return gettext("Failed log-in from %(address)s at %(date)s") % values


class Preference(models.Model):
    """A person's own settings for the workbench. The language they work in, a code of settings.LANGUAGES
    (not declared as choices: a desk adding a language needs no migration); empty means "as my browser
    asks" (Accept-Language). Read once at log-in into the session (claims/locale.py), not on every request."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(
        gettext_lazy("language"), max_length=10, blank=True,
        help_text=gettext_lazy("Empty: the language the browser asks for."),
    )

    def __str__(self):
        return f"{self.user}: {self.language or 'browser language'}"
