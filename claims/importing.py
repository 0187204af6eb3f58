"""Turn pasted text or an uploaded file into an Article.

Every refusal is an ImportRefused with a message for the editor, raised before anything is written:
empty text, a file or a paste over MAX_BYTES, bytes that are not UTF-8, a control character (a NUL,
an escape...; claims.parsing), a type we cannot read, or an article already imported (same origin
URL, or the same text once normalised). The size and control-character limits hold for every way
text reaches an article (refuse_unreadable_text): upload, paste, the import_article command and a
revision of the text.

HTML is reduced to its readable text with Python's own html.parser: paragraphs and headings become
paragraphs, and scripts, styles, navigation, headers, footers, asides and forms are dropped. A
readability library would guess which <div> is the article; here the editor pastes or uploads the
article itself, so dropping the page furniture by tag is enough and adds no dependency.
"""
import re
from html.parser import HTMLParser
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from django.utils.translation import gettext

from .anchoring import normalise_text
from .language import detect_language
from .models import Article
from .parsing import control_character_message, value_name

MAX_BYTES = 2 * 1024 * 1024
FILE_TYPES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


class ImportRefused(ValueError):
    """An import that cannot be made; `existing` is the article already in the workbench when the
    refusal is that it would be a duplicate (the page links to it)."""

    def __init__(self, message, existing=None):
        super().__init__(message)
        self.message = message
        self.existing = existing


def refuse_unreadable_text(text, what="text"):
    """Refuse an article text over MAX_BYTES (as UTF-8, the size of the file it would be) or holding
    a control character. The size limit bounds everything done with an article's text afterwards:
    scoring its sentences, drawing its suggestions, re-anchoring its claims."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ImportRefused(
            gettext("The %(what)s is %(size)s MB; the limit is %(limit)s MB. Import the article in parts.")
            % {"what": value_name(what), "size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    problem = control_character_message(text, what)
    if problem:
        raise ImportRefused(problem)


def text_from_upload(filename, data):
    """The article text in an uploaded file's bytes, by its extension. Returns (text, title found in
    the file or "")."""
    kind = FILE_TYPES.get(PurePath(filename or "").suffix.lower())
    if kind is None:
        raise ImportRefused(
            gettext("“%(name)s” is not a file type the workbench can read: upload a .txt, .md or .html file.")
            % {"name": filename}
        )
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            gettext("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
            % {"name": filename, "size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            gettext("“%(name)s” is not UTF-8 text (unreadable byte at position %(position)s). "
                    "Save it as UTF-8 and upload it again.") % {"name": filename, "position": exc.start}
        ) from None
    refuse_unreadable_text(text, gettext("file “%(name)s”") % {"name": filename})
    if kind == "html":
        return html_to_text(text)
    if kind == "markdown":
        return markdown_to_text(text), ""
    return text, ""


# Elements whose content is page furniture or code, never article text.
SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
           "button", "select", "svg", "iframe", "object", "canvas", "head", "menu", "dialog"}
# Elements that start and end a paragraph.
BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "table", "tr", "hr",
          "address", "details", "summary", "caption"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _ReadableText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []
        self.open = []  # the open (non-void) elements, innermost last
        self.skip_from = None  # index in self.open of the outermost skipped element
        self.title = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag in ("br", "hr") and self.skip_from is None:
                self.current.append("\n" if tag == "br" else "")
                if tag == "hr":
                    self.end_paragraph()
            return
        self.open.append(tag)
        if self.skip_from is None:
            if tag in SKIPPED:
                self.skip_from = len(self.open) - 1
            elif tag in BLOCKS:
                self.end_paragraph()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in self.open:
            return  # a stray end tag
        # Close everything opened inside `tag` too: browsers forgive a missing </nav> the same way.
        while self.open.pop() != tag:
            pass
        if self.skip_from is not None:
            if len(self.open) <= self.skip_from:
                self.skip_from = None
            return
        if tag in BLOCKS:
            self.end_paragraph()

    def handle_data(self, data):
        if self.open and self.open[-1] == "title":
            self.title.append(data)
        elif self.skip_from is None:
            # Line breaks in the HTML source are spaces; only <br> breaks a line.
            self.current.append(re.sub(r"\s+", " ", data))

    def end_paragraph(self):
        lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(self.current).split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []


def html_to_text(html):
    """(readable text with one blank line between paragraphs, the page's <title>)."""
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    parser.end_paragraph()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    return "\n\n".join(parser.paragraphs), title


def markdown_to_text(text):
    """Markdown's markup removed, its words and paragraphs kept: headings' #, emphasis, link
    targets, images, list bullets and block-quote markers."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # [words](url) -> words
    # [ \t] rather than \s at line starts: \s would swallow the blank line between paragraphs.
    text = re.sub(r"^[ \t]{0,3}#{1,6}[ \t]+", "", text, flags=re.M)  # headings
    text = re.sub(r"^[ \t]{0,3}>[ \t]?", "", text, flags=re.M)  # block quotes
    text = re.sub(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text, flags=re.M)  # list bullets
    text = re.sub(r"^[ \t]*(?:[-*_][ \t]*){3,}$", "", text, flags=re.M)  # rules
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)  # bold
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)  # *italic*
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w])", r"\1", text)  # _italic_
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return text


def import_article(*, body, title, url="", publisher="", author="", published_on=None, language="", actor=None):
    """Create an Article from `body` (plain text) and its metadata, or raise ImportRefused. Without a
    `language`, it is detected from the text ("und", undetermined, when the heuristic cannot tell)."""
    refuse_unreadable_text(body or "")
    for name, value in (("title", title), ("publisher", publisher), ("author", author), ("url", url)):
        problem = control_character_message(value or "", Article._meta.get_field(name).verbose_name, multiline=False)
        if problem:
            raise ImportRefused(problem)
    body = normalise_text(body or "")
    language = (language or "").strip() or detect_language(body) or "und"
    if not body:
        raise ImportRefused(gettext("The article has no text: paste its text or upload a file with some."))
    title = (title or "").strip()
    if not title:
        raise ImportRefused(gettext("Give the article a title."))
    url = (url or "").strip()
    article = Article(
        title=title[:300], body=body, url=url, publisher=(publisher or "").strip(),
        author=(author or "").strip(), published_on=published_on, language=language, added_by=actor,
    )
    try:
        article.full_clean(exclude=["body_hash"], validate_constraints=False)
    except ValidationError as exc:
        raise ImportRefused(" ".join(exc.messages)) from None
    with transaction.atomic():
        if url and (existing := Article.objects.filter(url=url).first()):
            raise ImportRefused(gettext("An article from %(url)s is already in the workbench: “%(title)s”.")
                                % {"url": url, "title": existing.title}, existing)
        existing = Article.objects.filter(body_hash=Article.hash_body(body)).first()
        if existing:
            raise ImportRefused(gettext("This text is already in the workbench, as “%(title)s”.")
                                % {"title": existing.title}, existing)
        try:
            # A savepoint: two editors importing the same URL at once, the second hits the unique
            # constraint here and gets the same message as above.
            with transaction.atomic():
                article.save()
        except IntegrityError:
            raise ImportRefused(gettext("An article from %(url)s is already in the workbench.") % {"url": url},
                                Article.objects.filter(url=url).first()) from None
    return article
