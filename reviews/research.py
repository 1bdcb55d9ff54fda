"""What the lease holder does while researching: evidence, and dismissing the claim."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from claims.audit import event_record
from claims.models import Claim, ClaimStatus, EventAction
from claims.transitions import ClaimAction, claim_transition, claim_transition_check
from factcheck.errors import IllegalTransition, InvalidInput, NotFound
from reviews.models import Dismissal, DismissalReason, Evidence
from reviews.permissions import lease_holder_require, role_require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User

EVIDENCE_FIELDS = ("url", "title", "publisher", "stance", "quote", "archived_url", "note")


def _locked_for_holder(*, claim: Claim, reviewer: Actor, doing: str) -> Claim:
    """Lock the claim row and check ``reviewer`` holds its live lease (call inside atomic)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    lease_holder_require(claim=locked, user=reviewer, now=timezone.now(), doing=doing)
    return locked


def evidence_add(
    *,
    claim: Claim,
    reviewer: Actor,
    url: str,
    stance: str,
    title: str = "",
    publisher: str = "",
    quote: str = "",
    archived_url: str = "",
    note: str = "",
) -> Evidence:
    """Attach a source to the claim under review; only the lease holder may."""
    role_require(user=reviewer, permission="lease_claim", doing="add evidence")
    with transaction.atomic():
        locked = _locked_for_holder(claim=claim, reviewer=reviewer, doing="add evidence")
        evidence = Evidence.objects.create(
            claim=locked,
            url=url,
            stance=stance,
            title=title,
            publisher=publisher,
            quote=quote,
            archived_url=archived_url,
            note=note,
            added_by=reviewer,
        )
        event_record(
            action=EventAction.EVIDENCE_ADDED,
            actor=reviewer,
            claim=locked,
            changes={"evidence": evidence.pk, **_evidence_snapshot(evidence)},
        )
    return evidence


def _evidence_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {name: getattr(evidence, name) for name in EVIDENCE_FIELDS}


def evidence_remove(*, claim: Claim, evidence_id: int, reviewer: Actor) -> None:
    """Remove a source from the claim under review; the event keeps what it said."""
    role_require(user=reviewer, permission="lease_claim", doing="remove evidence")
    with transaction.atomic():
        locked = _locked_for_holder(claim=claim, reviewer=reviewer, doing="remove evidence")
        evidence = Evidence.objects.filter(pk=evidence_id, claim=locked).first()
        if evidence is None:
            raise NotFound(f"Claim {locked.pk} has no evidence {evidence_id}.")
        snapshot = _evidence_snapshot(evidence)
        evidence.delete()
        event_record(
            action=EventAction.EVIDENCE_REMOVED,
            actor=reviewer,
            claim=locked,
            changes={"evidence": evidence_id, **snapshot},
        )


def _dismissal_check(*, claim: Claim, reason: str, duplicate_of: Claim | None) -> None:
    if reason not in DismissalReason.values:
        raise InvalidInput(f"Unknown dismissal reason {reason!r}.")
    if reason == DismissalReason.DUPLICATE and duplicate_of is None:
        raise InvalidInput("A duplicate must name the claim it duplicates (duplicate_of).")
    if reason != DismissalReason.DUPLICATE and duplicate_of is not None:
        raise InvalidInput("duplicate_of is only for the reason 'duplicate'.")
    if duplicate_of is not None and duplicate_of.pk == claim.pk:
        raise InvalidInput("A claim cannot duplicate itself.")


def _dismissal_store(
    *,
    locked: Claim,
    actor: Actor,
    action: ClaimAction,
    reason: str,
    note: str,
    duplicate_of: Claim | None,
) -> None:
    """Store the dismissal and move the locked claim (call inside atomic)."""
    also_save: tuple[str, ...] = ()
    if duplicate_of is not None and duplicate_of.cluster_id and not locked.cluster_id:
        locked.cluster_id = duplicate_of.cluster_id
        also_save = ("cluster",)
    claim_transition_check(claim=locked, action=action)
    Dismissal.objects.create(
        claim=locked,
        reason=reason,
        note=note,
        duplicate_of=duplicate_of,
        dismissed_by=actor,
    )
    claim_transition(
        claim=locked,
        action=action,
        actor=actor,
        also_save=also_save,
        changes={
            "reason": reason,
            "note": note,
            "duplicate_of": duplicate_of.pk if duplicate_of else None,
        },
    )


def claim_dismiss(
    *,
    claim: Claim,
    reviewer: Actor,
    reason: str,
    note: str = "",
    duplicate_of: Claim | None = None,
) -> Claim:
    """Dismiss the claim under review with a reason; a duplicate is linked to its original.

    A duplicate also joins its original's cluster (when it has one and the duplicate has
    none), so the original's verdict reaches it on publish.
    """
    role_require(user=reviewer, permission="lease_claim", doing="dismiss a claim")
    _dismissal_check(claim=claim, reason=reason, duplicate_of=duplicate_of)
    with transaction.atomic():
        locked = _locked_for_holder(claim=claim, reviewer=reviewer, doing="dismiss the claim")
        _dismissal_store(
            locked=locked,
            actor=reviewer,
            action=ClaimAction.DISMISS,
            reason=reason,
            note=note,
            duplicate_of=duplicate_of,
        )
    return locked


def claim_dismiss_candidate(
    *,
    claim: Claim,
    editor: Actor,
    reason: str,
    note: str = "",
    duplicate_of: Claim | None = None,
) -> Claim:
    """Dismiss a claim still waiting in its queue, without leasing it (editors triaging).

    A claim in someone's review is theirs to dismiss; an editor revokes the lease first.
    """
    role_require(user=editor, permission="boost_claim", doing="dismiss a waiting claim")
    _dismissal_check(claim=claim, reason=reason, duplicate_of=duplicate_of)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status == ClaimStatus.IN_REVIEW:
            raise IllegalTransition(
                f"Cannot dismiss claim {locked.pk}: a reviewer holds it; revoke the lease "
                "first, or let the reviewer dismiss it."
            )
        _dismissal_store(
            locked=locked,
            actor=editor,
            action=ClaimAction.DISMISS_CANDIDATE,
            reason=reason,
            note=note,
            duplicate_of=duplicate_of,
        )
    return locked
