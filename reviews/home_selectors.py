"""Reads for the Home page: my leases, the queues' backlog, returned and waiting verdicts.

Each is one query whatever the number of rows, so the page renders in constant queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from claims.models import Claim, ClaimStatus, Queue
from reviews.models import Review, ReviewState

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def leases_of(*, user: User) -> QuerySet[Claim]:
    """Return the claims ``user`` holds a lease on, the lease running out soonest first."""
    return (
        Claim.objects.filter(leased_by=user, status=ClaimStatus.IN_REVIEW)
        .select_related("article", "queue")
        .defer("article__body")
        .order_by("lease_expires_at", "id")
    )


def queues_with_backlog(*, now: datetime) -> QuerySet[Queue]:
    """Return every queue with its waiting (``candidates``) and ``overdue`` claim counts."""
    waiting = Q(claims__status=ClaimStatus.CANDIDATE)
    return Queue.objects.annotate(
        candidates=Count("claims", filter=waiting),
        overdue=Count("claims", filter=waiting & Q(claims__due_at__lt=now)),
    ).order_by("-is_default", "name")


def verdicts_returned_to(*, user: User) -> QuerySet[Review]:
    """Return ``user``'s verdicts an editor sent back, with the editor's comment.

    A returned verdict goes back to ``draft`` with ``return_comment`` set (the author gets a
    fresh lease to fix it); a returned correction is kept as ``returned``.
    """
    returned = Q(state=ReviewState.DRAFT) & ~Q(return_comment="")
    return (
        Review.objects.filter(returned | Q(state=ReviewState.RETURNED), author=user)
        .select_related("claim", "rating")
        .order_by("-updated_at", "-id")
    )


def verdicts_waiting_for_approval() -> QuerySet[Review]:
    """Return submitted verdicts and proposed corrections, oldest first (editors decide)."""
    return (
        Review.objects.filter(state__in=[ReviewState.SUBMITTED, ReviewState.PROPOSED])
        .select_related("claim", "rating", "author")
        .order_by("submitted_at", "id")
    )


def verdicts_waiting_to_publish() -> QuerySet[Review]:
    """Return approved verdicts not yet published, approved longest ago first."""
    return (
        Review.objects.filter(state=ReviewState.APPROVED)
        .select_related("claim", "rating", "author", "approver")
        .order_by("approved_at", "id")
    )
