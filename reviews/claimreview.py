"""schema.org ClaimReview for a published fact-check, as search engines and aggregators read it.

A pure function of what is already loaded: the live version of the verdict, its claim (with
the confirmed claimant), the articles that carry the claim, and the publisher. Nothing here
queries the database, so a page of fact-checks costs the same queries as one.

Fields follow schema.org's ClaimReview, Claim and Rating types and Google's required and
recommended properties (https://developers.google.com/search/docs/appearance/structured-data/factcheck).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claims.models import ClaimantKind

if TYPE_CHECKING:
    from claims.models import Article, Claimant
    from reviews.models import Review

CLAIM_REVIEWED_MAX_CHARS = 500


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the fact-checks (ClaimReview's ``author``)."""

    name: str
    url: str


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def article_date(article: Article) -> datetime:
    """Return when an article appeared: its own date, else when we received it."""
    return article.published_at or article.created_at


def _appearance(article: Article) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        work["url"] = article.url
    if article.title:
        work["headline"] = article.title
    if article.source:
        work["publisher"] = {"@type": "Organization", "name": article.source}
    work["datePublished"] = _date(article_date(article))
    return work


def claimant_json(claimant: Claimant) -> dict[str, Any]:
    """Return the claimant as a schema.org Person or Organization."""
    kind = "Organization" if claimant.kind == ClaimantKind.ORGANIZATION else "Person"
    node: dict[str, Any] = {"@type": kind, "name": claimant.name}
    same_as = [link for link in (claimant.wikidata_url, claimant.url) if link]
    if same_as:
        node["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
    return node


def claimreview_build(
    *,
    review: Review,
    first_published_at: datetime,
    appearances: Sequence[Article],
    page_url: str,
    publisher: Publisher,
) -> dict[str, Any]:
    """Return the ClaimReview JSON-LD object of a live (published or corrected) verdict.

    ``review`` is the live version, with ``rating`` and ``claim.claimant`` loaded;
    ``appearances`` are the articles carrying the claim (its cluster), in any order;
    ``first_published_at`` is when the first version of the verdict was published.
    """
    claim = review.claim
    rating = review.rating
    assert rating is not None, "a published verdict always has a rating"
    articles = sorted(
        {a.pk: a for a in appearances}.values(), key=lambda a: (article_date(a), a.pk)
    )
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant is not None:
        item["author"] = claimant_json(claim.claimant)
    if articles:
        item["datePublished"] = _date(article_date(articles[0]))
        item["appearance"] = [_appearance(a) for a in articles]
        item["firstAppearance"] = _appearance(articles[0])
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": _short(claim.text, CLAIM_REVIEWED_MAX_CHARS),
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": rating.best_value,
            "worstRating": rating.worst_value,
            "alternateName": rating.label,
        },
        "datePublished": _date(first_published_at),
    }
    if review.conclusion:
        document["headline"] = _short(review.conclusion, 110)
    if review.supersedes_id is not None:
        # A correction: the verdict first went out earlier; this version changed it.
        document["dateModified"] = _date(review.published_at)
    if claim.article.language:
        document["inLanguage"] = claim.article.language
    return document
