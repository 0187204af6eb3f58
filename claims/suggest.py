"""Suggest the sentences of an article worth checking.

Each sentence gets a check-worthiness score between 0 and 1 from a handful of features that
published systems use (ClaimBuster, Full Fact; see shared/reference/standards.md): numbers and
quantities, comparatives and superlatives, named people/places/organisations, quotations and
reporting verbs, causal markers, modal or legal "must", predictions. Questions, first-person
opinion and very short sentences count against. The score is a logistic function of the summed
feature weights, so every point of it can be explained by the reasons listed next to it
("number: six; attribution: AFP reported").

No model is downloaded: everything here is rules over the text, so it runs offline, in
milliseconds, and an editor can see why a sentence was suggested.
"""
import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _, gettext_lazy, ngettext

from .models import ClaimType

# A sentence scoring at least this is suggested (chosen on tests/data/labelled; see docs/capture.md).
THRESHOLD = 0.5
BIAS = -1.4

WEIGHTS = {
    "number": 1.5,
    "comparison": 0.7,
    "named": 0.45,  # per distinct name, at most three count
    "role": 0.5,
    "attribution": 1.1,
    "attribution_pronoun": 0.6,  # "he said": the speaker is named elsewhere
    "quotation": 0.3,
    "causal": 0.7,
    "law": 0.9,  # per distinct cue, at most two count
    "prediction": 0.6,
    "event": 0.4,
    "question": -1.6,
    "opinion": -1.4,
    "short": -1.2,
}

# --- sentence splitting ------------------------------------------------------------------------

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "sgt", "cpl", "maj", "adm", "rev", "hon", "pres", "supt", "det", "insp", "mt", "ft", "inc", "ltd",
    "co", "corp", "bros", "vs", "etc", "approx", "est", "dept", "univ", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs",
    "fri", "sat", "sun", "fig", "vol", "p", "pp", "cf", "al", "ave", "blvd", "rd",
}
# Abbreviations that only abbreviate before a number ("No. 10", "Art. 5"); elsewhere "no." ends a sentence.
NUMBER_ABBREVIATIONS = {"no", "nos", "art", "ch", "para", "sec", "op"}
# After a dotted acronym such as "U.S." a new sentence usually starts with one of these words.
SENTENCE_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
    "but", "and", "or", "so", "yet", "in", "on", "at", "for", "as", "if", "when", "while", "after",
    "before", "there", "his", "her", "their", "its", "our", "my", "some", "many", "most", "officials",
}
OPENING_QUOTES = "“\"‘«"
CLOSERS = "”\"’')]»"

