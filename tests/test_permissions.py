"""The authentication backend answers every permission question exactly as Django's ModelBackend
does, reading the user's own and group permissions in one query instead of two."""
import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from claims.backends import OneQueryModelBackend
from claims.workflow import ASSIGNEE, CHECKER, EDITOR, VIEWER, roles_of

from .conftest import make_user

QUESTIONS = ["claims.view_claim", "claims.act_as_editor", "claims.act_as_checker", "claims.change_article",
             "claims.delete_claim", "auth.add_user"]


def _perm(codename):
    return Permission.objects.get(codename=codename, content_type__app_label="claims")


@pytest.fixture
def cast(db):
    """Users whose permissions come from each source, both, neither; and the inactive and the superuser."""
    direct = make_user("direct")
    direct.user_permissions.add(_perm("view_claim"), _perm("change_article"))
    grouped = make_user("grouped", "Fact-checkers")
    both = make_user("both", "Editors")
    both.groups.add(Group.objects.get(name="Viewers"))
    both.user_permissions.add(_perm("delete_claim"), _perm("view_claim"))  # one of them also from a group
    nothing = make_user("nothing")
    inactive = make_user("inactive", "Editors", is_active=False)
    inactive.user_permissions.add(_perm("view_claim"))
    root = User.objects.create_superuser("root", "root@example.org", "x", is_active=True)
    inactive_root = User.objects.create_superuser("inactive-root", "ir@example.org", "x", is_active=False)
    return [direct, grouped, both, nothing, inactive, root, inactive_root]


def _fresh(user):
    # A new instance for each backend: both cache on the user object.
    return User.objects.get(pk=user.pk)


def _answers(backend, user):
    return {
        "user": backend.get_user_permissions(_fresh(user)),
        "group": backend.get_group_permissions(_fresh(user)),
        "all": backend.get_all_permissions(_fresh(user)),
        "has": {perm: backend.has_perm(_fresh(user), perm) for perm in QUESTIONS},
        "module": backend.has_module_perms(_fresh(user), "claims"),
    }


def test_the_workbench_uses_it():
    assert settings.AUTHENTICATION_BACKENDS == ["claims.backends.OneQueryModelBackend"]


def test_it_answers_as_model_backend_for_every_kind_of_user(cast):
    ours, django = OneQueryModelBackend(), ModelBackend()
    for user in cast:
        assert _answers(ours, user) == _answers(django, user), user.username
    # The cast really covers each case.
    direct, grouped, both, nothing, inactive, root, _ = cast
    assert ours.get_user_permissions(_fresh(direct)) and not ours.get_group_permissions(_fresh(direct))
    assert ours.get_group_permissions(_fresh(grouped)) and not ours.get_user_permissions(_fresh(grouped))
    both_sources = _fresh(both)
    assert ours.get_user_permissions(both_sources) & ours.get_group_permissions(both_sources) == {"claims.view_claim"}
    assert ours.get_user_permissions(both_sources) - ours.get_group_permissions(both_sources) == {"claims.delete_claim"}
    assert ours.get_all_permissions(_fresh(nothing)) == set()
    assert ours.get_all_permissions(_fresh(inactive)) == set()
    assert len(ours.get_all_permissions(_fresh(root))) == Permission.objects.count()


def test_it_fills_the_caches_model_backend_keeps(cast):
    for user in cast:
        ours, django = _fresh(user), _fresh(user)
        OneQueryModelBackend().get_all_permissions(ours)
        ModelBackend().get_all_permissions(django)
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            assert getattr(ours, cache, None) == getattr(django, cache, None), (user.username, cache)


def test_object_permissions_and_anonymous_users_get_nothing(cast):
    backend = OneQueryModelBackend()
    assert backend.get_all_permissions(_fresh(cast[2]), obj=cast[0]) == set()
    assert not backend.has_perm(_fresh(cast[5]), "claims.view_claim", obj=cast[0])
    assert backend.get_all_permissions(AnonymousUser()) == set()


@pytest.mark.parametrize("index, queries", [(0, 1), (1, 1), (2, 1), (3, 1), (4, 0), (5, 1)])
def test_all_of_a_users_permissions_cost_one_query(cast, index, queries, django_assert_num_queries):
    user = _fresh(cast[index])
    backend = OneQueryModelBackend()
    with django_assert_num_queries(queries):
        for perm in QUESTIONS:
            backend.has_perm(user, perm)
        backend.get_user_permissions(user)
        backend.get_group_permissions(user)
        user.has_perm("claims.view_claim")


