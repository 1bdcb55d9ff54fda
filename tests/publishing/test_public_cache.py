"""The server's cache of public API answers (factcheck/public_cache.py), in Redis as deployed.

A cached answer is the uncached one, byte for byte and header for header; any public change
shows at once; the throttle and revalidation still apply; a Redis outage costs only speed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, ClaimCluster, ClaimStatus, EventAction
from factcheck.public_cache import VERSION_KEY
from reviews.models import Rating, Review, ReviewState
from reviews.roles import roles_and_ratings_ensure
from tests.factories import RATE_A, RATE_B, UserFactory
from tests.publishing.conftest import correct, publish
from tests.reviews.workflow_steps import (
    approve,
    lease_next,
    ok,
    research_and_submit,
    retract,
)
from tests.reviews.workflow_steps import (
    publish as publish_through_api,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"
FEED = "/api/v1/claimreviews/"
SEARCH = "/api/v1/factchecktools/v1alpha1/claims:search?query=unemployment"


@pytest.fixture(autouse=True)
def _answers_in_redis() -> Iterator[None]:
    """Keep the cache in the suite's Redis (the broker's, as production does by default).

    A key prefix of its own, so no other test's keys are read, and nothing is flushed.
    """
    caches = {
        "default": {
            "BACKEND": "factcheck.redis_cache.ReusedClientRedisCache",
            "LOCATION": django_settings.CELERY_BROKER_URL,
            "KEY_PREFIX": f"test-public-cache-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches, PUBLIC_RESPONSE_CACHE_SECONDS=300):
        yield
        cache.delete(VERSION_KEY)


def _get(client: Client, path: str, **headers: Any) -> tuple[Any, int]:
    """GET ``path``; return the answer and how many database queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


@pytest.mark.parametrize(
    "path",
    [LIST, "detail", "claimreview", FEED, SEARCH],
)
def test_a_cached_answer_has_the_uncached_body_and_headers(path: str) -> None:
    # GIVEN a published fact-check
    review = publish()
    path = {
        "detail": f"{LIST}{review.claim_id}/",
        "claimreview": f"{LIST}{review.claim_id}/claimreview.jsonld",
    }.get(path, path)
    client = Client()

    # WHEN it is asked for twice
    first, first_queries = _get(client, path)
    second, second_queries = _get(client, path)

    # THEN the second answer comes from the cache, with the same body and every same header
    assert first.status_code == 200, first.content
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert sorted(second.items()) == sorted(first.items())


def test_a_cached_answer_is_revalidated_with_the_same_etag() -> None:
    # GIVEN a fact-check whose answer the server has cached
    review = publish()
    path = f"{LIST}{review.claim_id}/"
    client = Client()
    first = client.get(path)

    # WHEN a client revalidates with its ETag, and with its date
    same, queries = _get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    same_date = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    # THEN both are 304 without a body, carrying the ETag and Cache-Control, from the cache
    assert (same.status_code, same.content, queries) == (304, b"", 0)
    assert same["ETag"] == first["ETag"]
    assert same["Cache-Control"] == first["Cache-Control"]
    assert same_date.status_code == 304


def test_the_throttle_applies_to_cached_answers(settings: Any) -> None:
    # GIVEN a tight public rate and a cached list
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "public": "2/minute"}
    publish()
    client = Client()

    # WHEN one address asks three times
    answers = [client.get(LIST) for _ in range(3)]

    # THEN the third is refused although its answer is cached
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0


def test_query_strings_and_pages_are_cached_apart() -> None:
    # GIVEN three fact-checks
    for text in ("Unemployment fell.", "Unemployment rose.", "Unemployment stayed."):
        publish(text=text)
    client = Client()

    # WHEN pages of different sizes and the next page are asked for, each twice
    one = [client.get(f"{LIST}?page_size=1").json() for _ in range(2)]
    two = [client.get(f"{LIST}?page_size=2").json() for _ in range(2)]
    after = [client.get(one[0]["next"]).json() for _ in range(2)]

    # THEN each answer is its own
    assert [len(p["results"]) for p in (*one, *two, *after)] == [1, 1, 2, 2, 1, 1]
    assert one[0]["results"][0]["id"] != after[0]["results"][0]["id"]
    assert one[1] == one[0]
    assert after[1] == after[0]


def test_each_negotiated_format_is_cached_apart() -> None:
    # GIVEN a fact-check
    review = publish()
    path = f"{LIST}{review.claim_id}/claimreview.jsonld"
    client = Client()

    # WHEN its ClaimReview is asked for as JSON-LD, then as plain JSON, each twice
    jsonld = [client.get(path, HTTP_ACCEPT="application/ld+json") for _ in range(2)]
    plain = [client.get(path, HTTP_ACCEPT="application/json") for _ in range(2)]

    # THEN each answer keeps its own media type
    assert [a["Content-Type"] for a in jsonld] == ["application/ld+json"] * 2
    assert [a["Content-Type"] for a in plain] == ["application/json"] * 2


def test_a_fact_check_published_through_the_api_is_listed_at_once(
    claim: Claim,
    reviewer_api: APIClient,
    editor_api: APIClient,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # GIVEN a published fact-check, and the list, the feed and the search cached without it
    publish(text="Unemployment fell in 2023.")
    client = Client()
    before = {path: client.get(path).content for path in (LIST, FEED, SEARCH)}
    assert all(claim.text not in body.decode() for body in before.values())

    # WHEN another verdict is published through the API and its transaction commits
    leased = lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, leased["id"])
    approve(editor_api, review["id"])
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_api(editor_api, review["id"])

    # THEN the list, the feed and the search show it at once
    for path in (LIST, FEED, SEARCH):
        assert claim.text in client.get(path).content.decode(), path


