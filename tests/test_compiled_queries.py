"""The board's cards and the claims list's rows and total from SQL compiled once
(claims/compiled_queries.py) are what the ORM query gives, on random claims, filters, sorts, pages,
instants and users; and a change of who may see what, or of the filters, is never answered from SQL
compiled for another."""
import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.compiled_queries import CompiledQuery
from claims.models import Article, Claim, ClaimQuerySet, DeadlinePolicy, Priority
from claims.views import board
from claims.views import claims as claims_list
from claims.workflow import Status

from .conftest import login


def fresh_cards():
    """The board's query with an empty store of compiled SQL (each test starts with none)."""
    return CompiledQuery(board._cards)


def random_desk(rng, people, n=60):
    """`n` claims over three articles, each with a random status, priority, due date, assignee,
    proposer, publication time and last change; random idle thresholds per priority."""
    articles = [Article.objects.create(title=f"Article {i}", publisher="Example News", body="x " * 50)
                for i in range(3)]
    now = timezone.now()
    for i in range(n):
        claim = Claim.create_from_span(rng.choice(articles), 0, 1, text=f"Claim {i}")
        Claim.objects.filter(pk=claim.pk).update(
            status=rng.choice(Status.values),
            priority=rng.choice(Priority.values),
            due_date=rng.choice([None, now.date() + datetime.timedelta(days=rng.randint(-5, 5))]),
            assignee=rng.choice([None, *people]),
            proposed_by=rng.choice([None, *people]),
            published_at=rng.choice([None, now]),
            updated_at=now - datetime.timedelta(minutes=rng.randint(0, 3)),  # ties on purpose
        )
    for priority in Priority.values:
        DeadlinePolicy.objects.update_or_create(
            priority=priority, defaults={"idle_after_days": rng.choice([None, 0, 1, 3])})
    return articles


def orm_cards(base, now, per_column):
    return list(board._cards(base, now, per_column=per_column))


@pytest.mark.parametrize("seed", range(4))
def test_compiled_cards_are_the_orm_cards_on_random_claims(seed, editor, checker, checker2):
    rng = random.Random(seed)
    articles = random_desk(rng, [checker, checker2])
    cards = fresh_cards()
    for _ in range(12):
        base = Claim.objects.visible_to(editor)
        article = rng.choice([None, *articles])
        if article:
            base = base.filter(article_id=article.pk)
        assignee = rng.choice([None, "none", checker, checker2])
        if assignee == "none":
            base = base.filter(assignee__isnull=True)
        elif assignee:
            base = base.filter(assignee_id=assignee.pk)
        now = timezone.now() + datetime.timedelta(days=rng.randint(0, 6), seconds=rng.randint(0, 86_400))
        per_column = rng.choice([1, 3, 20])
        expected = orm_cards(base, now, per_column)
        assert cards.rows(base, now, per_column=per_column) == expected  # compiled now, or reused
        assert cards.rows(base, now, per_column=per_column) == expected  # reused
    assert len(cards._store()) > 1


def test_the_time_is_the_requests_own_each_time(editor, checker):
    """One compiled query, asked at two instants: the idle flags are each instant's."""
    random_desk(random.Random(7), [checker])
    DeadlinePolicy.objects.update(idle_after_days=2)
    base, cards = Claim.objects.visible_to(editor), fresh_cards()
    now, later = timezone.now(), timezone.now() + datetime.timedelta(days=3)
    assert not any(row["is_idle"] for row in cards.rows(base, now, per_column=20))
    flagged = cards.rows(base, later, per_column=20)
    assert any(row["is_idle"] for row in flagged)
    assert flagged == orm_cards(base, later, 20)
    assert len(cards._store()) == 1


def test_who_sees_what_is_asked_of_the_model_on_every_request(monkeypatch, checker, checker2):
    """Were visible_to() to show each person only their own claims, the compiled SQL of one person's
    board would not answer another's: the WHERE clause visible_to() builds is part of the key."""
    random_desk(random.Random(3), [checker, checker2])
    monkeypatch.setattr(ClaimQuerySet, "visible_to", lambda self, user: self.filter(assignee=user))
    cards, now = fresh_cards(), timezone.now()
    mine = cards.rows(Claim.objects.visible_to(checker), now, per_column=20)
    theirs = cards.rows(Claim.objects.visible_to(checker2), now, per_column=20)
    assert mine and theirs
    assert {row["assignee_id"] for row in mine} == {checker.pk}
    assert {row["assignee_id"] for row in theirs} == {checker2.pk}
    assert theirs == orm_cards(Claim.objects.visible_to(checker2), now, 20)


def test_nobody_without_the_permission_gets_a_card(outsider, checker):
    random_desk(random.Random(5), [checker])
    cards = fresh_cards()
    assert cards.rows(Claim.objects.visible_to(outsider), timezone.now(), per_column=20) == []
    assert cards._store() == {}


def test_a_base_the_key_cannot_describe_is_run_through_the_orm(editor, checker):
    """A condition through a join (or an annotation, a slice...) is not part of the WHERE clause the
    key reads alone: such a base is never kept, and its rows are the ORM's."""
    articles = random_desk(random.Random(9), [checker])
    cards, now = fresh_cards(), timezone.now()
    for article in articles:
        base = Claim.objects.visible_to(editor).filter(article__title=article.title)
        assert cards.rows(base, now, per_column=20) == orm_cards(base, now, 20)
    assert cards._store() == {}


