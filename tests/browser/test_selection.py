"""Making a claim by selecting text in an article (static/claims/select-claim.js): the browser sends
the quote with its context, the server finds the exact span again."""
import pytest
from django.urls import reverse

from claims.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SELECT_IN_PARAGRAPH = """([index, words]) => {
    const paragraph = document.querySelectorAll("[data-article-body] p")[index];
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes(words)) {}
    const start = node.textContent.indexOf(words);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + words.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
}"""


@pytest.mark.parametrize("where", ["claims:article", "claims:suggestions"])
def test_selecting_text_offers_new_claim_and_creates_it_exactly(open_session, editor, article, where):
    session = open_session(editor)
    page = session.go(reverse(where, args=[article.pk]))
    form = page.locator("form.select-claim")
    assert form.count() == 0 or form.is_hidden()
    # "plan would cost 2 billion euros" sits in the third paragraph, outside any claim.
    page.evaluate(SELECT_IN_PARAGRAPH, [2, "plan would cost 2 billion euros"])
    form.wait_for(state="visible")
    assert form.locator("input[name=text]").input_value() == "plan would cost 2 billion euros"
    form.locator("input[name=text]").fill("The plan would cost 2 billion euros")
    form.get_by_role("button", name="New claim").click()
    page.locator(".select-claim-status a").wait_for()
    claim = Claim.objects.get()
    assert claim.quote == "plan would cost 2 billion euros"
    assert article.body[claim.start:claim.end] == claim.quote
    assert claim.text == "The plan would cost 2 billion euros" and claim.created_by == editor
    assert page.locator(".select-claim-status a").get_attribute("href") == claim.get_absolute_url()


def test_viewers_are_not_offered_new_claim(open_session, viewer, article):
    page = open_session(viewer).go(reverse("claims:article", args=[article.pk]))
    page.evaluate(SELECT_IN_PARAGRAPH, [2, "plan would cost 2 billion euros"])
    page.wait_for_timeout(300)
    assert page.locator("form.select-claim").count() == 0


SELECT_NTH_OCCURRENCE = """([index, words, nth]) => {
    const paragraph = document.querySelectorAll("[data-article-body] p")[index];
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let node, seen = 0;
    while ((node = walker.nextNode())) {
        let start = -1;
        while ((start = node.textContent.indexOf(words, start + 1)) >= 0) {
            if (seen++ === nth) {
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + words.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return;
            }
        }
    }
}"""


@pytest.mark.parametrize("where", ["claims:article", "claims:suggestions"])
def test_after_emoji_a_repeated_sentence_is_anchored_where_it_was_selected(open_session, editor, where):
    """The browser counts UTF-16 code units (two per emoji), the server code points: the offset the
    browser sends is converted, or it would point at the next occurrence of the repeated sentence,
    whose context is the same (tests/test_input_hardening.py builds the text)."""
    from claims.models import Article
    from tests.test_input_hardening import ASTRAL_BODY, occurrence

    article = Article.objects.create(title="Emoji", body=ASTRAL_BODY)
    page = open_session(editor).go(reverse(where, args=[article.pk]))
    page.evaluate(SELECT_NTH_OCCURRENCE, [1, "Same claim here.", 2])
    form = page.locator("form.select-claim")
    form.wait_for(state="visible")
    form.get_by_role("button", name="New claim").click()
    page.locator(".select-claim-status a").wait_for()
    claim = Claim.objects.get()
    assert claim.start == occurrence(ASTRAL_BODY, 2)
