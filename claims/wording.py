"""Where two wordings of nearly one sentence differ, for a person to see before saying "same claim".

Matching calls a match "same claim?" when the meaning is close and no conflict rule fires, and on unseen near-misses
the rules miss about one in five (docs/capture.md: "ruled out scrapping" against "will scrap", "some teachers"
against "teachers"). When the two are the same sentence in the same words but for a few, the page marks those
words, so that the difference is in plain view whatever the rules read. Two wordings that share less than
NEAR_COPY of their words (a translation, a paraphrase) get no marks: marking most of a sentence helps nobody.
"""
import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:['’.,]\w+)*|[^\w\s]")
NEAR_COPY = 0.6  # share of the longer wording's tokens found, in order, in the other
MAX_CHANGES = 4  # more separate changes than this: reworded, not a near-copy
MAX_TOKENS = 300  # a claim is a sentence; a longer text (an external review's summary) is not compared


@dataclass(frozen=True)
class Differences:
    segments: tuple  # (piece of the text, marked): the text whole, in order, with its own spacing
    missing: tuple  # runs of the other wording with no counterpart in the text

    @property
    def any(self):
        return bool(self.missing) or any(marked for _, marked in self.segments)


def differences(text, other):
    """How `text` differs from `other` when the two are a near-copy of each other; None otherwise.
    Case is ignored, and so is a change of punctuation alone."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]
    others = [m.group() for m in _TOKEN.finditer(other or "")]
    if not tokens or not others or max(len(tokens), len(others)) > MAX_TOKENS:
        return None
    matcher = difflib.SequenceMatcher(None, [t.casefold() for t, _, _ in tokens], [t.casefold() for t in others],
                                      autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal" and _changes_words(op, tokens, others)]
    if shared < NEAR_COPY * max(len(tokens), len(others)) or len(changes) > MAX_CHANGES:
        return None
    marked = set()
    missing = []
    for _, i1, i2, j1, j2 in changes:
        marked.update(n for n in range(i1, i2) if _is_word(tokens[n][0]))
        if j2 > j1 and any(_is_word(t) for t in others[j1:j2]):
            missing.append(_joined(others[j1:j2]))
    segments, at = [], 0
    for n, (_, start, end) in enumerate(tokens):
        if n not in marked:
            continue
        gap = text[at:start]
        if segments and segments[-1][1] and not gap.strip():
            segments[-1] = (segments[-1][0] + gap + text[start:end], True)  # "will scrap": one mark
        else:
            if gap:
                segments.append((gap, False))
            segments.append((text[start:end], True))
        at = end
    if at < len(text):
        segments.append((text[at:], False))
    return Differences(tuple(segments), tuple(missing))


def _is_word(token):
    return any(c.isalnum() for c in token)


def _changes_words(op, tokens, others):
    """Whether a change touches a word on either side (not punctuation alone)."""
    _, i1, i2, j1, j2 = op
    return any(_is_word(t) for t, _, _ in tokens[i1:i2]) or any(_is_word(t) for t in others[j1:j2])


def _joined(tokens):
    return re.sub(r" ([,.;:!?%)»”])", r"\1", " ".join(tokens))
