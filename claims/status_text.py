"""How a claim's status is said inside a sentence, in the reader's language.

A status label ("In research") is a heading; inside a sentence ("The claim is now in research",
"4 in research", "12 more new in the claims list") it takes another form: lower case in English,
lower case and agreeing with "claim" in Spanish or French, but keeping German's capital nouns
("in Recherche"). Lower-casing the translated label gets German wrong, and gluing a count to it
("4" + "nueva") cannot agree in number; so each form is a message of its own, translated whole.
Callers ask once per request and reuse the answer for every row (the lists are written in Python
for speed, issue #17)."""
from django.utils.translation import ngettext, pgettext

from .workflow import Status


def status_words():
    """{status: the status as said after "is now"}, e.g. "in research"."""
    return {
        Status.NEW: pgettext("claim status inside a sentence", "new"),
        Status.IN_RESEARCH: pgettext("claim status inside a sentence", "in research"),
        Status.IN_REVIEW: pgettext("claim status inside a sentence", "in review"),
        Status.VERIFIED: pgettext("claim status inside a sentence", "verified"),
        Status.PUBLISHED: pgettext("claim status inside a sentence", "published"),
        Status.DISMISSED: pgettext("claim status inside a sentence", "dismissed"),
    }


def status_count(status, n):
    """n claims in `status`, as a person reads it in a summary: "4 in research", "1 new"."""
    if status == Status.NEW:
        text = ngettext("%(n)d new", "%(n)d new", n)
    elif status == Status.IN_RESEARCH:
        text = ngettext("%(n)d in research", "%(n)d in research", n)
    elif status == Status.IN_REVIEW:
        text = ngettext("%(n)d in review", "%(n)d in review", n)
    elif status == Status.VERIFIED:
        text = ngettext("%(n)d verified", "%(n)d verified", n)
    elif status == Status.PUBLISHED:
        text = ngettext("%(n)d published", "%(n)d published", n)
    else:
        text = ngettext("%(n)d dismissed", "%(n)d dismissed", n)
    return text % {"n": n}


def more_in_list(status, n):
    """The board's link under a full column: "12 more new in the claims list"."""
    if status == Status.NEW:
        text = ngettext("%(n)d more new in the claims list", "%(n)d more new in the claims list", n)
    elif status == Status.IN_RESEARCH:
        text = ngettext("%(n)d more in research in the claims list", "%(n)d more in research in the claims list", n)
    elif status == Status.IN_REVIEW:
        text = ngettext("%(n)d more in review in the claims list", "%(n)d more in review in the claims list", n)
    elif status == Status.VERIFIED:
        text = ngettext("%(n)d more verified in the claims list", "%(n)d more verified in the claims list", n)
    elif status == Status.PUBLISHED:
        text = ngettext("%(n)d more published in the claims list", "%(n)d more published in the claims list", n)
    else:
        text = ngettext("%(n)d more dismissed in the claims list", "%(n)d more dismissed in the claims list", n)
    return text % {"n": n}
