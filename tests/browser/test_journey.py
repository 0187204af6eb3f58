"""The whole journey of one claim, through the pages people use: an editor assigns it from the
article, the fact-checker finds it in their queue, researches it and proposes a verdict (and cannot
approve it, even by forging the request), the editor approves and publishes it; the board, the
article's roll-up and the claim's history show it."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim
from claims.workflow import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "Kallas, the EU’s foreign policy chief"


def test_a_claim_from_article_to_publication(seed, open_session, editor, checker):
    article = Article.objects.get()
    claim = Claim.objects.get(quote=QUOTE)
    due = timezone.localdate() + datetime.timedelta(days=3)

    # The editor opens the article and sees its claims highlighted.
    desk = open_session(editor)
    page = desk.page
    page.click('nav.nav >> text="Articles"')
    page.click(f"text={article.title}")
    assert page.locator("[data-article-body] mark.span").count() >= 19
    mark = page.locator(f'mark.span:has(a[href="/claims/{claim.pk}/"])').first
    assert "status-new" in mark.get_attribute("class")
    assert "(new)" in mark.locator("a").get_attribute("aria-label")

    # ... opens the claim from its highlight and assigns it with a due date.
    mark.locator("a").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    page.click("#transition-assign summary")
    page.select_option("#id_assign_assignee", label=checker.get_full_name() or checker.username)
    page.fill("#id_assign_due_date", due.isoformat())
    page.click("#transition-assign button[type=submit]")
    page.wait_for_selector("#status-panel .chip.status-in_research")

    # The fact-checker finds it in "My queue".
    researcher = open_session(checker)
    r = researcher.page
    r.click('nav.nav >> text="My queue"')
    row = r.locator(f'#queue tr[data-claim="{claim.pk}"]')
    assert "Assigned to you" in row.inner_text()
    assert due.strftime("%-d %b") in row.inner_text()
    row.locator("a").first.click()
    r.wait_for_url(f"**/claims/{claim.pk}/")

    # ... adds a source with its stance and excerpt,
    r.click("#evidence summary")
    r.fill("#id_source-url", "https://www.consilium.europa.eu/en/high-representative/")
    r.fill("#id_source-title", "High Representative of the Union")
    r.check("input[name=stance][value=supports]")
    r.fill("#id_evidence_excerpt", "Kaja Kallas, High Representative for Foreign Affairs and Security Policy")
    r.click("#evidence form button[type=submit]")
    r.wait_for_selector("#evidence .evidence-list >> text=High Representative of the Union")
    # ... a note,
    r.fill("#id_note_body", "Confirmed on the Council's own site.")
    r.click("#notes form button[type=submit]")
    r.wait_for_selector("#notes .notes-list >> text=Confirmed on the Council's own site.")
    # ... and proposes a verdict.
    r.click("#transition-propose summary")
    r.select_option("#id_propose_rating", label="True")
    r.fill("#id_propose_conclusion", "She has been the EU's foreign policy chief since December 2024.")
    r.fill("#id_propose_justification", "The Council's own page is the primary source.")
    r.click("#transition-propose button[type=submit]")
    r.wait_for_selector("#status-panel .chip.status-in_review")

    # The fact-checker who proposed it is not offered approval, and a forged request is refused.
    assert r.locator("#transition-approve").count() == 0
    claim.refresh_from_db()
    for path in (reverse("claims:transition", args=[claim.pk, "approve"]),
                 reverse("claims:board_transition", args=[claim.pk])):
        forged = researcher.forged_post(path, {"transition": "approve", "version": str(claim.version)})
        assert forged.status == 403, path
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW

    # The editor approves it on the claim's page ...
    page.goto(desk.base_url + claim.get_absolute_url())
    page.click("#transition-approve summary")
    page.click("#transition-approve button[type=submit]")
    page.wait_for_selector("#status-panel .chip.status-verified")
    # ... and publishes it from the board, where it now waits in "Verified".
    page.click('nav.nav >> text="Board"')
    page.wait_for_url("**/board/")
    assert page.locator(f".column-verified #card-{claim.pk}").count() == 1
    page.click(f"#card-{claim.pk}-publish")
    page.wait_for_selector(f".column-published #card-{claim.pk}")
    assert "Publish: done" in page.locator(f"#card-{claim.pk} .card-alert").inner_text()

    # The article's roll-up and the claim's history show it.
    page.goto(desk.base_url + article.get_absolute_url())
    assert page.locator("[data-rollup]").inner_text() == "1 of 19 claims verified (1 published), 18 new"
    assert "status-published" in page.locator(f'mark.span:has(a[href="/claims/{claim.pk}/"])').first.get_attribute("class")
    page.goto(desk.base_url + claim.get_absolute_url())
    history = page.locator("#history").inner_text()
    for moved in ("from New to In research", "from In research to In review", "from In review to Verified",
                  "from Verified to Published"):
        assert moved in history
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED and claim.approved_by == editor and claim.proposed_by == checker
