"""Claims already checked: existing claims, from any article, whose wording resembles a new one.

On PostgreSQL, pg_trgm's trigram similarity with the GiST index from migration 0004: the query
asks for the nearest claims by trigram distance (ORDER BY text <-> query LIMIT n), which the index
answers directly, then keeps those similar enough. On SQLite there is no such index; rapidfuzz scores every claim's wording in Python,
which is fine at development sizes (see docs/capture.md for both measured).
"""
import functools
import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramDistance
from django.db import connection

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from . import pair_reading
from .conflicts import (
    FAILED_TO, NEGATIVE_VERBS, RULED_OUT, aliases_agree, attack_reversed, compass_sides_differ, declined_to_act, denies,
    different_days, different_spans, different_units, export_roles, german_noun, global_scope, share_against_count,
    has_asymmetric_relation, is_date, is_place, is_region, known_as, looks_german, mentions, national_scope,
    looks_portuguese, negated_form, opposite_predicates, order_roles, payment_roles, plain, relation_words,
    roles_swapped, same_relation, same_word, SMALL_WORDS, sides_of, substitutions, superlative_ranks_differ, words_of,
)
from .models import Claim
from .numbers import is_number_word, numbers_conflict

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


# --- matching by meaning ---------------------------------------------------------------------------
#
# Cosine similarity of multilingual-e5 embeddings ranks paraphrases and translations well, but it
# barely moves when one number, a "not" or a name changes ("Only six nations pledged troops" and
# "Only seven nations pledged troops" score 0.99; a French rendering 0.95). So every candidate is
# also compared for conflicts, in any language: different numbers, one side negated, or a name on
# each side with no counterpart on the other. A conflict lowers the ranking score and keeps the
# pair below the "same claim" line, whatever its cosine.

# Scores at or above this, with no conflict, are called "the same claim" (chosen on the tuning set,
# tests/data/matching_tuning.json; /matching/ shows how often people agreed, per score band).
SAME_CLAIM_LINE = 0.90
# Below this, a candidate is not shown at all (unrelated sentences score ~0.75–0.82 with e5).
MIN_MEANING_SCORE = 0.86
CONFLICT_PENALTY = 0.05

MEANING = "meaning"
WORDING = "wording"


def same_claim_line():
    from django.conf import settings

    return getattr(settings, "SAME_CLAIM_LINE", SAME_CLAIM_LINE)


@dataclass(frozen=True)
class Match:
    """A claim or an external review that may be the same claim, with how it was found."""

    kind: str  # "claim" or "external"
    obj: object  # the Claim or the ExternalReview
    similarity: float  # cosine (meaning) or trigram/edit similarity (wording), 0..1
    score: float  # the ranking score: similarity less a penalty per conflict
    conflicts: tuple = ()
    method: str = MEANING

    @property
    def same(self):
        return self.method == MEANING and not self.conflicts and self.score >= same_claim_line()

    @property
    def percent(self):
        return round(max(self.score, 0) * 100)

    @property
    def text(self):
        return self.obj.text if self.kind == "claim" else self.obj.claim_reviewed

    @property
    def language(self):
        return self.obj.language


@dataclass(frozen=True)
class Matches:
    method: str  # MEANING when the text's embedding was used, WORDING for trigram fallback
    matches: list
    warming: bool = False  # WORDING because this process's vector index is still loading

    def __iter__(self):
        return iter(self.matches)

    def __len__(self):
        return len(self.matches)

    @property
    def claims(self):
        return [m for m in self.matches if m.kind == "claim"]

    @property
    def external(self):
        return [m for m in self.matches if m.kind == "external"]