# The workflow's roles come from these permissions and are kept on the user instance as they are
# (workflow.roles_of): asked once per instance, and exactly as fresh as Django's own answers.

def _counting_has_perm(monkeypatch):
    asked = []
    original = OneQueryModelBackend.has_perm

    def has_perm(self, user_obj, perm, obj=None):
        asked.append(perm)
        return original(self, user_obj, perm, obj)

    monkeypatch.setattr(OneQueryModelBackend, "has_perm", has_perm)
    return asked


def test_a_users_workflow_roles_are_worked_out_once_per_instance(cast, monkeypatch):
    asked = _counting_has_perm(monkeypatch)
    both = _fresh(cast[2])
    assert roles_of(both) == {EDITOR, VIEWER}
    first = len(asked)
    for _ in range(10):
        assert roles_of(both) == {EDITOR, VIEWER}
    assert len(asked) == first
    # Another instance of the same person asks again.
    assert roles_of(_fresh(cast[2])) == {EDITOR, VIEWER} and len(asked) == 2 * first


def test_a_user_read_afresh_after_a_change_of_groups_has_the_new_roles(cast):
    nothing = _fresh(cast[3])
    assert roles_of(nothing) == set()
    nothing.groups.add(Group.objects.get(name="Fact-checkers"))
    # The same instance keeps its answers, as Django's has_perm() does ...
    assert roles_of(nothing) == set() and not nothing.has_perm("claims.act_as_checker")
    # ... until its permission cache is dropped, or the user is read again (the next request).
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        delattr(nothing, cache)
    assert roles_of(nothing) == {CHECKER, VIEWER}
    cast[3].groups.clear()
    assert roles_of(_fresh(cast[3])) == set()


def test_roles_follow_the_flags_has_perm_reads_first(cast):
    user = _fresh(cast[3])
    assert roles_of(user) == set()
    user.is_superuser = True
    assert roles_of(user) == {EDITOR, CHECKER, VIEWER}
    user.is_active = False
    assert roles_of(user) == set()
    user.is_active, user.is_superuser = True, False
    assert roles_of(user) == set()


def test_the_assignee_role_is_decided_per_claim(checker, claim):
    claim.assignee = checker
    assert ASSIGNEE in roles_of(checker, claim)
    claim.assignee = None
    assert ASSIGNEE not in roles_of(checker, claim)
    assert roles_of(checker) == {CHECKER, VIEWER}


# get_user: the session's user, their permissions, their unread badge and the choices' version
# (claims/choice_lists.py) in the one query that loads the user (issue #17).

def test_get_user_loads_the_user_as_model_backend_does(cast):
    ours, django = OneQueryModelBackend(), ModelBackend()
    for user in cast:
        mine, theirs = ours.get_user(user.pk), django.get_user(user.pk)
        if theirs is None:
            assert mine is None, user.username  # inactive users are not let in
            continue
        assert {f.attname: getattr(mine, f.attname) for f in User._meta.concrete_fields} == \
               {f.attname: getattr(theirs, f.attname) for f in User._meta.concrete_fields}
        assert not mine._state.adding and mine._state.db == "default"
        assert ours.get_all_permissions(mine) == django.get_all_permissions(theirs), user.username
        assert mine.get_session_auth_hash() == theirs.get_session_auth_hash()


def test_get_user_answers_none_for_an_unknown_or_malformed_id(cast):
    backend = OneQueryModelBackend()
    assert backend.get_user(User.objects.order_by("-pk").first().pk + 1000) is None
    assert backend.get_user("not a number") is None


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_get_user_reads_permissions_badge_and_choices_version_in_one_query(cast, index, django_assert_num_queries):
    from claims.models import Notification, PeopleAndRatingsChange

    user = cast[index]
    Notification.objects.create(recipient=user, kind=Notification.Kind.ASSIGNED, message="a claim")
    backend = OneQueryModelBackend()
    with django_assert_num_queries(1):
        loaded = backend.get_user(user.pk)
        for perm in QUESTIONS:
            loaded.has_perm(perm)
        backend.get_all_permissions(loaded)
    assert loaded._unread_notification_count == 1
    assert loaded._choices_version == PeopleAndRatingsChange.objects.latest("pk").token
