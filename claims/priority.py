"""A claim's priority: check-worthiness + recency + spread across articles + manual boosts."""

from __future__ import annotations

import math
from datetime import datetime

from django.db.models import F, Sum
from django.utils import timezone

from claims.models import Claim, ClaimStatus, PriorityBoost

RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 3.0
# Below this the recency term no longer moves a claim past another (scores have 3 decimals
# that matter); the decay sweep stops touching it, so its work stays bounded by recent claims.
RECENCY_FLOOR = 0.001
CLUSTER_WEIGHT = 0.25  # per doubling of the number of articles carrying the claim
# The spread term moves in steps of 1/8 of a doubling (a cluster grown by about 9%), so it is
# within CLUSTER_WEIGHT / 8 (0.031) of the exact logarithm. Every waiting member of a cluster
# carries the term, so an exact one rewrote all of them on every repeat: a cluster of n members
# cost n row writes per new member. In steps, a member's row changes only when the size crosses
# a step, about 12 rows per repeat averaged over a cluster's growth (docs/decisions.md).
SPREAD_STEPS_PER_DOUBLING = 8


def spread(cluster_size: int) -> float:
    """Return the priority a claim gains from being carried by ``cluster_size`` articles.

    ``CLUSTER_WEIGHT`` per doubling, rounded down to a step (``SPREAD_STEPS_PER_DOUBLING``).
    """
    steps = math.floor(math.log2(max(1, cluster_size)) * SPREAD_STEPS_PER_DOUBLING + 1e-9)
    return CLUSTER_WEIGHT * steps / SPREAD_STEPS_PER_DOUBLING


def recency(*, published_at: datetime | None, now: datetime | None = None) -> float:
    """Return the priority a claim gains from news that is fresh (halving every 3 days)."""
    now = now or timezone.now()
    age_days = max(0.0, (now - published_at).total_seconds() / 86400) if published_at else 0.0
    return round(RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS), 6)


def claim_priority(
    *,
    score: float,
    published_at: datetime | None,
    cluster_size: int = 1,
    boost: float = 0.0,
    now: datetime | None = None,
) -> float:
    """Return a claim's priority from its score, recency, spread and manual boosts."""
    fresh = recency(published_at=published_at, now=now)
    return round(score + fresh + spread(cluster_size) + boost, 6)


def claim_priority_refresh(*, claim: Claim) -> float:
    """Recompute a claim's priority as of now (e.g. after a boost); return the new value."""
    cluster_size = claim.cluster.claims.count() if claim.cluster_id and claim.cluster else 1
    boost = PriorityBoost.objects.filter(claim=claim).aggregate(total=Sum("amount"))["total"]
    published_at = claim.article.published_at or claim.article.created_at
    priority = claim_priority(
        score=claim.score,
        published_at=published_at,
        cluster_size=cluster_size,
        boost=boost or 0.0,
    )
    Claim.objects.filter(pk=claim.pk).update(
        priority=priority, recency=recency(published_at=published_at)
    )
    return priority


def claim_priorities_decay(*, now: datetime | None = None) -> int:
    """Bring the recency term of every waiting claim up to date; return how many claims moved.

    Priority is stored so that the next claim is one index lookup; its recency term is
    refreshed here (from beat) rather than computed at read time. One UPDATE per article:
    recency depends only on when the article was published. Claims whose recency fell below
    ``RECENCY_FLOOR`` drop out of the sweep for good.
    """
    now = now or timezone.now()
    articles = (
        Claim.objects.filter(status=ClaimStatus.CANDIDATE, recency__gt=RECENCY_FLOOR)
        .values_list("article_id", "article__published_at", "article__created_at")
        .distinct()
    )
    moved = 0
    for article_id, published_at, created_at in articles:
        fresh = recency(published_at=published_at or created_at, now=now)
        moved += Claim.objects.filter(
            article_id=article_id, status=ClaimStatus.CANDIDATE, recency__gt=RECENCY_FLOOR
        ).update(priority=F("priority") - F("recency") + fresh, recency=fresh)
    return moved
