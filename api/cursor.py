"""Cursor (keyset) pagination over the claims list's sort orders.

A cursor is the sort key and the values of the last row of a page; the next page is the rows
strictly after it in the same ORDER BY (claims.views.claims.claim_ordering: the column(s), then the
primary key; empty values last either way). Unlike page numbers, a cursor neither skips nor
repeats a row when claims are added or change meanwhile, and page 2,000 costs what page 1 costs:
the database seeks in the sort's index instead of counting past every earlier row.
"""
import base64
import binascii
import datetime
import json

from django.db.models import Q

from .problems import Problem

NOTHING = Q(pk__in=[])


def _value_of(obj, path):
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, (datetime.date, datetime.datetime)):
        return obj.isoformat()
    return obj


def encode(sort, fields, row):
    values = [_value_of(row, path) for path, _desc, _nullable in fields] + [row.pk]
    raw = json.dumps({"sort": sort, "after": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, sort, fields):
    """The values a cursor carries, checked against the sort they were made for."""
    try:
        if not cursor.isascii() or len(cursor) > 2000:
            raise ValueError
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = data["after"]
        ok = (data["sort"] == sort and isinstance(values, list) and len(values) == len(fields) + 1
              and all(v is None or isinstance(v, (str, int)) and not isinstance(v, bool) for v in values)
              and isinstance(values[-1], int))
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise Problem(400, "The cursor is not one this list gave (or it was made for another sort order): "
                           "start again from the first page.")
    return values


def after(fields, values, descending):
    """Rows strictly after `values` in ORDER BY fields..., pk (nulls last in both directions)."""
    *field_values, pk = values
    condition = Q(pk__lt=pk) if descending else Q(pk__gt=pk)
    for (path, desc, nullable), value in reversed(list(zip(fields, field_values))):
        if value is None:
            # The cursor row is among the empty values, which come last: only equal (empty) rows follow.
            beyond, equal = NOTHING, Q(**{f"{path}__isnull": True})
        else:
            beyond = Q(**{f"{path}__{'lt' if desc else 'gt'}": value})
            if nullable:
                beyond |= Q(**{f"{path}__isnull": True})
            equal = Q(**{path: value})
        condition = beyond | (equal & condition)
    return condition
