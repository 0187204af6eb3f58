"""The claims list's people and verdict choices are kept between requests (claims/choice_lists.py)
and never outlive a change: whatever door changes a user, a group's permissions or a rating, the
next page shows it."""
import pytest
from django.contrib.auth.models import Group, Permission, User

from claims import choice_lists
from claims.models import PeopleAndRatingsChange, Rating

from .conftest import compile_stale_catalogues, login, make_user

URL = "/claims/"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    # The language tests read the Spanish and Ukrainian catalogues: compiled here, not left to
    # whichever test module happened to run first.
    compile_stale_catalogues()


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def filter_panel(html):
    return html[html.index('id="claim-filters"'):html.index("</aside>")]


def bulk_form(html):
    return html[html.index('id="bulk-form"'):html.index("</form>", html.index('id="bulk-form"'))]


@pytest.fixture
def as_editor(client, editor, checker):
    login(client, editor)
    page(client)  # fills the caches
    return client


def test_the_choices_are_read_once_then_kept(as_editor, django_assert_max_num_queries):
    # The session, the user with their permissions, the count, the rows: no fact-checkers', no verdicts'.
    with django_assert_max_num_queries(4):
        html = page(as_editor)
    assert "Checker" in filter_panel(html)


def test_a_new_fact_checker_appears_in_the_filter_and_the_bulk_form(as_editor):
    make_user("newcomer", "Fact-checkers")
    html = page(as_editor)
    assert "Newcomer" in filter_panel(html)
    assert "Newcomer" in bulk_form(html)


def test_a_user_given_the_checker_permission_directly_appears(as_editor):
    person = make_user("direct")
    assert "Direct" not in filter_panel(page(as_editor))
    person.user_permissions.add(Permission.objects.get(codename="act_as_checker", content_type__app_label="claims"))
    assert "Direct" in filter_panel(page(as_editor))


def test_a_group_losing_the_checker_permission_takes_its_people_out(as_editor):
    assert "Checker" in filter_panel(page(as_editor))
    Group.objects.get(name="Fact-checkers").permissions.remove(
        Permission.objects.get(codename="act_as_checker", content_type__app_label="claims"))
    html = page(as_editor)
    assert ">Checker<" not in filter_panel(html) and ">Checker<" not in bulk_form(html)


def test_a_rename_by_a_queryset_update_is_seen(as_editor, checker):
    # No signal is sent by update(): the database's triggers record the change.
    User.objects.filter(pk=checker.pk).update(first_name="Renamed")
    html = page(as_editor)
    assert "Renamed" in filter_panel(html) and "Renamed" in bulk_form(html)


def test_a_deactivated_fact_checker_leaves_the_choices(as_editor, checker):
    User.objects.filter(pk=checker.pk).update(is_active=False)
    assert ">Checker<" not in filter_panel(page(as_editor))


def test_a_new_rating_appears_in_the_verdict_filter(as_editor):
    Rating.objects.create(label="Cherry-picked", slug="cherry-picked", order=99)
    assert "Cherry-picked" in filter_panel(page(as_editor))


def test_a_login_records_no_change(client, checker):
    before = PeopleAndRatingsChange.objects.latest("pk").token
    login(client, checker)  # writes last_login only
    assert PeopleAndRatingsChange.objects.latest("pk").token == before


def test_without_a_recorded_version_nothing_is_kept(as_editor, django_assert_max_num_queries):
    PeopleAndRatingsChange.objects.all().delete()
    make_user("unrecorded", "Fact-checkers")
    PeopleAndRatingsChange.objects.all().delete()  # as a test database's flush leaves it
    html = page(as_editor)
    assert "Unrecorded" in filter_panel(html)


def test_what_is_kept_is_bounded(monkeypatch, editor):
    monkeypatch.setattr(choice_lists, "LIMIT", 3)
    choice_lists.forget()
    for version in range(10):
        choice_lists._once("test", version, lambda version=version: version)
    assert len(choice_lists._kept) == 3
    assert choice_lists._once("test", 9, lambda: "read again") == 9
    assert choice_lists._once("test", 0, lambda: "read again") == "read again"


# The filter panel and the bulk form are kept as HTML (the template_fragments cache): keyed by all
# they depend on.

def test_the_kept_filter_panel_shows_each_request_s_own_values(as_editor):
    page(as_editor, status="in_research")
    assert '<option value="in_research" selected>' in filter_panel(page(as_editor, status="in_research"))
    assert '<option value="in_research" selected>' not in filter_panel(page(as_editor, status="new"))
    assert "Clear all" not in filter_panel(page(as_editor))
    assert "Clear all" in filter_panel(page(as_editor, q="pledged"))


def test_a_permission_change_changes_the_bulk_form(client, editor):
    viewer = make_user("reader", "Viewers")
    login(client, viewer)
    assert 'id="bulk-form"' not in page(client)
    viewer.groups.add(Group.objects.get(name="Editors"))
    html = page(client)
    assert 'id="bulk-form"' in html and "Assign to a fact-checker" in bulk_form(html)
    viewer.groups.remove(Group.objects.get(name="Editors"))
    assert 'id="bulk-form"' not in page(client)


def test_the_kept_html_is_in_each_reader_s_language(as_editor):
    english = filter_panel(page(as_editor))
    spanish = filter_panel(as_editor.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert "Any status" in english and "Any status" not in spanish
    assert filter_panel(page(as_editor)) == english


def test_a_chosen_article_s_new_title_is_shown(as_editor, article):
    page(as_editor, article=article.pk)
    type(article).objects.filter(pk=article.pk).update(title="A retitled article")
    assert "A retitled article" in filter_panel(page(as_editor, article=article.pk))


def test_a_new_translation_of_a_rating_is_shown_in_its_language(editor, rating_false):
    from django.utils import translation

    from claims.backends import OneQueryModelBackend
    from claims.models import RatingTranslation

    def labels():
        user = OneQueryModelBackend().get_user(editor.pk)  # a new request's user, with the version
        with translation.override("es"):
            return choice_lists.rating_labels(user)

    assert labels()[rating_false.pk] != "Falsísimo"
    RatingTranslation.objects.update_or_create(rating=rating_false, language="es", defaults={"label": "Falsísimo"})
    assert labels()[rating_false.pk] == "Falsísimo"