NEGATIONS = frozenset(
    "not no never n't none nobody nothing neither nor without "  # English
    "nunca ni ningún ninguna ninguno sin jamás tampoco nadie nada "  # Spanish
    "ne n' pas jamais aucun aucune sans personne rien "  # French
    "nicht kein keine keinen keiner nie niemals ohne "  # German
    # Italian; not "mai" (never): it comes with "non" ("non è mai successo"), and alone it is the month of May in
    # French and German ("le 12 mai", "im Mai"), which read every claim dated in May as negated.
    "non nessun nessuno nessuna senza "
    "não nenhum nenhuma sem "  # Portuguese
    "не ні ніколи без нет никогда "  # Ukrainian, Russian
    "nie nigdy żaden żadna "  # Polish
    "niet geen nooit zonder niemand niets".split()  # Dutch
)
# Words that start sentences with a capital without naming anything.
_STARTERS = frozenset(
    "the a an this these those it its in on at only just all some most more many no not after before "
    "el la los las un una unos unas lo en solo sólo solamente apenas este esta estos estas "
    "le la les l un une des ce cette ces seulement seuls seules il elle ils en au aux "
    "der die das ein eine nur in im am es dies diese "
    "il lo gli i uno una solo o os as um uma apenas "
    # adverbs, quantifiers and prepositions that open a claim in the languages matched
    "almost nearly over under more less fewer about around since during between every each both many several "
    "for from by as with according last new global average every world worldwide globally nationwide "
    "casi más menos cerca desde durante entre cada según más "
    "presque près plus moins environ depuis pendant entre chaque selon "
    "fast mehr weniger etwa rund seit während zwischen jede jeder laut weltweit landesweit bundesweit "
    "quasi più meno circa da durante tra fra ogni secondo quase mais cerca "
    "майже понад більше менше близько з під між кожен згідно у в на "
    "prawie ponad więcej mniej około od podczas między każdy według w "
    "de het een dit deze die dat alleen slechts bijna meer minder ongeveer sinds tijdens tussen elke volgens "
    "wereldwijd landelijk".split()
)
_TOKEN = re.compile(r"\w+(?:['’]\w+)?|n't", re.UNICODE)


@functools.lru_cache(maxsize=4096)  # a lookup compares one query with many candidates: the query is read once
def is_negated(text):
    """Whether `text` says "not": a negation word ("not", "no longer", "failed to", "n'a pas"), unless
    a verb that itself means "not allowed" cancels it ("banned" = "no longer allowed"; "did not ban")."""
    lowered = text.lower()
    if "no-" in lowered or "no‐" in lowered or "no confidence" in lowered or "rien" in lowered:  # the pattern is dearer
        text = _NOT_A_NEGATION.sub(" ", text)
    words = [_EMPHASIS.get(w, w) for w in (w.lower() for w in _TOKEN.findall(text.replace("’", "'")))]
    if "no" in words:  # Portuguese "no" is "in the" ("no primeiro semestre"); its "not" is "não"
        portuguese = looks_portuguese(words)
        words = [w for n, w in enumerate(words)
                 if not (w == "no" and (portuguese or words[n + 1:n + 2] and words[n + 1] in _AFTER_PORTUGUESE_NO))]
    if _EVER.intersection(words):
        words = _without_ever(words)
    negation = (any(w in NEGATIONS or w.endswith("n't") for w in words) or bool(FAILED_TO.search(text))
                or declined_to_act(text) or denies(words, text))
    forbidding = any(w in _FORBIDDING or w.startswith(NEGATIVE_VERBS) for w in words)
    # Ruling out says "not" as a verb, and a "not" before it takes it back: "has not ruled out sending troops".
    return (negation != forbidding) != bool(RULED_OUT.search(text))


_FORBIDDING = frozenset("ban bans banned banning".split())
# "Ever" after a superlative is no "never" (round 10): "la temperatura más alta jamás medida", "la plus élevée jamais
# mesurée" (with its expletive "ne": "qu'on n'ait jamais vu"), "la più alta mai registrata" = "the highest ever".
_EVER = frozenset("jamás jamais mai nunca".split())
_SUPERLATIVE_BEFORE_EVER = frozenset("más plus più mais mayor mayores menor menores mejor mejores peor peores meilleur "
                                     "meilleure meilleurs meilleures pire pires maggiore maggiori migliore migliori "
                                     "peggiore peggiori maior maiores melhor melhores pior piores record récord recorde "
                                     "primera primero première premier prima primo primeira primeiro".split())
