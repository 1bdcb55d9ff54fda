"""Reads for the queue page: a queue's waiting claims, filtered, in review order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Case, Count, DateTimeField, F, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from claims.models import Claim, ClaimStatus, Queue

# Score bands a reviewer filters by: name -> (lowest score, highest score excluded).
SCORE_BANDS = {
    "high": (0.8, None),
    "medium": (0.5, 0.8),
    "low": (None, 0.5),
}
QUEUE_PAGE_ROWS = 200


@dataclass(frozen=True)
class QueueFilters:
    claim_type: str = ""
    score_band: str = ""
    entity: str = ""
    source: str = ""


def queue_page_claims(*, queue: Queue, filters: QueueFilters, now: datetime) -> QuerySet[Claim]:
    """Return the queue's waiting claims that pass ``filters``, in the order leasing uses.

    Overdue claims first (most overdue first), then highest priority, as
    ``reviews.leases.claim_lease_next`` picks them; each with its cluster's size.
    """
    claims = Claim.objects.filter(queue=queue, status=ClaimStatus.CANDIDATE)
    if filters.claim_type:
        claims = claims.filter(claim_type=filters.claim_type)
    if filters.score_band:
        low, high = SCORE_BANDS[filters.score_band]
        if low is not None:
            claims = claims.filter(score__gte=low)
        if high is not None:
            claims = claims.filter(score__lt=high)
    if filters.source:
        claims = claims.filter(article__source__iexact=filters.source)
    if filters.entity:
        claims = _with_entity(claims, filters.entity)
    return (
        claims.select_related("article")
        .defer("article__body")
        .annotate(
            cluster_size=Count("cluster__claims", distinct=True),
            overdue_since=Case(
                When(Q(due_at__lt=now), then=F("due_at")),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        )
        .order_by(F("overdue_since").asc(nulls_last=True), "-priority", "id")
    )


def _with_entity(claims: QuerySet[Claim], name: str) -> QuerySet[Claim]:
    """Keep claims naming the entity ``name`` (exactly on PostgreSQL's JSON containment).

    SQLite (the quick local run) has no JSON containment: a case-insensitive substring of
    the stored entities stands in for it there.
    """
    if connection.vendor == "postgresql":
        return claims.filter(entities__contains=[{"text": name}])
    return claims.annotate(entities_text=Cast("entities", TextField())).filter(
        entities_text__icontains=name
    )
