"""Reading what a request (or an imported file) says, strictly: one home for what the workbench
accepts as a number and as text.

Numbers: ASCII digits only. Python's int() and Django's IntegerField also read other scripts'
digits ("٣" is 3) and str.isdigit() says yes to characters int() refuses ("²"), so a check with one
and a conversion with the other answered 500; ids, versions, offsets and page numbers are written by
the workbench's own pages in ASCII, so anything else is a tampered or broken request and gets a 400
that says which value was wrong. Numbers are also kept within a signed 64-bit integer, the widest
column there is: a longer one would overflow the database driver (another 500).

Text: no control characters (NUL, escape, the C1 range...), except tab, line feed and carriage
return where the text may span lines. PostgreSQL refuses a NUL in a text column outright (a 500
half-way through a change), and the others are invisible in the page yet end up in exports, feeds
and the public record.
"""
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy

# The widest integer any column holds (PostgreSQL bigint, SQLite INTEGER).
LARGEST = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
LINE_BREAKS = "\t\n\r"

# The words callers name a value by ("The version “x” is not a number"), translated where a message
# says them: callers pass these English words, or a form field's label already translated.
VALUE_NAMES = {
    "number": pgettext_lazy("name of a value in a message", "number"),
    "id": pgettext_lazy("name of a value in a message", "id"),
    "text": pgettext_lazy("name of a value in a message", "text"),
    "choice": pgettext_lazy("name of a value in a message", "choice"),
    "page": pgettext_lazy("name of a value in a message", "page"),
    "start": pgettext_lazy("name of a value in a message", "start"),
    "version": pgettext_lazy("name of a value in a message", "version"),
    "original": pgettext_lazy("name of a value in a message", "original"),
}


class InvalidInput(ValueError):
    """A request parameter that does not parse: answered 400 with `message` (claims.middleware)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def value_name(what):
    """`what` (a value's English name such as "version", or a label already translated) in the active language."""
    return str(VALUE_NAMES.get(what, what))


def number_problem(value, what="number", *, minimum=0):
    """Why `value` (a string from a request) is not a whole number ≥ `minimum` written in ASCII
    digits, or None when it is."""
    text = value if isinstance(value, str) else str(value)
    if not ASCII_DIGITS.fullmatch(text) or int(text) > LARGEST:
        shown = text if len(text) <= 40 else text[:39] + "…"
        return gettext("The %(what)s “%(value)s” is not a number: write it with the digits 0 to 9.") % {
            "what": value_name(what), "value": shown}
    if int(text) < minimum:
        return gettext("The %(what)s must be at least %(minimum)s.") % {"what": value_name(what), "minimum": minimum}
    return None


def parse_int(value, what="number", *, minimum=0):
    """`value` as an int, or InvalidInput. `what` names the value in the message ("version")."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise InvalidInput(gettext("The %(what)s is missing.") % {"what": value_name(what)})
    problem = number_problem(text, what, minimum=minimum)
    if problem:
        raise InvalidInput(problem)
    return int(text)


def parse_id(value, what="id"):
    """A database id: a whole number from 1."""
    return parse_int(value, what, minimum=1)


def optional_int(value, what="number", *, minimum=0):
    """As parse_int, but None for a missing or empty value."""
    if value is None or value == "":
        return None
    return parse_int(value, what, minimum=minimum)


def optional_id(value, what="id"):
    return optional_int(value, what, minimum=1)


def control_character(text, *, multiline=True):
    """The first control character in `text` (Unicode category Cc: C0, DEL, C1) that is not allowed
    there, with its position, as (index, character); or None. Tab, line feed and carriage return
    are allowed where the text may span lines (`multiline`), tab everywhere."""
    allowed = LINE_BREAKS if multiline else "\t"
    for index, char in enumerate(text):
        if char not in allowed and unicodedata.category(char) == "Cc":
            return index, char
    return None


def control_character_message(text, what="text", *, multiline=True):
    found = control_character(text, multiline=multiline)
    if found is None:
        return None
    index, char = found
    return gettext("The %(what)s contains an invisible control character (U+%(code)s) at position %(position)s: "
                   "remove it (it often comes from copying out of a PDF or a terminal) and try again.") % {
        "what": value_name(what), "code": f"{ord(char):04X}", "position": index + 1}


def refuse_control_characters(text, what="text", *, multiline=True):
    """Raise ValidationError when `text` holds a control character (see control_character)."""
    if isinstance(text, str):
        message = control_character_message(text, what, multiline=multiline)
        if message:
            raise ValidationError(message, code="control_character")


def single_line(value):
    """A form field validator: no control character, not even a line break."""
    refuse_control_characters(value, multiline=False)


def multi_line(value):
    """A form field validator: no control character but tab and line breaks."""
    refuse_control_characters(value, multiline=True)


def current_path(request):
    """The path (and query) of the page an htmx request was made from (its HX-Current-URL header),
    when that page is on this site; None otherwise, or when the header is not a URL at all: the
    header is the client's to write, and a malformed one must not turn a change already committed
    into an error page."""
    if not getattr(request, "htmx", False):
        return None
    try:
        return request.htmx.current_url_abs_path
    except ValueError:
        return None

