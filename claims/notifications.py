"""Telling people about claims that need them: a Notification row (the badge and the notifications
page) and an email, sent by a background task once the row is committed (claims/mail.py).

Listens to claims.models.claim_changed, which is sent after a change is committed:
- assigned to you (the Assign step, or a reassignment through update_details) → the assignee;
- sent back to you → the assignee;
- waiting for your review (a verdict proposed) → every editor but the proposer (four-eyes rule);
- published → the assignee and the proposer.
Nobody is told about their own action."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.dateformat import format as date_format

from .mail import enqueue_mail
from .models import Notification, person_name

Kind = Notification.Kind


def editors():
    """Active users who hold the editor role (as roles_of sees it: the permission or superuser)."""
    permission = Q(groups__permissions__codename="act_as_editor") | Q(user_permissions__codename="act_as_editor")
    return get_user_model().objects.filter(is_active=True).filter(permission | Q(is_superuser=True)).distinct().order_by("pk")


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
    notify(claim, kind, [p for p in people if p is not None and (actor is None or p.pk != actor.pk)], message)


def notify(claim, kind, people, message):
    """Write one notification per person (once each) and mail each once this transaction commits:
    the mails carry the rows' ids, so a rolled-back change mails nobody. Returns the rows."""
    seen, rows = set(), []
    with transaction.atomic():
        for person in people:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            row = Notification.objects.create(recipient=person, claim=claim, kind=kind, message=message[:300])
            enqueue_mail(row.pk)
            rows.append(row)
    return rows