_EXPLETIVE_NE = frozenset(("ne", "n'", "n"))


def _without_ever(words):
    """`words` less each "jamais" that follows a superlative by at most five words, and the "ne" between."""
    drop = set()
    for n, word in enumerate(words):
        if word in _EVER:
            before = range(max(0, n - 5), n)
            if any(words[i] in _SUPERLATIVE_BEFORE_EVER for i in before):
                drop.add(n)
                drop.update(i for i in before if words[i] in _EXPLETIVE_NE)
    return [w for n, w in enumerate(words) if n not in drop]


# Words of a negation that negate nothing (round 8): a compound with "no" ("a no-confidence vote", "a vote of no
# confidence", "a no-fly zone", "a no-deal Brexit": surviving one is no failure), and French "rien que", "only"
# ("rien qu'au mois d'août" = "in August alone"). "No-one" is "nobody", a negation still.
_NOT_A_NEGATION = re.compile(r"(?<![\w-])no[-‐](?!one\b)(?=[^\W\d_])|(?<!\w)of no confidence(?!\w)"
                             r"|(?<!\w)rien\s+qu(?:e\b|['’])", re.IGNORECASE)
# After these, "no" is Portuguese "in the" even in a sentence too short to tell its language: no Spanish or English
# "not" stands before them ("no primeiro semestre", "no ano passado", "no Brasil").
_AFTER_PORTUGUESE_NO = frozenset("primeiro primeira segundo segunda terceiro terceira quarto último última ano mês "
                                 "semestre trimestre país mundo início fim período brasil méxico japão".split())
# Dutch stresses a word with acute accents: "géén" is "geen" (none), "níét" "niet".
_EMPHASIS = {"géén": "geen", "gèèn": "geen", "niét": "niet", "níét": "niet", "nóóit": "nooit", "nóoit": "nooit"}
# Lower-case words that may join the parts of one name: "Organización Mundial de la Salud", "Bank of England".
_NAME_JOINERS = frozenset("of the de la del los las du des della di da do dos das von der van y".split())


_ELIDED = re.compile(r"^(?:[lLdDjJnNsScCmMtT]|[Qq]u|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all)['’](?=\w)")


def names_in(text):
    return list(_names_in(text))


@functools.lru_cache(maxsize=4096)  # a lookup compares one query with many candidates
def _names_in(text):
    """Names of people, places and organisations: runs of capitalised words that are not a
    sentence's usual first word ("South Korea", "Maria Lopez", "Organización Mundial de la Salud";
    a heuristic, in any script that has capitals). A possessive ends a name: "Brazil's Amazon" is
    two. Number words ("Eight million…", "Четверо…") and German common nouns are not names."""
    tokens = list(_TOKEN.finditer(text))
    german = looks_german([t.group().lower() for t in tokens])
    names, current, pending = [], [], []
    for position, match in enumerate(tokens):
        # French and Italian elide the article into the name: "L'Italia", "d'Allemagne", "dell'UE".
        word = _ELIDED.sub("", match.group())
        previous = tokens[position - 1].group() if position else ""
        capital = (word[:1].isupper() and not word.isdigit() and not (position == 0 and word.lower() in _STARTERS)
                   and not is_number_word(word)
                   and not (german and (german_noun(previous.lower()) or is_number_word(previous)))
                   or previous.lower().startswith(_POLISH_UNITS) and bool(_SLAVIC_ADJECTIVE.fullmatch(word)))
        if capital:
            if current and not _joined(text, tokens[position - 1], match):
                names.append(" ".join(current))
                current = []
            current += pending + [word]
            pending = []
            if re.search(r"['’]s$", word):
                names.append(" ".join(current))
                current = []
        elif current and word.lower() in _NAME_JOINERS and len(pending) < 2:
            pending.append(word)  # "de la" in "Organización Mundial de la Salud"
        else:
            if current:
                names.append(" ".join(current))
            current, pending = [], []
    if current:
        names.append(" ".join(current))
    return tuple(names)


