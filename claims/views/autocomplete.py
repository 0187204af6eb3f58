"""What every search-as-you-type endpoint reads from its request (docs/autocomplete.md): the typed
text, strictly, and the id of the listbox its options are drawn into."""
import re

from django.utils.translation import gettext as _

from ..parsing import InvalidInput

MAX_QUERY = 200
# Control characters (C0, DEL, C1) are never part of a search; a listbox id is the picker's own.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LISTBOX_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,99}$")


def read_search(request, default_listbox):
    """(the typed text, stripped; the listbox id). A search longer than MAX_QUERY or with control
    characters is refused with InvalidInput (400, said to the person); an HX-Target header that is
    not a plain id is never echoed into the options' ids."""
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY:
        raise InvalidInput(_("A search is at most %(max)d characters.") % {"max": MAX_QUERY})
    if _CONTROL.search(query):
        raise InvalidInput(_("A search cannot contain control characters."))
    listbox_id = request.headers.get("HX-Target", "")
    return query.strip(), listbox_id if _LISTBOX_ID.match(listbox_id) else default_listbox
