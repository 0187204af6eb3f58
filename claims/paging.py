"""Pagination for the claims list, whose deep pages are as cheap as its first.

Django's Paginator fetches a page with LIMIT/OFFSET, and the database walks every row before the
offset with everything the page selects: on page 2,000 of 100,000 claims, 99,950 claims joined to
their article, verdict and assignee, only to be thrown away (0.4 s on PostgreSQL). Here the offset is
walked over primary keys alone, in a subquery the database can answer from an index, and only the
page's own rows are then read with their joins (a "deferred join"). Still one query per page, still
page numbers in the address: nothing changes for the person paging.

The total (and so the number of pages) is ClaimQuerySet.total(): read from the claim tally when the
list is filtered by nothing but status and assignee, which costs the same at a million claims as at
a thousand; COUNT(*) over the matching claims for any other filter (issue #17)."""
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property


def deferred_join(ordered, bottom, top):
    """The rows `bottom` to `top` of the ordered queryset `ordered`: their keys picked from the claims
    alone, in the list's order, then only those rows read with their joins (the outer query keeps the
    order and the filters, which the few keys make cheap to check again)."""
    return ordered.filter(pk__in=ordered.values("pk")[bottom:top])


class DeferredJoinPaginator(Paginator):
    """`total`: a function that counts the object list, when the caller has a cheaper way than its
    total() (the claims list's compiled query); a page's `object_list` is built only when it is read
    (the claims list reads its rows through compiled SQL: bounds() says which)."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, total=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self._total = total

    @cached_property
    def count(self):
        if self._total is not None:
            return self._total()
        total = getattr(self.object_list, "total", None)
        return total() if total is not None else super().count

    def bounds(self, number):
        """Where page `number` (a valid page number) starts and ends in the list: (bottom, top)."""
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return bottom, top

    def page(self, number):
        number = self.validate_number(number)
        bottom, top = self.bounds(number)
        return self._get_page(SimpleLazyObject(lambda: deferred_join(self.object_list, bottom, top)), number, self)