# Polish writes a region's name after its kind, small (round 8): "w województwie opolskim", "powiat krakowski", "gmina
# wiejska": a name all the same, as "Woiwodschaft Niederschlesien" and "the Opole region" are.
_POLISH_UNITS = ("województw", "powiat", "gmin")
_SLAVIC_ADJECTIVE = re.compile(r"[^\W\d_]{4,}?(?:sk|ck|dz)(?:i|ie|im|iego|iej|a|ą|ich|imi)")
# A Slavic place adjective and the place: "opolskim", "Опольському", "Opolszczyźnie" and "Opole" share "opol".
_PLACE_ROOT = re.compile(r"([^\W\d_]{4,}?)(?:sk|ck|szczyzn|shchyn)[^\W\d_]{0,5}")


@functools.lru_cache(maxsize=4096)  # names repeat from pair to pair
def _place_root(plain_name):
    found = _PLACE_ROOT.fullmatch(plain_name)
    return found.group(1) if found else None


def _joined(text, before, after):
    """Two capitalised words are one name when only a space, a hyphen or an abbreviation's dot
    is between them ("EE. UU.", "Royaume-Uni"), not a comma."""
    return re.fullmatch(r"[\s.\-]*", text[before.end():after.start()]) is not None and \
        "," not in text[before.end():after.start()]


def _names_agree(a, b, name_similarity):
    plain_a, plain_b = plain(a), plain(b)
    if plain_a == plain_b:
        return True
    known = aliases_agree(a, b)
    if known is not None:
        return known  # Britain = Reino Unido = UK; Japan ≠ South Korea, however close the model finds them

    shorter, longer = sorted((plain_a.split(), plain_b.split()), key=len)
    if len(shorter) >= 2 and shorter[-1] == longer[-1] and not any(
            fuzz.ratio(shorter[0], v) >= 85 or v.startswith(shorter[0]) for v in longer[:-1]):
        # A surname shared, the first name not: Venus and Serena Williams are two people. A title
        # before it ("Senator Maria Lopez") or an abbreviation ("Met Police") is no other first name.
        return False
    if all(any(fuzz.ratio(w, v) >= 85 for v in longer) for w in shorter):
        return True  # "Macron" for "Emmanuel Macron", "Chicago's" for "Chicagos Bürgermeister"

    # Kyiv/Kiev, Ukraine/Ukraina, Macron/Macrons: spelled alike. Otherwise ask the model whether
    # the two names mean the same (Germany/Allemagne/Deutschland ≈ 0.95; Germany/France ≈ 0.90),
    # unless one is in the table: its forms in the languages matched are there, so a name the table
    # does not know is not one of them.
    if fuzz.ratio(plain_a, plain_b) >= 80:
        return True
    root_a, root_b = _place_root(plain_a), _place_root(plain_b)
    if root_a and plain_b.startswith(root_a) or root_b and plain_a.startswith(root_b):
        return True
    return known_as(a) is None and known_as(b) is None and name_similarity(_bare(a), _bare(b)) >= NAME_LINE


def _bare(name):
    return re.sub(r"['’]s$", "", name)


# Names the model rates this close mean the same thing (Allemagne/Germany 0.97, Polski/Poland 0.94);
# different places and people sit around 0.84-0.90 (France/Germany 0.90, Scholz/Macron 0.84).
NAME_LINE = 0.91

