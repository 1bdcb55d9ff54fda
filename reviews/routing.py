"""Routing new claims to queues and computing their priority and SLA deadline."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from claims.models import Claim
from reviews.models import PriorityBoost, Queue
from reviews.permissions import role_require
from reviews.services import event_record, queue_default_get

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from claims.extraction.types import CandidateClaim
    from claims.models import Article

# Priority = check-worthiness (0..1) + recency (0..RECENCY_WEIGHT) + spread + manual boosts.
RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 3.0
CLUSTER_WEIGHT = 0.25  # per doubling of the number of articles carrying the claim
_WORD = re.compile(r"\w+", re.UNICODE)


def _lowered(values: Iterable[Any]) -> set[str]:
    return {str(v).strip().lower() for v in values if str(v).strip()}


def _queue_matches(
    queue: Queue, *, text: str, entities: Sequence[str], language: str, source: str
) -> bool:
    """True when every non-empty rule of the queue matches (an empty rule matches anything)."""
    has_rule = False
    if queue.route_languages:
        has_rule = True
        if language.lower() not in _lowered(queue.route_languages):
            return False
    if queue.route_sources:
        has_rule = True
        if source.strip().lower() not in _lowered(queue.route_sources):
            return False
    if queue.route_keywords:
        has_rule = True
        lowered = text.lower()
        words = set(_WORD.findall(lowered))
        keywords = _lowered(queue.route_keywords)
        # One-word keywords match whole words; phrases match as substrings.
        if not any((k in words) if " " not in k else (k in lowered) for k in keywords):
            return False
    if queue.route_entities:
        has_rule = True
        if not _lowered(entities) & _lowered(queue.route_entities):
            return False
    return has_rule


def queue_route(*, article: Article, candidate: CandidateClaim) -> Queue:
    """Return the queue a new claim belongs in: the first matching rule, else the default."""
    entities = [e.text for e in candidate.entities]
    for queue in Queue.objects.filter(is_default=False).order_by("routing_order", "id"):
        if _queue_matches(
            queue,
            text=candidate.text,
            entities=entities,
            language=article.language,
            source=article.source,
        ):
            return queue
    return queue_default_get()


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
    spread = CLUSTER_WEIGHT * math.log2(max(1, cluster_size))
    return round(score + recency + spread + boost, 6)


def claim_due_at(*, queue: Queue, now: datetime | None = None) -> datetime | None:
    """Return when a claim entering ``queue`` now becomes overdue (None: the queue has no SLA)."""
    sla: timedelta | None = queue.sla
    return (now or timezone.now()) + sla if sla else None


def claim_priority_refresh(*, claim: Claim) -> float:
    """Recompute a claim's priority (e.g. after its cluster grew); return the new value."""
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


def claim_boost(*, claim: Claim, editor: User, amount: float, reason: str = "") -> Claim:
    """Give a claim a manual priority boost (negative to lower it) and record it."""
    role_require(user=editor, permission="boost_claim", doing="boost a claim")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
        before = locked.priority
        PriorityBoost.objects.create(claim=locked, amount=amount, reason=reason, boosted_by=editor)
        after = claim_priority_refresh(claim=locked)
        event_record(
            action="claim.boosted",
            actor=editor,
            claim=locked,
            changes={"amount": amount, "reason": reason, "priority": [before, after]},
        )
        locked.refresh_from_db()
    return locked


def claim_placement(*, article: Article, candidate: CandidateClaim) -> dict[str, Any]:
    """Return the queue, priority and SLA deadline of a new claim, as Claim field values."""
    queue = queue_route(article=article, candidate=candidate)
    now = timezone.now()
    return {
        "queue": queue,
        "priority": claim_priority(
            score=candidate.score, published_at=article.published_at, now=now
        ),
        "due_at": claim_due_at(queue=queue, now=now),
    }
