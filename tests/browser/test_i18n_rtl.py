"""Right to left (issue #18): in Arabic the page says dir="rtl", the browser lays it out right to left
(the navigation's first item on the right) and nothing overflows sideways, wide or on a phone; the
switcher changes a visitor's language without a script."""
import pytest

from claims.models import Preference

from .conftest import PHONE, assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav_boxes(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('nav.nav a'))
        .map(a => { const r = a.getBoundingClientRect(); return {text: a.textContent.trim(), left: r.left, right: r.right}; })""")


def test_in_arabic_the_workbench_is_laid_out_right_to_left(seed, open_session, checker):
    Preference.objects.create(user=checker, language="ar")
    session = open_session(checker)  # logs in: the preference applies from the first page after
    page = session.go("/")
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).direction") == "rtl"

    links = nav_boxes(page)
    assert links[0]["text"] == "لوحة المتابعة"  # Dashboard, translated
    # The first item is the rightmost and each next one is to its left.
    assert all(a["left"] > b["left"] for a, b in zip(links, links[1:])), links
    width = page.evaluate("() => window.innerWidth")
    assert links[0]["right"] > width / 2 > links[-1]["left"], links
    assert_no_horizontal_overflow(page)

    for path in ["/claims/", "/board/", "/queue/"]:
        session.go(path)
        assert_no_horizontal_overflow(page)

    page.set_viewport_size(PHONE)
    for path in ["/", "/claims/"]:
        session.go(path)
        assert_no_horizontal_overflow(page)
        # Folded on a phone: the menu's button sits on the left-hand side's opposite, at the start of the line.
        toggle = page.locator(".nav-toggle").bounding_box()
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] > toggle["x"], (brand, toggle)


def test_a_visitor_switches_language_on_the_log_in_page(chromium, live_server):
    context = chromium.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_server.url + "/accounts/login/")
        assert page.evaluate("() => document.documentElement.dir") == "rtl"  # Accept-Language: ar
        assert page.locator("h1").inner_text() == "منصة التحقق من الادعاءات"
        assert_no_horizontal_overflow(page)
        assert_accessible(page)

        page.select_option("#language-switcher-choice", "de")
        page.locator(".language-switcher button").click()
        page.wait_for_url(live_server.url + "/accounts/login/")
        assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["de", "ltr"]
        assert page.locator("button[type=submit].btn-primary").inner_text() == "Anmelden"
        assert page.locator("#language-switcher-choice").input_value() == "de"
    finally:
        context.close()
    assert not errors


# Where the first letter of each element's text is drawn, and the element's own box: a title cut short
# must keep its beginning.
FIRST_LETTERS = """selector => Array.from(document.querySelectorAll(selector)).map(element => {
    const range = document.createRange(), text = element.firstChild;
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const letter = range.getBoundingClientRect(), box = element.getBoundingClientRect();
    return {text: element.textContent.trim(), inside: letter.left >= box.left - 1 && letter.right <= box.right + 1};
})"""


def test_an_english_title_cut_short_on_an_arabic_page_keeps_its_beginning(seed, open_session, checker):
    """The article column shows "EU Diplomat: Disagr…", not "…of the Willing": the title takes its
    own direction, so the ellipsis falls at its end."""
    Preference.objects.create(user=checker, language="ar")
    session = open_session(checker)
    page = session.go("/claims/")
    cells = page.evaluate(FIRST_LETTERS, ".article-cell a")
    assert cells and all(cell["inside"] for cell in cells), cells


# For each chart: the left of its axes, and the right edge of every label anchored at its end (the value
# and category labels left of the plot).
END_LABELS = """() => Array.from(document.querySelectorAll('svg.chart')).map(chart => {
    const axis = Math.min(...Array.from(chart.querySelectorAll('line.axis')).map(l => l.getBoundingClientRect().left));
    return Array.from(chart.querySelectorAll('text[text-anchor=end]'))
        .map(t => ({text: t.textContent, right: t.getBoundingClientRect().right, axis}));
}).flat()"""


def test_in_arabic_the_charts_labels_stay_left_of_the_plot(seed, open_session, checker):
    """A chart grows left to right in every language; on a right-to-left page an SVG label's "end" is its
    left side, so without the style sheet's correction the stage names ran over the bars."""
    Preference.objects.create(user=checker, language="ar")
    session = open_session(checker)
    labels = []
    for path in ["/", "/desk/"]:
        labels += session.go(path).evaluate(END_LABELS)
    assert any(label["text"] == "قيد البحث" for label in labels), labels  # the Desk page's stage names
    overlapping = [label for label in labels if label["right"] > label["axis"] + 0.5]
    assert not overlapping, overlapping