# Reasons shown beside a match ("but: different numbers").
DIFFERENT_NUMBERS = _("different numbers")
NEGATED = _("one is negated")
DIFFERENT_NAMES = _("different names")
OPPOSITE = {
    "direction": _("opposite directions (rose/fell)"),
    "vote": _("opposite positions (for/against)"),
    "outcome": _("opposite outcomes (won/lost)"),
    "plan": _("opposite decisions (announced/abandoned)"),
    "openness": _("opposite actions (opened/closed)"),
    "bound": _("opposite bounds (more/less)"),
    "gain": _("opposite changes (gained/lost)"),
    "heat": _("opposite extremes (hot/cold)"),
    "extreme": _("opposite extremes (highest/lowest)"),
    "quality": _("opposite judgements (best/worst)"),
    "size": _("opposite changes (lengthened/shortened)"),
    "order": _("opposite order (before/after)"),
    "quantity": _("opposite quantities (all/some)"),
    "verdict": _("opposite verdicts (convicted/acquitted)"),
    "ruling": _("opposite rulings (upheld/struck down)"),
    "trade": _("opposite trade (exported/imported)"),
}
# Scales whose poles say the same with the roles swapped: "A beat B" = "B lost to A", "A more than B" =
# "B less than A", "A did better than B" = "B did worse than A", "A is hotter than B" = "B is colder than A".
REVERSIBLE = frozenset(("outcome", "bound", "extreme", "heat", "quality"))
DIFFERENT_SCOPE = _("different scope (everywhere/one place)")
DIFFERENT_UNITS = _("different units")
DIFFERENT_PERIODS = _("different periods (month/year)")
DIFFERENT_DAYS = _("different days or months")
SWAPPED_ROLES = _("names in swapped roles")
ONE_WORD_DIFFERS = _("one word differs: %(old)s ↔ %(new)s")
# The pair reading's answer (pair_reading.py): nothing the rules name, but read together they say different things.
READ_AS_DIFFERENT = _("read together, they say different things")
# Substituted words the model rates at least this close are one meaning (countries/nations 0.95,
# said/stated 0.94); antonyms and other units score 0.85-0.90 (beat/lost 0.86, days/hours 0.90).
WORD_LINE = 0.92


def conflicts_between(a, b, name_similarity=None):
    """Why `a` and `b` cannot be the same claim though they say nearly the same thing: a list of
    short reasons (empty when none is found)."""
    reasons = []
    if numbers_conflict(a, b) or superlative_ranks_differ(a, b):
        reasons.append(DIFFERENT_NUMBERS)
    if different_units(a, b) or share_against_count(a, b):
        reasons.append(DIFFERENT_UNITS)
    if different_spans(a, b):
        reasons.append(DIFFERENT_PERIODS)
    if different_days(a, b):
        reasons.append(DIFFERENT_DAYS)
    if is_negated(a) != is_negated(b):
        reasons.append(NEGATED)
    opposite = opposite_predicates(a, b)
    if name_similarity is None:
        reasons += [OPPOSITE[scale] for scale in opposite]
    else:
        names_a, names_b = names_in(a), names_in(b)
        pairs_a = [_counterpart(n, names_b, name_similarity) for n in names_a]
        pairs_b = [_counterpart(n, names_a, name_similarity) for n in names_b]
        # A name on each side with no counterpart (nor its table form written out on the other side,
        # "WHO" for "Organización Mundial de la Salud"): another person or country. One side merely
        # naming more ("Emmanuel Macron" for "Macron") is not a conflict.
        lonely_a = [n for n, p in zip(names_a, pairs_a) if p is None and not mentions(b, n)]
        lonely_b = [n for n, p in zip(names_b, pairs_b) if p is None and not mentions(a, n)]
        swapped = (not (lonely_a and lonely_b) and has_asymmetric_relation(a) and has_asymmetric_relation(b)
                   and (_swapped([p for p in pairs_a if p is not None]) or _sides_swapped(a, b, names_a, names_b, pairs_a)))
        reversed_sense = [scale for scale in opposite if scale in REVERSIBLE]
        if swapped and reversed_sense:
            # "Real Madrid beat Barcelona" / "El Barcelona perdió ante el Real Madrid": the roles and the
            # verb's sense are both reversed, which says the same thing.
            opposite = [scale for scale in opposite if scale not in REVERSIBLE]
            swapped = False
        reasons += [OPPOSITE[scale] for scale in opposite]
        if lonely_a and lonely_b or compass_sides_differ(a, b):  # "southern X" names another place than "northern X"
            reasons.append(DIFFERENT_NAMES)
        elif _scope_differs(a, b, lonely_b) or _scope_differs(b, a, lonely_a):
            reasons.append(DIFFERENT_SCOPE)
        elif swapped:
            reasons.append(SWAPPED_ROLES)
        words_a, words_b = words_of(a), words_of(b)
        if SWAPPED_ROLES not in reasons and not reversed_sense and (
                roles_swapped(words_a, words_b) or _relation_reversed(a, b, names_a, names_b, pairs_a)
                or _payment_reversed(a, b, names_a, names_b, pairs_a)):
            reasons.append(SWAPPED_ROLES)
        if SWAPPED_ROLES not in reasons and attack_reversed(a, b):
            reasons.append(SWAPPED_ROLES)
        changed = _changed_word(words_a, words_b, name_similarity)
        if changed and not reasons:
            reasons.append(ONE_WORD_DIFFERS % {"old": changed[0], "new": changed[1]})
    # Translated now, in the language of the request that asks (the constants above are lazy).
    return tuple(str(reason) for reason in reasons)


