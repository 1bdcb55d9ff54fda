"""Routing new claims to queues, with their priority and SLA deadline at entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from claims.extraction.language import UNKNOWN as UNKNOWN_LANGUAGE
from claims.models import Article, Queue
from claims.priority import claim_priority, recency

if TYPE_CHECKING:
    from claims.extraction.types import CandidateClaim

DEFAULT_QUEUE_SLUG = "default"
_WORD = re.compile(r"\w+", re.UNICODE)


def queue_default_get() -> Queue:
    """Return the default queue, creating it if it is missing (it is made by a migration)."""
    queue = Queue.objects.filter(is_default=True).first()
    if queue is not None:
        return queue
    queue, _ = Queue.objects.get_or_create(
        slug=DEFAULT_QUEUE_SLUG, defaults={"name": "General", "is_default": True}
    )
    return queue


def _lowered(values: Iterable[Any]) -> set[str]:
    return {str(v).strip().lower() for v in values if str(v).strip()}


def _queue_matches(
    queue: Queue, *, text: str, entities: Sequence[str], language: str, source: str
) -> bool:
    """True when every non-empty rule of the queue matches (an empty rule matches anything)."""
    has_rule = False
    if queue.route_languages:
        has_rule = True
        wanted = _lowered(queue.route_languages)
        # "en" takes "en-GB" too: a rule names a language, a tag may add a region.
        if language.lower() not in wanted and language.lower().split("-")[0] not in wanted:
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


def article_language(*, article: Article) -> str:
    """Return the language routing goes by: the detected one when known, else the submitted one.

    Only English articles reach routing today (the extractor leaves other languages unscored),
    so this mostly corrects a submitted default or a tag with a region ("en-GB").
    """
    detected = article.detected_language
    return detected if detected and detected != UNKNOWN_LANGUAGE else article.language


def routing_rules() -> list[Queue]:
    """Return the queues with routing rules, in the order they are tried."""
    return list(Queue.objects.filter(is_default=False).order_by("routing_order", "id"))


def queue_route(
    *,
    article: Article,
    candidate: CandidateClaim,
    rules: Sequence[Queue] | None = None,
    default: Queue | None = None,
) -> Queue:
    """Return the queue a new claim belongs in: the first matching rule, else the default.

    ``rules`` (``routing_rules()``) and ``default`` may be read once for a whole article.
    """
    entities = [e.text for e in candidate.entities]
    for queue in routing_rules() if rules is None else rules:
        if _queue_matches(
            queue,
            text=candidate.text,
            entities=entities,
            language=article_language(article=article),
            source=article.source,
        ):
            return queue
    return default or queue_default_get()


def claim_due_at(*, queue: Queue, now: datetime | None = None) -> datetime | None:
    """Return when a claim entering ``queue`` now becomes overdue (None: the queue has no SLA)."""
    sla: timedelta | None = queue.sla
    return (now or timezone.now()) + sla if sla else None


def claim_placement(
    *,
    article: Article,
    candidate: CandidateClaim,
    rules: Sequence[Queue] | None = None,
    default: Queue | None = None,
) -> dict[str, Any]:
    """Return the queue, priority and SLA deadline of a new claim, as Claim field values."""
    queue = queue_route(article=article, candidate=candidate, rules=rules, default=default)
    now = timezone.now()
    published_at = article.published_at or article.created_at
    return {
        "queue": queue,
        "priority": claim_priority(score=candidate.score, published_at=published_at, now=now),
        "recency": recency(published_at=published_at, now=now),
        "due_at": claim_due_at(queue=queue, now=now),
    }
