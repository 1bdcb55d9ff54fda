"""Read other publishers' fact-checks from the shapes they come in. Pure Python, no Django.

Accepted: schema.org ``ClaimReview`` JSON-LD (one object, a list, an ``@graph``, or a Data
Commons style ``DataFeed`` whose ``dataFeedElement`` items hold ClaimReviews), and the JSON that
Google's Fact Check Tools ``claims:search`` returns (``{"claims": [{"text", "claimReview":
[...]}]}``). Each record becomes an :class:`ExternalReview`, or a :class:`Skipped` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

MAX_CLAIM_CHARS = 5000
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class ExternalReview:
    """One fact-check by another publisher."""

    url: str
    publisher: str
    claim_text: str
    rating_text: str = ""
    review_date: date | None = None
    language: str = ""
    claimant: str = ""
    publisher_site: str = ""
    source: str = "claimreview"


@dataclass(frozen=True)
class Skipped:
    """A record that was not imported, and why."""

    where: str
    reason: str


def records(document: Any) -> Iterator[ExternalReview | Skipped]:
    """Yield the fact-checks in a parsed JSON ``document``, or why each record was skipped."""
    if isinstance(document, dict) and isinstance(document.get("claims"), list):
        yield from _google(document["claims"])
        return
    yield from _claimreviews(document, "$")


def _claimreviews(node: Any, where: str) -> Iterator[ExternalReview | Skipped]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _claimreviews(item, f"{where}[{i}]")
        return
    if not isinstance(node, dict):
        yield Skipped(where, "not a JSON object")
        return
    if "dataFeedElement" in node:
        yield from _claimreviews(node["dataFeedElement"], f"{where}.dataFeedElement")
        return
    if "@graph" in node:
        yield from _claimreviews(node["@graph"], f"{where}.@graph")
        return
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    if "DataFeedItem" in types:
        yield from _claimreviews(node.get("item"), f"{where}.item")
        return
    if "ClaimReview" not in types:
        yield Skipped(where, f"not a ClaimReview (@type {node.get('@type')!r})")
        return
    yield _claimreview(node, where)


def _claimreview(node: dict[str, Any], where: str) -> ExternalReview | Skipped:
    author = _first(node.get("author")) or _first(node.get("publisher"))
    rating = _first(node.get("reviewRating"))
    item = _first(node.get("itemReviewed"))
    claimant = _first(item.get("author")) if item else {}
    return _review(
        where=where,
        url=node.get("url"),
        publisher=author.get("name") if author else None,
        publisher_site=author.get("url") if author else None,
        claim_text=node.get("claimReviewed"),
        rating_text=(rating.get("alternateName") or rating.get("name")) if rating else None,
        review_date=node.get("datePublished"),
        language=node.get("inLanguage"),
        claimant=claimant.get("name") if claimant else None,
        source="claimreview",
    )


def _google(claims: list[Any]) -> Iterator[ExternalReview | Skipped]:
    for i, claim in enumerate(claims):
        where = f"$.claims[{i}]"
        if not isinstance(claim, dict):
            yield Skipped(where, "not a JSON object")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield Skipped(where, "no claimReview")
            continue
        for j, review in enumerate(reviews):
            if not isinstance(review, dict):
                yield Skipped(f"{where}.claimReview[{j}]", "not a JSON object")
                continue
            publisher = _first(review.get("publisher"))
            yield _review(
                where=f"{where}.claimReview[{j}]",
                url=review.get("url"),
                publisher=publisher.get("name") or publisher.get("site"),
                publisher_site=publisher.get("site"),
                claim_text=claim.get("text"),
                rating_text=review.get("textualRating"),
                review_date=review.get("reviewDate"),
                language=review.get("languageCode"),
                claimant=claim.get("claimant"),
                source="google-factcheck",
            )


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _text(value: Any, limit: int) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _review(*, where: str, **fields: Any) -> ExternalReview | Skipped:
    url = _text(fields["url"], 2000)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Skipped(where, f"no http(s) url (got {fields['url']!r})"[:200])
    claim_text = _text(fields["claim_text"], MAX_CLAIM_CHARS)
    if not claim_text:
        return Skipped(where, "no claim text (claimReviewed / text)")
    publisher = _text(fields["publisher"], 200) or parts.netloc
    language = _text(fields["language"], 16)
    return ExternalReview(
        url=url,
        publisher=publisher,
        claim_text=claim_text,
        rating_text=_text(fields["rating_text"], 300),
        review_date=_date(fields["review_date"]),
        language=language if _LANGUAGE.match(language) else "",
        claimant=_text(fields["claimant"], 300),
        publisher_site=_text(fields["publisher_site"], 300),
        source=fields["source"],
    )


def _date(value: Any) -> date | None:
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
