"""The main pages in each of the six languages (issue #18): no English left on screen, and nothing wider
than the screen with the longer words (German's) or right to left (Arabic) at 1280 px and on a 390 px phone.

"English left" is a visible text node that equals an English msgid of the catalogue whose translation
differs (a msgid translated as itself, such as "Format" in German, is not a leftover; data is not in
the catalogue, so it is never one). The catalogue is read from locale/<language>/LC_MESSAGES/django.po.

The public fact-check page reads in its article's language (claims/views/public.py): the article is
set to the language under test for it. The person's language is chosen the way a browser does
(Accept-Language) and the way the switcher does (Django's language cookie)."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from claims.models import Article
from tests.every_page import World

from .conftest import PHONE, WIDTH, Session, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = {"es": "es", "fr": "fr", "pt-br": "pt_BR", "de": "de", "uk": "uk", "ar": "ar"}
VIEWPORTS = {"desktop": {"width": WIDTH, "height": 900}, "phone": PHONE}


def english_msgids(locale_name):
    """The msgids of the language's catalogue that are translated as something else, without
    placeholders (a text node can only equal those)."""
    text = (LOCALE / locale_name / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found, words_of_the_language = set(), set()
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = fields.get("msgid", "").replace('\\"', '"').replace("\\n", "\n")
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", "")).replace('\\"', '"')
        if msgid and msgstr and msgstr != msgid and "%(" not in msgid and "{" not in msgid and "<" not in msgid:
            found.add(" ".join(msgid.split()))
        if msgstr:
            words_of_the_language.add(" ".join(msgstr.split()))
    # A word both languages spell alike ("Filter": the German for "Filters", and an English button) is
    # the language's own when the catalogue uses it as a translation.
    return found - words_of_the_language


# Every visible text node of the page, whitespace folded, and whether it is in the page's <main> (its
# own content) or in the frame around it (navigation, footer): the report says which.
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !parent || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(parent.tagName)) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    // A claim's own words, marked with their language (lang="en" in a Spanish page), are content, not the interface.
    const part = parent.closest('[lang]');
    if (part && part !== document.documentElement && part.lang.toLowerCase() !== document.documentElement.lang.toLowerCase()) continue;
    texts.push([text, !!parent.closest('main')]);
  }
  return texts;
}"""


def english_left(page, msgids):
    """{"main": [...], "frame": [...]}: the English texts left, in the page's content and around it."""
    left = {"main": set(), "frame": set()}
    for text, in_main in page.evaluate(VISIBLE_TEXT):
        if text in msgids:
            left["main" if in_main else "frame"].add(text)
    return {where: sorted(texts) for where, texts in left.items() if texts}


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    call_command("compilemessages", verbosity=0)
    translation.trans_real._translations.clear()


@pytest.fixture
def world(article):
    return World(article)


def public_pages(world):
    return {
        "public page": f"/fact-checks/{world.published.pk}/",
        "public index": "/fact-checks/",
        "exports": "/exports/",
        "article report": f"/articles/{world.article.pk}/report/",
    }


def workbench_pages(world):
    return {
        "dashboard": "/",
        "claims list": "/claims/",
        "claim page": f"/claims/{world.claim.pk}/",
        "board": "/board/",
        "queue": "/queue/",
        "article view": f"/articles/{world.article.pk}/",
        "desk": "/desk/",
        "notifications": "/notifications/",
    }


def walk(chromium, live_server, world, language, pages):
    """Open each page in `language` at both widths; {page: problems} of those that fail."""
    from tests.conftest import PASSWORD

    # The fact-check page follows its article's language.
    Article.objects.filter(pk=world.article.pk).update(language=language)
    msgids = english_msgids(LANGUAGES[language])
    session = Session(chromium, live_server.url, world.users["editor"], PASSWORD)
    session.context.set_extra_http_headers({"Accept-Language": language})
    session.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    problems = {}
    try:
        for name, url in pages.items():
            for viewport, size in VIEWPORTS.items():
                session.page.set_viewport_size(size)
                page = session.go(url)
                session.screenshot(f"i18n-{language}-{name.replace(' ', '-')}-{viewport}")  # SAVE_SCREENSHOTS=1 only
                found = []
                lang = page.evaluate("() => document.documentElement.lang")
                if lang.lower() != language:
                    found.append(f'<html lang="{lang}">')
                leftovers = english_left(page, msgids)
                if leftovers:
                    found.append(f"English left: {leftovers}")
                try:
                    assert_no_horizontal_overflow(page)
                except AssertionError as overflow:
                    found.append(f"{viewport}: {overflow}")
                if session.errors:  # e.g. an SVG coordinate written with a decimal comma
                    found.append(f"{viewport}: browser errors: {sorted(set(session.errors))[:3]}")
                    session.errors.clear()
                if found:
                    problems.setdefault(name, []).extend(found)
    finally:
        session.close()
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_reports_and_exports_have_no_english_left_and_fit(chromium, live_server, world, language):
    problems = walk(chromium, live_server, world, language, public_pages(world))
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


@pytest.mark.parametrize("language", LANGUAGES)
def test_workbench_pages_have_no_english_left_and_fit(chromium, live_server, world, language):
    problems = walk(chromium, live_server, world, language, workbench_pages(world))
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())
