"""The newest-first pager shared by the notifications, webhook-delivery and articles pages."""
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render_pager(page_number, query="page=2&q=tax"):
    request = RequestFactory().get(f"/anything/?{query}")
    return render_to_string("pager.html", {"page": Paginator(range(25), 10).page(page_number)}, request=request)


def test_a_middle_page_links_both_ways_and_keeps_the_rest_of_the_query():
    html = render_pager(2)
    assert "Page 2 of 3" in html
    assert 'href="?page=1&amp;q=tax" rel="prev"' in html and 'href="?page=3&amp;q=tax" rel="next"' in html


def test_the_first_page_has_no_newer_link_and_the_last_no_older():
    assert 'rel="prev"' not in render_pager(1) and 'rel="next"' in render_pager(1)
    assert 'rel="next"' not in render_pager(3) and 'rel="prev"' in render_pager(3)


def test_a_single_page_shows_no_pager():
    request = RequestFactory().get("/anything/")
    assert "pagination" not in render_to_string("pager.html", {"page": Paginator(range(5), 10).page(1)}, request=request)
