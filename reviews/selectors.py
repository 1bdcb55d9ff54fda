"""Reads for the review workflow that are more than a ``.get``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Expression, F, JSONField, Min, Q, QuerySet, Value, When
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Event, EventAction, Queue
from reviews.models import Review, ReviewState
from reviews.permissions import role_has

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def claim_timeline(*, claim: Claim, viewer: User) -> QuerySet[Event]:
    """Return every event of a claim in the order it happened, with its actor.

    ``shown_changes`` is what ``viewer`` may see of each event's changes: a draft's text is
    its author's and the editors' until it is submitted, so someone else's "draft saved"
    events show no changes to a viewer without ``view_drafts``.
    """
    events = Event.objects.filter(claim=claim).select_related("actor")
    shown: Expression | F
    if role_has(user=viewer, permission="view_drafts"):
        shown = F("changes")
    else:
        shown = Case(
            When(
                Q(action=EventAction.REVIEW_DRAFT_SAVED) & ~Q(actor=viewer),
                then=Value({}, output_field=JSONField()),
            ),
            default=F("changes"),
            output_field=JSONField(),
        )
    return events.annotate(shown_changes=shown).order_by("created_at", "id")


def claim_reviews(*, claim: Claim, viewer: User) -> QuerySet[Review]:
    """Return the versions of a claim's verdict ``viewer`` may read, oldest first.

    Everything but drafts; a draft only to its author and to editors (``view_drafts``).
    """
    reviews = Review.objects.filter(claim=claim)
    if not role_has(user=viewer, permission="view_drafts"):
        reviews = reviews.exclude(Q(state=ReviewState.DRAFT) & ~Q(author=viewer))
    return reviews.select_related("rating", "author", "approver", "superseded_by").order_by(
        "version"
    )


def claims_of_user(*, user: User) -> QuerySet[Claim]:
    """Return the claims a reviewer is working on: leased to them, or their verdicts in flight."""
    in_flight = Review.objects.filter(
        author=user, state__in=[ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED]
    ).values("claim_id")
    return (
        Claim.objects.filter(
            Q(leased_by=user, status=ClaimStatus.IN_REVIEW)
            | Q(
                pk__in=in_flight,
                status__in=[ClaimStatus.VERDICT_SUBMITTED, ClaimStatus.APPROVED],
            )
        )
        .select_related("article", "queue", "leased_by")
        .order_by("lease_expires_at", "id")
    )


def queue_stats(*, queue: Queue) -> dict[str, Any]:
    """Return how many claims of the queue are in each state, how many overdue, the oldest."""
    now = timezone.now()
    counts = Claim.objects.filter(queue=queue).aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in ClaimStatus},
        overdue=Count("id", filter=Q(status=ClaimStatus.CANDIDATE, due_at__lt=now)),
        oldest_candidate_at=Min("created_at", filter=Q(status=ClaimStatus.CANDIDATE)),
    )
    return {
        "queue": queue.slug,
        "sla_hours": queue.sla_hours,
        "by_status": {status.value: counts[status.value] for status in ClaimStatus},
        "overdue": counts["overdue"],
        "oldest_candidate_at": counts["oldest_candidate_at"],
    }
