"""Where a claim sits in its article's text.

W3C Web Annotation Data Model: a claim keeps both a TextPositionSelector (start inclusive, end
exclusive, character offsets into the normalised body) and a TextQuoteSelector (the exact quote with
CONTEXT characters of prefix and suffix), so that it can be found again after the text changes.
"""
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext

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
        raise AnchorError(gettext("The span %(start)s–%(end)s is outside the article's text (length %(length)s).")
                          % {"start": start, "end": end, "length": len(body)})
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
        raise AnchorError(gettext("The quote is empty."))
    starts = [m.start() for m in re.finditer(re.escape(quote), body)]
    if not starts:
        raise AnchorError(gettext("The quote “%(quote)s” is not in the article's text.") % {"quote": quote[:80]})

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


# --- finding a quote the browser selected --------------------------------------------------------


WHITESPACE = re.compile(r"\s+")


def offset_of_position(body, position):
    """The offset in `body` of the selection whose `position` the browser measured: the number of
    code points before it that are not white space. A page shows the body with other white space
    (paragraphs become elements, templates indent them, line breaks collapse) and the browser
    counts UTF-16 code units, two for an emoji: only the characters that are not white space, in
    code points, are counted the same on both sides (static/claims/select-claim.js)."""
    seen = offset = 0
    for run in WHITESPACE.finditer(body):
        visible = run.start() - offset
        if seen + visible > position:
            break
        seen += visible
        offset = run.end()
    return min(len(body), offset + position - seen)


def find_selection(body, quote, prefix="", suffix="", near=None):
    """Anchor a quote selected in the browser. The rendered page does not show the body's exact
    whitespace (paragraphs become <p>, line breaks collapse, templates indent), so when the exact
    quote is not found it is searched again with any run of whitespace matching any other; and
    the occurrences are told apart by their context compared without regard to whitespace, then
    by their distance from `near` (an offset in the body, claims.anchoring.offset_of_position).
    Raises AnchorError."""
    quote = (quote or "").strip()
    if not quote:
        raise AnchorError(gettext("The quote is empty."))
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), body)]
    if not spans:
        words = quote.split()
        pattern = r"\s+".join(re.escape(w) for w in words)
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, body)]
    if not spans:
        raise AnchorError(gettext("The quote “%(quote)s” is not in the article's text.") % {"quote": quote[:80]})
    prefix_words, suffix_words = " ".join(prefix.split()), " ".join(suffix.split())

    def score(span):
        before = " ".join(body[max(0, span[0] - 2 * CONTEXT):span[0]].split())
        after = " ".join(body[span[1]:span[1] + 2 * CONTEXT].split())
        context = _common_suffix(before, prefix_words) + _common_prefix(after, suffix_words)
        return (-context, abs(span[0] - near) if near is not None else 0, span[0])

    start, end = min(spans, key=score)
    return anchor_at(body, start, end)


# --- re-anchoring after the article's text changes -----------------------------------------------

# Below these, a fuzzy match is not trusted: better an orphan the editor places by hand than a claim
# silently attached to the wrong sentence.
FUZZY_QUOTE_SCORE = 75
FUZZY_CONTEXT_SCORE = 60


@dataclass(frozen=True)
class Reanchored:
    """Where a claim sits in the revised text. `state` is "anchored" (the quote is there, exactly),
    "fuzzy" (found approximately, or exactly but in a changed context: worth a look) or "orphaned"
    (not found; `anchor` is None)."""

    state: str
    anchor: Anchor | None
    how: str


def reanchor(body, start, end, quote, prefix="", suffix=""):
    """Find a claim again in a revised `body` from its old selectors (W3C position + quote):

    1. the old position, if the quote is still there with the same context;
    2. the quote searched exactly, occurrences scored by how much of the old prefix and suffix
       surround them, then by nearness to the old position;
    3. a fuzzy search (rapidfuzz) for the quote between its old prefix and suffix, or for the quote
       alone where its surroundings still resemble the old ones;
    4. else orphaned."""
    if not quote:
        return Reanchored("orphaned", None, "the claim has no quote to look for")
    if body[start:end] == quote and _context_score(body, start, end, prefix, suffix) >= 1.0:
        return Reanchored("anchored", anchor_at(body, start, end), "unchanged position")

    starts = [m.start() for m in re.finditer(re.escape(quote), body)]
    if starts:
        best = find_quote(body, quote, prefix, suffix, near=start)
        context = _context_score(body, best.start, best.end, prefix, suffix)
        if len(starts) == 1 or context > 0:
            rivals = [s for s in starts if s != best.start
                      and _context_score(body, s, s + len(quote), prefix, suffix) >= context]
            if not rivals:
                state = "anchored" if context > 0 or len(starts) == 1 else "fuzzy"
                return Reanchored(state, best, "quote found exactly")
        # Several identical quotes and nothing in their surroundings tells them apart: take the
        # nearest but flag it, rather than claim certainty.
        return Reanchored("fuzzy", best, "quote found exactly, but more than once in a changed context")

    fuzzy = _fuzzy_between_context(body, quote, prefix, suffix, start) or _fuzzy_quote(body, quote, prefix, suffix)
    if fuzzy:
        return Reanchored("fuzzy", fuzzy, "quote found approximately")
    return Reanchored("orphaned", None, "the quote is no longer in the text")


