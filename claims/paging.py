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
from django.utils.functional import cached_property


class DeferredJoinPaginator(Paginator):
    @cached_property
    def count(self):
        total = getattr(self.object_list, "total", None)
        return total() if total is not None else super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # The keys of this page, in the list's order; the outer query keeps that order and the
        # filters (which the 50 keys make cheap to check again).
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)