_BOUNDARY = re.compile(r"([.!?…]+)([" + re.escape(CLOSERS) + r"]*)(\s+)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(body):
    """The sentences of `body` with their exact offsets (body[start:end] == text).

    Paragraphs (line breaks) always end a sentence. Inside a paragraph a sentence ends at . ! ? or …
    (with any closing quotes or brackets) followed by a space and a capital, digit or opening
    quote -- except after an abbreviation ("Dr.", "No. 10", "U.S." before a name), and except inside
    a quotation that is still open, so a quote of several sentences stays with its attribution
    (“… Our plans are well developed,” he said.)."""
    sentences = []
    for match in re.finditer(r"[^\n]+", body):
        sentences.extend(_split_paragraph(body, match.start(), match.end()))
    return sentences


def _split_paragraph(body, start, end):
    text = body[start:end]
    pieces = []
    piece_start = 0
    for boundary in _BOUNDARY.finditer(text):
        cut = boundary.start(3)  # after the punctuation and closers, before the space
        if _ends_sentence(text, piece_start, boundary):
            pieces.append((piece_start, cut))
            piece_start = boundary.end()
    pieces.append((piece_start, len(text)))
    sentences = []
    for a, b in pieces:
        # Leading dashes and bullets are layout, not part of the sentence.
        while a < b and (text[a].isspace() or text[a] in "-–—•*"):
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            sentences.append(Sentence(start + a, start + b, text[a:b]))
    return sentences


def _ends_sentence(text, piece_start, boundary):
    after = text[boundary.end():]
    if re.match(r"[—–-]\s", after):
        after = after.lstrip("—–- ")  # ". — Next sentence": the dash is layout
    if not after:
        return False
    nxt = after[0]
    if not (nxt.isupper() or nxt.isdigit() or nxt in OPENING_QUOTES or nxt in "([¿¡"):  # ¿ ¡ open Spanish sentences
        return False
    if _inside_open_quote(text[piece_start:boundary.end(2)]):
        return False
    if boundary.group(1) != ".":
        return True  # "!", "?", "…", "..." end sentences whatever the word before them
    word = re.search(r"([\w.]*)\.$", text[:boundary.end(1)]).group(1)
    bare = word.rstrip(".").lower()
    next_word = re.match(r"[\w’']*", after.lstrip(OPENING_QUOTES + "¿¡")).group(0)
    if bare in ABBREVIATIONS:
        return False
    if bare in NUMBER_ABBREVIATIONS and next_word[:1].isdigit():
        return False
    if re.fullmatch(r"[A-Za-z]", bare) and word[:1].isupper():
        return False  # an initial: "J. K. Rowling"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", bare):  # a dotted acronym: "U.S.", "a.m."
        return next_word.lower() in SENTENCE_STARTERS
    return True


def _inside_open_quote(text):
    """Is a quotation opened in `text` and not closed? Curly quotes pair up; straight double quotes
    toggle. Single quotes are not counted: ’ is far more often an apostrophe."""
    depth = 0
    straight_open = False
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight_open = not straight_open
    return depth > 0 or straight_open


# --- features ----------------------------------------------------------------------------------

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen dozens hundreds thousands millions billions half third quarter "
    "twice double doubled tripled halved percent first second third fourth fifth sixth seventh "
    "eighth ninth tenth"
).split()
_NUMBER_WORDS = set(NUMBER_WORDS)
# Figures: "£412 million", "6%", "1.2 million", "2025". Number words are matched word by word.
_FIGURE = re.compile(r"(?<![\w])(?:[$€£¥]\s?)?\d[\d,.]*(?:\s?(?:%|(?:percent|per cent|million|billion|bn|m|km|kg)\b))?")