def _context_score(body, start, end, prefix, suffix):
    """The share (0..1) of the old prefix and suffix found around body[start:end]."""
    wanted = len(prefix) + len(suffix)
    if not wanted:
        return 1.0
    before = body[max(0, start - len(prefix)):start]
    after = body[end:end + len(suffix)]
    return (_common_suffix(before, prefix) + _common_prefix(after, suffix)) / wanted


def _fuzzy_between_context(body, quote, prefix, suffix, old_start):
    """The quote was edited inside: its old prefix and suffix are still there, close together."""
    from rapidfuzz import fuzz

    # An empty prefix (suffix) means the quote began (ended) the text.
    if (prefix and len(prefix) < 8) or (suffix and len(suffix) < 8) or not (prefix or suffix):
        return None
    prefix_ends = [m.end() for m in re.finditer(re.escape(prefix), body)] if prefix else [0]
    candidates = []
    for a in prefix_ends:
        window = body[a:a + 2 * len(quote) + 40]
        suffix_starts = [m.start() for m in re.finditer(re.escape(suffix), window)] if suffix else (
            [len(window)] if a + len(window) == len(body) else [])
        for offset in suffix_starts[:1]:
            b = a + offset
            if b - a < max(1, len(quote) // 2):
                continue
            span = _trim(body, a, b)
            if span and fuzz.ratio(body[span[0]:span[1]], quote) >= FUZZY_QUOTE_SCORE:
                candidates.append(span)
    if not candidates:
        return None
    start, end = min(candidates, key=lambda span: abs(span[0] - old_start))
    return anchor_at(body, start, end)


def _fuzzy_quote(body, quote, prefix, suffix):
    """The quote alone, approximately, where what surrounds it still resembles the old context."""
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(quote, body, score_cutoff=FUZZY_QUOTE_SCORE)
    if alignment is None:
        return None
    span = _snap_to_words(body, alignment.dest_start, alignment.dest_end)
    span = span and _best_word_span(body, span, quote)
    if span is None or fuzz.ratio(body[span[0]:span[1]], quote) < FUZZY_QUOTE_SCORE:
        return None
    if prefix or suffix:
        around = body[max(0, span[0] - len(prefix)):span[0]] + "\u0000" + body[span[1]:span[1] + len(suffix)]
        if fuzz.ratio(around, prefix + "\u0000" + suffix) < FUZZY_CONTEXT_SCORE:
            return None
    return anchor_at(body, *span)


def _trim(body, start, end):
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _snap_to_words(body, start, end):
    """Widen a span so it neither starts nor ends inside a word."""
    while 0 < start < len(body) and body[start - 1].isalnum() and body[start].isalnum():
        start -= 1
    while 0 < end < len(body) and body[end - 1].isalnum() and body[end].isalnum():
        end += 1
    return _trim(body, start, end)


def _best_word_span(body, span, quote):
    """Grow or shrink a span a word at a time while that makes it more like the quote: the
    alignment rapidfuzz returns can stop short of an edited word at either end."""
    from rapidfuzz import fuzz

    def ratio(candidate):
        return fuzz.ratio(body[candidate[0]:candidate[1]], quote)

    best, best_ratio = span, ratio(span)
    for _ in range(20):
        start, end = best
        left = re.search(r"\S+\s*$", body[max(0, start - 40):start])
        right = re.match(r"\s*\S+", body[end:end + 40])
        inner_left = re.match(r"\S+\s+", body[start:end])
        inner_right = re.search(r"\s+\S+$", body[start:end])
        moves = [
            (start - len(left.group(0)), end) if left and "\n\n" not in left.group(0) else None,
            (start, end + len(right.group(0))) if right and "\n\n" not in right.group(0) else None,
            (start + len(inner_left.group(0)), end) if inner_left else None,
            (start, end - len(inner_right.group(0))) if inner_right else None,
        ]
        scored = [(ratio(m), m) for m in moves if m and m[0] < m[1]]
        if not scored or max(scored)[0] <= best_ratio:
            break
        best_ratio, best = max(scored)
    return best
