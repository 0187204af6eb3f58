"""Notifications: who is told about which step (never the actor), the email, the badge, the page and
"mark all read"."""
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.models import Claim, Notification
from claims.workflow import Status

from .conftest import add_sources, advance, login

Kind = Notification.Kind


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (where claim_changed is sent) inside the test's transaction."""
    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)
    return run


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_assignment_notifies_the_assignee_and_emails_them(claim, editor, checker, commits, mailoutbox):
    commits(claim.transition, "assign", editor, version=claim.version, assignee=checker)
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.claim) == (checker, Kind.ASSIGNED, claim)
    # Assigned without a due date: the normal priority's deadline policy (migration 0014) gives one.
    due = claim.default_due_date()
    assert note.message == f"Editor assigned “Only six nations pledged troops” to you, due {due.day} {due:%b %Y}."
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["checker@example.org"]
    assert "Assigned to you" in mail.subject and f"/claims/{claim.pk}/" in mail.body
    assert not Notification.objects.filter(recipient=editor).exists()


def test_taking_a_claim_notifies_nobody(claim, checker, commits, mailoutbox):
    commits(claim.transition, "take", checker, version=claim.version)
    assert not Notification.objects.exists() and not mailoutbox


def test_reassignment_notifies_the_new_assignee(claim, editor, checker, checker2, commits):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    commits(claim.update_details, editor, version=claim.version, assignee=checker2)
    assert kinds_for(checker2) == [Kind.ASSIGNED]


def test_other_detail_edits_notify_nobody(claim, editor, checker, commits):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    commits(claim.update_details, editor, version=claim.version, priority=4)
    assert not Notification.objects.exists()


def test_send_back_notifies_the_assignee(claim, editor, editor2, checker, commits):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    commits(claim.transition, "send_back", editor2, version=claim.version, comment="Find the primary source.")
    assert kinds_for(checker) == [Kind.SENT_BACK]


def test_proposed_verdict_notifies_every_editor_but_the_proposer(claim, editor, editor2, checker, rating_false, commits):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    commits(claim.transition, "propose", editor, version=claim.version, rating=rating_false, conclusion="False.")
    assert kinds_for(editor2) == [Kind.REVIEW]
    assert kinds_for(editor) == []
    assert kinds_for(checker) == []


def test_checkers_proposal_notifies_both_editors(claim, editor, editor2, checker, rating_false, commits):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    commits(claim.transition, "propose", checker, version=claim.version, rating=rating_false, conclusion="False.")
    assert kinds_for(editor) == [Kind.REVIEW] and kinds_for(editor2) == [Kind.REVIEW]


