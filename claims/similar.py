"""Claims already checked: existing claims, from any article, whose wording resembles a new one.

On PostgreSQL, pg_trgm's trigram similarity with the GiST index from migration 0004: the query
asks for the nearest claims by trigram distance (ORDER BY text <-> query LIMIT n), which the index
answers directly, then keeps those similar enough. On SQLite there is no such index; rapidfuzz scores every claim's wording in Python,
which is fine at development sizes (see docs/capture.md for both measured).
"""
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramDistance
from django.db import connection

from .models import Claim

# pg_trgm's own default threshold for calling two texts similar.
MIN_SIMILARITY = 0.3
# rapidfuzz's edit-distance ratio runs higher than trigram overlap on unrelated text (two unrelated
# sentences share ~35% of their characters in order), so SQLite asks for more. Scores are shown as
# 0..1 either way.
MIN_FUZZ_SIMILARITY = 0.55
LIMIT = 5


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    similarity: float

    @property
    def percent(self):
        return round(self.similarity * 100)


def similar_claims(text, *, exclude=(), limit=LIMIT, min_similarity=MIN_SIMILARITY, queryset=None):
    """Up to `limit` claims whose wording resembles `text`, most similar first, with their article,
    status and verdict loaded. `exclude`: claim ids to leave out (the claim itself)."""
    text = (text or "").strip()
    if not text:
        return []
    claims = (queryset if queryset is not None else Claim.objects.all()).exclude(pk__in=list(exclude))
    if connection.vendor == "postgresql":
        return _similar_on_postgresql(text, claims, limit, min_similarity)
    return _similar_with_rapidfuzz(text, claims, limit, max(min_similarity, MIN_FUZZ_SIMILARITY))


def similar_to_claim(claim, **kwargs):
    return similar_claims(claim.text, exclude=[claim.pk], **kwargs)


def _similar_on_postgresql(text, claims, limit, min_similarity):
    # TrigramDistance is `text <-> query` (1 - similarity): ordering by it with a LIMIT is a
    # nearest-neighbour scan of the GiST index, so only about `limit` rows are read.
    nearest = (
        claims.annotate(distance=TrigramDistance("text", text))
        .select_related("article", "rating", "published_rating")
        .order_by("distance")[:limit]  # no tie-breaker in SQL: it would defeat the index scan
    )
    found = [SimilarClaim(claim, 1 - float(claim.distance)) for claim in nearest]
    found.sort(key=lambda s: (-s.similarity, s.claim.pk))
    return [s for s in found if s.similarity >= min_similarity]


def _similar_with_rapidfuzz(text, claims, limit, min_similarity):
    from rapidfuzz import fuzz, process, utils

    choices = dict(claims.values_list("pk", "text"))
    # token_sort_ratio: word order matters little, as with trigrams (token_set_ratio would call any
    # claim that contains all of a short claim's words identical to it).
    found = process.extract(
        text, choices, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
        limit=limit, score_cutoff=min_similarity * 100,
    )
    scores = {pk: score / 100 for _, score, pk in found}
    by_pk = Claim.objects.select_related("article", "rating", "published_rating").in_bulk(list(scores))
    ranked = sorted(scores, key=lambda pk: (-scores[pk], pk))
    return [SimilarClaim(by_pk[pk], scores[pk]) for pk in ranked if pk in by_pk]