class _Phrases:
    """A set of cue words and phrases, matched against a sentence's lower-cased words. Much faster
    than one big regex alternation (scoring a 10,000-word article stays well under a second)."""

    def __init__(self, phrases):
        self.by_first = {}
        for phrase in phrases.split("|"):
            words = tuple(phrase.split())
            self.by_first.setdefault(words[0], []).append(words)

    def found(self, words):
        hits = []
        for i, word in enumerate(words):
            for phrase in self.by_first.get(word, ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    hits.append(" ".join(phrase))
        return hits


_WORD = re.compile(r"[\w’']+")
_COMPARISON = _Phrases(
    "more|less|fewer|most|least|than|higher|lower|larger|largest|smaller|smallest|biggest|bigger|"
    "highest|lowest|greatest|greater|worst|worse|best|better|record|increase|increased|increases|"
    "decrease|decreased|decreases|rose|risen|fell|fallen|grew|grown|doubled|tripled|halved|surged|"
    "plunged|soared|dropped|only|all|none|every|never|always"
)
# Superlative-looking words that are not superlatives.
_NOT_SUPERLATIVE = {"interest", "honest", "protest", "request", "suggest", "forest", "west", "rest", "test",
                    "latest", "arrest", "harvest", "manifest", "contest", "invest", "digest", "modest",
                    "earnest", "guest", "quest", "chest", "nest", "pest", "vest", "zest", "behest"}
REPORTING_VERBS = (
    "said says say stated states told tells reported reports announced announces claimed claims "
    "warned warns cautioned cautions insisted insists acknowledged acknowledges indicated indicates "
    "emphasized emphasised emphasizes emphasises echoed echoes questioned added noted argued argues "
    "estimated estimates revealed reveals confirmed confirms denied denies admitted admits alleged "
    "alleges accused accuses promised promises pledged pledges declared declares explained wrote "
    "tweeted posted testified disclosed suggested suggests expressed expresses dismissed dismisses "
    "ruled\\s+out rules\\s+out"
).split()
_REPORTING_WORDS = {v for v in REPORTING_VERBS if "\\" not in v}
_RULED_OUT = re.compile(r"\s+out\b")


class _WordMatch:
    def __init__(self, text, start, end):
        self.string, self._start, self._end = text, start, end

    def start(self):
        return self._start

    def end(self):
        return self._end

    def group(self, n=0):
        return self.string[self._start:self._end]


def _reporting_verbs(text):
    """The reporting verbs of a sentence, as match objects, found word by word (a set lookup per
    word is far cheaper than a regex alternation of 80 verbs)."""
    for m in _LETTERS.finditer(text):
        word = m.group(0).lower()
        if word in ("ruled", "rules"):
            out = _RULED_OUT.match(text, m.end())
            if out:
                yield _WordMatch(text, m.start(), out.end())
                continue
        if word in _REPORTING_WORDS and not _part_of_a_name(text, m):
            yield m


_LETTERS = re.compile(r"[A-Za-z]+")


def _part_of_a_name(text, match):
    """"States" in "the United States", "Says" in "Simon Says Ltd": a capitalised word after the
    sentence's first word is part of a name, not a reporting verb (issue #16: "United" was guessed as
    the claimant of "the United States operates 249 satellites")."""
    return match.group(0)[0].isupper() and bool(text[:match.start()].strip(" “\"‘'("))
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+(?:(?:of|for|on|the)\s+)*[A-Z][\w’'.-]*)*)")
_CITING = re.compile(r"\bciting\s+(.{3,60}?)(?:,|$)")
_CAUSAL = _Phrases(
    "because|due to|caused|causes|cause|led to|leads to|lead to|result of|as a result|resulted in|"
    "therefore|thanks to|owing to|linked to|responsible for|blamed|contributed to|triggered|so that"
)
_LAW = _Phrases(
    "must|law|laws|legal|illegal|unlawful|banned|ban|bans|prohibited|prohibits|required to|"
    "obliged|mandatory|constitution|constitutional|court|legislation|regulation|regulations|treaty|"
    "mandate|sanctions|act of parliament|bill"
)
_PREDICTION = _Phrases(
    "will|would|shall|going to|expected to|expects|forecast|forecasts|predicted|predicts|"
    "projected|likely to|on course to|set to|could lead|signify"
)
_EVENT = _Phrases(
    "met|meeting|visited|signed|agreed|voted|elected|appointed|resigned|launched|attacked|"
    "killed|arrested|deployed|deploying|excluded|excluding|committed|contributed|contributing|"
    "ruled out|joined|left|held|talks|summit|ceasefire|pledged|dismissed|declined|rejected"
)
_FIRST_PERSON_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suppose|reckon|love|hate|like|wonder)\b|"
    r"\bin my (?:view|opinion)\b|\bto me\b|\bI'm sure\b|\bI’m sure\b|\bpersonally\b|"
    r"\b(?:we|you|they)\s+(?:should|ought to)\b|\blet(?:’|')s\b",
    re.IGNORECASE,
)
_SUBJECTIVE = re.compile(
    r"\b(?:wonderful|terrible|awful|beautiful|disgraceful|shameful|delightful|amazing|lovely|sad|"
    r"hopefully|sadly|fortunately|unfortunately)\b",
    re.IGNORECASE,
)

