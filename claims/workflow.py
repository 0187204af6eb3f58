"""The verification workflow, declared once.

Statuses and the transitions between them, with who may make each one and what each one asks for,
live in TRANSITIONS below. The model (Claim.transition) enforces them; the UI reads them to decide
which buttons to show and which fields to ask for; the tests check every cell of the table.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("claim status", "New")
    IN_RESEARCH = "in_research", pgettext_lazy("claim status", "In research")
    IN_REVIEW = "in_review", pgettext_lazy("claim status", "In review")
    VERIFIED = "verified", pgettext_lazy("claim status", "Verified")
    PUBLISHED = "published", pgettext_lazy("claim status", "Published")
    DISMISSED = "dismissed", pgettext_lazy("claim status", "Dismissed")


# A status inside a sentence ("This claim is in research: ..."): its own words, not the label
# lower-cased, which would be wrong in German ("in Recherche") and other languages.
STATUS_IN_SENTENCE = {
    Status.NEW: pgettext_lazy("claim status inside a sentence", "new"),
    Status.IN_RESEARCH: pgettext_lazy("claim status inside a sentence", "in research"),
    Status.IN_REVIEW: pgettext_lazy("claim status inside a sentence", "in review"),
    Status.VERIFIED: pgettext_lazy("claim status inside a sentence", "verified"),
    Status.PUBLISHED: pgettext_lazy("claim status inside a sentence", "published"),
    Status.DISMISSED: pgettext_lazy("claim status inside a sentence", "dismissed"),
}


def status_in_sentence(status):
    """The status `status` as said inside a sentence, in the active language (the slug if unknown)."""
    return str(STATUS_IN_SENTENCE.get(status, status))


# Roles a user can hold. Superusers hold all of them. "assignee" is not a group: it is a fact-checker
# who is the claim's assigned checker.
EDITOR = "editor"
CHECKER = "checker"
ASSIGNEE = "assignee"
VIEWER = "viewer"


class WorkflowError(Exception):
    """Base of every refusal the workflow gives. Its message is written for a person to read."""

    def __init__(self, message):
        # Translated now, in the language of whoever is being answered (messages come from the tables
        # as lazy strings).
        message = str(message)
        super().__init__(message)
        self.message = message


class TransitionRefused(WorkflowError):
    """The user may not make this change, or the claim is not ready for it. Nothing was written.
    Raise one of the subclasses below: each door maps the class (never the wording) to its answer,
    with http_status()."""

    http_status = 403


class PermissionRefused(TransitionRefused):
    """This person may not do this to this claim now (their role, the four-eyes rule, or a claim
    frozen by its status). HTTP 403."""

    http_status = 403


class NotReady(TransitionRefused):
    """The person may act, but what they sent is not enough (a missing reason, no evidence for a
    verdict, a due date in the past, a span outside the text). HTTP 422."""

    http_status = 422


class EditConflict(TransitionRefused):
    """Somebody else changed the claim since the user loaded it. Nothing was written. HTTP 409."""

    http_status = 409

    def __init__(self, message, current_version=None):
        super().__init__(message)
        self.current_version = current_version


def http_status(error):
    """The HTTP status a door answers a refusal with: decided by the error's class alone."""
    return getattr(error, "http_status", 403)


# Named groups of statuses, each defined once.
S = Status
# Being worked on by the desk: the only statuses in which a claim can be overdue.
ON_DESK = frozenset({S.IN_RESEARCH, S.IN_REVIEW})
# A second person approved the verdict: the record is frozen until an editor reopens it
# (IFCN principles 4 and 5: what is approved is what is published; any later change is a correction).
FROZEN = frozenset({S.VERIFIED, S.PUBLISHED})
# No more work will be done on it.
CLOSED = frozenset({S.PUBLISHED, S.DISMISSED})
# Open but off the desk: not yet assigned for research (new), or approved and waiting to be published
# (verified). Never overdue.
OFF_DESK = frozenset(Status.values) - CLOSED - ON_DESK
# Research may still change it: evidence can be added.
RESEARCHABLE = frozenset({S.NEW, S.IN_RESEARCH, S.IN_REVIEW})
# Its wording and span may still be edited (a dismissed claim may be tidied up before a restore).
EDITABLE = frozenset(Status.values) - FROZEN
# Before review: the only statuses in which a claim may be marked as a duplicate, or follow its
# original's published verdict, so a verdict always reaches review through its own four-eyes check.
BEFORE_REVIEW = frozenset({S.NEW, S.IN_RESEARCH})


