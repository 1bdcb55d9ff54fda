"""A page of public fact-checks as plain dicts: the list's JSON without DRF's nested serializers.

``FactCheckSerializer`` stays the schema of one fact-check (and, subclassed, serializes the
detail). A list page is built here, with the same keys, order and formats, from the rows of
``public_selectors.fact_checks_page`` (one query, ``PAGE_COLUMNS``) and one flat query for
the appearances of all its fact-checks: no model instances and no serializer fields, where
the serializer built some 700 instances for a page of 20. tests/publishing/test_public_rows.py
checks the bytes against the serializer's on a realistic fixture.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from claims.models import Claim, Claimant
from reviews.models import ReviewState

# DRF's own formatting (ISO 8601, the current time zone, "Z" for UTC), so dates match exactly.
_DATETIME = serializers.DateTimeField()
_APPEARANCE_COLUMNS = (
    "cluster_id",
    "article_id",
    "article__url",
    "article__title",
    "article__source",
    "article__published_at",
)

Row = dict[str, Any]


def _date(value: datetime | None) -> str | None:
    return None if value is None else str(_DATETIME.to_representation(value))


def _appearance(url: str, title: str, source: str, published_at: datetime | None) -> Row:
    return {"url": url, "title": title, "source": source, "published_at": _date(published_at)}


def appearances_of(rows: Sequence[Row]) -> dict[int, list[Row]]:
    """Return each fact-check's appearances by claim id, as ``public_selectors.appearances`` does.

    One query for the whole page: the cluster members' articles, oldest claim first, each
    article once; then the claim's own article if its cluster did not list it.
    """
    cluster_ids = {r["claim__cluster_id"] for r in rows if r["claim__cluster_id"] is not None}
    by_cluster: dict[int, dict[int, Row]] = {c: {} for c in cluster_ids}
    if cluster_ids:
        members = (
            Claim.objects.filter(cluster_id__in=cluster_ids)
            .order_by("id")
            .values_list(*_APPEARANCE_COLUMNS)
        )
        for cluster_id, article_id, *columns in members:
            articles = by_cluster[cluster_id]
            if article_id not in articles:
                articles[article_id] = _appearance(*columns)
    found: dict[int, list[Row]] = {}
    for row in rows:
        own = _appearance(
            row["claim__article__url"],
            row["claim__article__title"],
            row["claim__article__source"],
            row["claim__article__published_at"],
        )
        if row["claim__cluster_id"] is None:
            found[row["claim_id"]] = [own]
            continue
        articles = dict(by_cluster[row["claim__cluster_id"]])
        articles.setdefault(row["claim__article_id"], own)
        found[row["claim_id"]] = list(articles.values())
    return found


def _status(row: Row) -> str:
    """``public_serializers.public_status`` of a row."""
    if row["state"] == ReviewState.RETRACTED:
        return "retracted"
    return "corrected" if row["supersedes_id"] is not None else "published"


def _claimant(row: Row) -> Row | None:
    if row["claim__claimant_id"] is None:
        return None
    wikidata_id = row["claim__claimant__wikidata_id"]
    return {
        "id": row["claim__claimant_id"],
        "name": row["claim__claimant__name"],
        "kind": row["claim__claimant__kind"],
        "wikidata_id": wikidata_id,
        "wikidata_url": Claimant(wikidata_id=wikidata_id).wikidata_url,
        "url": row["claim__claimant__url"],
    }


def _entities(entities: list[Row | None] | None) -> list[Row | None] | None:
    """Return the claim's entities as DRF's ``ListField(child=DictField())`` shows them."""
    if entities is None:
        return None
    return [None if e is None else {str(k): v for k, v in e.items()} for e in entities]


def _rating(row: Row) -> Row | None:
    if row["rating_id"] is None:
        return None
    return {
        "slug": row["rating__slug"],
        "label": row["rating__label"],
        "value": row["rating__value"],
        "best_value": row["rating__best_value"],
        "worst_value": row["rating__worst_value"],
    }


def _url_pattern(site: str, name: str) -> str:
    """Return the absolute URL of view ``name`` with ``{}`` where a fact-check's id goes.

    Two ``reverse`` calls a page instead of two a fact-check, which cost more than the rest.
    """
    return (site + reverse(name, args=[_MARK])).replace(str(_MARK), "{}")


_MARK = 987654321987


def fact_check_row(row: Row, *, urls: tuple[str, str], appearances: list[Row]) -> Row:
    """Return one fact-check exactly as ``FactCheckSerializer`` shows it, from its row.

    ``urls`` are the ``_url_pattern`` of its HTML page and of its ClaimReview.
    """
    claim_id = row["claim_id"]
    retracted = row["state"] == ReviewState.RETRACTED
    return {
        "id": claim_id,
        "url": urls[0].format(claim_id),
        "claimreview_url": None if retracted else urls[1].format(claim_id),
        "status": _status(row),
        "version": row["version"],
        "claim": {
            "text": row["claim__text"],
            "claimant": _claimant(row),
            "queue": row["claim__queue__slug"],
            "entities": _entities(row["claim__entities"]),
        },
        "appearances": appearances,
        "rating": _rating(row),
        "conclusion": row["conclusion"],
        "explanation": row["explanation"],
        "first_published_at": _date(row["first_published_at"]),
        "published_at": _date(row["published_at"]),
        "correction_reason": row["correction_reason"],
        "retracted_at": _date(row["retracted_at"]),
        "retraction_reason": row["retraction_reason"],
        "updated_at": _date(row["updated_at"]),
    }


def fact_check_rows(rows: Sequence[Row], *, site: str) -> list[Row]:
    """Return a page of ``public_selectors.fact_checks_page`` rows as the list shows them."""
    appearances = appearances_of(rows)
    urls = (
        _url_pattern(site, "public-fact-check-page"),
        _url_pattern(site, "public-fact-check-claimreview"),
    )
    return [fact_check_row(r, urls=urls, appearances=appearances[r["claim_id"]]) for r in rows]
