"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every API request checks the caller's role (``reviews.permissions.RoleRequired``), so this runs
once per request: Django reads the user's own permissions and their groups' (roles') in two
queries; here one query reads both. The answer and its per-request cache (``_perm_cache`` on
the user object) are the same as Django's; the lease benchmark (docs/benchmarks.md) shows the
saving.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class RoleModelBackend(ModelBackend):
    """``ModelBackend`` whose ``get_all_permissions`` is one query (user's and roles')."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            }
        return user_obj._perm_cache  # type: ignore[no-any-return]
