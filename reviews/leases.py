"""Leases: handing out the next claim of a queue, releasing, skipping, extending, expiring.

A lease is ``claim.status == in_review`` with ``leased_by`` and ``lease_expires_at`` set.
On PostgreSQL the next claim is taken with ``SELECT ... FOR UPDATE SKIP LOCKED``, so
reviewers asking at the same moment each lock a different row and never wait on each other.
On SQLite ``select_for_update`` is a no-op, but every transaction starts IMMEDIATE (see
settings), so the read-then-update below runs one writer at a time and stays correct.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Queue
from claims.transitions import ClaimAction, claim_transition
from factcheck.errors import IllegalTransition
from reviews import lease_sql
from reviews.permissions import lease_holder_require, role_require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User

logger = logging.getLogger(__name__)

EXPIRE_BATCH = 500


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.REVIEW_LEASE_SECONDS)


def claim_lease_next(*, queue: Queue, reviewer: Actor) -> Claim | None:
    """Lease the queue's most urgent free claim to ``reviewer``; None when nothing is free.

    Most urgent: overdue claims first (most overdue first), then highest priority, then oldest
    id. Claims the reviewer skipped are not offered to them again. Expired leases in the queue
    are returned to it first, so a claim never waits for the beat task.
    """
    role_require(user=reviewer, permission="lease_claim", doing="lease claims")
    now = timezone.now()
    with transaction.atomic():
        # In the lease's own transaction: one BEGIN/COMMIT fewer per lease than a separate one.
        if lease_sql.expired_lease_exists(queue=queue, now=now):
            _expire_in_transaction(_expired(queue=queue, now=now))
        # Hand-written SQL (reviews/lease_sql.py): compiling these lookups in the ORM was the
        # largest part of a lease's CPU.
        claim = lease_sql.next_claim_lock(
            queue=queue, reviewer_id=reviewer.pk, now=now, overdue=True
        ) or lease_sql.next_claim_lock(queue=queue, reviewer_id=reviewer.pk, now=now, overdue=False)
        if claim is None:
            return None
        claim.queue, claim.leased_by = queue, reviewer  # what the caller shows; no refetch
        expires = now + lease_duration()
        claim_transition(
            claim=claim,
            action=ClaimAction.LEASE,
            actor=reviewer,
            lease=(reviewer.pk, expires),
            changes={
                "queue": queue.slug,
                "lease_expires_at": expires.isoformat(),
                "overdue": bool(claim.due_at and claim.due_at < now),
            },
        )
    return claim


def _lease_end(
    *, claim: Claim, reviewer: Actor, action: ClaimAction, changes: dict[str, str]
) -> Claim:
    with transaction.atomic():
        locked = lease_sql.claim_lock(claim.pk)  # with its queue and article, in one query
        lease_holder_require(claim=locked, user=reviewer, now=timezone.now(), doing=action)
        claim_transition(claim=locked, action=action, actor=reviewer, changes=changes)
    return locked


def claim_lease_release(*, claim: Claim, reviewer: Actor) -> Claim:
    """Give the claim back to its queue; only the lease holder may."""
    return _lease_end(claim=claim, reviewer=reviewer, action=ClaimAction.RELEASE, changes={})


def claim_lease_skip(*, claim: Claim, reviewer: Actor, reason: str) -> Claim:
    """Give the claim back with a reason; it is not offered to this reviewer again."""
    return _lease_end(
        claim=claim,
        reviewer=reviewer,
        action=ClaimAction.SKIP,
        changes={"reason": reason},
    )


def claim_lease_revoke(*, claim: Claim, editor: Actor, reason: str = "") -> Claim:
    """Take a claim back from whoever holds its lease and return it to its queue (editors).

    For a desk lead clearing a lease a reviewer forgot; the event names the reviewer it was
    taken from. The holder themself releases instead (``claim_lease_release``).
    """
    role_require(user=editor, permission="boost_claim", doing="revoke a reviewer's lease")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        reviewer = locked.leased_by_id
        expiry = locked.lease_expires_at
        claim_transition(
            claim=locked,
            action=ClaimAction.REVOKE,
            actor=editor,
            changes={
                "reviewer": reviewer,
                "lease_expires_at": expiry.isoformat() if expiry else None,
                "reason": reason,
            },
        )
    return locked


def claim_lease_extend(*, claim: Claim, reviewer: Actor) -> Claim:
    """Renew the holder's lease for a full lease period from now."""
    with transaction.atomic():
        locked = lease_sql.claim_lock(claim.pk)  # with its queue and article, in one query
        now = timezone.now()
        lease_holder_require(claim=locked, user=reviewer, now=now, doing="extend the lease")
        locked.leased_by = reviewer  # the holder, checked just above; no query to show it
        previous_expiry = locked.lease_expires_at
        expires = now + lease_duration()
        claim_transition(
            claim=locked,
            action=ClaimAction.EXTEND,
            actor=reviewer,
            lease=(reviewer.pk, expires),
            changes={
                "lease_expires_at": [
                    previous_expiry.isoformat() if previous_expiry else None,
                    expires.isoformat(),
                ],
            },
        )
    return locked