def test_a_retraction_through_the_api_changes_the_cached_detail_at_once(
    editor_api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    # GIVEN a published fact-check whose detail and ClaimReview are cached
    review = publish()
    client = Client()
    detail = f"{LIST}{review.claim_id}/"
    assert client.get(detail).json()["status"] == "published"
    assert client.get(f"{detail}claimreview.jsonld").status_code == 200

    # WHEN an editor retracts it and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        retract(editor_api, review.pk)

    # THEN the detail says so at once, and the ClaimReview is gone
    assert client.get(detail).json()["status"] == "retracted"
    assert client.get(f"{detail}claimreview.jsonld").status_code == 410


def test_a_correction_changes_the_cached_detail_at_once() -> None:
    # GIVEN a published fact-check whose detail is cached
    review = publish(rating="false")
    client = Client()
    detail = f"{LIST}{review.claim_id}/"
    assert client.get(detail).json()["rating"]["slug"] == "false"

    # WHEN it is corrected (the helper bumps the version as the service's commit does)
    correct(review, rating="true", reason="Misread the table.")

    # THEN the detail shows the corrected rating at once
    assert client.get(detail).json()["rating"]["slug"] == "true"


def test_events_that_do_not_show_publicly_keep_cached_answers(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # GIVEN a cached list
    from claims.audit import event_record

    publish()
    client = Client()
    client.get(LIST)

    # WHEN a claim is leased (nothing public changes), then its claimant is set
    with django_capture_on_commit_callbacks(execute=True):
        event_record(action=EventAction.CLAIM_LEASED)
    leased = _get(client, LIST)[1]
    with django_capture_on_commit_callbacks(execute=True):
        event_record(action=EventAction.CLAIM_CLAIMANT_SET)
    after_claimant = _get(client, LIST)[1]

    # THEN the lease left the cached list alone; the claimant change dropped it
    assert leased == 0
    assert after_claimant > 0


def _extract(body: str) -> Claim:
    """Submit and extract an article; return its claim about the rate."""
    article, _ = services.article_submit(body=body, title="")
    services.article_extract(article=article)
    return Claim.objects.filter(article=article, text__contains="21%").first() or Claim()


def _published(claim: Claim) -> Review:
    """Give an extracted claim a published verdict, as the workflow leaves it."""
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PUBLISHED)
    return Review.objects.create(
        claim=claim,
        version=1,
        state=ReviewState.PUBLISHED,
        rating=Rating.objects.get(slug="false"),
        conclusion="The bank held the rate.",
        author=UserFactory.create(username="writer"),
        approver=UserFactory.create(username="approver"),
        published_at=timezone.now(),
    )


def test_an_article_repeating_a_fact_checked_claim_shows_as_an_appearance_at_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # GIVEN an extracted claim with a published verdict, its detail cached with one appearance
    roles_and_ratings_ensure()
    claim = _extract(RATE_A)
    _published(claim)
    client = Client()
    detail = f"{LIST}{claim.pk}/"
    assert len(client.get(detail).json()["appearances"]) == 1

    # WHEN an unrelated article is extracted, then one repeating the claim
    with django_capture_on_commit_callbacks(execute=True):
        _extract("The city council approved a budget of 4 billion dollars for 2025 on Tuesday.")
    unrelated_queries = _get(client, detail)[1]
    with django_capture_on_commit_callbacks(execute=True):
        repeat = _extract(RATE_B)

    # THEN the unrelated one left the cached detail alone; the repeat shows at once
    assert unrelated_queries == 0
    assert repeat.cluster_id is not None
    assert len(client.get(detail).json()["appearances"]) == 2


def test_a_claim_dismissed_as_a_duplicate_shows_as_an_appearance_at_once(
    claim: Claim, reviewer_api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    # GIVEN a fact-check in a cluster, its detail cached with one appearance
    original = publish(cluster=ClaimCluster.objects.create(text="Unemployment fell"))
    client = Client()
    detail = f"{LIST}{original.claim_id}/"
    assert len(client.get(detail).json()["appearances"]) == 1

    # WHEN a reviewer dismisses another claim as its duplicate
    leased = lease_next(reviewer_api)
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            reviewer_api.post(
                f"/api/v1/claims/{leased['id']}/dismiss/",
                {"reason": "duplicate", "duplicate_of": original.claim_id},
                format="json",
            )
        )

    # THEN the duplicate's article is an appearance of the fact-check at once
    assert len(client.get(detail).json()["appearances"]) == 2


def test_the_cache_set_to_zero_seconds_is_off(settings: Any) -> None:
    settings.PUBLIC_RESPONSE_CACHE_SECONDS = 0
    publish()
    client = Client()

    client.get(LIST)
    again, queries = _get(client, LIST)

    assert again.status_code == 200
    assert queries > 0


def test_the_api_answers_uncached_when_redis_is_unreachable(caplog: Any) -> None:
    # GIVEN a fact-check, and a Redis that does not answer
    review = publish()
    down = {
        "default": {
            "BACKEND": "factcheck.redis_cache.ReusedClientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    # WHEN the list and the detail are asked for
    with override_settings(CACHES=down), caplog.at_level(logging.WARNING):
        listed = Client().get(LIST)
        detail = Client().get(f"{LIST}{review.claim_id}/")

    # THEN both are answered, from the database, and the outage is logged
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["results"]] == [review.claim_id]
    assert detail.status_code == 200
    assert "Public cache unreachable" in caplog.text
    assert ok(detail)["id"] == review.claim_id
