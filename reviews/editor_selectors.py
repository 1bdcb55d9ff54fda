"""Reads for the editor's review page: the verdict, its evidence, the version it corrects."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.models import Evidence, Review, ReviewState


def review_for_page() -> QuerySet[Review]:
    """Return reviews with their claim, article, rating and people, fetched up front."""
    return Review.objects.select_related(
        "claim__article", "claim__queue", "rating", "author", "approver", "supersedes__rating"
    )


def review_evidence(*, review: Review) -> QuerySet[Evidence]:
    """Return the evidence of the review's claim, in the order it was added."""
    return (
        Evidence.objects.filter(claim_id=review.claim_id).select_related("added_by").order_by("id")
    )


def review_replaced(*, review: Review) -> Review | None:
    """Return the version a correction replaces (or replaced), else None.

    ``supersedes`` is set only when a correction is published; while it waits (proposed or
    returned) the version it would replace is the claim's live, published one.
    """
    if review.supersedes_id is not None:
        return review.supersedes
    if review.state not in (ReviewState.PROPOSED, ReviewState.RETURNED):
        return None
    return (
        Review.objects.filter(claim_id=review.claim_id, state=ReviewState.PUBLISHED)
        .exclude(pk=review.pk)
        .select_related("rating")
        .first()
    )