def test_publication_notifies_assignee_and_proposer_once_each(claim, editor, editor2, checker, commits):
    advance(claim, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    commits(claim.transition, "publish", editor2, version=claim.version)
    # The checker both researched and proposed: one notification, not two.
    assert kinds_for(checker) == [Kind.PUBLISHED]
    assert kinds_for(editor2) == []


def test_steps_made_over_http_notify(client, claim, editor, checker, commits):
    login(client, editor)
    response = commits(client.post, reverse("claims:transition", args=[claim.pk, "assign"]),
                       {"version": claim.version, "assignee": checker.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert kinds_for(checker) == [Kind.ASSIGNED]


def test_a_failing_mail_server_does_not_break_the_step(claim, editor, checker, commits, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications.BrokenMailer"}}
    commits(claim.transition, "assign", editor, version=claim.version, assignee=checker)
    assert kinds_for(checker) == [Kind.ASSIGNED]
    note = Notification.objects.get(recipient=checker)
    # The mail waits for another attempt (tests/test_task_queue.py follows it through the retries).
    assert (note.mail_status, note.mail_attempts) == (Notification.MailStatus.PENDING, 1)
    assert "mail attempt 1 failed (ConnectionRefusedError: mail server down)" in caplog.text


class BrokenMailer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# --- the badge, the page, mark all read ------------------------------------------------------------


def notify(user, claim, n=1, kind=Kind.ASSIGNED):
    for i in range(n):
        Notification.objects.create(recipient=user, claim=claim, kind=kind, message=f"Message {i}")


def test_badge_shows_the_unread_count(client, claim, checker):
    notify(checker, claim, 3)
    html = login(client, checker).get(reverse("claims:list")).content.decode()
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in html


def test_no_badge_without_unread(client, claim, checker):
    html = login(client, checker).get(reverse("claims:list")).content.decode()
    assert 'class="badge"' not in html
    assert ">Notifications</a>" in html


def test_badge_costs_one_query(rf, claim, checker, django_assert_num_queries):
    from claims.context_processors import notifications

    request = rf.get("/")
    request.user = checker
    context = notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notification_count"]() == 0 and context["unread_notification_count"]() == 0


def test_page_lists_only_my_notifications_with_links(client, claim, checker, checker2):
    notify(checker, claim, 2)
    Notification.objects.create(recipient=checker2, claim=claim, kind=Kind.REVIEW, message="Not for checker")
    response = login(client, checker).get(reverse("claims:notifications"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(f'<a href="/claims/{claim.pk}/">Message') == 2
    assert "Not for checker" not in html
    assert 'aria-current="page">Notifications' in html


def test_mark_all_read_marks_only_mine(client, claim, checker, checker2):
    notify(checker, claim, 2)
    notify(checker2, claim, 1)
    response = login(client, checker).post(reverse("claims:notifications_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=checker, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=checker2, read_at__isnull=True).count() == 1
    assert "2 notifications marked as read." in client.get(response["Location"]).content.decode()


def test_mark_all_read_only_answers_post(client, checker):
    assert login(client, checker).get(reverse("claims:notifications_read")).status_code == 405


def test_anonymous_cannot_see_or_mark_notifications(client):
    assert client.get(reverse("claims:notifications")).status_code == 302
    assert client.post(reverse("claims:notifications_read")).status_code == 302


def test_opening_the_claim_marks_its_notifications_read(client, claim, article, checker):
    notify(checker, claim, 2)
    login(client, checker).get(claim.get_absolute_url())
    assert not Notification.objects.filter(recipient=checker, read_at__isnull=True).exists()


def test_opening_a_claim_leaves_the_others_unread_and_counts_them_in_the_badge(client, claim, article, checker, checker2):
    other = Claim.create_from_span(article, 0, 4, text="Only")
    notify(checker, claim, 2)
    notify(checker, other, 3)
    notify(checker2, claim, 1)
    html = login(client, checker).get(claim.get_absolute_url()).content.decode()
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in html
    assert Notification.objects.filter(recipient=checker, read_at__isnull=True, claim=other).count() == 3
    assert Notification.objects.filter(recipient=checker2, read_at__isnull=True).count() == 1
    # Nothing more to mark: the badge stays as it was.
    html = client.get(other.get_absolute_url()).content.decode()
    assert 'class="badge"' not in html
    assert 'class="badge"' not in client.get(claim.get_absolute_url()).content.decode()


def test_empty_page_explains_what_will_appear(client, checker):
    html = login(client, checker).get(reverse("claims:notifications")).content.decode()
    assert "Nothing for you yet." in html


def test_notification_text_is_escaped(client, claim, checker):
    Notification.objects.create(recipient=checker, claim=claim, kind=Kind.ASSIGNED, message="<b>bold</b>")
    html = login(client, checker).get(reverse("claims:notifications")).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_badge_is_counted_with_the_permissions_in_one_query(rf, claim, checker, django_assert_num_queries):
    # Every page's navigation asks both (claims/backends.py reads them in one round trip).
    from claims.context_processors import notifications

    notify(checker, claim, 2)
    request = rf.get("/")
    request.user = User.objects.get(pk=checker.pk)
    with django_assert_num_queries(1):
        assert notifications(request)["unread_notification_count"]() == 2
        assert request.user.has_perm("claims.view_claim") and not request.user.has_perm("claims.act_as_editor")


def test_a_superusers_badge_counts_too(rf, claim, superuser):
    from claims.context_processors import notifications

    notify(superuser, claim, 1)
    request = rf.get("/")
    request.user = User.objects.get(pk=superuser.pk)
    assert notifications(request)["unread_notification_count"]() == 1