# Titles and offices: they mark the person after them as a named, attributable source.
ROLE_WORDS = {
    "prime", "minister", "president", "secretary", "chancellor", "chief", "senator", "governor",
    "mayor", "spokesman", "spokeswoman", "spokesperson", "general", "king", "queen", "pope", "premier",
    "ambassador", "envoy", "commissioner", "director", "chair", "chairman", "chairwoman", "ceo",
    "judge", "justice", "defence", "defense", "foreign", "interior", "finance", "health", "home",
    "deputy", "vice", "former", "leader", "dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame",
    "lord", "lady", "officer", "head", "diplomat", "representative", "mp", "mep",
}
_ROLE = re.compile(
    r"\b(?:Prime Minister|President|Minister|Secretary|Chancellor|Senator|Governor|Mayor|spokes(?:man|woman|person)|"
    r"foreign policy chief|chief|ambassador|envoy|commissioner|officials?|chair|CEO|director|judge|"
    r"Security Council|deputy chair)\b"
)
# Capitalised words that do not name anything by themselves.
NOT_NAMES = {
    "I", "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "You",
    "His", "Her", "Their", "Its", "Our", "My", "But", "And", "Or", "So", "If", "When", "While", "After",
    "Before", "In", "On", "At", "For", "As", "Of", "To", "With", "By", "From", "Last", "Next", "Earlier",
    "Later", "Late", "Other", "Some", "Many", "Most", "Only", "What", "Why", "How", "Who", "Where",
    "Speaking", "According", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Yes", "No", "Not", "There", "Here", "Also", "However", "Meanwhile", "Still", "Yet",
}
_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w’'.-]*(?:(?:\s+(?:of|for|the|de|von|van|al|and)\s+|\s+)[A-Z][\w’'.-]*)*"
)
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:he|she|they)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    text: str
    start: int
    end: int
    score: float
    reasons: tuple = field(default_factory=tuple)
    claim_type: str = ClaimType.OTHER
    claimant: str = ""
    # True when the sentence's meaning (its embedding) was weighed too, not only the features.
    by_meaning: bool = False
    # "lower" in a language without labelled training sentences (claims/checkworthiness.py).
    confidence: str = ""

    @property
    def reasons_text(self):
        return "; ".join(self.reasons)

    def as_dict(self):
        return {
            "text": self.text, "start": self.start, "end": self.end, "score": self.score,
            "reasons": list(self.reasons), "claim_type": self.claim_type, "claimant": self.claimant,
            "by_meaning": self.by_meaning, "confidence": self.confidence,
        }


def score_sentences(body, *, vectors=None, language=None):
    """Every sentence of `body` with its score, reasons, type and claimant, in text order.

    `vectors`: the sentences' embeddings, one row per sentence of split_sentences(body) (from
    claims.embeddings.sentence_vectors, computed in the background). With them, the classifier
    over meaning is combined with the features; without them, the features alone score.
    `language`: the article's; outside the trained languages the suggestions say "lower confidence"."""
    from . import checkworthiness

    sentences = split_sentences(body)
    logits = [None] * len(sentences)
    if vectors is not None and len(vectors) == len(sentences) and len(sentences) and checkworthiness.weights():
        logits = [float(v) for v in checkworthiness.meaning_logits(vectors)]
    confidence = "" if language is None or checkworthiness.is_trained_for(language) else "lower"
    scored = []
    last_claimant = ""
    for sentence, logit in zip(sentences, logits):
        suggestion = score_sentence(sentence, last_claimant, meaning_logit=logit, confidence=confidence)
        if suggestion.claimant:
            last_claimant = suggestion.claimant
        scored.append(suggestion)
    return scored


def suggest_claims(body, threshold=THRESHOLD, **kwargs):
    """The sentences worth checking, best first (ties keep text order)."""
    ranked = sorted(score_sentences(body, **kwargs), key=lambda s: (-s.score, s.start))
    return [s for s in ranked if s.score >= threshold]


