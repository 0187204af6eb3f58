"""Two people on the same claim in two browsers: the one who acts second on a page that has gone
stale is told what changed, nothing is written, and what they typed is still there."""
import pytest

from claims.models import Claim
from claims.workflow import Status

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "An opinion about the mission, not a checkable statement of fact; keep it for the record."


def test_the_second_editor_gets_the_conflict_and_keeps_what_they_typed(seed, open_session, editor, editor2, checker):
    claim = Claim.objects.order_by("start").first()
    first, second = open_session(editor), open_session(editor2)
    first.go(claim.get_absolute_url())
    second.go(claim.get_absolute_url())

    # The second editor starts writing a dismissal ...
    second.page.click("#transition-dismiss summary")
    second.page.fill("#id_dismiss_reason", REASON)
    # ... while the first assigns the claim.
    first.page.click("#transition-assign summary")
    first.page.select_option("#id_assign_assignee", label=checker.get_full_name())
    first.page.click("#transition-assign button[type=submit]")
    first.page.wait_for_selector("#status-panel .chip.status-in_research")

    second.page.click("#transition-dismiss button[type=submit]")
    conflict = second.page.wait_for_selector("#transition-dismiss .alert-conflict")
    text = conflict.inner_text()
    assert "Someone else changed this claim" in text
    assert "In research" in text  # what it is now
    assert second.page.input_value("#id_dismiss_reason") == REASON
    assert_accessible(second.page)
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH and claim.assignee == checker

    # On the board too: a card pressed after someone else moved its claim shows the conflict on
    # the card itself, redrawn as the claim is now, and live updates pause until it is closed.
    other = Claim.objects.order_by("start")[1]
    other.transition("dismiss", editor, version=other.version, reason="Not a checkable claim")
    # Fake timers in the second browser, so the board's 10-second polling can be run on demand.
    second.page.clock.install()
    second.go("/board/")
    other.transition("restore", editor, version=other.version)  # behind the second editor's back
    second.page.click(f"#card-{other.pk}-restore")
    card_alert = second.page.wait_for_selector(f".column-new #card-{other.pk} .card-alert")
    assert "Someone else changed this claim" in card_alert.inner_text()
    assert_accessible(second.page)
    other.refresh_from_db()
    assert other.status == Status.NEW

    # While the message is open, polling holds back: a colleague's move does not clobber it ...
    third = Claim.objects.order_by("start")[2]
    third.transition("dismiss", editor, version=third.version, reason="Duplicate of another claim")
    second.page.clock.run_for(11_000)
    second.page.wait_for_timeout(300)
    assert second.page.locator(f".column-new #card-{third.pk}").count() == 1
    assert second.page.locator(f"#card-{other.pk} .card-alert").count() == 1
    # ... and once it is closed, the next poll brings the board up to date.
    second.page.click(f"#card-{other.pk} [data-dismiss-alert]")
    with second.page.expect_response(lambda response: "/board/" in response.url):
        second.page.clock.run_for(11_000)
    second.page.wait_for_selector(f".column-dismissed #card-{third.pk}")
