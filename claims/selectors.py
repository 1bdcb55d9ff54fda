"""Reads of articles and claims that are more than a ``.get``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Article, Claim


def article_list() -> QuerySet[Article]:
    """Return articles newest first, without their bodies."""
    return Article.objects.defer("body").order_by("-created_at", "-id")


def article_with_claims() -> QuerySet[Article]:
    """Return articles with their claims prefetched in body order."""
    return Article.objects.prefetch_related(
        Prefetch("claims", queryset=Claim.objects.select_related("queue").order_by("start"))
    )


def queue_claims(*, queue_id: int, status: str | None = "candidate") -> QuerySet[Claim]:
    """Return a queue's claims in review order (highest priority first)."""
    qs = Claim.objects.filter(queue_id=queue_id).select_related("article", "queue")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-priority", "id")
