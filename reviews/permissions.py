"""Who may do what: roles (Django groups with permissions) and lease ownership.

The services call these checks; a refusal raises ``factcheck.errors.PermissionDenied`` (403)
or ``IllegalTransition`` (409) before anything is written. ``RoleRequired`` puts the same
check in front of every API view (the default permission class), so what a role may read is
decided here too; the dashboard calls ``role_require`` itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission

from claims.models import ClaimStatus
from factcheck.errors import IllegalTransition, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from rest_framework.request import Request

    from claims.models import Claim

    Actor = User

ROLE_OF_PERMISSION = {
    "submit_article": "submitter, reviewer or editor",
    "view_workflow": "reviewer or editor",
    "view_drafts": "editor",
    "lease_claim": "reviewer",
    "submit_review": "reviewer",
    "approve_review": "editor",
    "publish_review": "editor",
    "correct_review": "editor",
    "boost_claim": "editor",
}


def role_require(*, user: Actor, permission: str, doing: str) -> None:
    """Refuse unless ``user`` holds ``reviews.<permission>`` (given by their role)."""
    if not user.has_perm(f"reviews.{permission}"):
        role = ROLE_OF_PERMISSION.get(permission, permission)
        raise PermissionDenied(f"Only a user with the {role} role can {doing}.")


def role_has(*, user: Actor | AnonymousUser, permission: str) -> bool:
    """Return whether ``user``'s role gives ``reviews.<permission>`` (for filtering reads)."""
    return user.is_authenticated and user.has_perm(f"reviews.{permission}")


# What an API view needs when it does not say: reading the workflow's unpublished work.
# Workflow actions check their own, finer permission in the service as well.
DEFAULT_API_PERMISSION = ("view_workflow", "use the review workflow")


class RoleRequired(BasePermission):
    """Admit a signed-in user whose role holds the permission the view asks for.

    A view names it per HTTP method in ``role_permissions`` (``{"POST": ("submit_article",
    "submit articles")}``); a method it does not list needs ``DEFAULT_API_PERMISSION``.
    Anonymous requests get 401 (the authentication error), users without the role 403.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        permissions = getattr(view, "role_permissions", {})
        permission, doing = permissions.get(request.method, DEFAULT_API_PERMISSION)
        role_require(user=request.user, permission=permission, doing=doing)
        return True


def lease_holder_require(*, claim: Claim, user: Actor, now: datetime, doing: str) -> None:
    """Refuse unless ``user`` holds a live lease on ``claim``.

    The caller holds the claim row locked, so the lease cannot change under the check.
    """
    if claim.status != ClaimStatus.IN_REVIEW:
        raise IllegalTransition(
            f"Cannot {doing}: claim {claim.pk} is {claim.status}, not in review."
        )
    if claim.leased_by_id != user.pk:
        raise PermissionDenied(f"Cannot {doing}: claim {claim.pk} is leased by another reviewer.")
    if claim.lease_expires_at is None or claim.lease_expires_at <= now:
        raise IllegalTransition(
            f"Cannot {doing}: your lease on claim {claim.pk} expired at "
            f"{claim.lease_expires_at:%Y-%m-%d %H:%M:%S} UTC; lease it again."
        )
