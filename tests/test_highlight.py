"""claims/highlight.py: an article's text cut at every claim boundary, for spans that stand alone,
nest, overlap, coincide, cross paragraphs or cannot be placed at all."""
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.highlight import highlight_claims
from claims.models import AnchorState, Article
from claims.workflow import Status

BODY = "Alpha beta gamma delta.\n\nEpsilon zeta eta theta.\n\nIota kappa."


def stub(pk, start, end, status=Status.NEW, text=None, anchor_state=AnchorState.ANCHORED):
    """A claim as far as highlighting cares: its span, status and wording."""
    return SimpleNamespace(
        pk=pk, start=start, end=end, status=status, text=text or f"claim {pk}", anchor_state=anchor_state,
        get_status_display=lambda: Status(status).label,
    )


def span_of(body, words, pk, **kw):
    start = body.index(words)
    return stub(pk, start, start + len(words), **kw)


def flat(result):
    return [(seg.text, [h.claim.pk for h in seg.highlights]) for para in result.paragraphs for seg in para]


def test_without_claims_the_text_is_its_paragraphs():
    result = highlight_claims(BODY, [])
    assert [[s.text for s in p] for p in result.paragraphs] == [
        ["Alpha beta gamma delta."], ["Epsilon zeta eta theta."], ["Iota kappa."],
    ]
    assert result.highlights == [] and result.unplaced == []


def test_a_single_claim_splits_its_paragraph_in_three():
    result = highlight_claims(BODY, [span_of(BODY, "beta gamma", 7)])
    assert flat(result)[:3] == [("Alpha ", []), ("beta gamma", [7]), (" delta.", [])]
    segment = result.paragraphs[0][1]
    assert [h.claim.pk for h in segment.ending] == [7]
    assert segment.innermost.number == 1


def test_a_nested_claim_is_the_innermost_of_the_text_it_shares():
    outer = span_of(BODY, "Alpha beta gamma delta", 1)
    inner = span_of(BODY, "beta", 2, status=Status.VERIFIED)
    result = highlight_claims(BODY, [inner, outer])  # order given does not matter
    assert flat(result)[:4] == [("Alpha ", [1]), ("beta", [1, 2]), (" gamma delta", [1]), (".", [])]
    shared = result.paragraphs[0][1]
    assert shared.innermost.claim is inner and shared.depth == 2
    # Both claims are named on the shared text, the innermost first.
    assert shared.label == "Claim 2 (verified): claim 2; Claim 1 (new): claim 1"
    # Each claim gets its numbered marker where it ends: the inner one inside the outer one.
    assert [h.claim.pk for h in result.paragraphs[0][1].ending] == [2]
    assert [h.claim.pk for h in result.paragraphs[0][2].ending] == [1]
    assert [h.number for h in result.highlights] == [1, 2]


def test_overlapping_claims_cover_three_segments():
    first = span_of(BODY, "Alpha beta gamma", 1)
    second = span_of(BODY, "gamma delta", 2)
    assert flat(highlight_claims(BODY, [first, second]))[:4] == [
        ("Alpha beta ", [1]), ("gamma", [1, 2]), (" delta", [2]), (".", []),
    ]


def test_claims_on_the_same_words_both_get_a_marker():
    a = span_of(BODY, "zeta eta", 1)
    b = span_of(BODY, "zeta eta", 2, status=Status.PUBLISHED)
    result = highlight_claims(BODY, [b, a])
    segment = result.paragraphs[1][1]
    assert segment.text == "zeta eta"
    assert [h.claim.pk for h in segment.highlights] == [1, 2]
    assert [h.claim.pk for h in segment.ending] == [1, 2]


def test_a_claim_across_a_paragraph_break_is_highlighted_in_both_and_ends_once():
    across = stub(5, BODY.index("delta"), BODY.index("zeta") + 4)
    result = highlight_claims(BODY, [across])
    assert flat(result)[:4] == [("Alpha beta gamma ", []), ("delta.", [5]), ("Epsilon zeta", [5]), (" eta theta.", [])]
    assert result.paragraphs[0][1].ending == []
    assert [h.claim.pk for h in result.paragraphs[1][0].ending] == [5]


