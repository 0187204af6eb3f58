"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every workbench page asks `has_perm` (the view's permission_required, the workflow's roles), and
ModelBackend answers the first question of a request with two queries: the user's own permissions,
then their groups'. Here one query reads both, marking each permission with where it comes from, and
fills the same per-user caches ModelBackend keeps (`_user_perm_cache`, `_group_perm_cache`; its
get_all_permissions then builds `_perm_cache` from them). Answers are ModelBackend's: inactive and
anonymous users and object permissions get nothing, a superuser gets every permission.
"""
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Value


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
        # took half as long again).
        fields = ("content_type__app_label", "codename", "own")
        own = Permission.objects.filter(user=user_obj).annotate(own=Value(True)).values_list(*fields).order_by()
        via_group = Permission.objects.filter(group__user=user_obj).annotate(own=Value(False)).values_list(*fields).order_by()
        rows = list(own.union(via_group, all=True).order_by())
        user_obj._user_perm_cache = self._names((app, codename) for app, codename, mine in rows if mine)
        user_obj._group_perm_cache = self._names((app, codename) for app, codename, mine in rows if not mine)

    @staticmethod
    def _names(pairs):
        return {f"{app}.{codename}" for app, codename in pairs}
