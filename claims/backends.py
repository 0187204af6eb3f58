"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every workbench page asks `has_perm` (the view's permission_required, the workflow's roles), and
ModelBackend answers the first question of a request with two queries: the user's own permissions,
then their groups'. Here one query reads both, marking each permission with where it comes from, and
fills the same per-user caches ModelBackend keeps (`_user_perm_cache`, `_group_perm_cache`; its
get_all_permissions then builds `_perm_cache` from them). Answers are ModelBackend's: inactive and
anonymous users and object permissions get nothing, a superuser gets every permission.
"""
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router


class OneQueryModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            if not hasattr(user_obj, f"_{from_name}_perm_cache"):
                self._cache_permissions(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def _cache_permissions(self, user_obj):
        if user_obj.is_superuser:
            # ModelBackend gives a superuser every permission from both sources.
            everything = self._names(Permission.objects.values_list("content_type__app_label", "codename"))
            user_obj._user_perm_cache, user_obj._group_perm_cache = everything, set(everything)
            return
        # UNION ALL of ModelBackend's own two queries, each row marked with where it comes from: one
        # round trip, and as cheap to plan as the two (a form with EXISTS over every permission
        # took half as long again). Written once as SQL: every page asks, and building the same
        # union through the ORM cost more CPU than running it (issue #17).
        # A last row, with no app label, carries the user's unread notifications: every page's
        # navigation shows that badge beside links it picks by permission, so the two answers come
        # in one round trip instead of two (claims.context_processors.notifications reads it).
        with connections[router.db_for_read(Permission)].cursor() as cursor:
            cursor.execute(_own_and_group_permissions_sql(), [user_obj.pk, user_obj.pk, user_obj.pk])
            rows = cursor.fetchall()
        user_obj._user_perm_cache = self._names((app, codename) for app, codename, mine in rows if app and mine)
        user_obj._group_perm_cache = self._names((app, codename) for app, codename, mine in rows if app and not mine)
        user_obj._unread_notification_count = next(count for app, _codename, count in rows if app is None)

    @staticmethod
    def _names(pairs):
        return {f"{app}.{codename}" for app, codename in pairs}


@cache
def _own_and_group_permissions_sql():
    """A user's own permissions (marked 1) and their groups' (marked 0), as (app label, codename,
    own) rows, then (NULL, NULL, their unread notifications); the user's id is the parameter of all
    three parts. Names read from the models' metadata."""
    from .models import Notification

    notification = Notification._meta
    user_permissions = get_user_model().user_permissions.through._meta
    user_groups = get_user_model().groups.through._meta
    group_permissions = Group.permissions.through._meta
    permission, content_type = Permission._meta.db_table, ContentType._meta.db_table

    def column(meta, field):
        return meta.get_field(field).column

    return (
        f"SELECT ct.app_label, p.codename, 1 FROM {permission} p"
        f" JOIN {content_type} ct ON ct.id = p.content_type_id"
        f" JOIN {user_permissions.db_table} up ON up.{column(user_permissions, 'permission')} = p.id"
        f" WHERE up.{column(user_permissions, 'user')} = %s"
        " UNION ALL"
        f" SELECT ct.app_label, p.codename, 0 FROM {permission} p"
        f" JOIN {content_type} ct ON ct.id = p.content_type_id"
        f" JOIN {group_permissions.db_table} gp ON gp.{column(group_permissions, 'permission')} = p.id"
        f" JOIN {user_groups.db_table} ug ON ug.{column(user_groups, 'group')} = gp.{column(group_permissions, 'group')}"
        f" WHERE ug.{column(user_groups, 'user')} = %s"
        " UNION ALL"
        f" SELECT NULL, NULL, COUNT(*) FROM {notification.db_table}"
        f" WHERE {column(notification, 'recipient')} = %s AND {column(notification, 'read_at')} IS NULL"
    )