def _spans(text, names):
    """(start, end) of each of `names` in `text`, in order."""
    spans, at = [], 0
    for name in names:
        start = text.find(name, at)
        if start < 0:
            start = text.find(name)
        spans.append((start, start + len(name)))
        at = max(at, start + len(name))
    return spans


def _relation_reversed(a, b, names_a, names_b, pairs_a):
    """Two names joined by one relation, in one order on one side and the other order on the other: "OpenAI
    sued the New York Times" / "The New York Times sued OpenAI and Microsoft" (see conflicts.relation_words)."""
    spans_a, spans_b = _spans(a, names_a), _spans(b, names_b)
    in_a = {other: n for n, other in enumerate(pairs_a) if other is not None}
    for n in range(len(names_a) - 1):
        first, second = pairs_a[n], pairs_a[n + 1]
        if first is None or second is None or first == second or is_date(names_a[n]) or is_date(names_a[n + 1]):
            continue  # "In June 2024 Modi…" / "Modi … in June 2024": a date has no role
        relation_a = relation_words(a[spans_a[n][1]:spans_a[n + 1][0]])
        if relation_a is None:
            continue
        # On b, the name after the second one's counterpart must be one that stood before the relation on a
        # (the first, or one coordinated with it: "sued OpenAI and Microsoft"), joined to it by that relation.
        following = second + 1
        if following >= len(names_b) or in_a.get(following, n + 1) > n:
            return False
        relation_b = relation_words(b[spans_b[second][1]:spans_b[following][0]])
        return relation_b is not None and same_relation(relation_a, relation_b)
    return False


def _payment_reversed(a, b, names_a, names_b, pairs_a):
    """One name pays on one side and is paid on the other: "Zipcab agreed to pay … to 11,000 drivers" / "11,000
    drivers agreed to pay … to Zipcab" (see conflicts.payment_roles)."""
    # Who pays whom; who ordered from whom and who exports to whom (round 9).
    for read_roles in (payment_roles, order_roles, export_roles):
        roles_a = read_roles(a, tuple(names_a))
        if not roles_a:
            continue
        roles_b = read_roles(b, tuple(names_b))
        if any(pairs_a[n] in roles_b and roles_b[pairs_a[n]] != role for n, role in roles_a.items()):
            return True
    return False


def _scope_differs(whole, part, lonely_in_part):
    """`whole` speaks of the world (or the whole country) and `part`, which does not, names a place `whole`
    does not: "Global sea levels rose" / "Sea levels in the Mediterranean rose"."""
    if global_scope(whole) and not global_scope(part):
        return any(is_place(name, part) for name in lonely_in_part)
    if national_scope(whole) and not national_scope(part):
        # A country may be the nation spoken of: only a region, or a place the table does not know named
        # after "in", is narrower.
        return any(is_region(name) or is_place(name, part) and known_as(name) is None for name in lonely_in_part)
    return False


