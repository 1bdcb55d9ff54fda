"""Reads of the public side: published fact-checks, with everything a page of them shows.

A public fact-check is a claim whose verdict is out: its live version is the newest version
that is published (first publication or a correction) or retracted. Superseded versions are
its history. The fact-check's public id is the claim's id, so it survives corrections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from claims.models import Article, Claim
from reviews.claimreview import Publisher
from reviews.models import Evidence, Review, ReviewState

if TYPE_CHECKING:
    from django.http import HttpRequest

# The article fields an appearance shows (AppearanceSerializer, ClaimReview's appearance).
APPEARANCE_FIELDS = ("id", "url", "title", "source", "published_at", "created_at")
PUBLIC_STATES = (ReviewState.PUBLISHED, ReviewState.RETRACTED)


def fact_checks_live() -> QuerySet[Review]:
    """Return the live version of every public fact-check, nothing prefetched (sitemaps)."""
    later = Review.objects.filter(
        claim_id=OuterRef("claim_id"), state__in=PUBLIC_STATES, version__gt=OuterRef("version")
    )
    return (
        Review.objects.filter(state__in=PUBLIC_STATES)
        .exclude(Exists(later))
        .annotate(first_published_at=_first_published())
    )


def _first_published() -> Subquery:
    """When the first version of the row's verdict was published."""
    return Subquery(
        Review.objects.filter(claim_id=OuterRef("claim_id"), published_at__isnull=False)
        .order_by("version")
        .values("published_at")[:1]
    )


def fact_checks() -> QuerySet[Review]:
    """Return the live version of every public fact-check, with its page's data prefetched.

    The number of queries does not depend on how many rows are read.
    """
    return (
        fact_checks_live()
        .select_related("rating", "claim__article", "claim__queue", "claim__claimant")
        .prefetch_related(
            _appearances_prefetch(),
            Prefetch(
                "claim__reviews",
                queryset=Review.objects.select_related("rating").order_by("version"),
            ),
            Prefetch("claim__evidence", queryset=Evidence.objects.order_by("id")),
        )
    )


def _appearances_prefetch() -> Prefetch:
    # Only what appearances() reads: a claim carried by hundreds of articles must not load
    # hundreds of article bodies and claim rows for one page.
    return Prefetch(
        "claim__cluster__claims",
        queryset=Claim.objects.select_related("article")
        .only("id", "cluster_id", "article_id", *(f"article__{f}" for f in APPEARANCE_FIELDS))
        .order_by("id"),
    )


# The columns of a fact-check in a list page (public_rows.fact_check_row reads them).
PAGE_COLUMNS = (
    "id",
    "claim_id",
    "version",
    "state",
    "supersedes_id",
    "conclusion",
    "explanation",
    "first_published_at",
    "published_at",
    "correction_reason",
    "retracted_at",
    "retraction_reason",
    "updated_at",
    "claim__text",
    "claim__entities",
    "claim__queue__slug",
    "claim__cluster_id",
    "claim__article_id",
    "claim__article__url",
    "claim__article__title",
    "claim__article__source",
    "claim__article__published_at",
    "claim__claimant_id",
    "claim__claimant__name",
    "claim__claimant__kind",
    "claim__claimant__wikidata_id",
    "claim__claimant__url",
    "rating_id",
    "rating__slug",
    "rating__label",
    "rating__value",
    "rating__best_value",
    "rating__worst_value",
)


def fact_checks_page() -> QuerySet[Review]:
    """Return the live version of every public fact-check, as ``id`` and the dates to page on.

    Narrow rows to filter, sort and cut a page from; ``fact_checks_rows`` then reads the
    page's columns. One query joining every live fact-check's rows before the sort cost more
    than the two.
    """
    return fact_checks_live().values("id", "published_at", "updated_at")  # type: ignore[return-value]


