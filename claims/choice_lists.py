"""The people and verdicts the claims list offers (its filters, its bulk form, its rows' verdict
chips), read once per change of the rows they come from rather than on every request.

Every page of the list offered the fact-checkers and the verdicts, two queries and their model
instances a request for rows that change a few times a month (issue #17). They are kept here under
the version of those rows: the latest token of claims.models.PeopleAndRatingsChange, which
triggers append on every change of users, groups, permissions, ratings and their translations,
and which the authentication backend reads with the user's permissions, in the query every page
sends anyway (claims/backends.py). A change made by any process, through any door, is seen by the
next request of every other. Without a version (no change recorded: a database just emptied by a
test's flush) nothing is kept and every request reads the rows.

The same version keys the filter panel and the bulk form's HTML (claims/list.html, the `fragments`
cache), with everything else that HTML depends on.
"""
import threading
from collections import OrderedDict

from django.utils import translation

from .forms import fact_checkers
from .models import Rating, person_name

# Per (what, language, version): a few entries per language live at a time; old versions age out.
LIMIT = 256
_lock = threading.Lock()
_kept = OrderedDict()


def version_for(user):
    """The version of the people and verdict choices `user`'s request sees, or None (keep nothing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_choices_version"):
        user.get_all_permissions()  # the backend reads the version with the permissions
    return getattr(user, "_choices_version", None)


def _once(what, version, read, *, language=None):
    if version is None:
        return read()
    key = (what, language, version)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = read()
    with _lock:
        _kept[key] = value
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return value


def fact_checker_choices(user):
    """(pk, name) of every fact-checker (forms.fact_checkers), in its order, as a tuple."""
    return _once("fact_checkers", version_for(user),
                 lambda: tuple((u.pk, person_name(u)) for u in fact_checkers().only("pk", "username", "first_name", "last_name")))


def verdict_choices(user):
    """(slug, label) of every rating in its order, as the verdict filter offers them (base labels)."""
    return _once("verdicts", version_for(user), lambda: tuple(Rating.objects.values_list("slug", "label")))


def rating_labels(user):
    """Rating.shown_labels() for the active language: {pk: label}, or None in the default language."""
    language = translation.get_language()
    return _once("rating_labels", version_for(user), Rating.shown_labels, language=language)


def forget():
    """Drop everything kept (tests that swap databases under one process)."""
    with _lock:
        _kept.clear()