def score_sentence(sentence, previous_claimant="", *, meaning_logit=None, confidence=""):
    text = sentence.text
    words = [w.lower() for w in _WORD.findall(text)]
    features = []  # (name, weight, evidence)

    numbers = _distinct(
        [m.group(0).strip() for m in _FIGURE.finditer(text)]
        + [m.group(0) for m in _LETTERS.finditer(text)
           if m.group(0).lower() in _NUMBER_WORDS and not _determiner_one(text, m)]
        + [f"{a} {b}" for a, b in zip(words, words[1:]) if (a, b) == ("per", "cent")]
    )
    if numbers:
        features.append(("number", WEIGHTS["number"], ", ".join(numbers[:3])))
    superlatives = [w for w in words if len(w) >= 6 and w.endswith("est") and w not in _NOT_SUPERLATIVE]
    comparisons = _distinct(_COMPARISON.found(words) + superlatives)
    if comparisons:
        features.append(("comparison", WEIGHTS["comparison"], ", ".join(comparisons[:3])))
    names = _names(text)
    if names:
        features.append(("named", WEIGHTS["named"] * min(len(names), 3), ", ".join(names[:4])))
    roles = _distinct(m.group(0) for m in _ROLE.finditer(text))
    if roles:
        features.append(("role", WEIGHTS["role"], ", ".join(roles[:2])))

    claimant, verb = guess_claimant(text, previous_claimant)
    if verb:
        named_here = claimant and claimant.split()[-1] in text
        weight = WEIGHTS["attribution"] if named_here else WEIGHTS["attribution_pronoun"]
        features.append(("attribution", weight, f"{claimant or 'someone'} {verb}"))
    if _quotation(text):
        features.append(("quotation", WEIGHTS["quotation"], "quoted words"))
    for name, pattern in (("causal", _CAUSAL), ("law", _LAW), ("prediction", _PREDICTION), ("event", _EVENT)):
        found = _distinct(pattern.found(words))
        if found:
            weight = WEIGHTS[name] * (min(len(found), 2) if name == "law" else 1)
            features.append((name, weight, ", ".join(found[:2])))

    if text.rstrip(CLOSERS + " ").endswith("?") or re.search(r"\?\s*[" + re.escape(CLOSERS) + r"]", text):
        features.append(("question", WEIGHTS["question"], "asks rather than states"))
    unquoted = _without_quotations(text)
    opinion = _FIRST_PERSON_OPINION.search(unquoted) or _SUBJECTIVE.search(unquoted)
    if opinion:
        features.append(("opinion", WEIGHTS["opinion"], opinion.group(0)))
    n_words = len(re.findall(r"\w+", text))
    if n_words < 6:
        features.append(("short", WEIGHTS["short"], f"{n_words} words"))

    total = BIAS + sum(weight for _, weight, _ in features)
    if meaning_logit is not None:
        from .checkworthiness import combine, sigmoid

        # The classifier's opinion, said in words an editor can weigh against the features.
        likeness = sigmoid(meaning_logit)
        wording = "reads like" if likeness >= 0.5 else "does not read like"
        features.append(("meaning", 0.0, f"{wording} sentences desks check ({round(likeness * 100)}%)"))
        total = combine(total, meaning_logit)
    if confidence:
        features.append(("confidence", 0.0, "lower: no labelled sentences in this language"))
    score = round(1 / (1 + math.exp(-total)), 3)
    reasons = tuple(f"{name}: {evidence}" for name, _, evidence in features)
    kinds = {name for name, _, _ in features}
    return Suggestion(
        text=text, start=sentence.start, end=sentence.end, score=score, reasons=reasons,
        claim_type=_claim_type(kinds, text), claimant=claimant, by_meaning=meaning_logit is not None,
        confidence=confidence,
    )


def _determiner_one(text, match):
    """"one resident", "one of them said": "one" picking someone out, not counting."""
    if match.group(0).lower() != "one":
        return False
    following = text[match.end():match.end() + 12].lower()
    return not re.match(r"\s+(?:in|out of|million|billion|thousand|hundred|percent|per cent|third|quarter|half)\b", following)