def fact_checks_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Return the ``PAGE_COLUMNS`` of these live fact-checks (review ids), in that order.

    Plain dicts, no model instances: ``public_rows`` renders them and reads the appearances
    of the whole page in one more query.
    """
    rows = {
        r["id"]: r
        for r in Review.objects.filter(pk__in=ids)
        .annotate(first_published_at=_first_published())
        .values(*PAGE_COLUMNS)
    }
    return [rows[i] for i in ids]


def fact_checks_claimreview() -> QuerySet[Review]:
    """Return what a page of ClaimReviews reads: each fact-check's rows and its appearances.

    Not the versions or the evidence, which ClaimReview does not show, nor the article bodies.
    """
    return (
        fact_checks_live()
        .select_related("rating", "claim__article", "claim__queue", "claim__claimant")
        .defer("claim__article__body", "claim__article__extraction_skipped")
        .prefetch_related(_appearances_prefetch())
    )


def fact_check_get(*, claim_id: int) -> Review | None:
    """Return the live version of one public fact-check, or None."""
    return fact_checks().filter(claim_id=claim_id).first()


@dataclass(frozen=True)
class FactCheckFilters:
    rating: str | None = None
    queue: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    source: str | None = None
    entity: str | None = None
    q: str | None = None
    updated_since: datetime | None = None


def fact_checks_filter(queryset: QuerySet[Review], *, by: FactCheckFilters) -> QuerySet[Review]:
    """Narrow public fact-checks; dates apply to when the live version was published."""
    if by.rating:
        queryset = queryset.filter(rating__slug=by.rating)
    if by.queue:
        queryset = queryset.filter(claim__queue__slug=by.queue)
    if by.published_after:
        queryset = queryset.filter(published_at__gte=by.published_after)
    if by.published_before:
        queryset = queryset.filter(published_at__lt=by.published_before)
    if by.updated_since:
        queryset = queryset.filter(updated_at__gte=by.updated_since)
    if by.source:
        # Any article carrying the claim counts, not only the one it was first found in.
        in_cluster = Claim.objects.filter(
            cluster_id=OuterRef("claim__cluster_id"), article__source__iexact=by.source
        )
        queryset = queryset.filter(Q(claim__article__source__iexact=by.source) | Exists(in_cluster))
    if by.entity:
        queryset = queryset.filter(_entity_match(by.entity))
    if by.q:
        queryset = queryset.filter(_text_match(by.q))
    return queryset


def _entity_match(entity: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(claim__entities__contains=[{"text": entity}])
    # SQLite has no JSON containment; match the name inside the stored JSON text instead.
    return Q(claim__entities__icontains=entity)


def _text_match(query: str) -> Q:
    """Match words of ``query`` in the claim, the conclusion, the explanation, the claimant."""
    fields = ("claim__text", "conclusion", "explanation", "claim__claimant__name")
    match = Q()
    for word in query.split()[:10]:
        match &= Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
    return match


def appearances(review: Review) -> list[Article]:
    """Return the articles carrying the fact-checked claim (its whole cluster), prefetched."""
    claim = review.claim
    if claim.cluster is None:
        return [claim.article]
    articles = {c.article_id: c.article for c in claim.cluster.claims.all()}
    articles.setdefault(claim.article_id, claim.article)
    return list(articles.values())


def versions(review: Review) -> list[Review]:
    """Return every version of the verdict that went out (published at some point), oldest first."""
    return [r for r in review.claim.reviews.all() if r.published_at is not None]


def site_url(request: HttpRequest | None) -> str:
    """Return the site's absolute root URL without a trailing slash."""
    if settings.PUBLIC_BASE_URL:
        return str(settings.PUBLIC_BASE_URL)
    if request is None:
        return "http://localhost"
    return request.build_absolute_uri("/").rstrip("/")


def publisher(request: HttpRequest | None) -> Publisher:
    return Publisher(
        name=settings.PUBLISHER_NAME, url=settings.PUBLISHER_URL or site_url(request) + "/"
    )
