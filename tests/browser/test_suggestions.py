"""The suggestions page in a browser: accepting a long sentence gives a claim with a short title, the
sentence shown once, and "Accept another claim" explains instead of copying; axe-core passes in each
state."""
import pytest

from claims.models import Article, Claim

from .conftest import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AFP = "AFP, citing unnamed European officials, reported later that day"


def test_accept_a_long_sentence_then_refuse_an_exact_copy(seed, open_session, editor):
    article = Article.objects.get()
    before = Claim.objects.count()
    session = open_session(editor)
    page = session.go(f"/articles/{article.pk}/suggestions/")
    assert_accessible(page)
    row = page.locator("li.suggestion", has_text=AFP)
    # High scores are told in words too, not only by colour.
    assert "high" in row.locator(".score").inner_text().lower()
    assert "Gives a figure (six)" in row.locator(".reasons").inner_text()

    row.locator("summary", has_text="Trim, reword or split").click()
    title = row.locator("input[name$='-text']").input_value()
    assert title == "AFP: only six nations had so far pledged to contribute troops"
    row.locator(".accept-fields button[type=submit]").click()
    created = page.locator("li.suggestion .created")
    created.wait_for()
    assert "Claim created: AFP: only six nations had so far pledged to contribute troops" in created.inner_text()
    assert Claim.objects.count() == before + 1
    assert_accessible(page)

    # The same words with the same wording again: refused, with a message saying what to do.
    row = page.locator("li.suggestion", has_text=AFP)
    row.locator("summary", has_text="Trim, reword or split").click()
    row.locator(".accept-fields button[type=submit]").click()
    page.locator("li.suggestion .alert-error", has_text="already quotes exactly these words").wait_for()
    assert Claim.objects.count() == before + 1
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_horizontal_overflow(page)
