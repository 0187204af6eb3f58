"""Where a claim sits in its article's text.

W3C Web Annotation Data Model: a claim keeps both a TextPositionSelector (start inclusive, end
exclusive, character offsets into the normalised body) and a TextQuoteSelector (the exact quote with
CONTEXT characters of prefix and suffix), so that it can be found again after the text changes.
"""
import re
import unicodedata
from dataclasses import dataclass

CONTEXT = 32


def normalise_text(text):
    """The canonical form article bodies are stored in, so offsets mean the same thing everywhere:
    NFC, Unix newlines, no trailing spaces on lines, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


class AnchorError(ValueError):
    pass


def anchor_at(body, start, end):
    """The selectors for body[start:end]."""
    if not (0 <= start < end <= len(body)):
        raise AnchorError(f"The span {start}–{end} is outside the article's text (length {len(body)}).")
    return Anchor(
        start=start,
        end=end,
        quote=body[start:end],
        prefix=body[max(0, start - CONTEXT):start],
        suffix=body[end:end + CONTEXT],
    )


def find_quote(body, quote, prefix="", suffix="", near=None):
    """Anchor `quote` in `body`. Where it occurs more than once, the occurrence whose surrounding
    text best matches `prefix` / `suffix` wins, then the one nearest `near`. Raises AnchorError
    when the quote is not in the text."""
    if not quote:
        raise AnchorError("The quote is empty.")
    starts = [m.start() for m in re.finditer(re.escape(quote), body)]
    if not starts:
        raise AnchorError(f"The quote “{quote[:80]}” is not in the article's text.")

    def score(start):
        before = body[max(0, start - len(prefix)):start]
        after = body[start + len(quote):start + len(quote) + len(suffix)]
        context = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        distance = abs(start - near) if near is not None else 0
        return (-context, distance, start)

    best = min(starts, key=score)
    return anchor_at(body, best, best + len(quote))


def _common_prefix(a, b):
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a, b):
    return _common_prefix(a[::-1], b[::-1])
