"""The workbench's records: articles, the claims in them, and everything gathered to check them.

Rules about one claim live on Claim (its workflow steps lock the row, check the rule, write the
history). Questions about many claims live on ClaimQuerySet. The workflow table is claims/workflow.py.
"""
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

from . import workflow
from .anchoring import AnchorError, anchor_at, normalise_text
from .workflow import EditConflict, Status, TransitionRefused

# Sent after a claim's change is committed (notifications and duplicate-following listen to it).
claim_changed = Signal()

http_url = URLValidator(schemes=["http", "https"], message="Enter a web address starting with http:// or https://.")


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

    name = models.CharField(max_length=200, default="Newsroom Fact Check")
    url = HttpURLField(blank=True, help_text="The organisation's home page (ClaimReview author.url).")
    public_base_url = HttpURLField(
        blank=True,
        help_text="Where public fact-check pages are served (https://checks.example.org); ClaimReview `url` "
                  "values and feed links start with it. Empty: the address the page was requested at "
                  "(development), see claims/site.py.",
    )
    # A path among the static files (served offline by WhiteNoise, collected with the rest), not an
    # upload: the public pages need no media storage.
    logo = models.CharField(
        max_length=200, blank=True, default="public/logo.svg",
        help_text="The logo on the public pages: a path under static/ (e.g. public/logo.svg). Empty: name only.",
    )
    methodology = models.TextField(
        blank=True,
        default=(
            "Each claim is researched by a fact-checker against at least two independent sources "
            "where they exist, and the verdict is approved by a second editor before publication."
        ),
        help_text="The methodology line printed on every report.",
    )
    corrections_policy_url = HttpURLField(blank=True)

    class Meta:
        verbose_name = "organisation settings"
        verbose_name_plural = "organisation settings"

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def clean(self):
        from django.contrib.staticfiles import finders

        if self.logo and (self.logo.startswith(("/", "\\")) or ".." in self.logo or not finders.find(self.logo)):
            raise ValidationError({"logo": f"There is no static file “{self.logo}”: put the logo under static/ "
                                           "and give its path there, such as public/logo.svg."})