def _changed_word(words_a, words_b, word_similarity):
    """The first substitution (as two short texts) that changes the meaning, when `a` and `b` are one
    sentence but for a word or two; None otherwise. A word that is the same word in another form, or
    that the model puts within WORD_LINE of its replacement, keeps the meaning."""
    for old, new in substitutions(words_a, words_b):
        if any(negated_form(w, v) for w in old for v in new):
            return " ".join(old), " ".join(new)  # safe/unsafe: spelled alike, opposite
        if _accounted_for(old, new) and _accounted_for(new, old):
            continue
        if word_similarity(" ".join(old), " ".join(new)) >= WORD_LINE:
            continue
        return " ".join(old), " ".join(new)
    return None


def _accounted_for(words, others):
    """Every word of `words` is a small word (an article, a preposition, an auxiliary, the "than" of a comparison) or
    the same word in another form as one of `others`: "dropped a pledge" is not accounted for by "pledged" ("dropped"
    is left over); "more than" is, by "over". Small words for small words ("from" for "to") are no glue but the change
    itself: one of them the same word as one of the others, or none is."""
    if all(w in _SMALL_OR_THAN for w in (*words, *others)):
        return any(same_word(w, v) for w in words for v in others)
    return all(w in _SMALL_OR_THAN or any(same_word(w, v) for v in others) for w in words)


_SMALL_OR_THAN = SMALL_WORDS | frozenset("than que als di niż ніж dan".split())


def _counterpart(name, others, name_similarity):
    """The position of `name`'s counterpart among `others`, or None."""
    lowered = [o.lower() for o in others]
    if name.lower() in lowered:
        return lowered.index(name.lower())
    return next((n for n, other in enumerate(others) if _names_agree(name, other, name_similarity)), None)


def _sides_swapped(a, b, names_a, names_b, pairs_a):
    """A name before the asymmetric word on one side stands after it on the other, and one after it
    before: "France lost the World Cup final to Argentina" / "Argentina beat France in the final"."""
    before_a, after_a = sides_of(a, names_a)
    before_b, after_b = sides_of(b, names_b)
    moved_back = any(pairs_a[n] in after_b for n in before_a if pairs_a[n] is not None)
    moved_forward = any(pairs_a[n] in before_b for n in after_a if pairs_a[n] is not None)
    return moved_back and moved_forward


def _swapped(positions):
    """The first two distinct names of one side stand in the other order on the other side."""
    distinct = list(dict.fromkeys(positions))
    return len(distinct) >= 2 and distinct[0] > distinct[1]


def model_name_similarity(a, b):
    return float(_name_vector(a) @ _name_vector(b))


@functools.lru_cache(maxsize=4096)
def _name_vector(name):
    from .embeddings import embed_text

    return embed_text(name)


def rank_candidates(text, candidates, *, name_similarity=None, min_score=MIN_MEANING_SCORE, limit=LIMIT,
                    readings=None):
    """Rank `candidates`, (kind, obj, cosine) triples found near `text`, into Matches: conflicts
    found, penalised, weak ones dropped, best first. The ranking rules, testable with fixed numbers;
    a candidate they would call the same claim is also read together with `text` by the model
    (pair_reading.py; unit tests replace `pair_reading.reads_differently`), through `readings` (a
    pair_reading.Readings, which keeps them in the database) when given."""
    from .embeddings import text_of

    reads_differently = readings.reads_differently if readings is not None else pair_reading.reads_differently

    def order(match):
        return (-match.score, match.kind, match.obj.pk)

    # Shown when the meaning is close, conflicts and all ("but: different numbers" is worth
    # seeing); ranked below the conflict-free. Conflicts are looked for only where they can change
    # what is shown, closest first: comparing names may embed them, the costliest step of a lookup.
    close = sorted((c for c in candidates if c[2] >= min_score), key=lambda c: (-c[2], c[0], c[1].pk))
    matches = []
    for kind, obj, cosine in close:
        if len(matches) >= limit and sorted(matches, key=order)[limit - 1].score > cosine:
            # A score is never above its cosine: no candidate from here on can enter the first `limit`.
            break
        conflicts = conflicts_between(text, text_of(obj), name_similarity)
        if not conflicts and cosine >= same_claim_line() and reads_differently(text, text_of(obj)):
            # The last word on "the same claim", asked only where the rules would say it (it costs ~0.3 s of CPU).
            conflicts = (str(READ_AS_DIFFERENT),)
        score = cosine - CONFLICT_PENALTY * len(conflicts)
        matches.append(Match(kind, obj, cosine, score, conflicts, MEANING))
    matches.sort(key=order)
    return matches[:limit]


