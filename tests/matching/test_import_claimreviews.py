"""Importing other publishers' fact-checks: every input shape, broken records, de-duplication,
and "already checked by" on a claim that repeats one, never shown as our own."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims import services
from claims.extraction.claimreview_records import ExternalReview, Skipped, records
from claims.models import Article, Claim, ClaimLink, ExternalFactCheck, LinkKind

CHECKED = "Drinking hot water every fifteen minutes kills the coronavirus in the throat."


def _claimreview(url: str, claim: str = CHECKED, **extra: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "datePublished": "2020-03-14",
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": "Example Checks", "url": "https://x.example"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Poster"}},
        **extra,
    }


GOOGLE = {
    "claims": [
        {
            "text": "Five G masts spread the virus.",
            "claimant": "Social media users",
            "claimDate": "2020-04-01T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Fact Desk", "site": "factdesk.example"},
                    "url": "https://factdesk.example/5g",
                    "title": "No, 5G does not spread viruses",
                    "reviewDate": "2020-04-03T10:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                }
            ],
        },
        {"text": "A claim nobody reviewed."},
        {"claimReview": [{"url": "https://factdesk.example/no-text", "publisher": {}}]},
    ],
    "nextPageToken": "abc",
}


def test_a_single_claimreview_is_read_with_publisher_rating_date_and_language() -> None:
    [review] = list(records(_claimreview("https://x.example/hot-water")))

    assert isinstance(review, ExternalReview)
    assert review.publisher == "Example Checks"
    assert review.rating_text == "False"
    assert str(review.review_date) == "2020-03-14"
    assert review.language == "en"
    assert review.claimant == "A. Poster"
    assert review.claim_text == CHECKED


def test_a_list_and_a_data_feed_are_read_record_by_record() -> None:
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [_claimreview("https://x.example/a")]},
            {"@type": "DataFeedItem", "item": _claimreview("https://x.example/b")},
        ],
    }

    from_list = list(
        records([_claimreview("https://x.example/a"), _claimreview("https://x.example/b")])
    )
    from_feed = list(records(feed))

    assert [r.url for r in from_list if isinstance(r, ExternalReview)] == [
        "https://x.example/a",
        "https://x.example/b",
    ]
    assert [r.url for r in from_feed if isinstance(r, ExternalReview)] == [
        "https://x.example/a",
        "https://x.example/b",
    ]


def test_google_fact_check_tools_json_is_read_and_its_broken_claims_skipped() -> None:
    found = list(records(GOOGLE))

    [review] = [r for r in found if isinstance(r, ExternalReview)]
    assert review.publisher == "Fact Desk"
    assert review.url == "https://factdesk.example/5g"
    assert review.source == "google-factcheck"
    reasons = [r.reason for r in found if isinstance(r, Skipped)]
    assert reasons == ["no claimReview", "no claim text (claimReviewed / text)"]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (_claimreview("javascript:alert(1)"), "no http(s) url"),
        (_claimreview("https://x.example/empty", claim="   "), "no claim text"),
        ({"@type": "NewsArticle", "url": "https://x.example/n"}, "not a ClaimReview"),
        ("just a string", "not a JSON object"),
    ],
)
def test_broken_records_are_skipped_with_a_reason(record: Any, reason: str) -> None:
    [skipped] = list(records([record]))

    assert isinstance(skipped, Skipped)
    assert reason in skipped.reason
    assert skipped.where == "$[0]"


@pytest.mark.django_db
def test_the_import_command_counts_imported_known_and_skipped_records(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonld").write_text(
        json.dumps(
            [
                _claimreview("https://x.example/hot-water"),
                _claimreview("https://x.example/hot-water"),  # the same URL twice
                _claimreview("ftp://x.example/bad"),
            ]
        ),
        encoding="utf-8",
    )
    (tmp_path / "google.json").write_text(json.dumps(GOOGLE), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    out = io.StringIO()

    call_command("import_claimreviews", str(tmp_path), stdout=out)
    again = io.StringIO()
    call_command("import_claimreviews", str(tmp_path / "google.json"), stdout=again)

    assert "imported 2, already known 1, skipped 4" in out.getvalue()
    assert "not valid JSON" in out.getvalue()
    assert "imported 0, already known 1" in again.getvalue()
    assert ExternalFactCheck.objects.count() == 2
    stored = ExternalFactCheck.objects.get(url="https://x.example/hot-water")
    assert stored.vector is not None
    assert stored.model.startswith("matcher-static")


@pytest.mark.django_db
def test_a_claim_repeating_an_imported_check_shows_already_checked_by_its_publisher(
    tmp_path: Path, api: APIClient
) -> None:
    # GIVEN another publisher's fact-check, imported
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_claimreview("https://x.example/hot-water")), encoding="utf-8")
    call_command("import_claimreviews", str(path), stdout=io.StringIO())
    # WHEN an article repeats its claim in other words
    article, _ = services.article_submit(
        body="Drinking hot water every 15 minutes kills the coronavirus in your throat, "
        "a viral message claims.",
    )
    services.article_extract(article=article)
    # THEN the claim is linked to that fact-check, and the API says who checked it
    claim = Claim.objects.get(article=article)
    link = ClaimLink.objects.get(claim=claim, kind=LinkKind.EXTERNAL_CHECK)
    assert link.external is not None
    assert link.external.publisher == "Example Checks"
    response = api.get(f"/api/v1/articles/{article.pk}/")
    [shown] = response.data["claims"][0]["already_checked_by"]
    assert shown["publisher"] == "Example Checks"
    assert shown["url"] == "https://x.example/hot-water"
    assert shown["rating_text"] == "False"


@pytest.mark.django_db
def test_importing_links_claims_already_stored(tmp_path: Path) -> None:
    article, _ = services.article_submit(
        body="Drinking hot water every 15 minutes kills the coronavirus in your throat, "
        "a viral message claims.",
    )
    services.article_extract(article=article)
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_claimreview("https://x.example/hot-water")), encoding="utf-8")
    out = io.StringIO()

    call_command("import_claimreviews", str(path), stdout=out)

    assert "claims linked 1" in out.getvalue()
    assert ClaimLink.objects.filter(claim__article=article, kind=LinkKind.EXTERNAL_CHECK).exists()


@pytest.mark.django_db
def test_imported_checks_never_appear_in_our_public_feeds(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_claimreview("https://x.example/hot-water")), encoding="utf-8")
    call_command("import_claimreviews", str(path), stdout=io.StringIO())
    public = APIClient()

    for url in (
        "/api/v1/fact-checks/",
        "/api/v1/claimreviews/",
        "/fact-checks/",
        "/fact-checks/feed.atom",
        "/sitemap.xml",
    ):
        response = public.get(url)
        assert response.status_code == 200
        assert "x.example/hot-water" not in response.content.decode()
        assert "Example Checks" not in response.content.decode()
    assert Article.objects.count() == 0
