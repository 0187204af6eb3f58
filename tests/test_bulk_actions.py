"""Bulk actions on the claims list: each claim is checked against the user's role and changed in its
own transaction, and the summary says what was done and what was refused, and why."""
import datetime

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.workflow import Status

from .conftest import advance, login

URL = reverse("claims:bulk")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


@pytest.fixture
def three(article):
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    return [Claim.create_from_span(article, start, start + len(quote), text=f"Claim {c}") for c in "ABC"]


def post(client, claims, action, htmx=True, **fields):
    """Post as the list does: the ticked claims, each with the version the list showed."""
    seen = [f"{c.pk}:{Claim.objects.get(pk=c.pk).version}" for c in claims]
    data = {"action": action, "claims": [c.pk for c in claims], "seen": seen, **fields}
    return client.post(URL, data, **(HTMX if htmx else {}))


def test_a_claim_changed_since_the_list_was_loaded_is_refused_as_stale(client, three, editor, checker):
    a, b, c = three
    data = {"action": "priority", "priority": 4, "claims": [a.pk, b.pk, c.pk],
            # b was loaded at version 1, then changed; c's seen version is missing; a's is current.
            "seen": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version}", f"{c.pk}:²"]}
    b.update_details(editor, version=b.version, priority=3)
    response = login(client, editor).post(URL, data, **HTMX)
    html = response.content.decode()
    assert "1 set to Urgent priority; 2 refused" in html
    assert "Someone else changed this claim" in html
    a, b, c = fresh(three)
    assert (a.priority, b.priority, c.priority) == (4, 3, 2)


def fresh(claims):
    return [Claim.objects.get(pk=c.pk) for c in claims]


def test_editor_assigns_three_new_claims(client, three, editor, checker):
    response = post(login(client, editor), three, "assign", assignee=checker.pk)
    assert response.status_code == 200
    assert "3 assigned to Checker." in response.content.decode()
    assert all(c.status == Status.IN_RESEARCH and c.assignee == checker for c in fresh(three))


def test_assign_reassigns_claims_in_research_and_refuses_published_ones_with_the_reason(
        client, three, editor, editor2, checker, checker2):
    a, b, c = three
    advance(b, Status.IN_RESEARCH, editor=editor, checker=checker)
    advance(c, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    response = post(login(client, editor), three, "assign", assignee=checker2.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 assigned to Checker2; 1 refused — ‘Claim C’: This claim is published: it cannot be assigned now." in html
    assert "Each claim was changed on its own, so the refusals did not undo the others." in html
    a, b, c = fresh(three)
    assert (a.status, a.assignee) == (Status.IN_RESEARCH, checker2)
    assert (b.status, b.assignee) == (Status.IN_RESEARCH, checker2)
    assert (c.status, c.assignee) == (Status.PUBLISHED, checker)


def test_dismiss_needs_a_reason(client, three, editor):
    response = post(login(client, editor), three, "dismiss", reason="")
    assert response.status_code == 422
    assert "Give a reason for dismissing." in response.content.decode()
    assert all(c.status == Status.NEW for c in fresh(three))


def test_dismiss_new_claims_and_refuse_one_in_research(client, three, editor, checker):
    advance(three[0], Status.IN_RESEARCH, editor=editor, checker=checker)
    html = post(login(client, editor), three, "dismiss", reason="Opinion").content.decode()
    assert "2 dismissed; 1 refused — ‘Claim A’: This claim is in research: it cannot be dismissed now." in html
    assert [c.status for c in fresh(three)] == [Status.IN_RESEARCH, Status.DISMISSED, Status.DISMISSED]


def test_editor_sets_a_due_date(client, three, editor, tomorrow):
    html = post(login(client, editor), three, "due_date", due_date=tomorrow.isoformat()).content.decode()
    assert f"3 given the due date {tomorrow.day} {tomorrow:%b %Y}." in html
    assert all(c.due_date == tomorrow for c in fresh(three))


def test_a_due_date_in_the_past_is_refused(client, three, editor):
    past = datetime.date.today() - datetime.timedelta(days=1)
    response = post(login(client, editor), three, "due_date", due_date=past.isoformat())
    assert response.status_code == 422
    assert "The due date is in the past." in response.content.decode()


def test_checker_cannot_set_due_dates_and_is_told_why_per_claim(client, three, editor, checker, tomorrow):
    advance(three[0], Status.IN_RESEARCH, editor=editor, checker=checker)
    html = post(login(client, checker), three[:1], "due_date", due_date=tomorrow.isoformat()).content.decode()
    assert (f"0 given the due date {tomorrow.day} {tomorrow:%b %Y}; 1 refused — ‘Claim A’: "
            "Only an editor can change who a claim is assigned to, or its due date.") in html
    # The due date its priority's deadline policy gave it on assignment, unchanged.
    assert fresh(three)[0].due_date == three[0].default_due_date()


def test_checker_sets_priority_on_own_claims_only(client, three, editor, checker):
    advance(three[0], Status.IN_RESEARCH, editor=editor, checker=checker)
    html = post(login(client, checker), three[:2], "priority", priority=4).content.decode()
    assert "1 set to Urgent priority; 1 refused — ‘Claim B’: Only an editor or the assigned fact-checker can edit this claim." in html
    assert [c.priority for c in fresh(three[:2])] == [4, 2]


def test_checker_cannot_bulk_assign(client, three, checker, checker2):
    html = post(login(client, checker), three, "assign", assignee=checker2.pk).content.decode()
    assert "0 assigned to Checker2; 3 refused" in html and "Only an editor can assign a claim to a fact-checker." in html
    assert all(c.status == Status.NEW for c in fresh(three))


def test_nothing_ticked_is_422_with_a_message(client, three, editor, checker):
    response = login(client, editor).post(URL, {"action": "assign", "assignee": checker.pk}, **HTMX)
    assert response.status_code == 422
    assert "Tick at least one claim first." in response.content.decode()


def test_missing_input_keeps_the_ticked_rows_ticked(client, three, editor):
    response = post(login(client, editor), three[:2], "assign")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose the fact-checker to assign." in html
    assert html.count(" checked></td>") == 2


def test_unknown_claim_id_is_422(client, three, editor, checker):
    response = login(client, editor).post(URL, {"action": "assign", "assignee": checker.pk, "claims": [99999]}, **HTMX)
    assert response.status_code == 422


def test_viewer_and_outsider_are_refused_and_anonymous_sent_to_login(client, three, viewer, outsider, checker):
    for user in (viewer, outsider):
        assert post(login(client, user), three, "assign", assignee=checker.pk).status_code == 403
    client.logout()
    assert post(client, three, "assign", assignee=checker.pk).status_code == 302
    assert all(c.status == Status.NEW for c in fresh(three))


def test_bulk_only_answers_post(client, editor):
    assert login(client, editor).get(URL).status_code == 405


def test_htmx_answer_is_the_results_with_the_same_filters(client, three, editor, checker):
    response = login(client, editor).post(
        URL, {"action": "assign", "assignee": checker.pk, "claims": [three[0].pk], "seen": [f"{three[0].pk}:1"],
              "query": "status=new"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    # Filtered on "new": the assigned claim has left the list, the other two remain.
    assert "Claim A</a>" not in html and "Claim B</a>" in html and "Claim C</a>" in html


def test_without_javascript_the_summary_follows_the_redirect(client, three, editor, checker):
    response = post(login(client, editor), three, "assign", htmx=False, assignee=checker.pk, query="status=new")
    assert response.status_code == 302 and response["Location"] == "/claims/?status=new"
    assert "3 assigned to Checker." in client.get(response["Location"]).content.decode()