@dataclass(frozen=True)
class Transition:
    """One step of the workflow, with everything about it: who, from where, what it asks for."""

    name: str
    label: str
    # Past participle ("assigned"), for what a person reads about the step.
    past: str
    sources: tuple
    target: str
    # Roles that may make it (any one suffices).
    who: frozenset
    # Said when the user holds none of those roles.
    refusal: str
    # Inputs the transition asks the user for, in form order; `required` ones must be non-empty,
    # with `missing[field]` said when one is empty.
    fields: tuple = ()
    required: tuple = ()
    # Inputs required only when a condition of the claim holds: {field: condition}, where the
    # condition names a Claim property (e.g. "was_published": a publish again is a correction).
    required_when: tuple = ()
    # Four-eyes rule: the person who proposed the verdict may not make this transition; said then.
    not_by_proposer: bool = False
    four_eyes_refusal: str = ""
    # A button that moves work backwards is drawn in a quieter style.
    backwards: bool = False
    # Said when the claim's status is not one the step starts from: one whole sentence per step,
    # "%(status)s" filled in with status_in_sentence() (a translated sentence cannot be glued together).
    not_now: str = ""

    def allows_role(self, roles):
        return bool(self.who & roles)

    def required_fields(self, claim):
        """The inputs this step needs from the user on this claim (the conditional ones included)."""
        conditional = tuple(field for field, condition in self.required_when if getattr(claim, condition))
        return self.required + conditional

    def asks_for_input(self, claim):
        """Whether the step needs a form (a board button is drawn only for steps that do not)."""
        return bool(self.required_fields(claim))


# What each input is called when it is missing (every step uses the same words).
MISSING = {
    "assignee": _("Choose the fact-checker to assign."),
    "reason": _("Give a reason."),
    "rating": _("Choose a rating for the verdict."),
    "conclusion": _("Write the conclusion that explains the verdict."),
    "comment": _("Say what needs more work, so the fact-checker knows."),
    "public_note": _("This claim was published before: write a public note explaining the correction."),
}

