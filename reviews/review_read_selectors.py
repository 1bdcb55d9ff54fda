"""Reads behind the single-claim, single-review and reviews-by-state API endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from claims import selectors as claim_selectors
from claims.models import Claim
from reviews.models import Review, ReviewState
from reviews.permissions import role_has

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def claim_detail() -> QuerySet[Claim]:
    """Return claims with their queue, conflicts, article title and lease holder fetched."""
    return (
        claim_selectors.claims_for_display()
        .select_related("article", "leased_by")
        .defer("article__body")
    )


def _reviews() -> QuerySet[Review]:
    return Review.objects.select_related("rating", "author", "approver", "superseded_by")


def review_readable(*, viewer: User) -> QuerySet[Review]:
    """Return the reviews ``viewer`` may read one by one: all but other people's drafts.

    As ``reviews.selectors.claim_reviews``: a draft only to its author and to editors.
    """
    if role_has(user=viewer, permission="view_drafts"):
        return _reviews()
    return _reviews().exclude(Q(state=ReviewState.DRAFT) & ~Q(author=viewer))


def review_list(*, viewer: User, state: str | None) -> QuerySet[Review]:
    """Return reviews for the list: editors see everyone's, reviewers their own.

    Oldest submission first (what waits longest comes first), then by id.
    """
    reviews = _reviews()
    if not role_has(user=viewer, permission="view_drafts"):
        reviews = reviews.filter(author=viewer)
    if state:
        reviews = reviews.filter(state=state)
    return reviews.order_by("submitted_at", "id")
