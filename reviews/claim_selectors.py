"""Reads for the claim page: the claim with everything around it, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, ClaimConflict, Event
from reviews.models import Evidence, Rating, Review, ReviewState
from reviews.selectors import claim_timeline
from reviews.verdicts import review_current

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def claim_page_claim(*, pk: int) -> Claim:
    """Return the claim with its article, queue, cluster, claimant and the claims around it.

    Raises ``Claim.DoesNotExist`` when there is none.
    """
    cluster_claims = (
        Claim.objects.select_related("article").defer("article__body").order_by("article_id", "id")
    )
    conflicts = ClaimConflict.objects.select_related("other__article").defer("other__article__body")
    return (
        Claim.objects.select_related(
            "article", "queue", "cluster", "claimant", "leased_by", "previously_checked"
        )
        .prefetch_related(
            Prefetch("cluster__claims", queryset=cluster_claims),
            Prefetch("conflicts", queryset=conflicts.order_by("id")),
        )
        .get(pk=pk)
    )


def article_claims(*, claim: Claim) -> list[Claim]:
    """Return every claim of the claim's article in body order (for marking the text)."""
    return list(
        Claim.objects.filter(article_id=claim.article_id)
        .only("id", "article_id", "start", "end", "status", "score")
        .order_by("start", "id")
    )


def claim_evidence(*, claim: Claim) -> QuerySet[Evidence]:
    return Evidence.objects.filter(claim=claim).select_related("added_by").order_by("id")


def ratings_active() -> QuerySet[Rating]:
    return Rating.objects.filter(is_active=True).order_by("position", "id")


@dataclass(frozen=True)
class VerdictDraft:
    """The verdict a viewer may see on the page, and when the server last saved it."""

    review: Review | None
    readable: bool


def claim_verdict_for(*, claim: Claim, viewer: User) -> VerdictDraft:
    """Return the claim's current verdict, readable unless it is someone else's draft.

    Drafts are their author's and the editors' until submitted (as in ``claim_reviews``).
    """
    review = review_current(claim=claim)
    if review is None:
        return VerdictDraft(review=None, readable=True)
    hidden = (
        review.state == ReviewState.DRAFT
        and review.author_id != viewer.pk
        and not viewer.has_perm("reviews.view_drafts")
    )
    return VerdictDraft(review=review, readable=not hidden)


def claim_page_timeline(*, claim: Claim, viewer: User) -> list[Event]:
    return list(claim_timeline(claim=claim, viewer=viewer))
