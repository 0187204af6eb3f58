"""Which language an article or a claim is written in: a small offline heuristic.

Latin-script languages are told apart by their most frequent function words (each list is words
that are common in that language and rare in the others); other scripts by their letters. It is
right on ordinary news prose of a sentence or more, and says "" when it cannot tell, so a person
sets the language (it is editable wherever an article's details are). Codes are BCP 47, as
ClaimReview's inLanguage.
"""
import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# BCP 47 as ClaimReview's inLanguage uses it: a language, then optional subtags (pt-BR, zh-Hant).
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
validate_language_code = RegexValidator(
    rf"\A(?:{LANGUAGE_CODE.pattern})\Z", _("Enter a language code such as en, es, fr or pt-BR."),
)


def is_language_code(value):
    return bool(LANGUAGE_CODE.fullmatch(value or ""))

FUNCTION_WORDS = {
    "en": "the of and to in is that for was with on as are by this have from be were has it which said not".split(),
    "es": "el la los las de del que y en es por para con una un se su al lo como más pero fue ha sus".split(),
    "fr": "le la les de des du et est que qui en un une pour dans pas sur au aux avec ce il sont ont".split(),
    "de": "der die das und ist nicht ein eine zu den mit von sich auf für im dem des auch wird".split(),
    "it": "il lo la gli le di del della che e è un una per con non sono nel alla anche".split(),
    "pt": "o a os as de do da dos das que e é um uma para com não em no na ao mais foi".split(),
    "nl": "de het een van en is dat niet op te met voor zijn er maar ook bij".split(),
    "pl": "i w nie się na że z do jest to jak od po ale przez być".split(),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SCRIPTS = [
    ("uk", re.compile(r"[іїєґІЇЄҐ]")),
    ("ru", re.compile(r"[ыэъЫЭЪ]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The languages the list filters offer (a fixed list: no query per page). Any BCP 47 code may be
# stored; these are the ones detected here or common in European newsrooms.
LANGUAGES = [
    ("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("de", _("German")), ("it", _("Italian")),
    ("pt", _("Portuguese")), ("nl", _("Dutch")), ("pl", _("Polish")), ("uk", _("Ukrainian")), ("ru", _("Russian")),
    ("el", _("Greek")), ("ar", _("Arabic")), ("he", _("Hebrew")), ("zh", _("Chinese")), ("ja", _("Japanese")), ("ko", _("Korean")),
    ("und", _("Undetermined")),
]
# Only the first this-many characters are read: plenty to tell, and cheap on a long article.
SAMPLE = 5000


def detect_language(text):
    """The BCP 47 code of `text`'s language, or "" when unsure."""
    sample = (text or "")[:SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    if letters == 0:
        return ""
    for code, pattern in SCRIPTS:
        if len(pattern.findall(sample)) >= max(2, letters // 200):
            return code
    if len(_CYRILLIC.findall(sample)) > letters / 2:
        return "ru"
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return ""
    scores = {code: sum(1 for w in words if w in vocabulary) for code, vocabulary in _VOCABULARIES.items()}
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_runner_up, second) = ranked[0], ranked[1]
    # Sure enough: function words are a fair share of the text, and clearly one language's.
    if top >= max(2, len(words) // 12) and top >= 1.3 * second:
        return best
    return ""


_VOCABULARIES = {code: frozenset(words) for code, words in FUNCTION_WORDS.items()}