def claim_leases_expire(*, queue: Queue | None = None, now: datetime | None = None) -> int:
    """Return every claim whose lease ran out to its queue; return how many.

    Rows another transaction holds are skipped (they are being acted on right now); the next
    call picks up what is left. Safe to run from many processes at once.
    """
    expired = _expired(queue=queue, now=now or timezone.now())
    total = 0
    while True:
        with transaction.atomic():
            count = _expire_batch(expired)
        total += count
        if count < EXPIRE_BATCH:
            break
    if total:
        logger.info("Returned %s expired lease(s) to their queues", total)
    return total


def _expired(*, queue: Queue | None, now: datetime) -> QuerySet[Claim]:
    expired = Claim.objects.filter(status=ClaimStatus.IN_REVIEW, lease_expires_at__lt=now)
    return expired if queue is None else expired.filter(queue=queue)


def _expire_batch(expired: QuerySet[Claim]) -> int:
    """Return up to EXPIRE_BATCH expired claims to their queues (caller's transaction)."""
    batch = list(
        expired.select_for_update(skip_locked=True).only(
            "pk", "status", "leased_by", "lease_expires_at"
        )[:EXPIRE_BATCH]
    )
    for claim in batch:
        changes = {
            "reviewer": claim.leased_by_id,
            "lease_expired_at": claim.lease_expires_at.isoformat()
            if claim.lease_expires_at
            else None,
        }
        claim_transition(claim=claim, action=ClaimAction.EXPIRE, changes=changes)
    return len(batch)


def _expire_in_transaction(expired: QuerySet[Claim]) -> int:
    """Expire every lease ``expired`` selects, in the caller's transaction; return how many."""
    total = 0
    while (count := _expire_batch(expired)) == EXPIRE_BATCH:
        total += count
    total += count
    if total:
        logger.info("Returned %s expired lease(s) to their queues", total)
    return total


def claim_lease_take(*, claim: Claim, reviewer: Actor) -> Claim:
    """Lease this claim to ``reviewer``: one picked on a page rather than the queue's top.

    A lease that ran out is returned first (as the expiry sweep would), so a reviewer whose
    lease expired can take the claim back at once. A claim someone else holds is refused.
    """
    role_require(user=reviewer, permission="lease_claim", doing="lease claims")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("queue").get(pk=claim.pk)
        now = timezone.now()
        expiry = locked.lease_expires_at
        if locked.status == ClaimStatus.IN_REVIEW and expiry is not None and expiry <= now:
            claim_transition(
                claim=locked,
                action=ClaimAction.EXPIRE,
                changes={"reviewer": locked.leased_by_id, "lease_expired_at": expiry.isoformat()},
            )
        if locked.status == ClaimStatus.IN_REVIEW and locked.leased_by_id == reviewer.pk:
            return locked  # taking a claim you hold changes nothing (a double click)
        if locked.status == ClaimStatus.IN_REVIEW:
            raise IllegalTransition(
                f"Cannot take claim {locked.pk}: another reviewer holds it until "
                f"{expiry:%H:%M:%S} UTC."
            )
        expires = now + lease_duration()
        claim_transition(
            claim=locked,
            action=ClaimAction.LEASE,
            actor=reviewer,
            lease=(reviewer.pk, expires),
            changes={
                "queue": locked.queue.slug,
                "lease_expires_at": expires.isoformat(),
                "picked": True,
            },
        )
    return locked
