"""The role backend answers exactly as Django's ModelBackend does, in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.auth_backend import RoleModelBackend
from tests.reviews.factories import user_with_role

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no per-request permission cache


@pytest.mark.parametrize("role", ["submitter", "reviewer", "editor"])
def test_a_roles_permissions_and_the_users_own_are_djangos(role: str) -> None:
    # GIVEN a user with a role and one permission of their own, outside any role
    user = user_with_role(role, username=f"{role}-1")
    user.user_permissions.add(Permission.objects.get(codename="delete_article"))

    # WHEN both backends read their permissions
    ours = RoleModelBackend().get_all_permissions(_fresh(user))
    djangos = ModelBackend().get_all_permissions(_fresh(user))

    # THEN the answers are the same, and hold both kinds
    assert ours == djangos
    assert "claims.delete_article" in ours
    assert any(name.startswith("reviews.") for name in ours)


def test_permissions_are_read_in_one_query_and_cached_for_the_request() -> None:
    user = _fresh(user_with_role("reviewer", username="rita"))
    backend = RoleModelBackend()

    with CaptureQueriesContext(connection) as queries:
        first = backend.get_all_permissions(user)
        again = backend.get_all_permissions(user)

    assert len(queries) == 1
    assert first
    assert first == again


def test_inactive_users_have_none_and_superusers_have_all() -> None:
    inactive = user_with_role("editor", username="gone")
    inactive.is_active = False
    boss = User.objects.create_superuser("boss", "boss@example.org", "x" * 20)

    assert RoleModelBackend().get_all_permissions(inactive) == set()
    everything = ModelBackend().get_all_permissions(_fresh(boss))
    assert RoleModelBackend().get_all_permissions(_fresh(boss)) == everything
    assert len(RoleModelBackend().get_all_permissions(_fresh(boss))) == Permission.objects.count()


def test_a_user_without_a_role_has_no_permissions() -> None:
    nobody = User.objects.create_user("nobody", password="x" * 20)

    assert RoleModelBackend().get_all_permissions(_fresh(nobody)) == set()
