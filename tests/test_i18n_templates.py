"""No template shows a person words outside a translation tag (issue #18).

Each template is read with Django's own template Lexer. What a translation tag renders
({% translate %}, {% blocktranslate %}...{% endblocktranslate %}), every variable and every other tag
becomes a neutral mark; comments ({# #}, {% comment %}) and {% verbatim %} disappear. What is left is
the template's own HTML, which html.parser reads for the text a person sees: text nodes (outside
<script>, <style> and machine text in <code>, <kbd>, <pre>, <samp>) and the attributes read aloud or
shown (placeholder, title, alt, aria-label, the value of buttons, a description meta's content).
Text with a letter in it fails, with its file:line; punctuation, digits, symbols and the few
non-words of ALLOWED pass. A variable's default written in the template ({{ x|default:"someone" }})
is text too and fails the same way."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

MARK = "\ue000"  # what a variable, a tag or a translation renders, as far as this scanner knows
LETTER = re.compile(r"[^\W\d_]")
# Not words in any language: symbols and marks a template may write as they are.
ALLOWED = {"©", "×", "·", "…", "→", "←", "↑", "↓", "✓", "✕"}
READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "aria-placeholder", "aria-roledescription", "aria-valuetext"}
BUTTON_INPUTS = {"submit", "button", "reset"}
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "pre", "samp"}
# Blocks that base.html puts inside an attribute (class="{% block body_class %}"): class names, not text.
ATTRIBUTE_BLOCKS = {"body_class", "page_class"}
# A partial that is a run of attributes ({% partialdef place-attributes %} data-x="{{ v }}"{% endpartialdef %}),
# rendered inside a tag: attribute names, not text.
ATTRIBUTES_ONLY = re.compile(r'^\s*([\w:-]+="[^"]*"\s*)+$')
DEFAULT_LITERAL = re.compile(r"""\|default(?:_if_none)?:(["'])(.*?)\1""")


def template_files():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(settings.BASE_DIR, app, "templates") for app in ("claims", "api")]
    return sorted(path for root in roots if root.exists() for path in root.rglob("*.html"))


def skeleton(source):
    """The template's own text, with everything Django renders replaced by MARK and the line breaks
    kept, so html.parser's line numbers are the template's."""
    pieces, skipping = [], None
    ends = {"attribute block": "endblock", "comment": "endcomment", "verbatim": "endverbatim", "blocktranslate": "endblocktranslate",
            "blocktrans": "endblocktrans"}
    problems, partials = [], []
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(None, 1)[0] if token.contents.strip() else ""
            if skipping is None and name == "partialdef":
                partials.append(len(pieces))
            elif skipping is None and name == "endpartialdef" and partials:
                start = partials.pop()
                body = "".join(pieces[start + 1:])
                if ATTRIBUTES_ONLY.match(body):
                    pieces[start + 1:] = [MARK + "\n" * body.count("\n")]
            if skipping and name == ends[skipping]:
                skipping = None
                pieces.append(MARK + newlines)
                continue
            if skipping is None and name in ends:
                skipping = name
            elif skipping is None and name == "block" and token.contents.split()[1] in ATTRIBUTE_BLOCKS:
                skipping = "attribute block"
            pieces.append((MARK if skipping not in ("comment", "attribute block") else "") + newlines)
        elif skipping or token.token_type == TokenType.COMMENT:
            pieces.append(newlines)
        elif token.token_type == TokenType.VAR:
            for match in DEFAULT_LITERAL.finditer(token.contents):
                if LETTER.search(match.group(2)):
                    problems.append((token.lineno, match.group(2)))
            pieces.append(MARK + newlines)
        else:
            pieces.append(token.contents)
    return "".join(pieces), problems


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skipped = [], []

    def handle_starttag(self, tag, attrs):
        attrs = {name.replace(MARK, ""): value or "" for name, value in attrs}
        for name, value in attrs.items():
            # A <button>'s value is what the form sends, not what it shows; an input button shows its value.
            button_value = name == "value" and tag == "input" and attrs.get("type") in BUTTON_INPUTS
            description = name == "content" and tag == "meta" and attrs.get("name") == "description"
            if name in READ_ATTRIBUTES or button_value or description:
                self.check(value)
        if tag in SKIPPED_ELEMENTS:
            self.skipped.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipped.pop()

    def handle_endtag(self, tag):
        if self.skipped and self.skipped[-1] == tag:
            self.skipped.pop()

    def handle_data(self, data):
        if not self.skipped:
            self.check(data)

    def check(self, text):
        # Each run of the template's own text between two marks on its own: "{% if a %}active{% else %}revoked"
        # is two texts, each on its line.
        line = self.getpos()[0]
        for piece in text.split(MARK):
            words = " ".join(piece.split())
            if words and words not in ALLOWED and LETTER.search(words):
                leading = piece[:len(piece) - len(piece.lstrip())]
                self.found.append((line + leading.count("\n"), words))
            line += piece.count("\n")


