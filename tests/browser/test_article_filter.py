"""The article filter of the claims list and of the board, in a browser and from the keyboard: the
headline is searched as you type (claims:article_search), ↓ and Enter choose an article, the page
shows that article's claims only and says so in its address; Clear brings every article back."""
import pytest
from playwright.sync_api import expect

from claims.models import Article, Claim

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_article(seed):
    article = Article.objects.create(title="Harbour tolls rise again", publisher="Port Gazette",
                                     body="Tolls at the harbour rose by a tenth this spring.")
    Claim.create_from_span(article, 0, 31, text="Tolls at the harbour rose by a tenth")
    # Enough other headlines that a <select> of them all would have been long.
    Article.objects.bulk_create(Article(title=f"Council minutes {i}", body="x", body_hash=f"m{i}") for i in range(60))
    return article


def filter_by_keyboard(page, path, box, cards, article):
    """Type words of the headline, ↓ to the match, Enter: only that article's claim is left."""
    assert page.locator(cards).count() > 1
    page.focus(f"#{box}")
    page.keyboard.type("harbour tol")
    option = page.locator(f"#{box}_listbox [role=option]")
    expect(option).to_have_count(1)
    assert page.get_attribute(f"#{box}", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.get_attribute(f"#{box}", "aria-activedescendant") == option.first.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{path}?*article={article.pk}*")
    expect(page.locator(cards)).to_have_count(1)
    assert "Tolls at the harbour" in page.locator(cards).first.inner_text()
    assert f"Chosen: {article.title}" in page.inner_text(f"#{box}_chosen")
    assert_accessible(page)


def test_the_claims_list_filtered_by_an_article_chosen_from_the_keyboard(open_session, editor, other_article):
    page = open_session(editor).go("/claims/")
    filter_by_keyboard(page, "/claims/", "id_filter_article", "#results tbody tr", other_article)
    # Clear, from the keyboard: every article again.
    page.focus("#id_filter_article_chosen [data-autocomplete-clear]")
    page.keyboard.press("Enter")
    expect(page.locator("#results tbody tr")).not_to_have_count(1)
    assert f"article={other_article.pk}" not in page.url


def test_the_board_filtered_by_an_article_chosen_from_the_keyboard(open_session, editor, other_article):
    page = open_session(editor).go("/board/")
    filter_by_keyboard(page, "/board/", "filter-article", ".board-card", other_article)
    # Typing a word that no headline has says so, and Escape closes the list.
    page.focus("#filter-article")
    page.keyboard.press("Control+A")
    page.keyboard.type("zebra")
    expect(page.locator("#filter-article_listbox .autocomplete-empty")).to_have_text("No article headline has these words.")
    page.keyboard.press("Escape")
    assert page.get_attribute("#filter-article", "aria-expanded") == "false"