def rejected_for(claim):
    """(kind, id) of matches people said are not the same claim as `claim`, either way round."""
    from .models import MatchDecision

    if claim is None:
        return set()
    different = MatchDecision.objects.filter(decision=MatchDecision.Decision.DIFFERENT)
    pairs = {("claim", pk) for pk in different.filter(claim=claim, other_claim__isnull=False)
             .values_list("other_claim_id", flat=True)}
    pairs |= {("claim", pk) for pk in different.filter(other_claim=claim).values_list("claim_id", flat=True)}
    pairs |= {("external", pk) for pk in different.filter(claim=claim, external_review__isnull=False)
              .values_list("external_review_id", flat=True)}
    return pairs


def find_matches(text, *, claim=None, vector=None, limit=LIMIT, min_score=MIN_MEANING_SCORE,
                 name_similarity=model_name_similarity):
    """Claims and external reviews that may be the same claim as `text` (or as `claim`, which is
    left out, and whose rejected pairs are too), by meaning when a vector is at hand: `vector`, or
    `claim`'s stored embedding of its present wording. Without one (a claim not yet embedded by its
    background task), trigram matching of the wording serves: Matches.method says which was used."""
    from . import embeddings, vector_index
    from .models import ExternalReview

    rejected = rejected_for(claim)
    if vector is None and claim is not None:
        stored = getattr(claim, "embedding", None) if _has_embedding(claim) else None
        if stored is not None and stored.model == embeddings.MODEL_NAME and stored.text_hash == embeddings.text_hash(claim.text):
            vector = embeddings.from_bytes(stored.vector)
    index = vector_index.index_if_ready() if vector is not None else None
    if vector is None or index is None:
        # No vector yet, or this process's index still loading (warming): by wording meanwhile.
        similar = similar_claims(text, exclude=[claim.pk] if claim else [], limit=limit + len(rejected))
        matches = [Match("claim", s.claim, s.similarity, s.similarity, (), WORDING) for s in similar
                   if ("claim", s.claim.pk) not in rejected]
        return Matches(WORDING, matches[:limit], warming=vector is not None)
    exclude = set(rejected) | ({("claim", claim.pk)} if claim else set())
    # Only hits close enough to be shown are read from the database (rank_candidates drops the rest).
    hits = [h for h in index.search(vector, limit=limit * 3 + 10, exclude=exclude) if h.score >= min_score]
    claims = Claim.objects.select_related("article", "rating", "published_rating").in_bulk(
        [h.id for h in hits if h.kind == "claim"])
    reviews = ExternalReview.objects.in_bulk([h.id for h in hits if h.kind == "external"])
    candidates = []
    for hit in hits:
        obj = (claims if hit.kind == "claim" else reviews).get(hit.id)
        if obj is not None:
            candidates.append((hit.kind, obj, hit.score))
    # Only a candidate at or above the line can be read (rank_candidates): its stored readings are fetched, no others.
    readings = pair_reading.Readings(text, [embeddings.text_of(obj) for _, obj, cosine in candidates
                                            if cosine >= same_claim_line()])
    ranked = rank_candidates(text, candidates, name_similarity=name_similarity, min_score=min_score, limit=limit,
                             readings=readings)
    readings.save()
    return Matches(MEANING, ranked)


def _has_embedding(claim):
    from .models import Embedding

    try:
        claim.embedding
    except Embedding.DoesNotExist:
        return False
    return True


def matches_for_claim(claim, **kwargs):
    return find_matches(claim.text, claim=claim, **kwargs)
