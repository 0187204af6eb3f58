"""The verification workflow, declared once.

Statuses and the transitions between them, with who may make each one and what each one asks for,
live in TRANSITIONS below. The model (Claim.transition) enforces them; the UI reads them to decide
which buttons to show and which fields to ask for; the tests check every cell of the table.
"""
from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_RESEARCH = "in_research", "In research"
    IN_REVIEW = "in_review", "In review"
    VERIFIED = "verified", "Verified"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


# Roles a user can hold. Superusers hold all of them. "assignee" is not a group: it is a fact-checker
# who is the claim's assigned checker.
EDITOR = "editor"
CHECKER = "checker"
ASSIGNEE = "assignee"
VIEWER = "viewer"


class WorkflowError(Exception):
    """Base of every refusal the workflow gives. Its message is written for a person to read."""

    def __init__(self, message):
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


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    # Roles that may make it (any one suffices).
    who: frozenset
    # Said when the user holds none of those roles.
    refusal: str
    # Inputs the transition asks the user for, in form order; `required` ones must be non-empty.
    fields: tuple = ()
    required: tuple = ()
    # Four-eyes rule: the person who proposed the verdict may not make this transition.
    not_by_proposer: bool = False
    # A button that moves work backwards is drawn in a quieter style.
    backwards: bool = False

    def allows_role(self, roles):
        return bool(self.who & roles)


S = Status
TRANSITIONS = (
    Transition(
        "assign", "Assign", (S.NEW,), S.IN_RESEARCH, frozenset({EDITOR}),
        "Only an editor can assign a claim to a fact-checker.",
        fields=("assignee", "due_date"), required=("assignee",),
    ),
    Transition(
        "take", "Take it", (S.NEW,), S.IN_RESEARCH, frozenset({CHECKER}),
        "Only a fact-checker can take a claim for themselves.",
        fields=("due_date",),
    ),
    Transition(
        "dismiss", "Dismiss", (S.NEW,), S.DISMISSED, frozenset({EDITOR}),
        "Only an editor can dismiss a claim.",
        fields=("reason",), required=("reason",), backwards=True,
    ),
    Transition(
        "restore", "Restore", (S.DISMISSED,), S.NEW, frozenset({EDITOR}),
        "Only an editor can restore a dismissed claim.",
        backwards=True,
    ),
    Transition(
        "propose", "Propose verdict", (S.IN_RESEARCH,), S.IN_REVIEW, frozenset({ASSIGNEE, EDITOR}),
        "Only the assigned fact-checker or an editor can propose a verdict.",
        fields=("rating", "conclusion", "justification"), required=("rating", "conclusion"),
    ),
    Transition(
        "send_back", "Send back", (S.IN_REVIEW,), S.IN_RESEARCH, frozenset({EDITOR, CHECKER}),
        "Only an editor or a fact-checker can send a verdict back.",
        fields=("comment",), required=("comment",), not_by_proposer=True, backwards=True,
    ),
    Transition(
        "approve", "Approve", (S.IN_REVIEW,), S.VERIFIED, frozenset({EDITOR}),
        "Only an editor who did not propose this verdict can approve it.",
        not_by_proposer=True,
    ),
    Transition(
        "publish", "Publish", (S.VERIFIED,), S.PUBLISHED, frozenset({EDITOR}),
        "Only an editor can publish a claim.",
        # A public note is asked for only when publishing again (a correction); Claim enforces it.
        fields=("public_note",),
    ),
    Transition(
        "reopen", "Reopen", (S.VERIFIED, S.PUBLISHED), S.IN_RESEARCH, frozenset({EDITOR}),
        "Only an editor can reopen a claim.",
        fields=("reason",), required=("reason",), backwards=True,
    ),
)
del S

BY_NAME = {t.name: t for t in TRANSITIONS}

# What a refused four-eyes check says, per transition.
FOUR_EYES_REFUSALS = {
    "approve": "Only an editor who did not propose this verdict can approve it.",
    "send_back": "You proposed this verdict: someone else must review it.",
}


def get(name):
    try:
        return BY_NAME[name]
    except KeyError:
        raise TransitionRefused(f"“{name}” is not a step of the workflow.") from None


def transitions_from(status):
    return [t for t in TRANSITIONS if status in t.sources]


def roles_of(user, claim=None):
    """The workflow roles `user` holds, for `claim` when given (which adds ASSIGNEE)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = set()
    if user.has_perm("claims.act_as_editor"):
        roles.add(EDITOR)
    if user.has_perm("claims.act_as_checker"):
        roles.add(CHECKER)
        if claim is not None and claim.assignee_id == user.pk:
            roles.add(ASSIGNEE)
    if user.has_perm("claims.view_claim"):
        roles.add(VIEWER)
    return frozenset(roles)
