"""Desk search: "have we seen this before?" across claims, articles and published fact-checks.

PostgreSQL ranks by full-text search (``websearch`` syntax: quoted phrases, ``or``, ``-word``),
with English stemming so "casualties" finds "casualty". SQLite, the development database, has no
such search: there every word of the query must appear in the text (case-insensitive), newest
first. Each kind is one query, at most ``RESULTS_PER_KIND`` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import CombinedExpression

from claims.models import Article, Claim
from reviews.models import Review, ReviewState

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 20
SEARCH_CONFIG = "english"

# Control characters (PostgreSQL refuses NUL in text) and runs of whitespace fold to one space.
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")


class SearchQueryInvalid(ValueError):
    """The query cannot be searched for; ``message`` says why, for the person who typed it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SearchResults:
    query: str
    claims: list[Claim]
    articles: list[Article]
    fact_checks: list[Review]

    @property
    def empty(self) -> bool:
        return not (self.claims or self.articles or self.fact_checks)


def search_query_clean(raw: str) -> str:
    """Return the query with whitespace folded, or raise ``SearchQueryInvalid`` saying why."""
    query = _CONTROL_OR_SPACE.sub(" ", raw).strip()
    if not query:
        raise SearchQueryInvalid("Type a few words from the claim to search for it.")
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryInvalid(
            f"That search is {len(query)} characters long; the limit is {MAX_QUERY_LENGTH}. "
            "Search for the claim's key words or figures instead of the whole text."
        )
    return query


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("article", "queue")


def _articles() -> QuerySet[Article]:
    return Article.objects.all()


def _fact_checks() -> QuerySet[Review]:
    # The live version of each published fact-check (a correction's old version is superseded).
    return Review.objects.filter(state=ReviewState.PUBLISHED).select_related(
        "claim__article", "rating"
    )


def _ranked(
    queryset: QuerySet[Any], vector: SearchVector | CombinedExpression, query: SearchQuery
) -> list[Any]:
    return list(
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-id")[:RESULTS_PER_KIND]
    )


def _full_text(query: str) -> SearchResults:
    parsed = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    claim_vector = SearchVector("text", config=SEARCH_CONFIG)
    article_vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    verdict_vector = (
        SearchVector("claim__text", weight="A", config=SEARCH_CONFIG)
        + SearchVector("conclusion", weight="A", config=SEARCH_CONFIG)
        + SearchVector("explanation", weight="B", config=SEARCH_CONFIG)
    )
    return SearchResults(
        query=query,
        claims=_ranked(_claims(), claim_vector, parsed),
        articles=_ranked(_articles(), article_vector, parsed),
        fact_checks=_ranked(_fact_checks(), verdict_vector, parsed),
    )


def _every_word(query: str, fields: tuple[str, ...]) -> Q:
    match = Q()
    for word in query.split():
        match &= Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
    return match


def _contains(query: str) -> SearchResults:
    limit = RESULTS_PER_KIND
    return SearchResults(
        query=query,
        claims=list(_claims().filter(_every_word(query, ("text",))).order_by("-id")[:limit]),
        articles=list(
            _articles().filter(_every_word(query, ("title", "body"))).order_by("-id")[:limit]
        ),
        fact_checks=list(
            _fact_checks()
            .filter(_every_word(query, ("claim__text", "conclusion", "explanation")))
            .order_by("-id")[:limit]
        ),
    )


def search_run(*, query: str, full_text: bool | None = None) -> SearchResults:
    """Return the claims, articles and fact-checks matching a cleaned query, best first.

    ``full_text`` defaults to whether the database is PostgreSQL; tests pass False to run the
    SQLite fallback on PostgreSQL.
    """
    if full_text is None:
        full_text = connection.vendor == "postgresql"
    return _full_text(query) if full_text else _contains(query)