def untranslated(path):
    source = path.read_text(encoding="utf-8")
    html, problems = skeleton(source)
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return sorted(problems + parser.found)


def relative(path):
    return path.relative_to(settings.BASE_DIR)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(relative(p)))
def test_no_visible_text_outside_translation_tags(path):
    found = untranslated(path)
    assert not found, "Text outside translation tags:\n" + "\n".join(f'{relative(path)}:{line} "{text}"' for line, text in found)


# A date written for people names a locale format (DATE_FORMAT, SHORT_DATE_FORMAT, MONTH_DAY_FORMAT,
# DATETIME_FORMAT...: Django's, or workbench/formats/'s), so that each language writes it its own way
# ("7 déc. 2026", "7. Dezember 2026"); "j M Y" keeps the English order in every language. Machine
# formats (ISO 8601 for <time datetime>, RFC 5322) are for programs and stay as they are.
DATE_FILTER = re.compile(r"""\|(?:date|time):(["'])(.*?)\1""")
MACHINE_DATE_FORMATS = {"c", "Y-m-d", "U", "r", "H:i"}


def hard_coded_date_formats(path):
    found = []
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.VAR:
            for match in DATE_FILTER.finditer(token.contents):
                fmt = match.group(2)
                if fmt not in MACHINE_DATE_FORMATS and not re.fullmatch(r"[A-Z_]+", fmt):
                    found.append((token.lineno, fmt))
    return found


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(relative(p)))
def test_dates_for_people_use_the_locales_formats(path):
    found = hard_coded_date_formats(path)
    assert not found, "Dates with a fixed format (name a locale format, docs/i18n.md):\n" + "\n".join(
        f'{relative(path)}:{line} date:"{fmt}"' for line, fmt in found)


def test_the_scanner_finds_text_nodes_attributes_and_defaults(tmp_path):
    template = tmp_path / "t.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1>\n'
        '<p>Plain words</p>\n'
        '<input placeholder="Search claims" value="{{ q }}">\n'
        '<button value="go" type="submit">{% translate "Go" %}</button>\n'
        '<p>{% blocktranslate %}Inside {{ x }}{% endblocktranslate %} · 3 ©</p>\n'
        '{# a comment #}{% comment %}Not shown{% endcomment %}<script>var a = "no";</script>\n'
        '<span title="{% translate "ok" %}">{{ user|default:"someone" }}</span><code>make test</code>\n'
        '<meta name="description" content="About us">\n'
        '<li{% partialdef attrs %} data-text="{{ t }}"{% endpartialdef %}>{% partialdef words %}Words{% endpartialdef %}</li>\n',
        encoding="utf-8")
    assert untranslated(template) == [(2, "Plain words"), (3, "Search claims"), (7, "someone"), (8, "About us"), (9, "Words")]
    template.write_text('{{ a|date:"j M Y" }} {{ a|date:"DATE_FORMAT" }} {{ a|date:\'c\' }}\n{{ a|date:"D j M" }}', encoding="utf-8")
    assert hard_coded_date_formats(template) == [(1, "j M Y"), (2, "D j M")]


def test_the_scanner_reports_each_piece_of_text_on_its_own_line(tmp_path):
    template = tmp_path / "t.html"
    template.write_text('<td>{% if a %}active{% else %}\n  revoked {{ when }}{% endif %}</td>\n<input type="submit" value="Send">',
                        encoding="utf-8")
    assert untranslated(template) == [(1, "active"), (2, "revoked"), (3, "Send")]
