"""Telling people about claims that need them: a Notification row (the badge and the notifications
page) and an email, sent by a background task once the row is committed (claims/mail.py).

Listens to claims.models.claim_changed, which is sent after a change is committed:
- assigned to you (the Assign step, or a reassignment through update_details) → the assignee;
- sent back to you → the assignee;
- waiting for your review (a verdict proposed) → every editor but the proposer (four-eyes rule);
- published → the assignee and the proposer.
Nobody is told about their own action.

Each person is told in their own language: the message is written once per recipient, inside
translation.override(language_for(person)), and stored as they read it (a notification is a message
to one person, not a record)."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from .locale import language_of
from .mail import enqueue_mail
from .models import Notification, person_name

Kind = Notification.Kind


def editors():
    """Active users who hold the editor role (as roles_of sees it: the permission or superuser)."""
    permission = Q(groups__permissions__codename="act_as_editor") | Q(user_permissions__codename="act_as_editor")
    return get_user_model().objects.filter(is_active=True).filter(permission | Q(is_superuser=True)).distinct().order_by("pk")


def language_for(user):
    """The language `user` reads the workbench in: their preference, else the site's default. Every
    message written for one person asks here; the answer has one home (claims/locale.py)."""
    return language_of(user)


def in_language_of(user, message):
    """`message` (a string, or a function of no arguments that writes it) in `user`'s language."""
    with translation.override(language_for(user)):
        return str(message() if callable(message) else message)


def recipients_and_message(claim, actor, step, fields=()):
    """Who is told what about `step` made by `actor` on `claim`: (kind, [users], message), the message
    a function that writes it in the active language (notify calls it once per recipient's language)."""
    values = {"claim": claim.text, "name": person_name(actor)}
    if step == "assign" or (step == "edit" and "assignee" in fields):
        if claim.due_date:
            return Kind.ASSIGNED, [claim.assignee], lambda: gettext(
                "%(name)s assigned “%(claim)s” to you, due %(due)s.") % {**values, "due": date_format(claim.due_date)}
        return Kind.ASSIGNED, [claim.assignee], lambda: gettext("%(name)s assigned “%(claim)s” to you.") % values
    if step == "send_back":
        return Kind.SENT_BACK, [claim.assignee], lambda: gettext(
            "%(name)s sent “%(claim)s” back to you for more research.") % values
    if step == "propose":
        people = list(editors().exclude(pk=claim.proposed_by_id))
        return Kind.REVIEW, people, lambda: gettext(
            "“%(claim)s” is waiting for your review: %(name)s proposed “%(rating)s”.") % {**values, "rating": claim.rating}
    if step == "publish":
        return Kind.PUBLISHED, [claim.assignee, claim.proposed_by], lambda: gettext(
            "%(name)s published “%(claim)s” as “%(rating)s”.") % {**values, "rating": claim.rating}
    return None, [], ""


def notify_on_claim_change(sender, claim, actor, step, fields=(), **kwargs):
    kind, people, message = recipients_and_message(claim, actor, step, fields)
    notify(claim, kind, [p for p in people if p is not None and (actor is None or p.pk != actor.pk)], message)


def notify(claim, kind, people, message):
    """Write one notification per person (once each) and mail each once this transaction commits:
    the mails carry the rows' ids, so a rolled-back change mails nobody. Returns the rows.
    `message` is a string, or a function that writes it in the active language: each person's copy is
    written in their language (language_for)."""
    seen, rows = set(), []
    with transaction.atomic():
        for person in people:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            text = in_language_of(person, message)
            row = Notification.objects.create(recipient=person, claim=claim, kind=kind, message=text[:300])
            enqueue_mail(row.pk)
            rows.append(row)
    return rows
