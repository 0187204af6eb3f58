"""The pages as a person sees them, at 1280 px, on the demo desk `make run` shows.
Run with SAVE_SCREENSHOTS=1 to write docs/screenshots/*.png (the README shows them)."""
import pytest

from claims import demodesk
from claims.models import Article, Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def desk_at_work(editor, editor2, checker, checker2):
    """The demo desk `make run` shows (claims/demodesk.py): the seed claims in every status."""
    demodesk.build(Article.objects.get())
    return list(Claim.objects.order_by("start"))


def test_screenshots_of_the_workbench(seed, open_session, editor, editor2, checker, checker2):
    claims = desk_at_work(editor, editor2, checker, checker2)
    article = Article.objects.get()
    session = open_session(editor)
    page = session.page

    session.go("/")
    assert page.locator(".stat-grid .stat").count() == 7
    assert page.locator("svg.chart polyline").count() == 2
    session.screenshot("dashboard")

    session.go(article.get_absolute_url())
    assert page.locator(".claim-index > li").count() == 19
    assert page.locator("[data-rollup]").inner_text() == (
        "6 of 19 claims verified (4 published), 3 in review, 4 in research, 5 new, 1 dismissed"
    )
    session.screenshot("article")

    session.go("/board/")
    assert page.locator(".board-column").count() == 6
    session.screenshot("board")

    session.go("/queue/")
    session.screenshot("queue")

    session.go("/articles/")
    session.screenshot("articles")

    session.go("/claims/")
    assert page.locator(f'main a[href="{claims[0].get_absolute_url()}"]').count() >= 1
    session.screenshot("claims-list")

    in_review = Claim.objects.filter(status="in_review").order_by("start").first()
    session.go(in_review.get_absolute_url())
    assert page.locator("#evidence .evidence-list li").count() == 2
    session.screenshot("claim-detail")
