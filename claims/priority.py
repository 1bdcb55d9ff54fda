"""A claim's priority: check-worthiness + recency + spread across articles + manual boosts."""

from __future__ import annotations

import math
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from claims.models import Claim, PriorityBoost

RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 3.0
CLUSTER_WEIGHT = 0.25  # per doubling of the number of articles carrying the claim


def spread(cluster_size: int) -> float:
    """Return the priority a claim gains from being carried by ``cluster_size`` articles."""
    return CLUSTER_WEIGHT * math.log2(max(1, cluster_size))


def claim_priority(
    *,
    score: float,
    published_at: datetime | None,
    cluster_size: int = 1,
    boost: float = 0.0,
    now: datetime | None = None,
) -> float:
    """Return a claim's priority from its score, recency, spread and manual boosts."""
    now = now or timezone.now()
    age_days = max(0.0, (now - published_at).total_seconds() / 86400) if published_at else 0.0
    recency = RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)
    return round(score + recency + spread(cluster_size) + boost, 6)


def claim_priority_refresh(*, claim: Claim) -> float:
    """Recompute a claim's priority (e.g. after a boost); return the new value."""
    cluster_size = claim.cluster.claims.count() if claim.cluster_id and claim.cluster else 1
    boost = PriorityBoost.objects.filter(claim=claim).aggregate(total=Sum("amount"))["total"]
    priority = claim_priority(
        score=claim.score,
        published_at=claim.article.published_at or claim.article.created_at,
        cluster_size=cluster_size,
        boost=boost or 0.0,
        now=claim.created_at,
    )
    Claim.objects.filter(pk=claim.pk).update(priority=priority)
    return priority
