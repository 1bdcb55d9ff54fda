"""The public read API: anonymous, filtered, paginated, cacheable, throttled, no N+1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claimant, ClaimStatus
from reviews.models import Review, ReviewState
from tests.factories import QueueFactory
from tests.publishing.conftest import correct, evidence_add, in_cluster, publish, retract
from tests.reviews.factories import ClaimFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_anyone_lists_published_corrected_and_retracted_fact_checks_newest_first() -> None:
    # GIVEN a fact-check published, one corrected, one retracted, and a verdict still in review
    now = timezone.now()
    old = publish(text="Old claim.", published_at=now - timedelta(days=3))
    corrected = correct(
        publish(text="Corrected claim.", published_at=now - timedelta(days=2)),
        rating="mostly-false",
        reason="A figure was wrong.",
    )
    retracted = retract(
        publish(text="Retracted claim.", published_at=now - timedelta(days=1)),
        reason="Wrong claim.",
    )
    draft = ClaimFactory.create(status=ClaimStatus.VERDICT_SUBMITTED)
    Review.objects.create(claim=draft, state=ReviewState.SUBMITTED, author=old.author)

    # WHEN someone with no account asks for the list
    response = Client().get(LIST)

    # THEN they see the three public ones, newest first, each with its state and page URL
    items = response.json()["results"]
    assert [i["id"] for i in items] == [corrected.claim_id, retracted.claim_id, old.claim_id]
    assert [i["status"] for i in items] == ["corrected", "retracted", "published"]
    assert items[0]["url"] == f"http://testserver/fact-checks/{corrected.claim_id}/"
    assert items[0]["rating"]["label"] == "Mostly false"
    assert items[1]["claimreview_url"] is None
    assert "writer" not in response.content.decode()  # who wrote it inside stays inside


def test_detail_shows_evidence_appearances_and_every_version() -> None:
    # GIVEN a corrected fact-check with evidence, carried by two articles
    first = publish()
    in_cluster(first, source="Daily Planet", url="https://planet.example/jobs", days_earlier=5)
    evidence_add(first, url="https://stats.example.org/lfs")
    live = correct(first, rating="mostly-false", reason="Wrong year.")

    # WHEN it is read anonymously
    data = Client().get(f"{LIST}{live.claim_id}/").json()

    # THEN the reader sees both versions, the evidence and where the claim appeared
    assert [(v["version"], v["state"]) for v in data["versions"]] == [
        (1, "superseded"),
        (2, "published"),
    ]
    assert data["versions"][1]["correction_reason"] == "Wrong year."
    assert [e["url"] for e in data["evidence"]] == ["https://stats.example.org/lfs"]
    assert "https://planet.example/jobs" in [a["url"] for a in data["appearances"]]
    assert data["first_published_at"] < data["published_at"]


def test_a_claim_not_yet_published_is_not_found() -> None:
    claim = ClaimFactory.create()

    assert Client().get(f"{LIST}{claim.pk}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["?colour=red", "?published_after=yesterday", "?page_size=0", "?cursor=bogus"],
)
def test_unknown_or_malformed_parameters_are_refused(query: str) -> None:
    publish()

    response = Client().get(LIST + query)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_filters_narrow_the_list() -> None:
    # GIVEN fact-checks that differ in rating, queue, source, entity, wording and date
    now = timezone.now()
    economy = QueueFactory.create(slug="economy")
    a = publish(
        text="Crime doubled in Springfield.", rating="false", published_at=now - timedelta(days=10)
    )
    b = publish(text="Exports grew by 3%.", rating="true", queue=economy)
    in_cluster(b, source="Daily Planet", url="https://planet.example/exports")
    c = publish(text="Mayor Quimby cut taxes.", rating="half-true")
    c.claim.entities = [{"text": "Quimby", "label": "person", "start": 6, "end": 12}]
    c.claim.save()
    Review.objects.filter(pk=a.pk).update(updated_at=now - timedelta(days=10))
    client = Client()
    since = (now - timedelta(days=1)).date().isoformat()

    # THEN each filter keeps only the matching fact-checks
    assert _ids(client.get(LIST, {"rating": "false"})) == [a.claim_id]
    assert _ids(client.get(LIST, {"queue": "economy"})) == [b.claim_id]
    assert _ids(client.get(LIST, {"source": "daily planet"})) == [b.claim_id]
    assert _ids(client.get(LIST, {"entity": "Quimby"})) == [c.claim_id]
    assert _ids(client.get(LIST, {"q": "springfield crime"})) == [a.claim_id]
    assert _ids(client.get(LIST, {"published_before": since})) == [a.claim_id]
    assert set(_ids(client.get(LIST, {"published_after": since}))) == {b.claim_id, c.claim_id}
    assert set(_ids(client.get(LIST, {"updated_since": since}))) == {b.claim_id, c.claim_id}


def test_the_cursor_walks_every_fact_check_once() -> None:
    now = timezone.now()
    reviews = [publish(text=f"Claim {n}.", published_at=now - timedelta(hours=n)) for n in range(5)]
    client = Client()

    seen: list[int] = []
    url: str | None = LIST + "?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]

    assert seen == [r.claim_id for r in reviews]


def test_a_client_revalidating_gets_304_when_nothing_changed() -> None:
    # GIVEN a client that read a fact-check and kept its validators
    review = publish()
    client = Client()
    first = client.get(f"{LIST}{review.claim_id}/")
    etag, modified = first["ETag"], first["Last-Modified"]

    # WHEN it asks again with them, and again after the verdict is corrected
    same = client.get(f"{LIST}{review.claim_id}/", HTTP_IF_NONE_MATCH=etag)
    same_date = client.get(f"{LIST}{review.claim_id}/", HTTP_IF_MODIFIED_SINCE=modified)
    correct(review, rating="true", reason="Misread the table.")
    changed = client.get(f"{LIST}{review.claim_id}/", HTTP_IF_NONE_MATCH=etag)

    # THEN unchanged answers are 304 without a body; the changed one is a fresh 200
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert (same.status_code, same.content) == (304, b"")
    assert same_date.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_list_costs_the_same_queries_for_one_fact_check_or_twenty(
    django_assert_max_num_queries: Any,
) -> None:
    # GIVEN one fact-check with a claimant, evidence and a cluster, read once to count queries
    client = Client()
    claimant = Claimant.objects.create(name="Jane Doe")
    first = publish(claimant=claimant)
    in_cluster(first, source="Daily Planet", url="https://planet.example/1")
    evidence_add(first, url="https://stats.example.org/1")
    with CaptureQueriesContext(connection) as one:
        assert len(_ids(client.get(LIST))) == 1
    # WHEN there are twenty, each as rich
    for n in range(19):
        review = publish(text=f"Claim {n}.", claimant=claimant)
        in_cluster(review, source="Daily Planet", url=f"https://planet.example/{n}")
        evidence_add(review, url=f"https://stats.example.org/{n}")

    # THEN twenty cost no more queries than one, in the list and the ClaimReview feed alike
    with django_assert_max_num_queries(len(one)):
        assert len(_ids(client.get(LIST))) == 20
    with django_assert_max_num_queries(len(one)):
        assert len(client.get("/api/v1/claimreviews/").json()["results"]) == 20


def test_claimreview_jsonld_is_served_for_live_fact_checks_and_gone_once_retracted() -> None:
    live = publish(text="Live claim.")
    gone = retract(publish(text="Gone claim."), reason="Mixed up two speakers.")
    client = Client()

    jsonld = client.get(f"{LIST}{live.claim_id}/claimreview.jsonld")
    retracted = client.get(f"{LIST}{gone.claim_id}/claimreview.jsonld")
    feed = client.get("/api/v1/claimreviews/").json()

    assert jsonld.status_code == 200
    assert jsonld["Content-Type"] == "application/ld+json"
    assert jsonld.json()["@type"] == "ClaimReview"
    assert jsonld.json()["claimReviewed"] == "Live claim."
    assert retracted.status_code == 410
    assert [cr["claimReviewed"] for cr in feed["results"]] == ["Live claim."]


def test_anonymous_callers_over_the_rate_get_429_with_retry_after(settings: Any) -> None:
    # GIVEN a rate of three requests a minute per address
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "public": "3/minute"}
    client = Client()

    statuses = [client.get(LIST).status_code for _ in range(4)]
    refused = client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.7")  # a forged header
    other_address = Client(REMOTE_ADDR="203.0.113.9").get(LIST)

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other_address.status_code == 200


def test_errors_of_the_jsonld_endpoint_are_plain_json() -> None:
    response = Client().get(f"{LIST}999999/claimreview.jsonld")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
