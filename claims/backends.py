"""Django's ModelBackend, reading a user with everything every page asks of them in one query.

Every workbench page loads the session's user, asks `has_perm` (the view's permission_required,
the workflow's roles) and shows the unread badge. ModelBackend loads the user in one query and
answers the first permission question with two more (the user's own permissions, then their
groups'). Here `get_user` reads, in the one query that loads the user row:

- their own permissions and their groups' (filling the per-user caches ModelBackend keeps,
  `_user_perm_cache` and `_group_perm_cache`; its get_all_permissions builds `_perm_cache` from them);
- their unread notifications (claims.context_processors.notifications reads them);
- the version of the people and verdict choices (claims.models.PeopleAndRatingsChange), which
  claims/choice_lists.py caches its compiled choices under.

A user reached another way (login, an API token) gets the same answers from the same query at its
first permission check. Answers are ModelBackend's: inactive and anonymous users and object
permissions get nothing, a superuser gets every permission.
"""
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models.expressions import Col


class OneQueryModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        db = router.db_for_read(model)
        connection = connections[db]
        with connection.cursor() as cursor:
            cursor.execute(_user_and_extras_sql(connection.vendor, with_user=True), [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        names = _user_columns()
        values = [
            converted(value, field, connection) for value, field in zip(row, model._meta.concrete_fields, strict=False)
        ]
        user = model.from_db(db, [name for name, _column in names], values)
        if not self.user_can_authenticate(user):
            return None
        self._keep_extras(user, row[len(names):])
        return user

    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            if not hasattr(user_obj, f"_{from_name}_perm_cache"):
                self._cache_permissions(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def _cache_permissions(self, user_obj):
        if user_obj.is_superuser:
            self._cache_superuser_permissions(user_obj)
        elif not hasattr(user_obj, "_choices_version"):
            # A user not loaded by get_user: the same query, without the user's own columns.
            connection = connections[router.db_for_read(Permission)]
            with connection.cursor() as cursor:
                cursor.execute(_user_and_extras_sql(connection.vendor, with_user=False), [user_obj.pk])
                row = cursor.fetchone()
            self._keep_extras(user_obj, row or ("", "", 0, None))

    def _keep_extras(self, user_obj, extras):
        own, groups, unread, choices_version = extras
        user_obj._unread_notification_count = unread
        user_obj._choices_version = choices_version
        # A superuser's permissions are every permission, read when first asked: the admin's.
        if not user_obj.is_superuser:
            user_obj._user_perm_cache = set(own.split()) if own else set()
            user_obj._group_perm_cache = set(groups.split()) if groups else set()

    def _cache_superuser_permissions(self, user_obj):
        # ModelBackend gives a superuser every permission from both sources.
        everything = {f"{app}.{codename}" for app, codename in
                      Permission.objects.values_list("content_type__app_label", "codename")}
        user_obj._user_perm_cache, user_obj._group_perm_cache = everything, set(everything)


def converted(value, field, connection):
    """`value`, read by hand-written SQL, as the ORM would give it for `field` (SQLite's dates come
    back as text, for one). claims/sessions.py reads the session row the same way."""
    for converter in _converters(field, connection.alias):
        value = converter(value, Col(field.model._meta.db_table, field), connection)
    return value


@cache
def _converters(field, alias):
    connection = connections[alias]
    return [*connection.ops.get_db_converters(Col(field.model._meta.db_table, field)), *field.get_db_converters(connection)]


@cache
def _user_columns():
    """(attribute, column) of the user model's concrete fields, in the order the query reads them."""
    return [(field.attname, field.column) for field in get_user_model()._meta.concrete_fields]


@cache
def _user_and_extras_sql(vendor, *, with_user):
    """One row for the user whose id is the parameter: their columns (with_user), then their own
    permissions and their groups' ("app_label.codename" joined by spaces: neither has one), their
    unread notifications, and the latest token of PeopleAndRatingsChange (NULL if there is none).

    Written once as SQL: every page asks, and building it through the ORM cost more CPU than running
    it (issue #17). Scalar subqueries on the user's row rather than a UNION of three queries: one
    row to read, and one round trip for what took three (the user, permissions, the badge)."""
    from .models import Notification, PeopleAndRatingsChange

    user_model = get_user_model()
    user_permissions = user_model.user_permissions.through._meta
    user_groups = user_model.groups.through._meta
    group_permissions = Group.permissions.through._meta
    permission, content_type = Permission._meta.db_table, ContentType._meta.db_table
    notification, change = Notification._meta, PeopleAndRatingsChange._meta
    joined = "string_agg({}, ' ')" if vendor == "postgresql" else "group_concat({}, ' ')"
    name = joined.format("ct.app_label || '.' || p.codename")

    def column(meta, field):
        return meta.get_field(field).column

    pk = user_model._meta.pk.column
    columns = [f"u.{column_name}" for _attname, column_name in _user_columns()] if with_user else []
    return (
        f"SELECT {', '.join([*columns, ''])}"
        f" (SELECT {name} FROM {permission} p"
        f" JOIN {content_type} ct ON ct.id = p.content_type_id"
        f" JOIN {user_permissions.db_table} up ON up.{column(user_permissions, 'permission')} = p.id"
        f" WHERE up.{column(user_permissions, 'user')} = u.{pk}),"
        f" (SELECT {name} FROM {permission} p"
        f" JOIN {content_type} ct ON ct.id = p.content_type_id"
        f" JOIN {group_permissions.db_table} gp ON gp.{column(group_permissions, 'permission')} = p.id"
        f" JOIN {user_groups.db_table} ug ON ug.{column(user_groups, 'group')} = gp.{column(group_permissions, 'group')}"
        f" WHERE ug.{column(user_groups, 'user')} = u.{pk}),"
        f" (SELECT COUNT(*) FROM {notification.db_table}"
        f" WHERE {column(notification, 'recipient')} = u.{pk} AND {column(notification, 'read_at')} IS NULL),"
        f" (SELECT token FROM {change.db_table} ORDER BY id DESC LIMIT 1)"
        f" FROM {user_model._meta.db_table} u WHERE u.{pk} = %s"
    )
