"""The claimant of a claim: suggested from the extracted speaker, confirmed by the reviewer.

Claimants are shared: naming one that exists (same name, any case, same kind) reuses its row,
so every claim by the same minister points at one claimant with one Wikidata link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from claims.audit import event_record
from claims.extraction.entities import speaker_kind
from claims.models import Claim, Claimant, ClaimantKind, EventAction
from factcheck.errors import InvalidInput
from reviews.permissions import lease_holder_require, role_require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User


def claimant_suggest(*, claim: Claim) -> Claimant | None:
    """Return the claimant the extracted speaker most likely is (unsaved when new), or None."""
    if claim.claimant is not None:
        return claim.claimant
    name = " ".join(claim.speaker.split())
    if not name:
        return None
    known = Claimant.objects.filter(name__iexact=name).order_by("id").first()
    if known is not None:
        return known
    # What ClaimReview will show as itemReviewed.author: a council is an Organization.
    organisation = speaker_kind(name) == "organisation"
    return Claimant(
        name=name, kind=ClaimantKind.ORGANIZATION if organisation else ClaimantKind.PERSON
    )


def claim_claimant_set(
    *,
    claim: Claim,
    reviewer: Actor,
    name: str,
    kind: str = ClaimantKind.PERSON,
    wikidata_id: str = "",
    url: str = "",
) -> Claimant:
    """Confirm or change who made the claim under review; only the lease holder may.

    An existing claimant of that name and kind is reused; a Wikidata id or URL given for it
    fills in what it lacked, but never overwrites what another reviewer already confirmed.
    """
    role_require(user=reviewer, permission="submit_review", doing="set a claim's claimant")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("A claimant needs a name.")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        lease_holder_require(
            claim=locked, user=reviewer, now=timezone.now(), doing="set the claimant"
        )
        claimant = Claimant.objects.filter(name__iexact=name, kind=kind).first()
        if claimant is None:
            claimant = Claimant.objects.create(
                name=name, kind=kind, wikidata_id=wikidata_id, url=url
            )
        else:
            filled = {"wikidata_id": wikidata_id, "url": url}
            missing = {k: v for k, v in filled.items() if v and not getattr(claimant, k)}
            if missing:
                Claimant.objects.filter(pk=claimant.pk).update(**missing)
                claimant.refresh_from_db()
        before = locked.claimant_id
        locked.claimant = claimant
        locked.save(update_fields=["claimant", "updated_at"])
        event_record(
            action=EventAction.CLAIM_CLAIMANT_SET,
            actor=reviewer,
            claim=locked,
            from_state=locked.status,
            to_state=locked.status,
            changes={"claimant": [before, claimant.pk], "name": claimant.name, "kind": kind},
        )
    return claimant
