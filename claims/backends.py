"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every workbench page asks `has_perm` (the view's permission_required, the workflow's roles), and
ModelBackend answers the first question of a request with two queries: the user's own permissions,
then their groups'. Here one query reads both, marking each permission with where it comes from, and
fills the same per-user caches ModelBackend keeps (`_user_perm_cache`, `_group_perm_cache`; its
get_all_permissions then builds `_perm_cache` from them). Answers are ModelBackend's: inactive and
anonymous users and object permissions get nothing, a superuser gets every permission.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q

UserModel = get_user_model()


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
        own = UserModel.user_permissions.through.objects.filter(user=user_obj, permission=OuterRef("pk"))
        via_group = Group.permissions.through.objects.filter(group__user=user_obj, permission=OuterRef("pk"))
        rows = list(
            Permission.objects.annotate(own=Exists(own), via_group=Exists(via_group))
            .filter(Q(own=True) | Q(via_group=True))
            .values_list("content_type__app_label", "codename", "own", "via_group")
            .order_by()
        )
        user_obj._user_perm_cache = self._names((app, codename) for app, codename, mine, _ in rows if mine)
        user_obj._group_perm_cache = self._names((app, codename) for app, codename, _, grouped in rows if grouped)

    @staticmethod
    def _names(pairs):
        return {f"{app}.{codename}" for app, codename in pairs}