def _claim_type(kinds, text):
    # Full Fact's claim types; the order settles sentences that show several.
    if "prediction" in kinds and re.search(r"\b(?:will|would|forecast|predict|expected|signify)", text, re.I):
        return ClaimType.PREDICTION
    if "law" in kinds and re.search(r"\b(?:must|law|illegal|legal|banned|prohibit|mandatory|court|legislation)", text, re.I):
        return ClaimType.LAW
    if "number" in kinds:
        return ClaimType.QUANTITY
    if "causal" in kinds:
        return ClaimType.CAUSAL
    if "attribution" in kinds:
        return ClaimType.ATTRIBUTION
    if "event" in kinds or "named" in kinds:
        return ClaimType.EVENT
    return ClaimType.OTHER


def guess_claimant(text, previous_claimant=""):
    """(claimant, reporting verb) for a sentence: who the sentence attributes its claim to. The
    claimant is "" when the article states it in its own voice; a "he said" takes the claimant of
    the sentences before it."""
    according = _ACCORDING.search(text)
    for verb_match in _reporting_verbs(text):
        verb = verb_match.group(0)
        before = text[:verb_match.start()]
        after = text[verb_match.end():]
        # “…,” said Kaja Kallas.  /  “…,” Swedish Defence Minister Pal Jonson echoed.
        if re.search(r"[”\"]\s*,?\s*$", before) and (name := _leading_name(after)):
            return name, verb
        subject = _subject_before(before)
        if subject:
            return subject, verb
        if _PRONOUN_SUBJECT.search(_last_clause(before)) or re.search(r"[”\"]\s*,?\s*(?:he|she|they)\s*$", before, re.I):
            return previous_claimant, verb
    if according:
        return _strip_roles(according.group(1)), "according to"
    return "", ""


def _last_clause(before):
    quote_end = max(before.rfind("”"), before.rfind('"'))
    return before[quote_end + 1:] if quote_end >= 0 else before


def _subject_before(before):
    """The name nearest before the verb, skipping an appositive (“Kallas, the EU’s foreign policy
    chief, acknowledged” → Kallas; “AFP, citing unnamed officials, reported” → AFP)."""
    clause = _last_clause(before).rstrip()
    # Skip auxiliaries and adverbs between the subject and the verb ("Moscow has consistently").
    clause = re.sub(r"(?:\s+(?:has|have|had|is|was|were|are|also|consistently|repeatedly|later|"
                    r"again|then|already|previously|reportedly|publicly|once))+$", "", clause)
    while True:
        appositive = re.search(r",\s*[^,]*,$", clause)
        if appositive and clause[appositive.start():].strip(", ")[:1].islower():
            clause = clause[:appositive.start()].rstrip()
            continue
        break
    # "… the manufacturer, Medivax Ltd., which denies": the relative pronoun points back to the name.
    clause = re.sub(r",?\s*\b(?:which|who)$", "", clause).rstrip(" ,")
    tail = re.search(_CAPITALISED_RUN.pattern + r"$", clause)
    if not tail:
        return ""
    return _strip_roles(tail.group(0))


def _leading_name(after):
    match = re.match(r"\s*(" + _CAPITALISED_RUN.pattern + r")", after)
    return _strip_roles(match.group(1)) if match else ""


def _strip_roles(run):
    """"UK Prime Minister Keir Starmer and French President Emmanuel Macron" → "Keir Starmer and
    Emmanuel Macron": keep what follows the last title word of each name."""
    people = []
    for person in re.split(r"\s+and\s+", run.strip()):
        words = person.split()
        last_role = max((i for i, w in enumerate(words) if w.lower().strip(".") in ROLE_WORDS), default=-1)
        name = " ".join(words[last_role + 1:]) if last_role + 1 < len(words) else ""
        name = re.sub(r"^(?:The|the)\s+", "", name).rstrip(".,")
        if name and name not in NOT_NAMES:
            people.append(name)
    return " and ".join(people)


