"""Reads of articles and claims that are more than a ``.get``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import (
    Article,
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimLink,
    LinkKind,
    LinkStatus,
)


def article_list() -> QuerySet[Article]:
    """Return articles newest first, without their bodies."""
    return Article.objects.defer("body").order_by("-created_at", "-id")


def claims_for_display() -> QuerySet[Claim]:
    """Return claims with what their API representation reads, fetched up front (no N+1)."""
    return Claim.objects.select_related("queue").prefetch_related(
        Prefetch("conflicts", queryset=ClaimConflict.objects.select_related("other")),
        Prefetch("links", queryset=external_checks(), to_attr="external_checks"),
    )


def external_checks() -> QuerySet[ClaimLink]:
    """Return links to other publishers' fact-checks that a reviewer has not rejected."""
    return (
        ClaimLink.objects.filter(kind=LinkKind.EXTERNAL_CHECK)
        .exclude(status=LinkStatus.REJECTED)
        .select_related("external")
        .order_by("-score", "id")
    )


def claim_links_for(*, claim: Claim) -> list[ClaimLink]:
    """Return the claim's matches for the claim page and the API, best first.

    Suggested and confirmed links first (highest score first), then the rejected ones, so a
    reviewer sees what was already turned down. Each link has ``other`` (with its article) or
    ``external`` loaded.
    """
    links = list(
        ClaimLink.objects.filter(claim=claim)
        .select_related("other__article", "external", "decided_by")
        .defer("other__article__body", "external__vector")
        .order_by("-score", "id")
    )
    return sorted(links, key=lambda link: link.status == LinkStatus.REJECTED)


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
