"""The claim state machine and the one helper that moves a claim through it.

Every service that changes a claim's status calls ``claim_transition``: it checks the move is
legal, sets or clears the lease, saves the claim and appends the event, all in the caller's
transaction. An illegal move raises ``IllegalTransition`` before anything is written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claims.audit import event_record
from claims.models import Claim, ClaimStatus, Event, EventAction
from factcheck.errors import IllegalTransition

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

C = ClaimStatus


class ClaimAction(enum.StrEnum):
    LEASE = "lease"
    RELEASE = "release"
    SKIP = "skip"
    EXTEND = "extend"
    EXPIRE = "expire"
    REVOKE = "revoke"
    DISMISS = "dismiss"
    DISMISS_CANDIDATE = "dismiss_candidate"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    PUBLISH_WITH_CLUSTER = "publish_with_cluster"
    CORRECT = "correct"
    CORRECT_WITH_CLUSTER = "correct_with_cluster"
    RETRACT = "retract"
    RETRACT_WITH_CLUSTER = "retract_with_cluster"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: ClaimStatus
    event: EventAction


def _t(sources: set[ClaimStatus], target: ClaimStatus, event: EventAction) -> Transition:
    return Transition(frozenset(sources), target, event)


A = ClaimAction
E = EventAction
CLAIM_TRANSITIONS: dict[ClaimAction, Transition] = {
    A.LEASE: _t({C.CANDIDATE}, C.IN_REVIEW, E.CLAIM_LEASED),
    A.RELEASE: _t({C.IN_REVIEW}, C.CANDIDATE, E.CLAIM_RELEASED),
    A.SKIP: _t({C.IN_REVIEW}, C.CANDIDATE, E.CLAIM_SKIPPED),
    A.EXTEND: _t({C.IN_REVIEW}, C.IN_REVIEW, E.CLAIM_LEASE_EXTENDED),
    A.EXPIRE: _t({C.IN_REVIEW}, C.CANDIDATE, E.CLAIM_LEASE_EXPIRED),
    # An editor takes a claim back from the reviewer who holds it (the holder releases).
    A.REVOKE: _t({C.IN_REVIEW}, C.CANDIDATE, E.CLAIM_LEASE_REVOKED),
    A.DISMISS: _t({C.IN_REVIEW}, C.DISMISSED, E.CLAIM_DISMISSED),
    # An editor triages a waiting claim out of the queue without leasing it.
    A.DISMISS_CANDIDATE: _t({C.CANDIDATE}, C.DISMISSED, E.CLAIM_DISMISSED),
    A.SUBMIT: _t({C.IN_REVIEW}, C.VERDICT_SUBMITTED, E.REVIEW_SUBMITTED),
    A.RETURN: _t({C.VERDICT_SUBMITTED}, C.IN_REVIEW, E.REVIEW_RETURNED),
    A.APPROVE: _t({C.VERDICT_SUBMITTED}, C.APPROVED, E.REVIEW_APPROVED),
    A.PUBLISH: _t({C.APPROVED}, C.PUBLISHED, E.REVIEW_PUBLISHED),
    A.PUBLISH_WITH_CLUSTER: _t(
        {C.CANDIDATE, C.IN_REVIEW}, C.PUBLISHED, E.CLAIM_PUBLISHED_WITH_CLUSTER
    ),
    A.CORRECT: _t({C.PUBLISHED, C.CORRECTED}, C.CORRECTED, E.REVIEW_CORRECTED),
    A.RETRACT: _t({C.PUBLISHED, C.CORRECTED}, C.RETRACTED, E.REVIEW_RETRACTED),
    # Claims published with a cluster's lead follow its corrections and retraction.
    A.CORRECT_WITH_CLUSTER: _t(
        {C.PUBLISHED, C.CORRECTED}, C.CORRECTED, E.CLAIM_CORRECTED_WITH_CLUSTER
    ),
    A.RETRACT_WITH_CLUSTER: _t(
        {C.PUBLISHED, C.CORRECTED}, C.RETRACTED, E.CLAIM_RETRACTED_WITH_CLUSTER
    ),
}


def claim_transition_check(*, claim: Claim, action: ClaimAction) -> Transition:
    """Return the transition ``action`` makes from the claim's state, or raise IllegalTransition."""
    transition = CLAIM_TRANSITIONS[action]
    if claim.status not in transition.sources:
        name = f"claim {claim.pk}" if claim.pk else "the claim"
        needed = " or ".join(sorted(transition.sources))
        raise IllegalTransition(
            f"Cannot {action.replace('_', ' ')} {name}: it is {claim.status}, "
            f"and this needs {needed}."
        )
    return transition


def claim_transition(
    *,
    claim: Claim,
    action: ClaimAction,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    lease: tuple[int, datetime] | None = None,
    changes: dict[str, Any] | None = None,
    also_save: tuple[str, ...] = (),
) -> Event:
    """Move ``claim`` by ``action``, save it and record the event; return the event.

    The caller holds the claim row locked (``select_for_update`` inside ``transaction.atomic``).
    A claim in review is leased: ``lease`` is ``(reviewer id, expiry)`` and is required when the
    claim ends in review; leaving review clears the lease. ``also_save`` names other fields the
    caller changed on the claim, saved in the same UPDATE.
    """
    transition = claim_transition_check(claim=claim, action=action)
    previous = claim.status
    if transition.target == C.IN_REVIEW:
        if lease is None:
            raise ValueError(f"{action} leaves the claim in review: a lease is required.")
        claim.leased_by_id, claim.lease_expires_at = lease
    else:
        claim.leased_by_id, claim.lease_expires_at = None, None
    claim.status = transition.target
    claim.save(update_fields=["status", "leased_by", "lease_expires_at", "updated_at", *also_save])
    return event_record(
        action=transition.event,
        actor=actor,
        claim=claim,
        from_state=previous,
        to_state=claim.status,
        changes=changes,
    )
