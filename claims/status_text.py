"""How a claim's status is said inside a sentence, in the reader's language.

A status label ("In research") is a heading; inside a sentence ("The claim is now in research",
"4 in research", "12 more new in the claims list") it takes another form: lower case in English,
lower case and agreeing with "claim" in Spanish or French, but keeping German's capital nouns
("in Recherche"). Lower-casing the translated label gets German wrong, and gluing a count to it
("4" + "nueva") cannot agree in number; so each form is a message of its own, translated whole.
Callers ask once per request and reuse the answer for every row (the lists are written in Python
for speed, issue #17). The counts are lazy plural messages whose number is the `n` they are
formatted with (ngettext_lazy's named number)."""
from django.utils.translation import ngettext_lazy

from .workflow import STATUS_IN_SENTENCE, Status

# The statuses' own words inside a sentence live beside the statuses (claims/workflow.py).
WORDS = STATUS_IN_SENTENCE

COUNTS = {
    Status.NEW: ngettext_lazy("%(n)d new", "%(n)d new", "n"),
    Status.IN_RESEARCH: ngettext_lazy("%(n)d in research", "%(n)d in research", "n"),
    Status.IN_REVIEW: ngettext_lazy("%(n)d in review", "%(n)d in review", "n"),
    Status.VERIFIED: ngettext_lazy("%(n)d verified", "%(n)d verified", "n"),
    Status.PUBLISHED: ngettext_lazy("%(n)d published", "%(n)d published", "n"),
    Status.DISMISSED: ngettext_lazy("%(n)d dismissed", "%(n)d dismissed", "n"),
}

# The board's link under a full column.
MORE_IN_LIST = {
    Status.NEW: ngettext_lazy("%(n)d more new in the claims list", "%(n)d more new in the claims list", "n"),
    Status.IN_RESEARCH: ngettext_lazy(
        "%(n)d more in research in the claims list", "%(n)d more in research in the claims list", "n"),
    Status.IN_REVIEW: ngettext_lazy(
        "%(n)d more in review in the claims list", "%(n)d more in review in the claims list", "n"),
    Status.VERIFIED: ngettext_lazy("%(n)d more verified in the claims list", "%(n)d more verified in the claims list", "n"),
    Status.PUBLISHED: ngettext_lazy(
        "%(n)d more published in the claims list", "%(n)d more published in the claims list", "n"),
    Status.DISMISSED: ngettext_lazy(
        "%(n)d more dismissed in the claims list", "%(n)d more dismissed in the claims list", "n"),
}


def status_words():
    """{status: the status as said after "is now"}, e.g. "in research", in the active language."""
    return {status: str(words) for status, words in WORDS.items()}


def status_count(status, n):
    """n claims in `status`, as a person reads it in a summary: "4 in research", "1 new"."""
    return COUNTS[status] % {"n": n}


def more_in_list(status, n):
    """The board's link under a full column: "12 more new in the claims list"."""
    return MORE_IN_LIST[status] % {"n": n}