def _names(text):
    names = []
    for match in _CAPITALISED_RUN.finditer(text):
        at_start = match.start() == 0 or text[:match.start()].rstrip().endswith(tuple(OPENING_QUOTES))
        # "Moscow and Washington" names two places.
        for n, run in enumerate(re.split(r"\s+and\s+", match.group(0).rstrip("."))):
            words = [w for w in run.split() if w not in NOT_NAMES]
            if not words:
                continue
            if at_start and n == 0 and len(run.split()) == 1 and not _looks_like_name(words[0]):
                continue  # the capital of an ordinary first word
            names.append(" ".join(words))
    return _distinct(names)


def _looks_like_name(word):
    # An acronym (AFP, NATO) or a word with a capital inside (McDonald) names something even at the
    # start of a sentence; an ordinary capitalised first word does not.
    return word.isupper() and len(word) > 1 or any(c.isupper() for c in word[1:])


def _quotation(text):
    return bool(re.search(r"[“\"][^”\"]{12,}[”\"]", text))


def _without_quotations(text):
    return re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)


def _distinct(items):
    seen, out = set(), []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# ---------------------------------------------------------------------------------------------------
# Words for people (issue #16): what the suggestions page shows a journalist. Kept apart from the
# scoring above so that either can change without touching the other.

# The reasons are stored and sent by the API as "kind: evidence" (machine words, English); only these
# phrases are translated, each whole with its evidence in {evidence}.
_REASON_WORDS = {
    "number": gettext_lazy("gives a figure ({evidence})"),
    "comparison": gettext_lazy("makes a comparison ({evidence})"),
    "named": gettext_lazy("names {evidence}"),
    "role": gettext_lazy("cites someone's office ({evidence})"),
    "attribution": gettext_lazy("reports what someone said ({evidence})"),
    "quotation": gettext_lazy("quotes someone directly"),
    "causal": gettext_lazy("says what caused what ({evidence})"),
    "law": gettext_lazy("refers to law or rules ({evidence})"),
    "prediction": gettext_lazy("predicts ({evidence})"),
    "event": gettext_lazy("reports an event ({evidence})"),
    "question": gettext_lazy("asks rather than states (counts against)"),
    "opinion": gettext_lazy("sounds like opinion: “{evidence}” (counts against)"),
    "confidence": gettext_lazy("lower confidence: no labelled sentences in this language"),
}
# score_sentence's "meaning" evidence: "reads like sentences desks check (73%)" or "does not read like ...".
_MEANING = re.compile(r"\A(?P<not>does not )?read.* \((?P<percent>[0-9]{1,3})%\)\Z")


def describe_reason(reason):
    """One scoring reason ("named: Brussels, NATO") in words a journalist reads ("names Brussels and
    NATO"). An unknown kind of reason is shown as it is."""
    kind, _sep, evidence = reason.partition(": ")
    if kind == "meaning" and (meaning := _MEANING.match(evidence)):
        percent = {"percent": meaning["percent"]}
        if meaning["not"]:
            return _("does not read like sentences desks check (%(percent)s%%)") % percent
        return _("reads like sentences desks check (%(percent)s%%)") % percent
    if kind == "short" and (words := re.match(r"\A([0-9]{1,4}) words?\Z", evidence)):
        n = int(words[1])
        return ngettext("very short, %(count)s word (counts against)", "very short, %(count)s words (counts against)",
                        n) % {"count": n}
    wording = _REASON_WORDS.get(kind)
    if wording is None:
        return reason
    items = [item.strip() for item in evidence.split(",") if item.strip()]
    if kind == "named":
        # Names a reader would write in the article's own capitalisation, not shouted headlines.
        items = [item.title() if item.isupper() and len(item) > 4 else item for item in items][:3]
        evidence = items[0] if len(items) == 1 else _("%(names)s and %(last)s") % {
            "names": ", ".join(items[:-1]), "last": items[-1]}
    elif kind in ("comparison", "causal", "law", "prediction", "event"):
        # The article's own words, in the reader's quotation marks.
        evidence = ", ".join(_("“%(words)s”") % {"words": item} for item in items[:3])
    return str(wording).format(evidence=evidence)


