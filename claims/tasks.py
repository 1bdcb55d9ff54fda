"""Celery adapters: take ids, load rows, call services."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from claims import services
from claims.enqueue import enqueue_on_commit
from claims.fetching import FetchTransient
from claims.models import Article
from claims.priority import claim_priorities_decay

logger = logging.getLogger(__name__)

# Errors worth another try: the database restarting or a connection dropped.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class ExtractionTask(Task):  # type: ignore[misc]
    """Record the final failure on the article once retries are used up."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):  # type: ignore[no-untyped-def]
        article = Article.objects.filter(pk=args[0]).first() if args else None
        if article is not None:
            services.article_extraction_fail(article=article, error=f"{type(exc).__name__}: {exc}")


# Scoring and matching: database errors retried with backoff, a final failure on the article.
EXTRACTION_TASK_OPTIONS: dict[str, Any] = {
    "base": ExtractionTask,
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**EXTRACTION_TASK_OPTIONS)
def article_extract_task(self: Task, article_id: int) -> bool:
    """Score one article's sentences, then send it to matching; a missing article is a no-op.

    Returns whether the article went on to matching.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.warning("Article %s no longer exists; nothing to extract", article_id)
        return False
    if not services.article_score(article=article):
        return False
    enqueue_on_commit(article_match_task, article_id)  # no transaction here: sent at once
    return True


@shared_task(**EXTRACTION_TASK_OPTIONS)
def article_match_task(self: Task, article_id: int) -> int:
    """Match one scored article's candidates and queue them as claims; return how many."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.warning("Article %s no longer exists; nothing to match", article_id)
        return 0
    return services.article_match(article=article)


@shared_task(
    base=ExtractionTask,
    bind=True,
    # A page that times out or answers 5xx may load later; FetchError (refused address, 404,
    # too large, not HTML) never will, so it fails at once and is recorded on the article.
    autoretry_for=(FetchTransient, *TRANSIENT_ERRORS),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
    acks_late=True,
)
def article_fetch_task(self: Task, article_id: int) -> bool:
    """Fetch a URL-submitted article's page; a missing article is a logged no-op."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.warning("Article %s no longer exists; nothing to fetch", article_id)
        return False
    return services.article_fetch(article=article)


@shared_task
def article_sweep_stuck() -> list[int]:
    """Re-enqueue extractions stuck in pending/running (periodic, from beat)."""
    return services.article_sweep_stuck()


@shared_task
def claim_priorities_decay_task() -> int:
    """Refresh the recency part of waiting claims' priority (periodic, from beat)."""
    return claim_priorities_decay()
