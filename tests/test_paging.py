"""claims/paging.py: the deferred-join paginator gives exactly the pages Django's Paginator gives,
in one query per page, whatever the order, filters, ties and orphans."""
import datetime

import pytest
from django.core.paginator import Paginator
from django.db.models import F
from django.utils import timezone

from claims.models import Claim
from claims.paging import DeferredJoinPaginator


@pytest.fixture
def many(article):
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    claims = [
        Claim.create_from_span(article, start, start + len(quote), text=f"Claim {i:02d}", priority=i % 3 + 1)
        for i in range(23)
    ]
    # Ties on the sort key: groups of claims updated at the same instant.
    base = timezone.now()
    for i, claim in enumerate(claims):
        Claim.objects.filter(pk=claim.pk).update(updated_at=base - datetime.timedelta(minutes=i // 4))
    return claims


ORDERINGS = [
    [F("updated_at").desc(), F("pk").desc()],
    ["priority", "-pk"],
    [F("due_date").asc(nulls_last=True), "text", "pk"],
]


@pytest.mark.parametrize("ordering", ORDERINGS, ids=["updated", "priority", "due"])
@pytest.mark.parametrize("per_page,orphans", [(5, 0), (7, 2), (50, 0)])
def test_every_page_matches_djangos_paginator(many, ordering, per_page, orphans):
    claims = Claim.objects.for_list().order_by(*ordering)
    expected = Paginator(claims, per_page, orphans=orphans)
    ours = DeferredJoinPaginator(claims, per_page, orphans=orphans)
    assert ours.num_pages == expected.num_pages
    seen = []
    for number in expected.page_range:
        page = [c.pk for c in ours.page(number)]
        assert page == [c.pk for c in expected.page(number)]
        seen += page
    assert sorted(seen) == sorted(c.pk for c in many)


def test_filters_still_apply(many):
    claims = Claim.objects.for_list().filter(priority=2).order_by("-updated_at", "-pk")
    pages = DeferredJoinPaginator(claims, 3)
    rows = [c for n in pages.page_range for c in pages.page(n)]
    assert {c.priority for c in rows} == {2}
    assert [c.pk for c in rows] == list(claims.values_list("pk", flat=True))


def test_one_query_per_page_with_its_joins(many, django_assert_num_queries):
    pages = DeferredJoinPaginator(Claim.objects.for_list().order_by("-updated_at", "-pk"), 5)
    pages.count  # the count is its own query, as with Django's paginator
    page = pages.page(3)
    with django_assert_num_queries(1):
        rows = list(page)
        assert all(claim.article.title for claim in rows)  # the article came in the same query
    assert len(rows) == 5


def test_get_page_falls_back_like_djangos(many):
    pages = DeferredJoinPaginator(Claim.objects.for_list().order_by("-pk"), 10)
    assert pages.get_page("x").number == 1
    assert pages.get_page(99).number == 3
    assert [c.pk for c in pages.get_page(99)] == [c.pk for c in sorted(many, key=lambda c: -c.pk)][20:]
