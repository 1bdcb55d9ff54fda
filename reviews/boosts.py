"""Manual priority boosts: an editor moves a claim up (or down) its queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from claims.audit import event_record
from claims.models import Claim, EventAction, PriorityBoost
from claims.priority import claim_priority_refresh
from reviews.permissions import role_require

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def claim_boost(*, claim: Claim, editor: User, amount: float, reason: str = "") -> Claim:
    """Give a claim a manual priority boost (negative to lower it) and record it."""
    role_require(user=editor, permission="boost_claim", doing="boost a claim")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
        before = locked.priority
        PriorityBoost.objects.create(claim=locked, amount=amount, reason=reason, boosted_by=editor)
        after = claim_priority_refresh(claim=locked)
        event_record(
            action=EventAction.CLAIM_BOOSTED,
            actor=editor,
            claim=locked,
            changes={"amount": amount, "reason": reason, "priority": [before, after]},
        )
        locked.refresh_from_db()
    return locked
