"""A reviewer's word on a suggested match: confirm it or reject it, recorded in the audit log.

Confirmed and rejected links stay stored: they are the labelled pairs for the next model, and a
rejected pair is never suggested again (``claims.matching.rejected_pairs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from claims.audit import event_record
from claims.models import Claim, ClaimCluster, ClaimLink, EventAction, LinkKind, LinkStatus
from factcheck.errors import IllegalTransition, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# The reviewer role's permission (reviews.permissions: claims may not import reviews).
DECIDE_PERMISSION = "reviews.lease_claim"


def _require_reviewer(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user.is_authenticated or not getattr(user, "has_perm", None):
        raise PermissionDenied("Only a user with the reviewer role can confirm or reject matches.")
    if not user.has_perm(DECIDE_PERMISSION):  # type: ignore[attr-defined]
        raise PermissionDenied("Only a user with the reviewer role can confirm or reject matches.")


def _decide(
    *, link: ClaimLink, user: AbstractBaseUser | AnonymousUser, status: LinkStatus
) -> ClaimLink:
    _require_reviewer(user)
    with transaction.atomic():
        locked = ClaimLink.objects.select_for_update().get(pk=link.pk)
        if locked.status == status:
            return locked  # the same decision twice changes nothing
        previous = locked.status
        locked.status = status
        locked.decided_by = user  # type: ignore[assignment]
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        claim = Claim.objects.select_for_update().get(pk=locked.claim_id)
        if locked.kind == LinkKind.SAME_CLAIM and locked.other_id is not None:
            _recluster(claim=claim, link=locked, confirmed=status == LinkStatus.CONFIRMED)
        event_record(
            action=(
                EventAction.CLAIM_LINK_CONFIRMED
                if status == LinkStatus.CONFIRMED
                else EventAction.CLAIM_LINK_REJECTED
            ),
            actor=user,
            claim=claim,
            from_state=previous,
            to_state=status,
            changes={
                "link": locked.pk,
                "kind": locked.kind,
                "other": locked.other_id,
                "external": locked.external_id,
                "model": locked.model,
                "score": locked.score,
            },
        )
    return locked


def _recluster(*, claim: Claim, link: ClaimLink, confirmed: bool) -> None:
    """Put the claim in the other's cluster (confirmed) or take it out of it (rejected)."""
    other = Claim.objects.get(pk=link.other_id or 0)
    if confirmed and other.cluster_id != claim.cluster_id:
        claim.cluster_id = other.cluster_id
        claim.save(update_fields=["cluster", "updated_at"])
    elif not confirmed and other.cluster_id == claim.cluster_id:
        claim.cluster = ClaimCluster.objects.create(text=claim.text)
        if claim.previously_checked_id is not None:
            claim.previously_checked = None
        claim.save(update_fields=["cluster", "previously_checked", "updated_at"])


def claim_link_confirm(*, link: ClaimLink, user: AbstractBaseUser | AnonymousUser) -> ClaimLink:
    """Confirm a suggested match: same claim (the claim joins the other's cluster)."""
    if link.status == LinkStatus.REJECTED:
        raise IllegalTransition(f"Match {link.pk} was rejected; it cannot be confirmed.")
    return _decide(link=link, user=user, status=LinkStatus.CONFIRMED)


def claim_link_reject(*, link: ClaimLink, user: AbstractBaseUser | AnonymousUser) -> ClaimLink:
    """Reject a match: not the same claim; it leaves the cluster and is never suggested again."""
    return _decide(link=link, user=user, status=LinkStatus.REJECTED)
