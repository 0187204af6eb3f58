"""Telling people about claims that need them: a Notification row (the badge and the notifications
page) and an email through Django's mail settings (the console in development).

Listens to claims.models.claim_changed, which is sent after a change is committed:
- assigned to you (the Assign step, or a reassignment through update_details) → the assignee;
- sent back to you → the assignee;
- waiting for your review (a verdict proposed) → every editor but the proposer (four-eyes rule);
- published → the assignee and the proposer.
Nobody is told about their own action."""
import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.dateformat import format as date_format

from . import site
from .models import Notification, person_name

logger = logging.getLogger(__name__)
Kind = Notification.Kind


def editors():
    """Active users who hold the editor role (as roles_of sees it: the permission or superuser)."""
    permission = Q(groups__permissions__codename="act_as_editor") | Q(user_permissions__codename="act_as_editor")
    return get_user_model().objects.filter(is_active=True).filter(permission | Q(is_superuser=True)).distinct()


def recipients_and_message(claim, actor, step, fields=()):
    """Who is told what about `step` made by `actor` on `claim`: (kind, [users], message)."""
    text = f"“{claim.text}”"
    if step == "assign" or (step == "edit" and "assignee" in fields):
        due = f", due {date_format(claim.due_date, 'j M Y')}" if claim.due_date else ""
        return Kind.ASSIGNED, [claim.assignee], f"{person_name(actor)} assigned {text} to you{due}."
    if step == "send_back":
        return Kind.SENT_BACK, [claim.assignee], f"{person_name(actor)} sent {text} back to you for more research."
    if step == "propose":
        people = list(editors().exclude(pk=claim.proposed_by_id))
        return Kind.REVIEW, people, f"{text} is waiting for your review: {person_name(actor)} proposed “{claim.rating}”."
    if step == "publish":
        return Kind.PUBLISHED, [claim.assignee, claim.proposed_by], f"{person_name(actor)} published {text} as “{claim.rating}”."
    return None, [], ""


def notify_on_claim_change(sender, claim, actor, step, fields=(), **kwargs):
    kind, people, message = recipients_and_message(claim, actor, step, fields)
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (actor is not None and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        Notification.objects.create(recipient=person, claim=claim, kind=kind, message=message[:300])
        _email(person, claim, kind, message)


def _email(person, claim, kind, message):
    if not person.email:
        return
    base = site.workbench_url()
    body = f"{message}\n\nOpen the claim: {base}{claim.get_absolute_url()}\n"
    try:
        send_mail(f"[Claim workbench] {kind.label}: {claim.text}"[:200], body, None, [person.email])
    except Exception:
        # The change is committed and the notification row is written; a mail server being down must
        # not turn the user's successful step into an error page.
        logger.exception("Could not email %s about claim %s", person.get_username(), claim.pk)
