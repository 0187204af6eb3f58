"""The authentication backend answers every permission question exactly as Django's ModelBackend
does, reading the user's own and group permissions in one query instead of two."""
import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from claims.backends import OneQueryModelBackend

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
