"""The board: a column per status with counts and cards; filters in the URL; on each card, the steps
this user may take now (buttons for steps that ask for nothing, links to the claim's form for the
others); a refused or stale step is answered on the card (403 / 409); polling every 10 seconds."""
import datetime
import itertools
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Article, Claim, Rating
from claims.workflow import Status

from .conftest import add_sources, advance, login, make_article_with_claims

URL = reverse("claims:board")
HTMX = {"HTTP_HX_REQUEST": "true"}


def step_url(claim):
    return reverse("claims:board_transition", args=[claim.pk])


def cards(response):
    return {card.pk: card for column in response.context["columns"] for card in column["cards"]}


def card_html(response, claim):
    html = response.content.decode()
    return html.split(f'id="card-{claim.pk}"')[1].split("</article>")[0]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_a_user_without_a_role_is_refused(client, outsider, claim):
    login(client, outsider)
    assert client.get(URL).status_code == 403
    assert client.post(step_url(claim), {"transition": "take", "version": claim.version}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_one_column_per_status_with_its_count(client, viewer, editor, checker, claim, article):
    other = Claim.create_from_span(article, 0, 4, text="Other")
    advance(other, Status.IN_REVIEW, editor=editor, checker=checker)
    response = login(client, viewer).get(URL)
    columns = response.context["columns"]
    assert [c["status"] for c in columns] == list(Status)
    assert {c["status"]: c["count"] for c in columns} == {
        Status.NEW: 1, Status.IN_RESEARCH: 0, Status.IN_REVIEW: 1, Status.VERIFIED: 0, Status.PUBLISHED: 0, Status.DISMISSED: 0,
    }
    html = response.content.decode()
    assert html.count('class="board-column') == 6
    assert 'aria-label="1 claim"' in html


def test_a_card_shows_claim_article_assignee_due_date_and_verdict(client, viewer, editor, checker, claim):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    Claim.objects.filter(pk=claim.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    card = card_html(login(client, viewer).get(URL), claim)
    assert "Only six nations pledged troops" in card
    assert "Coalition talks" in card
    assert "Checker" in card  # the assignee's name
    assert "Overdue:" in card
    assert '<span class="chip verdict rating-false">False</span>' in card


def test_filters_by_article_and_assignee_are_in_the_url(client, viewer, editor, checker, checker2, claim, article):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    elsewhere = Article.objects.create(title="Elsewhere", body="Another text entirely.")
    other = Claim.create_from_span(elsewhere, 0, 7, text="Another")
    advance(other, Status.IN_RESEARCH, editor=editor, checker=checker2)
    unassigned = Claim.create_from_span(elsewhere, 8, 12, text="Text")
    login(client, viewer)
    assert set(cards(client.get(URL, {"article": elsewhere.pk}))) == {other.pk, unassigned.pk}
    assert set(cards(client.get(URL, {"assignee": checker.pk}))) == {claim.pk}
    assert set(cards(client.get(URL, {"assignee": "none"}))) == {unassigned.pk}
    response = client.get(URL, {"article": elsewhere.pk, "assignee": checker2.pk})
    assert set(cards(response)) == {other.pk}
    # Polling keeps the filters.
    assert f'hx-get="/board/?article={elsewhere.pk}&amp;assignee={checker2.pk}"' in response.content.decode()
    # Nonsense filters are ignored, not an error.
    assert len(cards(client.get(URL, {"article": "x", "assignee": "'; drop"}))) == 3


def test_a_filtered_board_reads_only_the_columns_that_have_cards(client, viewer, editor, checker, checker2, claim):
    """Filtered by assignee, a status where the filter matches nothing is not read at all: on
    PostgreSQL its part of the cards' UNION walked every claim of that status to find none."""
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    login(client, viewer)
    with CaptureQueriesContext(connection) as mine:
        response = client.get(URL, {"assignee": checker.pk})
    assert set(cards(response)) == {claim.pk}
    assert {c["status"]: c["count"] for c in response.context["columns"]}[Status.IN_RESEARCH] == 1
    cards_query = [q["sql"] for q in mine.captured_queries if "is_idle" in q["sql"]]
    assert len(cards_query) == 1
    if connection.vendor == "postgresql":
        assert Status.IN_RESEARCH in cards_query[0] and Status.NEW not in cards_query[0]
    with CaptureQueriesContext(connection) as nobodys:
        response = client.get(URL, {"assignee": checker2.pk})
    assert cards(response) == {} and all(c["count"] == 0 for c in response.context["columns"])
    assert len(nobodys) == len(mine) - 1  # no cards query

def test_steps_without_input_are_buttons_and_the_others_link_to_the_claims_form(client, editor, editor2, checker, claim, article):
    in_review = Claim.create_from_span(article, 0, 4, text="In review")
    advance(in_review, Status.IN_REVIEW, editor=editor, checker=checker)
    verified = Claim.create_from_span(article, 5, 8, text="Verified")
    advance(verified, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    response = login(client, editor).get(URL)
    by_pk = cards(response)
    assert [t.name for t in by_pk[claim.pk].quick_steps] == []
    assert [t.name for t in by_pk[claim.pk].form_steps] == ["assign", "dismiss"]
    assert [t.name for t in by_pk[in_review.pk].quick_steps] == ["approve"]
    assert [t.name for t in by_pk[in_review.pk].form_steps] == ["send_back"]
    assert [t.name for t in by_pk[verified.pk].quick_steps] == ["publish"]
    card = card_html(response, in_review)
    assert f'hx-post="{step_url(in_review)}"' in card
    assert f'<input type="hidden" name="version" value="{in_review.version}">' in card
    assert f'href="/claims/{in_review.pk}/#transition-send_back"' in card
    assert f'href="/claims/{claim.pk}/#transition-assign"' in card_html(response, claim)


def test_a_correction_publish_asks_for_a_public_note_on_the_claims_page(client, editor, editor2, checker, claim):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="New figures")
    claim.transition("propose", checker, version=claim.version, rating=claim.rating, conclusion="Still false.",
                     justification="Same source")
    claim.transition("approve", editor2, version=claim.version)
    card = cards(login(client, editor).get(URL))[claim.pk]
    assert [t.name for t in card.form_steps] == ["publish", "reopen"]
    response = client.post(step_url(claim), {"transition": "publish", "version": claim.version}, **HTMX)
    assert response.status_code == 400
    assert "needs more information" in card_html(response, claim)


def test_a_checker_can_take_a_new_claim_from_its_card(client, checker, claim):
    login(client, checker)
    assert [t.name for t in cards(client.get(URL))[claim.pk].quick_steps] == ["take"]
    response = client.post(step_url(claim), {"transition": "take", "version": claim.version}, **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH and claim.assignee == checker
    # The answer is the board fragment, with the card now in its new column.
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="board"')
    research = next(c for c in response.context["columns"] if c["status"] == Status.IN_RESEARCH)
    assert [c.pk for c in research["cards"]] == [claim.pk]
    assert "Take it: done. The claim is now in research." in html


def test_the_proposer_is_refused_approval_on_the_card(client, editor, checker, claim):
    # The editor proposes the verdict, so the four-eyes rule bars them from approving it.
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", editor, version=claim.version, rating=_false(), conclusion="No.")
    login(client, editor)
    assert "approve" not in [t.name for t in cards(client.get(URL))[claim.pk].quick_steps]
    history = claim.history.count()
    response = client.post(step_url(claim), {"transition": "approve", "version": claim.version}, **HTMX)
    assert response.status_code == 403
    assert "Only an editor who did not propose this verdict can approve it." in card_html(response, claim)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW and claim.history.count() == history


def _false():
    return Rating.objects.get(slug="false")


def test_a_stale_card_gets_a_conflict_message_and_changes_nothing(client, editor, editor2, checker, claim):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    seen = claim.version
    # Someone else sends it back and it is proposed again: the card the editor saw is stale.
    claim.transition("send_back", editor2, version=claim.version, comment="Check the date")
    claim.transition("propose", checker, version=claim.version, rating=_false(), conclusion="False.")
    response = login(client, editor).post(step_url(claim), {"transition": "approve", "version": seen}, **HTMX)
    assert response.status_code == 409
    card = card_html(response, claim)
    assert "Someone else changed this claim while you were looking at it." in card
    assert f'name="version" value="{claim.version}"' in card  # the card is redrawn as it is now
    assert "data-hold-polling" in card
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW


def test_a_missing_version_is_a_conflict_and_a_garbled_one_a_bad_request(client, checker, claim):
    login(client, checker)
    # Not a number (claims.parsing): 400 saying so, never read as some version.
    response = client.post(step_url(claim), {"transition": "take", "version": "abc"}, **HTMX)
    assert response.status_code == 400 and "is not a number" in response.content.decode()
    assert client.post(step_url(claim), {"transition": "take"}, **HTMX).status_code == 409
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_an_unknown_step_is_refused(client, editor, claim):
    response = login(client, editor).post(step_url(claim), {"transition": "delete", "version": claim.version}, **HTMX)
    assert response.status_code == 403
    assert "“delete” is not a step of the workflow." in card_html(response, claim)


def test_a_step_that_needs_input_is_not_made_from_the_board(client, editor, claim):
    response = login(client, editor).post(step_url(claim), {"transition": "dismiss", "version": claim.version}, **HTMX)
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_a_viewer_sees_every_card_and_no_action(client, viewer, editor, checker, claim, article):
    other = Claim.create_from_span(article, 0, 4, text="Other")
    advance(other, Status.IN_REVIEW, editor=editor, checker=checker)
    response = login(client, viewer).get(URL)
    assert set(cards(response)) == {claim.pk, other.pk}
    html = response.content.decode()
    assert 'class="actions"' not in html and "hx-post" not in html and "#transition-" not in html
    forged = client.post(step_url(other), {"transition": "approve", "version": other.version}, **HTMX)
    assert forged.status_code == 403
    assert "Only an editor who did not propose this verdict can approve it." in forged.content.decode()
    other.refresh_from_db()
    assert other.status == Status.IN_REVIEW


def test_posting_needs_a_csrf_token(checker, claim):
    client = Client(enforce_csrf_checks=True)
    login(client, checker)
    assert client.post(step_url(claim), {"transition": "take", "version": claim.version}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_the_step_endpoint_only_accepts_post(client, checker, claim):
    assert login(client, checker).get(step_url(claim)).status_code == 405


def test_without_javascript_a_step_answers_with_the_whole_page(client, checker, claim):
    response = login(client, checker).post(step_url(claim), {"transition": "take", "version": claim.version})
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_the_board_polls_its_own_fragment(client, viewer, claim):
    login(client, viewer)
    html = client.get(URL).content.decode()
    assert 'id="board"' in html and 'hx-trigger="every 10s"' in html and "data-poll" in html
    assert "claims/polling.js" in html
    fragment = client.get(URL, **HTMX)
    assert "<html" not in fragment.content.decode()
    assert claim.text in fragment.content.decode()
    # The poll does not work out the filters' choices it does not draw (every article, every checker).
    with CaptureQueriesContext(connection) as polled:
        client.get(URL, **HTMX)
    assert not any('FROM "claims_article"' in q["sql"] for q in polled.captured_queries)
    # The back button after a filter change restores the whole page.
    restored = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restored.content.decode()


def test_the_board_runs_a_fixed_number_of_queries(client, editor, editor2, checker, django_assert_max_num_queries):
    login(client, editor)
    make_article_with_claims(6, editor=editor, checker=checker, approver=editor2, title="Small")
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    make_article_with_claims(36, editor=editor, checker=checker, approver=editor2, title="Large")
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert sum(len(c["cards"]) for c in response.context["columns"]) == 42
    assert len(large) == len(small)
    # Session, user, permissions with the navigation's unread count (one query), then the board's
    # own: the column counts, the cards (one query on either database) and the assignee filter.
    with django_assert_max_num_queries(6):
        client.get(URL)


def test_a_columns_cards_are_capped_and_the_rest_linked(client, viewer, article, monkeypatch):
    monkeypatch.setattr("claims.views.board.CARDS_PER_COLUMN", 2)
    for i in range(4):
        Claim.create_from_span(article, i, i + 1, text=f"Claim {i}")
    response = login(client, viewer).get(URL)
    new = response.context["columns"][0]
    assert new["count"] == 4 and len(new["cards"]) == 2 and new["more"] == 2
    assert '2 more new in the claims list' in response.content.decode()


def test_a_column_shows_its_most_urgent_cards_first(client, viewer, article, monkeypatch):
    # Highest priority, then the earliest due date (none last), then the most recently touched;
    # the cap keeps the most urgent, whichever database picks them.
    monkeypatch.setattr("claims.views.board.CARDS_PER_COLUMN", 4)
    today, now = timezone.localdate(), timezone.now()
    made = {}
    for name, priority, due_in, touched_ago in [
        ("high, due next week", 3, 7, 0), ("low, due tomorrow", 1, 1, 0), ("high, due tomorrow, touched last", 3, 1, 1),
        ("high, no date", 3, None, 0), ("medium, due today", 2, 0, 0), ("high, due tomorrow", 3, 1, 5),
    ]:
        claim = Claim.create_from_span(article, 0, 4, text=name)
        Claim.objects.filter(pk=claim.pk).update(
            priority=priority, due_date=None if due_in is None else today + datetime.timedelta(days=due_in),
            updated_at=now - datetime.timedelta(hours=touched_ago))
        made[claim.pk] = name
    new = login(client, viewer).get(URL).context["columns"][0]
    assert [made[card.pk] for card in new["cards"]] == [
        "high, due tomorrow, touched last", "high, due tomorrow", "high, due next week", "high, no date"]


# The board reads its cards as plain values and asks the model's rules once per kind of claim
# (Claim.rule_kind); whatever the claims, each card's buttons are the claim's own allowed_transitions().
PEOPLE = st.sampled_from(["me", "other", None])


def _assert_cards_show_the_claims_own_steps(response, user, expected_cards):
    shown = cards(response)
    assert len(shown) == expected_cards
    assert response.content.decode().count('class="board-card') == expected_cards
    user = User.objects.get(pk=user.pk)
    for pk, card in shown.items():
        claim = Claim.objects.get(pk=pk)
        steps = claim.allowed_transitions(user)
        assert [t.name for t in card.quick_steps] == [t.name for t in steps if not t.asks_for_input(claim)], claim
        assert [t.name for t in card.form_steps] == [t.name for t in steps if t.asks_for_input(claim)], claim
        buttons = re.findall(rf'id="card-{pk}-(?!title)([\w-]+)"', card_html(response, claim))
        assert buttons == [t.name for t in card.quick_steps] + [f"open-{t.name}" for t in card.form_steps]


def _make_claims(article, rows, person):
    for i, (status, assignee, proposer, was_published, *order) in enumerate(rows):
        made = Claim.create_from_span(article, 0, 4, text=f"Claim {i}")
        Claim.objects.filter(pk=made.pk).update(
            status=status, assignee=person[assignee], proposed_by=person[proposer],
            published_at=timezone.now() if was_published else None, **dict(zip(("priority", "due_date"), order)))


@pytest.mark.parametrize("looking", ["editor", "checker", "viewer", "superuser"])
def test_every_kind_of_claim_shows_its_own_steps(client, article, editor, checker, viewer, superuser, checker2, looking):
    # Every status with every assignee, proposer and publication (18 claims a column, under the cap).
    user = {"editor": editor, "checker": checker, "viewer": viewer, "superuser": superuser}[looking]
    every = list(itertools.product(Status.values, ["me", "other", None], ["me", "other", None], [False, True]))
    _make_claims(article, every, {"me": user, "other": checker2, None: None})
    _assert_cards_show_the_claims_own_steps(login(client, user).get(URL), user, len(every))


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    looking=st.sampled_from(["editor", "checker", "viewer", "superuser"]),
    # A status or two per example, so that claims alike but for one thing often meet on the board;
    # priorities and due dates shuffle which of them comes first.
    claims=st.lists(st.sampled_from(Status.values), min_size=1, max_size=2, unique=True).flatmap(
        lambda statuses: st.lists(st.tuples(
            st.sampled_from(statuses), PEOPLE, PEOPLE, st.booleans(), st.integers(1, 3),
            st.one_of(st.none(), st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)))),
            min_size=1, max_size=12)),
)
def test_every_cards_steps_are_the_claims_own_allowed_transitions(
        client, article, editor, checker, viewer, superuser, checker2, looking, claims):
    user = {"editor": editor, "checker": checker, "viewer": viewer, "superuser": superuser}[looking]
    with transaction.atomic():
        _make_claims(article, claims, {"me": user, "other": checker2, None: None})
        _assert_cards_show_the_claims_own_steps(login(client, user).get(URL), user, len(claims))
        transaction.set_rollback(True)
