"""A viewer reads everything and is offered no action; a forged POST from them is refused."""
import pytest
from django.urls import reverse

from claims.models import Article, Claim
from claims.workflow import Status

from ..conftest import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_viewer_sees_everything_and_is_offered_no_action(seed, open_session, viewer, editor, checker):
    claim = Claim.objects.order_by("start").first()
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    article = Article.objects.get()
    session = open_session(viewer)
    page = session.page

    for path in ["/", "/board/", "/queue/", "/articles/", article.get_absolute_url(), claim.get_absolute_url()]:
        session.go(path)
        assert page.locator("main").inner_text().strip(), path
        # Nothing to press: no button that changes anything, no form that posts.
        assert page.locator("main form[method=post]").count() == 0, path
        assert page.locator("main [hx-post]").count() == 0, path

    session.go("/board/")
    assert page.locator(".board-card").count() == 19
    assert page.locator(".board-card .actions").count() == 0

    session.go(article.get_absolute_url())
    assert page.locator("[data-article-body] mark.span").count() >= 19

    # Forged: a valid CSRF token, the board's own endpoint, a step the page never offered.
    step = reverse("claims:board_transition", args=[claim.pk])
    forged = session.forged_post(step, {"transition": "approve", "version": str(claim.version)})
    assert forged.status == 403
    assert "Only an editor who did not propose this verdict can approve it." in forged.text()
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