class Rating(models.Model):
    """One step of the rating scale. `value` is its place on the numeric scale (higher is truer);
    a rating with no value (such as "Unverifiable") sits outside it.

    schema.org ClaimReview / Google: worstRating >= 1, worstRating < bestRating, and every number
    maps to a text label (alternateName); only the text is shown to readers."""

    label = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    definition = models.TextField()
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, unique=True, help_text="1 (worst) upwards; empty for outcomes off the scale."
    )
    colour = models.CharField(
        max_length=7, default="#777777", help_text="A hex colour such as #2e7d32; white text must be readable on it.",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits, such as #2e7d32.")],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    def clean(self):
        if self.value is not None and self.value < 1:
            raise ValidationError({"value": "Numeric ratings start at 1 (schema.org worstRating >= 1)."})

    @property
    def on_scale(self):
        return self.value is not None


# ---------------------------------------------------------------------------------------------------
# Articles


class ArticleQuerySet(models.QuerySet):
    def with_claim_counts(self):
        counts = {
            f"n_{status}": models.Count("claims", filter=Q(claims__status=status)) for status in Status.values
        }
        return self.annotate(n_claims=models.Count("claims"), **counts)


class Article(models.Model):
    title = models.CharField(max_length=300)
    url = HttpURLField("origin URL", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    # Normalised plain text (claims.anchoring.normalise_text): claim offsets index into it.
    body = models.TextField()
    # sha256 of the body, to refuse importing the same text twice.
    body_hash = models.CharField(max_length=64, editable=False, db_index=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
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

    def revise_body(self, actor, new_body, *, seen_hash=None):
        """Replace the article's text (the publisher corrected it) and re-anchor every claim in it,
        in one transaction. `seen_hash` is the body_hash the editor started from: a text changed
        meanwhile by someone else is refused rather than overwritten.

        Each claim is found again by claims.anchoring.reanchor; its anchor_state says how sure that
        is (anchored / fuzzy / orphaned) and a history entry records any move. No claim is dropped:
        an orphan keeps its old quote so the editor can see what it said and place it again.
        Returns [(claim, Reanchored)] for every claim."""
        from .anchoring import reanchor

        if workflow.EDITOR not in workflow.roles_of(actor) or not actor.has_perm("claims.change_article"):
            raise TransitionRefused("Only an editor can change an article's text.")
        new_body = normalise_text(new_body or "")
        if not new_body:
            raise TransitionRefused("The article's text cannot be empty.")
        with transaction.atomic():
            # The article row lock serialises two editors revising the same text.
            article = Article.objects.select_for_update().get(pk=self.pk)
            if seen_hash is not None and seen_hash != article.body_hash:
                raise EditConflict(
                    "Someone else changed this article's text while you were editing it. Reload to see "
                    "their version; your changes were not saved."
                )
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
    QUANTITY = "quantity", "Quantity"
    ATTRIBUTION = "attribution", "Quote / attribution"
    EVENT = "event", "Event"
    PREDICTION = "prediction", "Prediction"
    LAW = "law", "Law or rule"
    CAUSAL = "causal", "Causal"
    OTHER = "other", "Other"


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class ClaimantKind(models.TextChoices):
    # schema.org: a Claim's author is a Person or an Organization (ClaimReview itemReviewed.author).
    PERSON = "Person", "Person"
    ORGANIZATION = "Organization", "Organisation"


class AnchorState(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    # Re-anchored by fuzzy matching after the article changed: worth a look.
    FUZZY = "fuzzy", "Re-anchored approximately"
    # The quote could not be found again: the editor must place it by hand.
    ORPHANED = "orphaned", "Not found in the article"


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Everyone in the newsroom with view permission sees every claim (IFCN: one standard for
        # every check); there are no private desks yet.
        if user.is_authenticated and user.has_perm("claims.view_claim"):
            return self
        return self.none()

    def open(self):
        return self.exclude(status__in=[Status.PUBLISHED, Status.DISMISSED])

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, status__in=[Status.IN_RESEARCH, Status.IN_REVIEW])

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
        matches = self
        for token in tokens:
            query = SearchQuery(f"{token}:*", search_type="raw", config=SEARCH_CONFIG)
            in_articles = Article.objects.filter(SearchVectorExact(article_search_document(), query)).order_by().values("pk")
            matches = matches.filter(
                SearchVectorExact(claim_search_document(), query)
                | EqualsAny(models.F("article_id"), ArraySubquery(in_articles))
            )
        return matches


# The text search configuration: 'simple' (lower-case words, no stemming, no stop words) suits
# names, figures and the several languages a newsroom quotes.
SEARCH_CONFIG = "simple"


def claim_search_document():
    """What the search box looks through in a claim, as a tsvector. Migration 0006 builds a GIN index
    on exactly this expression (tests/test_bench.py checks the planner uses it)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", "quote", "claimant", config=SEARCH_CONFIG)


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


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    # The claim as the checker states it. ClaimReview's claimReviewed: short (Google: under about
    # 75 characters) and never containing the verdict.
    text = models.CharField("claim", max_length=300)

    # W3C TextPositionSelector (start inclusive, end exclusive) + TextQuoteSelector (exact, prefix,
    # suffix) into article.body; see claims/anchoring.py.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    anchor_state = models.CharField(max_length=10, choices=AnchorState.choices, default=AnchorState.ANCHORED)

    # Who made the claim (ClaimReview itemReviewed.author) -- never the fact-checker. Empty when the
    # article states it in its own voice.
    claimant = models.CharField(max_length=200, blank=True)
    claimant_url = HttpURLField(blank=True, help_text="An identifying page for the claimant (sameAs).")
    # Empty means "not said": ClaimReview then calls the claimant a Person, as most claimants are.
    claimant_kind = models.CharField(
        max_length=12, choices=ClaimantKind.choices, blank=True,
        help_text="Whether the claimant is a person or an organisation (ClaimReview itemReviewed.author @type).",
    )
    claim_type = models.CharField(max_length=12, choices=ClaimType.choices, default=ClaimType.OTHER)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    # Full Fact: every verdict carries a written conclusion.
    conclusion = models.TextField(blank=True)
    # AFP and others want two independent sources; with fewer, the checker says why.
    source_justification = models.TextField(blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_claims"
    )
    due_date = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The verdict the public sees, and when it was first published; a later publish with a
    # different verdict is a correction.
    published_rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_conclusion = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)

    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    # Optimistic locking: every change bumps it; a change made against an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "pk"]
        permissions = [
            ("act_as_editor", "Can assign, dismiss, approve, publish and reopen claims"),
            ("act_as_checker", "Can research claims and propose verdicts"),
        ]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            models.Index(fields=["due_date"], name="claim_due_date"),
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
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("claims:detail", args=[self.pk])

    @property
    def is_overdue(self):
        return (
            self.due_date is not None
            and self.status in (Status.IN_RESEARCH, Status.IN_REVIEW)
            and self.due_date < timezone.localdate()
        )

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
                 f"Article text revised: {result.how} ({AnchorState(result.state).label.lower()}).")
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
            claim = self._locked(version)
            roles = workflow.roles_of(actor, claim)
            if workflow.EDITOR not in roles and workflow.ASSIGNEE not in roles:
                raise TransitionRefused("Only an editor or the assigned fact-checker can place this claim in the text.")
            body = claim.article.body
            try:
                start, end = int(start), int(end)
            except (TypeError, ValueError):
                raise AnchorError("The selection came without a position in the text.") from None
            if start >= end:
                raise AnchorError("The selection is empty: select the claim's words in the text.")
            anchor = anchor_at(body, start, end)
            if not anchor.quote.strip():
                raise AnchorError("The selection is only white space: select the claim's words.")
            if quote is not None and anchor.quote != quote:
                raise EditConflict("The article's text changed while you were placing this claim. Reload the "
                                   "page and select its words again; nothing was changed.",
                                   current_version=claim.version)
            old_span, old_quote, old_state = (claim.start, claim.end), claim.quote, claim.anchor_state
            claim.set_span(anchor.start, anchor.end)
            changed = (claim.start, claim.end) != old_span or claim.quote != old_quote or old_state != AnchorState.ANCHORED
            if changed:
                claim.version += 1
                claim.save()
                claim.log(actor, HistoryEntry.Action.ANCHOR, "span", f"{old_span[0]}–{old_span[1]} “{old_quote}”",
                          f"{claim.start}–{claim.end} “{claim.quote}”",
                          f"Placed by hand in the article's text (it was {AnchorState(old_state).label.lower()}).")
        self._refresh_from(claim)
        if changed:
            transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step="place"))
        return claim

    def clean(self):
        # An orphaned claim keeps its old quote on purpose (Article.revise_body): it no longer matches.
        if (self.article_id and self.end is not None and self.anchor_state != AnchorState.ORPHANED
                and self.article.body[self.start:self.end] != self.quote):
            raise ValidationError("The quote does not match the article's text at that position.")

    # --- the workflow ----------------------------------------------------------------------------

    def allowed_transitions(self, user):
        """The transitions `user` may start now: the buttons to show. Preconditions that depend on
        input (a verdict needs evidence, for example) are still checked when it is made."""
        roles = workflow.roles_of(user, self)
        return [
            t for t in workflow.transitions_from(self.status)
            if t.allows_role(roles) and not (t.not_by_proposer and self.proposed_by_id == user.pk)
        ]

    def transition(self, name, actor, *, version, **data):
        """Make the workflow step `name` as `actor`, who saw the claim at `version`.

        Runs in one transaction with the row locked, so two people pressing buttons on the same
        claim at once are serialised: the second sees the first's version bump and is refused as a
        conflict instead of overwriting it. Raises TransitionRefused (or its EditConflict) with a
        message for the user; nothing is written then."""
        step = workflow.get(name)
        with transaction.atomic():
            claim = self._locked(version)
            roles = workflow.roles_of(actor, claim)
            if claim.status not in step.sources:
                raise TransitionRefused(
                    f"This claim is {claim.get_status_display().lower()}: it cannot be "
                    f"{_PAST[step.name]} now."
                )
            if not step.allows_role(roles):
                raise TransitionRefused(step.refusal)
            if step.not_by_proposer and claim.proposed_by_id == actor.pk:
                raise TransitionRefused(workflow.FOUR_EYES_REFUSALS[step.name])
            data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
            for field in step.required:
                if not data.get(field):
                    raise TransitionRefused(_MISSING[field])
            old_status = claim.status
            comment = getattr(claim, f"_on_{step.name}")(actor, data)
            claim.status = step.target
            claim.version += 1
            claim.save()
            claim.log(actor, HistoryEntry.Action.STATUS, "status", old_status, claim.status, comment or "")
        self._refresh_from(claim)
        transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step=step.name))
        return claim

    def _locked(self, version):
        # select_for_update: on PostgreSQL the row lock makes concurrent steps on one claim wait for
        # each other; SQLite serialises writers with IMMEDIATE transactions (settings.py).
        claim = Claim.objects.select_for_update().select_related("article").get(pk=self.pk)
        try:
            seen = int(version)
        except (TypeError, ValueError):
            # No version, or not a number (a tampered or broken form): as stale as an old one.
            seen = None
        if seen != claim.version:
            raise EditConflict(
                "Someone else changed this claim while you were looking at it. "
                "Reload to see their change; nothing you entered was saved.",
                current_version=claim.version,
            )
        return claim

    def _refresh_from(self, claim):
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(claim, field.attname))
        self._state.fields_cache = {}

    # Effects of each step (called with the row locked; return the history comment).

    def _on_assign(self, actor, data):
        assignee = data["assignee"]
        if workflow.CHECKER not in workflow.roles_of(assignee):
            raise TransitionRefused(f"{person_name(assignee)} is not a fact-checker and cannot be assigned a claim.")
        self._assign(actor, assignee, data.get("due_date"))
        return f"Assigned to {person_name(assignee)}"

    def _on_take(self, actor, data):
        self._assign(actor, actor, data.get("due_date"))
        return f"Taken by {person_name(actor)}"

    def _assign(self, actor, assignee, due_date):
        if due_date and due_date < timezone.localdate():
            raise TransitionRefused("The due date is in the past.")
        self.log(actor, HistoryEntry.Action.ASSIGNMENT, "assignee", person_name(self.assignee), person_name(assignee))
        if due_date != self.due_date and due_date:
            self.log(actor, HistoryEntry.Action.ASSIGNMENT, "due_date", _str(self.due_date), _str(due_date))
            self.due_date = due_date
        self.assignee = assignee

    def _on_dismiss(self, actor, data):
        return data["reason"]

    def _on_restore(self, actor, data):
        return data.get("comment", "")

    def _on_propose(self, actor, data):
        rating = data["rating"]
        if not self.evidence.exists():
            raise TransitionRefused("A verdict needs at least one piece of evidence: add a source first.")
        n_sources = self.evidence.values("source").distinct().count()
        justification = data.get("justification", "")
        if n_sources < 2 and not justification:
            raise TransitionRefused(
                "This verdict rests on a single source: explain why that is enough, or add a second source."
            )
        old = self.rating
        self.rating = rating
        self.conclusion = data["conclusion"]
        self.source_justification = justification if n_sources < 2 else ""
        self.proposed_by = actor
        self.approved_by = None
        self.log(actor, HistoryEntry.Action.VERDICT, "rating", _str(old), _str(rating), self.conclusion)
        return f"Proposed verdict: {rating}"

    def _on_send_back(self, actor, data):
        return data["comment"]

    def _on_approve(self, actor, data):
        self.approved_by = actor
        return data.get("comment", "")

    def _on_publish(self, actor, data):
        now = timezone.now()
        if self.published_at is not None:
            # Publishing again after a reopen is a correction (IFCN: a corrections log with the old
            # and new verdict and a public note).
            note = data.get("public_note", "")
            if not note:
                raise TransitionRefused(
                    "This claim was published before: write a public note explaining the correction."
                )
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
            claim = self._locked(version)
            if workflow.EDITOR not in workflow.roles_of(actor, claim):
                raise TransitionRefused("Only an editor can mark a claim as a duplicate.")
            if original is None:
                raise TransitionRefused("Choose the claim this one duplicates.")
            if original.pk == claim.pk:
                raise TransitionRefused("A claim cannot be a duplicate of itself.")
            # Lock the original too: it must not become a duplicate itself meanwhile.
            original = Claim.objects.select_for_update().get(pk=original.pk)
            if claim.duplicates.exists():
                raise TransitionRefused(
                    "Other claims are marked as duplicates of this one: it is an original and cannot "
                    "become a duplicate."
                )
            if original.duplicate_of_id is not None:
                raise TransitionRefused(
                    f"“{original}” is itself marked as a duplicate of claim #{original.duplicate_of_id}: "
                    "mark this one as a duplicate of that original instead."
                )
            if claim.duplicate_of_id == original.pk:
                raise TransitionRefused(f"This claim is already marked as a duplicate of “{original}”.")
            old = claim.duplicate_of
            claim.duplicate_of = original
            claim.version += 1
            claim.save()
            claim.log(actor, HistoryEntry.Action.DUPLICATE, "duplicate_of", _str(old) if old else "",
                      f"#{original.pk} {original}", f"Marked as a duplicate of claim #{original.pk}.")
            if original.status == Status.PUBLISHED:
                claim._follow_verdict_of(original, actor)
        self._refresh_from(claim)
        transaction.on_commit(lambda: claim_changed.send(sender=Claim, claim=claim, actor=actor, step="duplicate"))
        return claim

    def _follow_verdict_of(self, original, actor):
        """Copy the published original's verdict (row locked by the caller). A duplicate that is
        itself published keeps its own public verdict: changing it is a correction, with a note."""
        if self.status in (Status.PUBLISHED, Status.DISMISSED):
            return False
        if self.rating_id == original.published_rating_id and self.conclusion == original.published_conclusion:
            return False
        old = self.rating
        self.rating = original.published_rating
        self.conclusion = original.published_conclusion
        self.version += 1
        self.save()
        self.log(actor, HistoryEntry.Action.DUPLICATE, "rating", _str(old), _str(self.rating),
                 f"Follows the verdict of claim #{original.pk} “{original}”, published as a duplicate's original.")
        return True


    def update_details(self, actor, *, version, **changes):
        """Edit the claim's own fields (wording, claimant, type, priority, due date, reassignment).
        Same locking and history as a transition; refused for users who may not change claims."""
        editable = {"text", "claimant", "claimant_url", "claimant_kind", "claim_type", "priority", "due_date", "assignee"}
        unknown = set(changes) - editable
        if unknown:
            raise TransitionRefused(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
        with transaction.atomic():
            claim = self._locked(version)
            roles = workflow.roles_of(actor, claim)
            if workflow.EDITOR not in roles and workflow.ASSIGNEE not in roles:
                raise TransitionRefused("Only an editor or the assigned fact-checker can edit this claim.")
            if "assignee" in changes or "due_date" in changes:
                if workflow.EDITOR not in roles:
                    raise TransitionRefused("Only an editor can change who a claim is assigned to, or its due date.")
                if claim.status in (Status.NEW, Status.DISMISSED) and changes.get("assignee"):
                    raise TransitionRefused("Assign a new claim with the Assign step, which starts its research.")
            assignee = changes.get("assignee", claim.assignee)
            if assignee is not None and workflow.CHECKER not in workflow.roles_of(assignee):
                raise TransitionRefused(f"{person_name(assignee)} is not a fact-checker and cannot be assigned a claim.")
            changed = False
            # Sent with claim_changed, so listeners know what changed (notifications: a reassignment).
            changed_fields = [field for field, new in changes.items() if getattr(claim, field) != new]
            for field, new in changes.items():
                old = getattr(claim, field)
                if old == new:
                    continue
                action = HistoryEntry.Action.ASSIGNMENT if field in ("assignee", "due_date") else HistoryEntry.Action.EDIT
                claim.log(actor, action, field, _display(claim, field, old), _display(claim, field, new))
                setattr(claim, field, new)
                changed = True
            if changed:
                claim.full_clean(exclude=["article", "rating", "assignee", "proposed_by", "approved_by",
                                          "published_rating", "duplicate_of", "created_by"])
                claim.version += 1
                claim.save()
        self._refresh_from(claim)
        if changed:
            transaction.on_commit(lambda: claim_changed.send(
                sender=Claim, claim=claim, actor=actor, step="edit", fields=changed_fields))
        return claim

    def add_evidence(self, actor, source, stance, excerpt=""):
        """Attach a source to the claim. Allowed while the claim is being researched."""
        roles = workflow.roles_of(actor, self)
        if workflow.EDITOR not in roles and workflow.ASSIGNEE not in roles:
            raise TransitionRefused("Only an editor or the assigned fact-checker can add evidence.")
        if self.status in (Status.VERIFIED, Status.PUBLISHED, Status.DISMISSED):
            raise TransitionRefused(
                f"This claim is {self.get_status_display().lower()}: reopen it before adding evidence."
            )
        with transaction.atomic():
            if source.pk is None:
                source.added_by = actor
                source.full_clean()
                source.save()
            evidence = Evidence(claim=self, source=source, stance=stance, excerpt=excerpt.strip(), added_by=actor)
            evidence.full_clean()
            evidence.save()
            self.log(actor, HistoryEntry.Action.EVIDENCE, "evidence", "", f"{evidence.get_stance_display()}: {source}")
        return evidence

    def add_note(self, actor, body):
        roles = workflow.roles_of(actor, self)
        if not (roles & {workflow.EDITOR, workflow.CHECKER}):
            raise TransitionRefused("Viewers can read notes but not write them.")
        body = (body or "").strip()
        if not body:
            raise TransitionRefused("A note cannot be empty.")
        if len(body) > Note.MAX_LENGTH:
            raise TransitionRefused(f"A note can be at most {Note.MAX_LENGTH:,} characters long.")
        return Note.objects.create(claim=self, author=actor, body=body)

    def log(self, actor, action, field="", old="", new="", comment=""):
        return HistoryEntry.objects.create(
            claim=self, actor=actor, action=action, field=field,
            old_value=old or "", new_value=new or "", comment=comment or "",
        )


_PAST = {
    "assign": "assigned", "take": "taken", "dismiss": "dismissed", "restore": "restored",
    "propose": "given a proposed verdict", "send_back": "sent back", "approve": "approved",
    "publish": "published", "reopen": "reopened",
}
_MISSING = {
    "assignee": "Choose the fact-checker to assign.",
    "reason": "Give a reason.",
    "rating": "Choose a rating for the verdict.",
    "conclusion": "Write the conclusion that explains the verdict.",
    "comment": "Say what needs more work, so the fact-checker knows.",
    "public_note": "Write a public note.",
}


def person_name(user):
    """How a person is named everywhere (pages, history, notifications, forms): the full name, or
    the username when there is none, or "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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

    url = HttpURLField("URL", max_length=1000)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    accessed_on = models.DateField("date accessed", default=timezone.localdate)
    archive_url = HttpURLField("archived copy", max_length=1000, blank=True)
    is_primary = models.BooleanField("primary source", default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["url"], name="source_url")]

    def __str__(self):
        return self.title


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    excerpt = models.TextField(blank=True, help_text="The passage of the source that matters.")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"

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

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note by {self.author} on {self.created_at:%Y-%m-%d %H:%M}"


class HistoryEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        STATUS = "status", "Status change"
        ASSIGNMENT = "assignment", "Assignment"
        VERDICT = "verdict", "Verdict"
        CORRECTION = "correction", "Correction"
        EVIDENCE = "evidence", "Evidence"
        EDIT = "edit", "Edit"
        DUPLICATE = "duplicate", "Duplicate"
        ANCHOR = "anchor", "Re-anchored"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    field = models.CharField(max_length=40, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "history entry"
        verbose_name_plural = "history entries"

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor or 'system'} at {self.created_at:%Y-%m-%d %H:%M}"


class Correction(AppendOnlyModel):
    """A published verdict changed after publication (IFCN corrections policy): shown on the public
    page and in reports, and as dateModified in ClaimReview."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="corrections")
    old_rating = models.ForeignKey(Rating, null=True, on_delete=models.PROTECT, related_name="+")
    new_rating = models.ForeignKey(Rating, null=True, on_delete=models.PROTECT, related_name="+")
    old_conclusion = models.TextField(blank=True)
    new_conclusion = models.TextField(blank=True)
    public_note = models.TextField()
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Correction of {self.claim} on {self.created_at:%Y-%m-%d}"


class Notification(models.Model):
    """Something a user should look at: a claim assigned or sent back to them, one waiting for
    their review, one published."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned to you"
        SENT_BACK = "sent_back", "Sent back to you"
        REVIEW = "review", "Waiting for your review"
        PUBLISHED = "published", "Published"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.message


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
# Log-in and password-reset throttling (claims/throttling.py)


class LoginAttempt(models.Model):
    """One log-in attempt or password-reset request, kept for claims/throttling.py to count recent ones
    per account and per address. In the database (not a per-process cache) so every gunicorn worker
    and every app server sees the same counts. The account (the user name, or the e-mail address typed
    into the reset form) is stored as a keyed hash, never as typed (people type passwords into the user
    name box)."""

    class Kind(models.TextChoices):
        LOG_IN = "login", "Log-in"
        PASSWORD_RESET = "password_reset", "Password reset"

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
        if self.kind == self.Kind.PASSWORD_RESET:
            what = "Password-reset request"
        else:
            what = f"{'Successful' if self.succeeded else 'Failed'} log-in"
        return f"{what} from {self.address} at {self.created_at:%Y-%m-%d %H:%M}"
