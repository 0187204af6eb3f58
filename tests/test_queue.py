"""My queue: the open claims assigned to me and, for editors, the verdicts waiting for my review
(never my own proposal); overdue first, then by due date; polling every 10 seconds."""
import datetime

from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, Value, When
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import workflow
from claims.models import Claim, Rating, is_overdue, overdue_q
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


@settings(max_examples=60, deadline=None, database=None)
@given(title=st.one_of(
    st.text(max_size=60),
    # Combining marks, decomposed and composed letters, around the 50-character line.
    st.lists(st.sampled_from(["e", "\u0301", "é", "e\u0301", "ﬁ", "Å", "A\u030a", " ", "字"]), min_size=40, max_size=55)
    .map("".join),
))
def test_an_articles_title_is_shortened_as_truncator_shortens_it(title):
    assert _shortened(title) == Truncator(title).chars(50)


# --- The queue's order, whatever the desk ------------------------------------------------------------
# most_urgent_for walks two or three partial indexes for their first `limit` claims each and merges
# them (issue #17). Checked here against the query it replaced, one condition with OR sorted whole
# (kept below as it was), and against the order as the queue defines it, in Python; with small
# limits, so that a walk often holds more claims than it may return.

def _one_query_sorted_whole(user, today, limit):
    mine = Claim.objects.filter(assignee=user).exclude(status__in=workflow.CLOSED)
    if workflow.EDITOR in workflow.roles_of(user):
        mine = mine | Claim.objects.filter(status=Status.IN_REVIEW).exclude(proposed_by=user)
    late = Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    urgency = [F("late").desc(), F("due_date").asc(nulls_last=True), F("priority").desc(), "pk"]
    return list(mine.annotate(late=late).order_by(*urgency).values_list("pk", flat=True)[:limit])


def _as_the_queue_defines_it(user, today, limit):
    editor = workflow.EDITOR in workflow.roles_of(user)
    queued = [claim for claim in Claim.objects.all()
              if (claim.assignee_id == user.pk and claim.status not in workflow.CLOSED)
              or (editor and claim.status == Status.IN_REVIEW and claim.proposed_by_id != user.pk)]
    today_or_never = datetime.date.max
    queued.sort(key=lambda c: (not is_overdue(c.status, c.due_date, today), c.due_date or today_or_never,
                               -c.priority, c.pk))
    return [claim.pk for claim in queued[:limit]]


# The person looking, most often: their own claims and proposals are what each walk tells apart.
PERSON = st.sampled_from(["me", "me", "other", None])


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    looking=st.sampled_from(["editor", "checker", "viewer", "superuser"]),
    limit=st.integers(1, 6),
    # A status or two per example, so that claims alike but for one thing often meet in one queue;
    # few distinct due dates and priorities around today, so that ties, the overdue line and
    # undated claims meet often; every assignee and proposer.
    claims=st.lists(st.sampled_from(Status.values), min_size=1, max_size=2, unique=True).flatmap(
        lambda statuses: st.lists(st.tuples(
            st.sampled_from(statuses), PERSON, PERSON, st.integers(1, 4),
            st.one_of(st.none(), st.integers(-2, 2))), max_size=16)),
)
def test_the_queue_is_in_the_order_the_whole_desk_sorted_would_give(
        article, editor, checker, viewer, superuser, checker2, looking, limit, claims):
    user = {"editor": editor, "checker": checker, "viewer": viewer, "superuser": superuser}[looking]
    person = {"me": user.pk, "other": checker2.pk, None: None}
    today = timezone.localdate()
    with transaction.atomic():
        # A new claim, on nobody's queue, as the pattern of the others.
        made = Claim.create_from_span(article, 0, 4, text="Claim")
        fields = {f.attname: getattr(made, f.attname) for f in Claim._meta.concrete_fields if f.name != "id"}
        Claim.objects.bulk_create([
            Claim(**{**fields, "status": status, "assignee_id": person[assignee], "proposed_by_id": person[proposer],
                     "priority": priority, "due_date": None if days is None else today + datetime.timedelta(days=days)})
            for status, assignee, proposer, priority, days in claims
        ])
        expected = _as_the_queue_defines_it(user, today, limit)
        assert _one_query_sorted_whole(user, today, limit) == expected
        assert [row["pk"] for row in Claim.objects.most_urgent_for(user, today, limit).values("pk")] == expected
        transaction.set_rollback(True)


def test_the_queue_walks_its_partial_indexes_on_postgres(editor, on_postgres):
    """Each part of the desk is read in its index's order, for its first claims only: no claim of a
    desk is read only to be sorted away (issue #17). Sequential scans and sorts are forbidden, to ask
    whether the walks *can* be used: on a table this small the planner would rather scan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = Claim.objects.most_urgent_for(editor, timezone.localdate(), 101).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in ("claim_desk", "claim_off_desk", "claim_review"):
        assert f"Index Only Scan using {index} on claims_claim" in plan, plan


def test_a_claim_both_assigned_to_an_editor_and_waiting_for_their_review_takes_one_place(
        article, editor, checker2):
    today = timezone.localdate()
    own, others = (Claim.create_from_span(article, n, n + 1, text=f"Claim {n}") for n in range(2))
    Claim.objects.filter(pk=own.pk).update(status=Status.IN_REVIEW, assignee=editor, proposed_by=checker2,
                                           due_date=today - datetime.timedelta(days=1))
    Claim.objects.filter(pk=others.pk).update(status=Status.IN_REVIEW, assignee=checker2, proposed_by=checker2,
                                              due_date=today)
    assert [row["pk"] for row in Claim.objects.most_urgent_for(editor, today, 2).values("pk")] == [own.pk, others.pk]