def test_the_paragraph_break_itself_is_never_drawn():
    assert "\n\n" not in "".join(s.text for p in highlight_claims(BODY, []).paragraphs for s in p)


@pytest.mark.parametrize("claim", [
    stub(1, 0, len(BODY) + 5),                       # past the end of the text
    stub(2, 5, 5),                                   # empty
    stub(3, 0, 5, anchor_state=AnchorState.ORPHANED),  # its quote was not found again
    stub(4, BODY.index("\n\n"), BODY.index("\n\n") + 2),  # only the blank line between paragraphs
])
def test_claims_that_cannot_be_placed_are_listed_apart(claim):
    result = highlight_claims(BODY, [claim])
    assert result.unplaced == [claim]
    assert result.highlights == []
    assert all(not s.highlights for p in result.paragraphs for s in p)


def test_single_line_breaks_stay_inside_their_paragraph():
    body = "First line\nsecond line.\n\nNext."
    result = highlight_claims(body, [stub(1, 6, 17)])
    assert [s.text for s in result.paragraphs[0]] == ["First ", "line\nsecond", " line."]


spans = st.lists(st.tuples(st.integers(0, len(BODY)), st.integers(1, 20)), max_size=8)


@settings(max_examples=150, deadline=None)
@given(spans)
def test_every_character_is_drawn_once_with_exactly_the_claims_covering_it(raw):
    claims = [stub(i, start, min(start + length, len(BODY))) for i, (start, length) in enumerate(raw, start=1)]
    result = highlight_claims(BODY, claims)
    placed = {h.claim.pk: h for h in result.highlights}
    seen = []
    for paragraph in result.paragraphs:
        for segment in paragraph:
            assert segment.text == BODY[segment.start:segment.end] and segment.text
            for offset in range(segment.start, segment.end):
                seen.append(offset)
                covering = {c.pk for c in claims if c.pk in placed and c.start <= offset < c.end}
                assert {h.claim.pk for h in segment.highlights} == covering
    # BODY's only newlines are its paragraph breaks: every other character is drawn, once, in order.
    assert seen == sorted(set(seen))
    assert set(seen) == {i for i, ch in enumerate(BODY) if ch != "\n"}
    # A claim is placed when it covers some visible text; each placed claim has exactly one marker.
    placeable = {c.pk for c in claims if 0 <= c.start < c.end <= len(BODY) and BODY[c.start:c.end].strip("\n")}
    assert set(placed) == placeable
    assert sorted(c.pk for c in result.unplaced) == sorted(c.pk for c in claims if c.pk not in placeable)
    markers = [h.claim.pk for p in result.paragraphs for s in p for h in s.ending]
    assert sorted(markers) == sorted(placed)
    # Outermost first: starts never decrease along a segment's covering claims.
    for paragraph in result.paragraphs:
        for segment in paragraph:
            starts = [h.start for h in segment.highlights]
            assert starts == sorted(starts)


@pytest.mark.django_db
def test_the_seed_articles_overlapping_kallas_claims():
    call_command("loadseed", verbosity=0)
    article = Article.objects.get()
    result = highlight_claims(article.body, article.claims.all())
    assert not result.unplaced
    assert len(result.highlights) == article.claims.count() == 19
    first = result.paragraphs[0]
    assert [s.text for s in first[:2]] == ["Estonian Prime Minister ", "Kaja Kallas"]
    assert first[2].text.startswith(" indicated that European nations")
    shared = first[1]
    assert {h.claim.text for h in shared.highlights} == {
        "Kaja Kallas is Estonia's Prime Minister", "Kallas said European nations disagree on sending a peacekeeping force",
    }
    # The Medvedev claims nest: "the former Russian president and deputy chair ..." lies inside
    # "Dmitry Medvedev, the former Russian president ...".
    medvedev = [s for p in result.paragraphs for s in p if s.depth == 2 and "deputy chair" in s.text]
    assert medvedev
