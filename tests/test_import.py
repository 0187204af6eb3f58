"""Importing articles (claims/importing.py) and the import_article command."""
import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from claims.importing import MAX_BYTES, ImportRefused, html_to_text, import_article, markdown_to_text, text_from_upload
from claims.models import Article

PAGE = """<!doctype html><html><head><title>Budget row | Example News</title>
<style>p { color: red }</style><script>var tracking = "not article text";</script></head>
<body><header><a href="/">Example News</a> <nav><a href="/politics">Politics</a></nav></header>
<main><article><h1>Council approves &pound;412m budget</h1>
<p>The city council approved a budget of <b>£412 million</b> on Tuesday,
   6% more than last year.</p>
<p>Council leader Dr. Amina Patel said the increase would pay for 40 new social workers.<br>She took questions.</p>
<aside>Read more: unrelated story</aside>
<ul><li>First point</li><li>Second point</li></ul>
</article></main>
<footer>© Example News <script>alert(1)</script></footer></body></html>"""


def test_html_keeps_paragraphs_and_drops_scripts_styles_and_page_furniture():
    text, title = html_to_text(PAGE)
    assert title == "Budget row | Example News"
    assert text.split("\n\n") == [
        "Council approves £412m budget",
        "The city council approved a budget of £412 million on Tuesday, 6% more than last year.",
        "Council leader Dr. Amina Patel said the increase would pay for 40 new social workers.\nShe took questions.",
        "First point",
        "Second point",
    ]
    for furniture in ("tracking", "color", "Politics", "Read more", "©", "alert"):
        assert furniture not in text


def test_html_with_an_unclosed_skipped_element_keeps_the_text_after_its_parent_closes():
    text, _ = html_to_text("<div><nav><a>Home</a></div><p>Story text.</p>")
    assert text == "Story text."


def test_markdown_loses_its_markup_but_keeps_words_and_paragraphs():
    text = markdown_to_text("# Headline\n\nSome **bold** and *italic* with a [link](https://x.org).\n\n- item one\n- item two")
    assert text == "Headline\n\nSome bold and italic with a link.\n\nitem one\nitem two"


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "story", "story.html.exe"])
def test_unsupported_file_types_are_refused(name):
    with pytest.raises(ImportRefused, match="upload a .txt, .md or .html file"):
        text_from_upload(name, b"text")


def test_a_file_over_two_megabytes_is_refused():
    with pytest.raises(ImportRefused, match="the limit is 2 MB"):
        text_from_upload("big.txt", b"a" * (MAX_BYTES + 1))


def test_bytes_that_are_not_utf8_are_refused_with_the_position():
    with pytest.raises(ImportRefused, match="not UTF-8 text.*position 3"):
        text_from_upload("latin1.txt", "café au lait".encode("latin-1"))


def test_a_utf8_byte_order_mark_is_not_part_of_the_text():
    assert text_from_upload("bom.txt", b"\xef\xbb\xbfHello")[0] == "Hello"


def test_import_creates_the_article_with_its_metadata_and_normalised_body(db, editor):
    article = import_article(
        body="First line.  \r\n\r\n\r\n\r\nSecond paragraph.", title=" Budget ", url="https://example.org/a",
        publisher="Example News", author="A. Reporter", published_on=datetime.date(2025, 3, 10), actor=editor,
    )
    article.refresh_from_db()
    assert article.body == "First line.\n\nSecond paragraph."
    assert (article.title, article.url, article.publisher, article.author) == (
        "Budget", "https://example.org/a", "Example News", "A. Reporter")
    assert article.published_on == datetime.date(2025, 3, 10)
    assert article.added_by == editor


@pytest.mark.parametrize("body", ["", "   \n\n  \t"])
def test_empty_text_is_refused_and_creates_nothing(db, body):
    with pytest.raises(ImportRefused, match="no text"):
        import_article(body=body, title="Empty")
    assert not Article.objects.exists()


def test_a_missing_title_is_refused(db):
    with pytest.raises(ImportRefused, match="title"):
        import_article(body="Text.", title="  ")
    assert not Article.objects.exists()


def test_a_non_http_url_is_refused(db):
    with pytest.raises(ImportRefused, match="http:// or https://"):
        import_article(body="Text.", title="T", url="javascript:alert(1)")
    assert not Article.objects.exists()


def test_the_same_url_twice_is_refused(db):
    import_article(body="One text.", title="First", url="https://example.org/story")
    with pytest.raises(ImportRefused, match="already in the workbench: “First”"):
        import_article(body="A different text.", title="Second", url="https://example.org/story")
    assert Article.objects.count() == 1


def test_the_same_text_twice_is_refused_even_with_different_whitespace(db):
    import_article(body="Same words.\n\nSecond paragraph.", title="First")
    with pytest.raises(ImportRefused, match="This text is already in the workbench, as “First”"):
        import_article(body="Same words.   \r\n\r\n\r\nSecond paragraph.\n", title="Again")
    assert Article.objects.count() == 1


def test_command_prints_the_article_id_and_ranked_suggestions(db, tmp_path, capsys):
    path = tmp_path / "budget.html"
    path.write_text(PAGE, encoding="utf-8")
    call_command("import_article", str(path), "--publisher", "Example News", "--published", "2025-03-10")
    out = capsys.readouterr().out
    article = Article.objects.get()
    assert article.title == "Budget row | Example News"  # from <title> when --title is not given
    assert f"Imported article {article.pk}" in out
    assert "1. [" in out and "number: £412 million" in out


def test_command_json_gives_the_article_id_and_each_suggestion_with_its_span(db, tmp_path, capsys):
    path = tmp_path / "story.md"
    path.write_text("# Storm\n\nMore than 200,000 homes lost power, the Energy Networks Association said.\n\n"
                    "Trees fell.", encoding="utf-8")
    call_command("import_article", str(path), "--title", "Storm", "--url", "https://example.org/storm", "--json")
    data = json.loads(capsys.readouterr().out)
    article = Article.objects.get()
    assert data["article"] == article.pk
    first = data["suggestions"][0]
    assert set(first) == {"text", "start", "end", "score", "reasons", "claim_type", "claimant", "by_meaning", "confidence"}
    assert first["by_meaning"] is True and first["confidence"] == ""
    assert article.body[first["start"]:first["end"]] == first["text"]
    assert first["text"].startswith("More than 200,000 homes")
    assert first["claimant"] == "Energy Networks Association"
    assert first["claim_type"] == "quantity"
    assert all(s["text"] != "Trees fell." for s in data["suggestions"])


@pytest.mark.parametrize("args, message", [
    (["--published", "10/03/2025"], "not a date in the form YYYY-MM-DD"),
    (["--title", ""], "Give the article a title"),
])
def test_command_refuses_bad_options_and_imports_nothing(db, tmp_path, args, message):
    path = tmp_path / "a.txt"
    path.write_text("Some text.", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), *args)
    assert not Article.objects.exists()


def test_command_refuses_a_missing_file_and_a_duplicate(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_article", str(tmp_path / "nope.txt"), "--title", "x")
    path = tmp_path / "a.txt"
    path.write_text("Some text.", encoding="utf-8")
    call_command("import_article", str(path), "--title", "x", stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="already in the workbench.*Nothing was imported"):
        call_command("import_article", str(path), "--title", "y")
    assert Article.objects.count() == 1
