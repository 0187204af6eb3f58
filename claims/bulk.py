"""Bulk actions from the claims list: one change applied to many claims.

Each claim is changed through the model (Claim.transition or Claim.update_details), which checks the
user's role on that claim and runs in its own transaction: a refusal for one claim leaves the others
changed. The outcome lists what was done and, for each refusal, the model's reason."""
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format

from .models import Priority, person_name
from .workflow import Status, TransitionRefused

# Claims being researched or reviewed change hands by a plain reassignment; from any other status
# the Assign step is asked for, and the workflow says whether it can happen (a new claim: yes).
REASSIGN_STATUSES = (Status.IN_RESEARCH, Status.IN_REVIEW)



def _done_phrase(action, inputs):
    if action == "assign":
        return f"assigned to {person_name(inputs['assignee'])}"
    if action == "due_date":
        return f"given the due date {date_format(inputs['due_date'], 'j M Y')}"
    if action == "priority":
        return f"set to {Priority(inputs['priority']).label} priority"
    return "dismissed"


@dataclass
class BulkOutcome:
    action: str
    inputs: dict
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (claim, message)

    @property
    def summary(self):
        parts = [f"{len(self.done)} {_done_phrase(self.action, self.inputs)}"]
        if self.refused:
            reasons = "; ".join(f"‘{claim.text}’: {message}" for claim, message in self.refused)
            parts.append(f"{len(self.refused)} refused — {reasons}")
        text = "; ".join(parts) + "."
        if self.refused and self.done:
            text += " Each claim was changed on its own, so the refusals did not undo the others."
        return text


def apply_bulk_action(user, claims, action, *, assignee=None, due_date=None, priority=None, reason=""):
    outcome = BulkOutcome(action, {"assignee": assignee, "due_date": due_date, "priority": priority})
    for claim in claims:
        try:
            if action == "assign":
                if claim.status in REASSIGN_STATUSES:
                    claim.update_details(user, version=claim.version, assignee=assignee)
                else:
                    claim.transition("assign", user, version=claim.version, assignee=assignee)
            elif action == "due_date":
                claim.update_details(user, version=claim.version, due_date=due_date)
            elif action == "priority":
                claim.update_details(user, version=claim.version, priority=priority)
            elif action == "dismiss":
                claim.transition("dismiss", user, version=claim.version, reason=reason)
            else:
                raise ValueError(f"Unknown bulk action {action!r}")
        except TransitionRefused as refusal:
            outcome.refused.append((claim, refusal.message))
        else:
            outcome.done.append(claim)
    return outcome
