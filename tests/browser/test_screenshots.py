"""The pages as a person sees them, at 1280 px, with the seed article part-way through its checks.
Run with SAVE_SCREENSHOTS=1 to write docs/screenshots/*.png (the README shows them)."""
import datetime

import pytest
from django.utils import timezone

from claims.models import Article, Claim, Rating

from ..conftest import add_sources

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def desk_at_work(editor, editor2, checker, checker2):
    """Walk the seed claims into every status, as a working desk would have them."""
    today = timezone.localdate()
    ratings = [Rating.objects.get(slug=s) for s in ("true", "false", "true")]
    claims = list(Claim.objects.order_by("start"))
    for i, claim in enumerate(claims[:12]):
        person = checker if i % 2 else checker2
        claim.transition("assign", editor, version=claim.version, assignee=person,
                         due_date=today + datetime.timedelta(days=1 + i % 4))
        if i >= 3:
            add_sources(claim, person)
            claim.transition("propose", person, version=claim.version, rating=ratings[i % 3], conclusion="Checked.")
        if i >= 6:
            claim.transition("approve", editor2, version=claim.version)
        if i >= 9:
            claim.transition("publish", editor2, version=claim.version)
    claims[12].transition("dismiss", editor, version=claims[12].version, reason="An opinion, not a fact.")
    Claim.objects.filter(pk__in=[claims[0].pk, claims[4].pk]).update(due_date=today - datetime.timedelta(days=2))
    # Spread the claims' opening over the last three weeks, so the chart has a shape.
    for i, claim in enumerate(claims):
        Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(days=(i * 7) % 22))
    return claims


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
        "6 of 19 claims verified (3 published), 3 in review, 3 in research, 6 new, 1 dismissed"
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

    session.go(claims[5].get_absolute_url())
    assert page.locator("#evidence .evidence-list li").count() == 2
    session.screenshot("claim-detail")
