"""Bulk actions from the claims list: one change applied to many claims.

Each claim is changed through the model (Claim.transition or Claim.update_details), which checks the
user's role on that claim and runs in its own transaction: a refusal for one claim leaves the others
changed. Each is changed at the version the user saw in the list (`seen_versions`), so a claim
someone else changed meanwhile is refused as stale rather than overwritten. The outcome lists what
was done and, for each refusal, the model's reason."""
import re
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Priority, person_name
from .workflow import ON_DESK, TransitionRefused

# One ticked row's "claim id:version seen", as the list writes it (ASCII digits only).
SEEN = re.compile(r"([0-9]{1,12}):([0-9]{1,9})")


def seen_versions(values):
    """{claim id: version the user saw} from the list's hidden `seen` inputs. A value that does not
    parse is left out, so its claim is refused as stale (nothing is changed blind)."""
    versions = {}
    for value in values:
        match = SEEN.fullmatch(value)
        if match:
            versions[int(match[1])] = int(match[2])
    return versions


def _done_phrase(action, inputs, n):
    """How many claims were changed, and how: a whole message with its plural for each action."""
    if action == "assign":
        text = ngettext("%(n)d assigned to %(name)s", "%(n)d assigned to %(name)s", n)
    elif action == "due_date":
        text = ngettext("%(n)d given the due date %(date)s", "%(n)d given the due date %(date)s", n)
    elif action == "priority":
        text = ngettext("%(n)d set to %(priority)s priority", "%(n)d set to %(priority)s priority", n)
    else:
        text = ngettext("%(n)d dismissed", "%(n)d dismissed", n)
    return text % {
        "n": n,
        "name": person_name(inputs["assignee"]) if action == "assign" else "",
        "date": date_format(inputs["due_date"], "j M Y") if action == "due_date" else "",
        "priority": Priority(inputs["priority"]).label if action == "priority" else "",
    }


@dataclass
class BulkOutcome:
    action: str
    inputs: dict
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (claim, message)

    @property
    def summary(self):
        done = _done_phrase(self.action, self.inputs, len(self.done))
        if not self.refused:
            return _("%(done)s.") % {"done": done}
        reason = _("‘%(claim)s’: %(reason)s")
        reasons = "; ".join(reason % {"claim": claim.text, "reason": message} for claim, message in self.refused)
        text = ngettext("%(done)s; %(n)d refused — %(reasons)s.", "%(done)s; %(n)d refused — %(reasons)s.",
                        len(self.refused)) % {"done": done, "n": len(self.refused), "reasons": reasons}
        if self.done:
            text += " " + _("Each claim was changed on its own, so the refusals did not undo the others.")
        return text


def apply_bulk_action(user, claims, action, *, versions, assignee=None, due_date=None, priority=None, reason=""):
    """`versions`: {claim id: the version the user saw} (seen_versions); a claim missing from it is
    refused as stale by the model."""
    outcome = BulkOutcome(action, {"assignee": assignee, "due_date": due_date, "priority": priority})
    for claim in claims:
        version = versions.get(claim.pk)
        try:
            if action == "assign":
                # Claims on the desk change hands by a plain reassignment; from any other status the
                # Assign step is asked for, and the workflow says whether it can happen.
                if claim.status in ON_DESK:
                    claim.update_details(user, version=version, assignee=assignee)
                else:
                    claim.transition("assign", user, version=version, assignee=assignee)
            elif action == "due_date":
                claim.update_details(user, version=version, due_date=due_date)
            elif action == "priority":
                claim.update_details(user, version=version, priority=priority)
            elif action == "dismiss":
                claim.transition("dismiss", user, version=version, reason=reason)
            else:
                raise ValueError(f"Unknown bulk action {action!r}")
        except TransitionRefused as refusal:
            outcome.refused.append((claim, refusal.message))
        else:
            outcome.done.append(claim)
    return outcome
