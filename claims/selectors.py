"""Reads of articles and claims that are more than a ``.get``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Article, Claim, ClaimCluster, ClaimConflict


def article_list() -> QuerySet[Article]:
    """Return articles newest first, without their bodies."""
    return Article.objects.defer("body").order_by("-created_at", "-id")


def claims_for_display() -> QuerySet[Claim]:
    """Return claims with what their API representation reads, fetched up front (no N+1)."""
    return Claim.objects.select_related("queue").prefetch_related(
        Prefetch("conflicts", queryset=ClaimConflict.objects.select_related("other"))
    )


def article_with_claims() -> QuerySet[Article]:
    """Return articles with their claims prefetched in body order."""
    return Article.objects.prefetch_related(
        Prefetch("claims", queryset=claims_for_display().order_by("start"))
    )


def cluster_with_claims() -> QuerySet[ClaimCluster]:
    """Return clusters with their claims and those claims' articles."""
    return ClaimCluster.objects.prefetch_related(
        Prefetch(
            "claims",
            queryset=Claim.objects.select_related("article").defer("article__body").order_by("id"),
        )
    )


def queue_claims(*, queue_id: int, status: str | None = "candidate") -> QuerySet[Claim]:
    """Return a queue's claims in review order (highest priority first)."""
    qs = (
        claims_for_display()
        .filter(queue_id=queue_id)
        .select_related("article")
        .defer("article__body")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-priority", "id")
