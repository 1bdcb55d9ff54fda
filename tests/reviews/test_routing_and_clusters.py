"""Routing rules, priority, cluster-wide publishing, duplicates, retraction, boosts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.extraction.types import CandidateClaim, Entity
from claims.models import ClaimCluster, ClaimStatus, Queue
from claims.priority import claim_priority
from claims.routing import queue_route
from reviews.models import Dismissal
from tests.factories import ArticleFactory
from tests.reviews.factories import ClaimFactory
from tests.reviews.workflow_steps import approve, lease_next, ok, publish, research_and_submit

pytestmark = pytest.mark.django_db


def candidate(text: str, *entities: str) -> CandidateClaim:
    return CandidateClaim(
        text=text,
        start=0,
        end=len(text),
        score=0.7,
        claim_type="other",
        entities=tuple(Entity(text=e, label="organisation") for e in entities),
    )


def test_claims_are_routed_by_keyword_entity_language_and_source_else_to_the_default() -> None:
    health = Queue.objects.create(name="Health", slug="health", route_keywords=["vaccine"])
    nato = Queue.objects.create(name="Defence", slug="defence", route_entities=["NATO"])
    french = Queue.objects.create(
        name="French desk", slug="fr", route_languages=["fr"], route_sources=["lemonde.fr"]
    )
    english = ArticleFactory.create(language="en", source="example.org")
    le_monde = ArticleFactory.create(language="fr", source="lemonde.fr")

    assert queue_route(article=english, candidate=candidate("The vaccine cut deaths.")) == health
    assert queue_route(article=english, candidate=candidate("Troops rose.", "NATO")) == nato
    assert queue_route(article=le_monde, candidate=candidate("Le chômage a baissé.")) == french
    assert queue_route(article=english, candidate=candidate("Taxes rose 3%.")).is_default


def test_priority_rises_with_score_recency_cluster_size_and_boosts() -> None:
    now = timezone.now()
    base = claim_priority(score=0.5, published_at=now - timedelta(days=3), now=now)

    assert claim_priority(score=0.6, published_at=now - timedelta(days=3), now=now) > base
    assert claim_priority(score=0.5, published_at=now, now=now) > base
    assert (
        claim_priority(score=0.5, published_at=now - timedelta(days=3), cluster_size=4, now=now)
        > base
    )
    assert (
        claim_priority(score=0.5, published_at=now - timedelta(days=3), boost=1.0, now=now) > base
    )


def test_publishing_a_verdict_publishes_every_open_claim_of_its_cluster(
    reviewer_api: APIClient, editor_api: APIClient
) -> None:
    # GIVEN three claims of one cluster, the first leased and researched
    cluster = ClaimCluster.objects.create(text="Unemployment fell")
    lead = ClaimFactory.create(cluster=cluster, priority=0.9)
    sibling = ClaimFactory.create(cluster=cluster, priority=0.1)
    outsider = ClaimFactory.create(priority=0.05)
    assert lease_next(reviewer_api)["id"] == lead.pk
    review = research_and_submit(reviewer_api, lead.pk)
    approve(editor_api, review["id"])

    # WHEN the verdict is published
    publish(editor_api, review["id"])

    # THEN the sibling moved with it, the unrelated claim did not
    sibling.refresh_from_db()
    outsider.refresh_from_db()
    assert sibling.status == ClaimStatus.PUBLISHED
    assert outsider.status == ClaimStatus.CANDIDATE
    assert sibling.events.get().action == "claim.published_with_cluster"


def test_dismissing_a_duplicate_links_it_to_its_original(reviewer_api: APIClient) -> None:
    cluster = ClaimCluster.objects.create(text="Unemployment fell")
    original = ClaimFactory.create(cluster=cluster, priority=0.1)
    duplicate = ClaimFactory.create(priority=0.9)
    lease_next(reviewer_api)

    response = ok(
        reviewer_api.post(
            f"/api/v1/claims/{duplicate.pk}/dismiss/",
            {"reason": "duplicate", "duplicate_of": original.pk},
            format="json",
        )
    )

    duplicate.refresh_from_db()
    assert response["status"] == "dismissed"
    assert Dismissal.objects.get(claim=duplicate).duplicate_of == original
    assert duplicate.cluster == cluster


def test_a_duplicate_without_its_original_is_refused(reviewer_api: APIClient) -> None:
    claim = ClaimFactory.create()
    lease_next(reviewer_api)

    response = reviewer_api.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "duplicate"}, format="json"
    )

    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_retraction_keeps_the_record_and_says_why(
    reviewer_api: APIClient, editor_api: APIClient
) -> None:
    claim = ClaimFactory.create()
    lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, claim.pk)
    approve(editor_api, review["id"])
    publish(editor_api, review["id"])

    retracted = ok(
        editor_api.post(
            f"/api/v1/reviews/{review['id']}/retract/",
            {"reason": "The source was fabricated."},
            format="json",
        )
    )
    again = editor_api.post(
        f"/api/v1/reviews/{review['id']}/retract/", {"reason": "Twice."}, format="json"
    )

    assert (retracted["state"], retracted["retraction_reason"]) == (
        "retracted",
        "The source was fabricated.",
    )
    assert retracted["conclusion"] == review["conclusion"]
    assert again.status_code == 409
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETRACTED


def test_an_editor_boost_moves_a_claim_to_the_front_of_the_queue(
    reviewer_api: APIClient, editor_api: APIClient
) -> None:
    ClaimFactory.create(priority=0.9)
    low = ClaimFactory.create(priority=0.1)

    ok(editor_api.post(f"/api/v1/claims/{low.pk}/boost/", {"amount": 5}, format="json"))

    assert lease_next(reviewer_api)["id"] == low.pk


def test_a_reviewer_cannot_boost(reviewer_api: APIClient) -> None:
    claim = ClaimFactory.create(priority=0.1)

    response = reviewer_api.post(f"/api/v1/claims/{claim.pk}/boost/", {"amount": 5}, format="json")

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.priority == 0.1
