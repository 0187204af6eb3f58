"""An article's text cut into the pieces the article page draws, each knowing which claims cover it.

Claims are character spans of the normalised body (W3C TextPositionSelector, see claims/anchoring.py)
and they may overlap or nest: in the seed article "Estonian Prime Minister Kaja Kallas" lies inside
"Estonian Prime Minister Kaja Kallas indicated ...". HTML elements can only nest, never overlap, and
a link cannot contain another link, so instead of nesting marks we split the body at every span
boundary (and at every paragraph break): each resulting segment is plain text plus the claims that
cover it. The template draws one mark per covered segment, linked to the innermost claim, with every
covering claim named in its accessible label, and a numbered marker at the end of each claim so that
every claim has a link of its own even when another claim hides all of its text.

Text stays text here: nothing is escaped or marked safe; the template's autoescaping does that.
"""
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from .models import AnchorState
from .status_text import status_words

PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Highlight:
    """One claim placed in the text, numbered in reading order (the list beside the text uses the
    same numbers)."""

    number: int
    claim: object
    start: int
    end: int

    @property
    def status(self):
        return self.claim.status

    # A claim's label is written on every segment it covers, on its marker and in the list beside
    # the text (200 claims: hundreds of each): worked out once, by highlight_claims; so is its
    # address, when first asked for, with the caller's `url_for` if it has a cheaper way.
    label: str
    url_for: object = field(default=None, compare=False)

    @cached_property
    def url(self):
        return self.url_for(self.claim) if self.url_for else self.claim.get_absolute_url()


@dataclass
class Segment:
    text: str
    start: int
    end: int
    # Every claim covering this text, outermost (earliest start, then longest) first.
    highlights: tuple = ()
    # Claims whose span ends with this segment: their numbered markers are drawn after it.
    ending: list = field(default_factory=list)

    @property
    def innermost(self):
        return self.highlights[-1] if self.highlights else None

    @property
    def depth(self):
        return len(self.highlights)

    @cached_property
    def label(self):
        """What a screen reader (and the tooltip) says for this piece of text: every claim on it."""
        return "; ".join(h.label for h in reversed(self.highlights))


@dataclass
class HighlightedText:
    paragraphs: list  # of lists of Segment
    highlights: list  # of Highlight, in reading order
    unplaced: list  # claims whose span cannot be drawn (orphaned, or outside the text)


def _order(claim):
    return (claim.start, -claim.end, claim.pk or 0)


def highlight_claims(body, claims, url_for=None):
    """Cut `body` into paragraphs of segments covered by `claims` (any iterable of Claim).
    `url_for(claim)`: its address, when the caller has a cheaper way than get_absolute_url()."""
    placed, unplaced = [], []
    for claim in sorted(claims, key=_order):
        if claim.anchor_state == AnchorState.ORPHANED or not (0 <= claim.start < claim.end <= len(body)):
            unplaced.append(claim)
        else:
            placed.append(claim)
    # Each status's words and the label's wording translated once, not once per claim.
    statuses = status_words()
    label = _("Claim %(number)s (%(status)s): %(text)s")
    highlights = [
        Highlight(i, c, c.start, c.end,
                  label % {"number": i, "status": statuses.get(c.status) or str(c.status).lower(), "text": c.text},
                  url_for)
        for i, c in enumerate(placed, start=1)
    ]

    paragraphs = []
    position = 0
    for gap in [*PARAGRAPH_BREAK.finditer(body), None]:
        end = gap.start() if gap else len(body)
        if end > position:
            paragraphs.append(_segments(body, position, end, highlights))
        if gap:
            position = gap.end()

    last_segment = {}
    for paragraph in paragraphs:
        for segment in paragraph:
            for h in segment.highlights:
                last_segment[h.number] = segment
    for h in highlights:
        if h.number in last_segment:
            last_segment[h.number].ending.append(h)
        else:
            # A span lying wholly inside a paragraph break covers no visible text.
            unplaced.append(h.claim)
    highlights = [h for h in highlights if h.number in last_segment]
    return HighlightedText(paragraphs=paragraphs, highlights=highlights, unplaced=unplaced)


def _segments(body, start, end, highlights):
    inside = [h for h in highlights if h.start < end and h.end > start]
    cuts = sorted({start, end} | {p for h in inside for p in (h.start, h.end) if start < p < end})
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(h for h in inside if h.start <= a and h.end >= b)
        segments.append(Segment(text=body[a:b], start=a, end=b, highlights=covering))
    return segments