TRANSITIONS = (
    Transition(
        "assign", pgettext_lazy("workflow step", "Assign"), _("assigned"), (S.NEW,), S.IN_RESEARCH, frozenset({EDITOR}),
        _("Only an editor can assign a claim to a fact-checker."),
        fields=("assignee", "due_date"), required=("assignee",),
        not_now=_("This claim is %(status)s: it cannot be assigned now."),
    ),
    Transition(
        "take", pgettext_lazy("workflow step", "Take it"), _("taken"), (S.NEW,), S.IN_RESEARCH, frozenset({CHECKER}),
        _("Only a fact-checker can take a claim for themselves."),
        fields=("due_date",),
        not_now=_("This claim is %(status)s: it cannot be taken now."),
    ),
    Transition(
        "dismiss", pgettext_lazy("workflow step", "Dismiss"), _("dismissed"), (S.NEW,), S.DISMISSED, frozenset({EDITOR}),
        _("Only an editor can dismiss a claim."),
        fields=("reason",), required=("reason",), backwards=True,
        not_now=_("This claim is %(status)s: it cannot be dismissed now."),
    ),
    Transition(
        "restore", pgettext_lazy("workflow step", "Restore"), _("restored"), (S.DISMISSED,), S.NEW, frozenset({EDITOR}),
        _("Only an editor can restore a dismissed claim."),
        backwards=True,
        not_now=_("This claim is %(status)s: it cannot be restored now."),
    ),
    Transition(
        "propose", pgettext_lazy("workflow step", "Propose verdict"), _("given a proposed verdict"), (S.IN_RESEARCH,),
        S.IN_REVIEW, frozenset({ASSIGNEE, EDITOR}),
        _("Only the assigned fact-checker or an editor can propose a verdict."),
        fields=("rating", "conclusion", "justification"), required=("rating", "conclusion"),
        not_now=_("This claim is %(status)s: it cannot be given a proposed verdict now."),
    ),
    Transition(
        "send_back", pgettext_lazy("workflow step", "Send back"), _("sent back"), (S.IN_REVIEW,), S.IN_RESEARCH,
        frozenset({EDITOR, CHECKER}),
        _("Only an editor or a fact-checker can send a verdict back."),
        fields=("comment",), required=("comment",), backwards=True,
        not_by_proposer=True, four_eyes_refusal=_("You proposed this verdict: someone else must review it."),
        not_now=_("This claim is %(status)s: it cannot be sent back now."),
    ),
    Transition(
        "approve", pgettext_lazy("workflow step", "Approve"), _("approved"), (S.IN_REVIEW,), S.VERIFIED, frozenset({EDITOR}),
        _("Only an editor who did not propose this verdict can approve it."),
        not_by_proposer=True, four_eyes_refusal=_("Only an editor who did not propose this verdict can approve it."),
        not_now=_("This claim is %(status)s: it cannot be approved now."),
    ),
    Transition(
        "publish", pgettext_lazy("workflow step", "Publish"), _("published"), (S.VERIFIED,), S.PUBLISHED, frozenset({EDITOR}),
        _("Only an editor can publish a claim."),
        # Publishing again after a reopen is a correction, and asks for a public note.
        fields=("public_note",), required_when=(("public_note", "was_published"),),
        not_now=_("This claim is %(status)s: it cannot be published now."),
    ),
    Transition(
        "reopen", pgettext_lazy("workflow step", "Reopen"), _("reopened"), (S.VERIFIED, S.PUBLISHED), S.IN_RESEARCH,
        frozenset({EDITOR}),
        _("Only an editor can reopen a claim."),
        fields=("reason",), required=("reason",), backwards=True,
        not_now=_("This claim is %(status)s: it cannot be reopened now."),
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}


@dataclass(frozen=True)
class Edit:
    """A change to a claim outside the workflow's steps: who may make it, and in which statuses.
    Claim.refusal_for reads this table as it reads TRANSITIONS."""

    name: str
    who: frozenset
    refusal: str
    statuses: frozenset
    # Said when the claim's status does not allow it ("%(status)s" is filled in with status_in_sentence()).
    status_refusal: str

    def allows_role(self, roles):
        return bool(self.who & roles)


EDITS = (
    Edit("edit_details", frozenset({EDITOR, ASSIGNEE}),
         _("Only an editor or the assigned fact-checker can edit this claim."),
         EDITABLE, _("This claim is %(status)s: its wording is part of an approved verdict. Reopen it to change it.")),
    Edit("reassign", frozenset({EDITOR}),
         _("Only an editor can change who a claim is assigned to, or its due date."),
         ON_DESK, _("This claim is %(status)s: assign a new claim with the Assign step, which starts its research.")),
    Edit("set_due_date", frozenset({EDITOR}),
         _("Only an editor can change who a claim is assigned to, or its due date."),
         RESEARCHABLE, _("This claim is %(status)s: it has no due date to change.")),
    Edit("add_evidence", frozenset({EDITOR, ASSIGNEE}),
         _("Only an editor or the assigned fact-checker can add evidence."),
         RESEARCHABLE, _("This claim is %(status)s: reopen it before adding evidence.")),
    Edit("add_note", frozenset({EDITOR, CHECKER}),
         _("Viewers can read notes but not write them."),
         frozenset(Status.values), ""),
    Edit("place", frozenset({EDITOR, ASSIGNEE}),
         _("Only an editor or the assigned fact-checker can place this claim in the text."),
         EDITABLE, _("This claim is %(status)s: its quote is part of an approved verdict. Reopen it to place it again.")),
    Edit("mark_duplicate", frozenset({EDITOR}),
         _("Only an editor can mark a claim as a duplicate."),
         BEFORE_REVIEW, _("This claim is %(status)s: only a claim not yet in review can be marked as a duplicate, "
                        "so every verdict is approved by a second person.")),
)
EDITS_BY_NAME = {e.name: e for e in EDITS}
del S


def get(name):
    try:
        return BY_NAME[name]
    except KeyError:
        raise PermissionRefused(gettext("“%(name)s” is not a step of the workflow.") % {"name": name}) from None


def transitions_from(status):
    return [t for t in TRANSITIONS if status in t.sources]


def roles_of(user, claim=None):
    """The workflow roles `user` holds, for `claim` when given (which adds ASSIGNEE)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = _roles_from_permissions(user)
    if claim is not None and CHECKER in roles and claim.assignee_id == user.pk:
        return roles | {ASSIGNEE}
    return roles


def _roles_from_permissions(user):
    # Worked out once per user instance and kept on it, as Django keeps the permissions they come
    # from (`_perm_cache`): the board asks for every step of every card, and three has_perm() calls
    # each time were an eighth of its CPU (issue #17). The answer lives exactly as long as Django's
    # own: it is worked out again when that cache was dropped or replaced (a test deleting it, a
    # user read afresh) or when is_superuser, which has_perm() reads before it, changed.
    permissions = getattr(user, "_perm_cache", None)
    cached = getattr(user, "_workflow_roles", None)
    if (cached is not None and cached[0] == user.is_superuser and cached[1] is permissions
            and (permissions is not None or user.is_superuser)):
        return cached[2]
    roles = set()
    if user.has_perm("claims.act_as_editor"):
        roles.add(EDITOR)
    if user.has_perm("claims.act_as_checker"):
        roles.add(CHECKER)
    if user.has_perm("claims.view_claim"):
        roles.add(VIEWER)
    roles = frozenset(roles)
    user._workflow_roles = (user.is_superuser, getattr(user, "_perm_cache", None), roles)
    return roles
