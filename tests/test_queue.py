"""My queue: the open claims assigned to me and, for editors, the verdicts waiting for my review
(never my own proposal); overdue first, then by due date; polling every 10 seconds."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.models import Claim, Rating
from claims.views.queue import _shortened
from claims.workflow import Status

from .conftest import add_sources, advance, login, make_article_with_claims

URL = reverse("claims:queue")


def queued(response):
    return [row["pk"] for row in response.context["rows"]]


def new_claim(article, n):
    return Claim.create_from_span(article, n, n + 1, text=f"Claim {n}")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_a_user_without_a_role_is_refused(client, outsider):
    assert login(client, outsider).get(URL).status_code == 403


def test_a_checker_sees_their_open_claims_overdue_first_then_by_due_date(client, editor, editor2, checker, checker2, article):
    today = timezone.localdate()
    later, sooner, late, undated, done, someone_elses = (new_claim(article, n) for n in range(6))
    for claim, due in [(later, 5), (sooner, 1), (late, 1), (undated, None)]:
        claim.transition("assign", editor, version=claim.version, assignee=checker,
                         due_date=today + datetime.timedelta(days=due) if due else None)
    Claim.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=3))
    advance(done, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    advance(someone_elses, Status.IN_RESEARCH, editor=editor, checker=checker2)
    response = login(client, checker).get(URL)
    assert queued(response) == [late.pk, sooner.pk, later.pk, undated.pk]
    assert all(row["reasons"] == ["Assigned to you"] for row in response.context["rows"])
    html = response.content.decode()
    assert "Overdue:" in html and "is-overdue" in html


def test_an_editor_sees_verdicts_waiting_for_review_but_not_their_own(client, editor, editor2, checker, article):
    theirs = new_claim(article, 0)
    advance(theirs, Status.IN_REVIEW, editor=editor, checker=checker)
    own = new_claim(article, 1)
    advance(own, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(own, checker)
    own.transition("propose", editor2, version=own.version, rating=Rating.objects.get(slug="true"), conclusion="Yes.")
    login(client, editor2)
    response = client.get(URL)
    assert queued(response) == [theirs.pk]
    assert response.context["rows"][0]["reasons"] == ["Waiting for your review"]
    # Another editor proposed the second verdict: the first editor may review both.
    assert queued(login(client, editor).get(URL)) == [theirs.pk, own.pk]


def test_a_checker_is_not_shown_other_peoples_reviews(client, editor, checker, checker2, article):
    claim = new_claim(article, 0)
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker2)
    assert queued(login(client, checker).get(URL)) == []
    assert "Nothing is waiting for you." in client.get(URL).content.decode()


def test_a_viewer_has_an_empty_queue(client, viewer, editor, checker, article):
    advance(new_claim(article, 0), Status.IN_REVIEW, editor=editor, checker=checker)
    assert queued(login(client, viewer).get(URL)) == []


def test_the_queue_polls_its_own_fragment(client, checker):
    login(client, checker)
    html = client.get(URL).content.decode()
    assert 'id="queue"' in html and 'hx-trigger="every 10s"' in html
    fragment = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="queue"')


def test_the_queue_runs_a_fixed_number_of_queries(client, editor, editor2, checker, django_assert_max_num_queries):
    login(client, checker)
    make_article_with_claims(6, editor=editor, checker=checker, approver=editor2, title="Small")
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    make_article_with_claims(30, editor=editor, checker=checker, approver=editor2, title="Large")
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.context["rows"]) == 18  # in research, in review, verified: 3 of every 6
    assert len(large) == len(small)
    with django_assert_max_num_queries(5):
        client.get(URL)


def test_rows_escape_what_people_typed_as_the_template_would(client, editor, checker, article):
    """The rows are written in Python (claims.views.queue._rows_html), not by the template."""
    from django.utils.html import escape

    claim = new_claim(article, 0)
    claim.transition("assign", editor, version=claim.version, assignee=checker, due_date=None)
    text = """Tom's "best" <deal> & more"""
    Claim.objects.filter(pk=claim.pk).update(text=text, due_date=None)
    html = login(client, checker).get(URL).content.decode()
    assert f'<a href="/claims/{claim.pk}/">{escape(text)}</a>' in html
    assert f'data-claim="{claim.pk}"' in html and '<span class="muted">no date</span>' in html
    assert "<deal>" not in html


@settings(max_examples=300, deadline=None, database=None)
@given(title=st.one_of(
    st.text(max_size=60),
    # Combining marks, decomposed and composed letters, around the 50-character line.
    st.lists(st.sampled_from(["e", "\u0301", "é", "e\u0301", "ﬁ", "Å", "A\u030a", " ", "字"]), min_size=40, max_size=55)
    .map("".join),
))
def test_an_articles_title_is_shortened_as_truncator_shortens_it(title):
    assert _shortened(title) == Truncator(title).chars(50)
