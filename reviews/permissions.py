"""Who may do what: roles (Django groups with permissions) and lease ownership.

The services call these checks; a refusal raises ``factcheck.errors.PermissionDenied`` (403)
or ``IllegalTransition`` (409) before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from claims.models import ClaimStatus
from factcheck.errors import IllegalTransition, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from claims.models import Claim

    Actor = User

ROLE_OF_PERMISSION = {
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