def describe_reasons(reasons):
    """The reasons of one suggestion as one sentence: "Gives a figure (six); names AFP and the UK."."""
    phrases = [describe_reason(reason) for reason in reasons]
    if not phrases:
        return _("Nothing in it looks check-worthy.")
    sentence = "; ".join(phrases)
    return sentence[0].upper() + sentence[1:] + "."


TITLE_LENGTH = 75
_LEADING_ADVERBIAL = re.compile(
    r"^(?:Earlier|Later|Late|Last|Speaking|When|In|On|At|After|Before|Following|Meanwhile|However|Yet|Also|"
    r"Since|During|By|Asked|Questioned)\b[^,]{0,40},\s+(?=[A-Z“\"])"
)
_LIST_INSIDE = re.compile(r",\s+(?:including|such as|notably|particularly|among them)\b.*,\s+(?=[a-z])")
_APPOSITIVE = re.compile(r",\s+(?:the|a|an|former|then)\s[^,“”\"]{2,90},\s+(?=[a-z])")
_TRAILING_CLAUSE = re.compile(r",\s+(?:a|an|the|which|who|whose|while|with|including|particularly|notably|"
                              r"contingent|regarding|citing|according)\b.*$")


_THAT = re.compile(r"(?:[^“”\"]{0,20}?\s)?that\s(?!(?:day|week|month|year|morning|evening|afternoon|night)\b)")


def _cut_at_a_word(text):
    cut = text[:TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—")
    if cut.count("“") > cut.count("”"):
        close = text.find("”", len(cut))
        if close != -1 and close < TITLE_LENGTH + 8:
            # End with the quotation rather than in the middle of it.
            return text[:close + 1].rstrip(",") + ("…" if text[close + 1:].strip(" .,") else "")
        before = cut[:cut.rfind("“")].rstrip(" ,;:")
        if len(before) >= 30:
            return before + "…"
    return cut + "…"


def claim_title(sentence, claimant=""):
    """A claim's short default title, about 75 characters at most (schema.org ClaimReview's
    claimReviewed is a short statement; Google's guidance asks for a brief one): the clause that
    carries the claim, without the reporting around it — "AFP, citing unnamed European officials,
    reported later that day that only six nations, including …, had so far pledged to contribute
    troops." becomes "AFP: only six nations had so far pledged to contribute troops"."""
    text = " ".join(sentence.split()).rstrip(" .")
    if len(text) <= TITLE_LENGTH:
        return text
    text = _LEADING_ADVERBIAL.sub("", text)
    quoted_first = re.match(r"“([^”]+)”\s*,?\s*(.*)$", text)
    if claimant and quoted_first and claimant in quoted_first.group(2):
        # “It’s helpful if …,” Swedish Defence Minister Pal Jonson echoed. → Pal Jonson: “It’s helpful if …”
        text = f"{claimant}: “{quoted_first.group(1).rstrip(' ,')}”"
    verb = next(_reporting_verbs(text), None)
    if claimant and verb and 0 < verb.start() < 120 and not re.search(r"[,;:“”\"]", text[:verb.start()]):
        # "Estonian Prime Minister Kaja Kallas indicated …" → "Kaja Kallas indicated …".
        text = f"{claimant} {text[verb.start():]}"
    text = _LIST_INSIDE.sub(" ", text)
    text = _APPOSITIVE.sub(" ", text)
    for verb in _reporting_verbs(text):
        that = _THAT.match(text, verb.end())
        if that and claimant and claimant in text[:verb.start()]:
            # "AFP … reported later that day that only six nations …" → "AFP: only six nations …"
            text = f"{claimant}: {text[that.end():]}"
            break
    if len(text) > TITLE_LENGTH:
        shorter = _TRAILING_CLAUSE.sub("", text)
        if 25 <= len(shorter) < len(text):
            text = shorter
    if len(text) > TITLE_LENGTH:
        text = _cut_at_a_word(text)
    return text[0].upper() + text[1:]
