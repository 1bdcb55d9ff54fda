"""Moving a claim to another queue by hand: a desk lead overriding the routing rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from claims.audit import event_record
from claims.models import Claim, ClaimStatus, EventAction, Queue
from factcheck.errors import IllegalTransition, InvalidInput
from reviews.permissions import role_require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MOVABLE = (ClaimStatus.CANDIDATE, ClaimStatus.IN_REVIEW)


def claim_queue_move(*, claim: Claim, queue: Queue, editor: User) -> Claim:
    """Move a waiting or leased claim to ``queue``; its SLA deadline restarts from the new queue.

    The move is a re-routing, so the deadline is the new queue's SLA from now (none when the
    queue has no SLA). A lease is kept: the reviewer holding the claim goes on with it.
    """
    role_require(user=editor, permission="boost_claim", doing="move a claim to another queue")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("queue").get(pk=claim.pk)
        if locked.status not in MOVABLE:
            raise IllegalTransition(
                f"Cannot move claim {locked.pk} to another queue: it is {locked.status}; "
                "only claims waiting or in review move between queues."
            )
        if locked.queue_id == queue.pk:
            raise InvalidInput(f"Claim {locked.pk} is already in the queue {queue.name}.")
        before_queue, before_due = locked.queue.slug, locked.due_at
        locked.queue = queue
        locked.due_at = timezone.now() + queue.sla if queue.sla else None
        locked.save(update_fields=["queue", "due_at", "updated_at"])
        event_record(
            action=EventAction.CLAIM_MOVED,
            actor=editor,
            claim=locked,
            from_state=locked.status,
            to_state=locked.status,
            changes={
                "queue": [before_queue, queue.slug],
                "due_at": [
                    before_due.isoformat() if before_due else None,
                    locked.due_at.isoformat() if locked.due_at else None,
                ],
            },
        )
    return locked