def test_the_board_draws_the_cards_of_the_filter_asked_for(client, editor, checker):
    """Through the page: the same filter shape with another value is another entry, not the first
    one's cards."""
    articles = random_desk(random.Random(11), [checker])
    login(client, editor)
    for article in articles:
        shown = {card.pk for column in client.get(reverse("claims:board"), {"article": article.pk})
                 .context["columns"] for card in column["cards"]}
        assert shown and shown <= set(Claim.objects.filter(article=article).values_list("pk", flat=True))


# --- the claims list ---------------------------------------------------------------------------------


def random_list_filters(rng, user, articles, people, ratings):
    """Filters as ClaimFilterForm.valid_filters() gives them, a random few of each kind."""
    choices = {
        "status": lambda: rng.choice(Status.values),
        "assignee": lambda: rng.choice(["none", *(str(p.pk) for p in people)]),
        "article": lambda: rng.choice(articles),
        "verdict": lambda: rng.choice(ratings),
        "priority": lambda: rng.choice(Priority.values),
        "type": lambda: rng.choice(["quantity", "event", "statement"]),
        "overdue": lambda: True,
        "mine": lambda: True,
        "anchor": lambda: True,
        "idle": lambda: True,
        "language": lambda: rng.choice(["en", "pt"]),
        "q": lambda: rng.choice(["Claim", "Claim 1", "nothing"]),
    }
    return {name: make() for name, make in choices.items() if rng.random() < 0.25}


@pytest.mark.parametrize("seed", range(4))
def test_the_lists_compiled_rows_and_total_are_the_orms(seed, editor, checker, checker2, rating_false, rating_true):
    rng = random.Random(seed)
    people = [checker, checker2]
    articles = random_desk(rng, people)
    for claim in Claim.objects.all():
        Claim.objects.filter(pk=claim.pk).update(rating=rng.choice([None, rating_false, rating_true]),
                                                 claim_type=rng.choice(["quantity", "event", "statement"]))
    rows, total = CompiledQuery(claims_list._page_rows), CompiledQuery(lambda m: m.total_query(), with_now=False)
    for _ in range(25):
        user = rng.choice([editor, checker])
        matching = claims_list.matching_claims(user, random_list_filters(rng, user, articles, people,
                                                                         [rating_false, rating_true]))
        sort = rng.choice([*(f"{sign}{key}" for key in claims_list.SORTS for sign in ("", "-"))])
        bottom = rng.choice([0, 0, 5, 40])
        top = bottom + rng.choice([1, 7, 50])
        now = timezone.now() + datetime.timedelta(days=rng.randint(0, 6))
        expected = list(claims_list._page_rows(matching, now, sort=sort, bottom=bottom, top=top))
        assert rows.rows(matching, now, sort=sort, bottom=bottom, top=top) == expected  # compiled now, or reused
        assert rows.rows(matching, now, sort=sort, bottom=bottom, top=top) == expected  # reused
        assert [next(iter(r.values())) for r in total.rows(matching)] == [matching.count()]
    assert len(rows._store()) > 1 and len(total._store()) > 1


def test_the_list_never_shows_one_filters_rows_for_another(client, editor, checker, checker2):
    """Through the page, in one process: the same filter with another value, another sort, another
    page each have their own SQL (their own entry), never the rows of the one asked before."""
    random_desk(random.Random(13), [checker, checker2], n=120)
    login(client, editor)
    for status in Status.values:
        for assignee in ("", "none", str(checker.pk), str(checker2.pk)):
            response = client.get(reverse("claims:list"), {"status": status, "assignee": assignee, "sort": "claim"})
            expected = Claim.objects.filter(status=status)
            if assignee == "none":
                expected = expected.filter(assignee__isnull=True)
            elif assignee:
                expected = expected.filter(assignee_id=assignee)
            assert [row["pk"] for row in response.context["rows"]] == list(
                expected.order_by("text", "pk").values_list("pk", flat=True)[:50])
            assert response.context["page"].paginator.count == expected.count()
    by_text = [row["pk"] for row in client.get(reverse("claims:list"), {"sort": "claim"}).context["rows"]]
    by_text_down = [row["pk"] for row in client.get(reverse("claims:list"), {"sort": "-claim"}).context["rows"]]
    second_page = [row["pk"] for row in client.get(reverse("claims:list"), {"sort": "claim", "page": 2}).context["rows"]]
    everything = list(Claim.objects.order_by("text", "pk").values_list("pk", flat=True))
    assert by_text == everything[:50] and second_page == everything[50:100]
    assert by_text_down == everything[::-1][:50]


def test_a_list_that_can_match_nothing_counts_nothing(monkeypatch, outsider):
    """visible_to() without the permission is none(): no SQL to keep, no row, a total of 0."""
    monkeypatch.setattr(claims_list, "LIST_TOTAL", CompiledQuery(lambda m: m.total_query(), with_now=False))
    assert claims_list._list_total(claims_list.matching_claims(outsider, {})) == 0
    assert claims_list.LIST_TOTAL._store() == {}


def test_a_store_is_emptied_at_its_limit_never_grown_past_it(editor, checker):
    random_desk(random.Random(17), [checker], n=30)
    rows, now = CompiledQuery(claims_list._page_rows, limit=3), timezone.now()
    base = Claim.objects.visible_to(editor)
    for page in range(7):
        expected = list(claims_list._page_rows(base, now, sort="claim", bottom=page * 4, top=page * 4 + 4))
        assert rows.rows(base, now, sort="claim", bottom=page * 4, top=page * 4 + 4) == expected
        assert len(rows._store()) <= 3
