"""Suggested matches through the API: list, confirm, reject; the audit log; who may decide."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.matching import rejected_pairs
from claims.models import (
    Article,
    Claim,
    ClaimLink,
    Event,
    EventAction,
    LinkStatus,
)
from tests.matching.conftest import FIRST
from tests.reviews.factories import client_for, user_with_role

pytestmark = pytest.mark.django_db


def test_a_claims_matches_are_listed_with_model_score_and_status(
    api: APIClient, suggested: ClaimLink
) -> None:
    response = api.get(f"/api/v1/claims/{suggested.claim_id}/matches/")

    assert response.status_code == 200
    [row] = [r for r in response.data if r["id"] == suggested.pk]
    assert row["status"] == "suggested"
    assert row["model"] == "matcher-test"
    assert row["score"] == pytest.approx(0.75)
    assert row["other"] == suggested.other_id
    assert row["other_text"] == FIRST


def test_confirming_puts_the_claim_in_the_others_cluster_and_is_logged(
    api: APIClient, user: Any, suggested: ClaimLink
) -> None:
    response = api.post(f"/api/v1/claim-links/{suggested.pk}/confirm/")

    assert response.status_code == 200
    assert response.data["status"] == "confirmed"
    claim = Claim.objects.get(pk=suggested.claim_id)
    assert claim.cluster_id == Claim.objects.get(pk=suggested.other_id or 0).cluster_id
    event = Event.objects.get(action=EventAction.CLAIM_LINK_CONFIRMED)
    assert event.claim_id == claim.pk
    assert event.actor_id == user.pk
    assert event.changes["score"] == pytest.approx(0.75)


def test_rejecting_takes_the_claim_out_and_the_pair_is_never_suggested_again(
    api: APIClient, suggested: ClaimLink
) -> None:
    api.post(f"/api/v1/claim-links/{suggested.pk}/confirm/")

    response = api.post(f"/api/v1/claim-links/{suggested.pk}/reject/")

    assert response.status_code == 200
    claim = Claim.objects.get(pk=suggested.claim_id)
    other = Claim.objects.get(pk=suggested.other_id or 0)
    assert claim.cluster_id != other.cluster_id
    assert Event.objects.filter(action=EventAction.CLAIM_LINK_REJECTED).count() == 1
    # Matching the pair again (a re-extraction) suggests nothing new and keeps the rejection.
    assert rejected_pairs(claim=claim) == {other.pk}
    assert rejected_pairs(claim=other) == {claim.pk}
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.REJECTED


def test_a_rejected_match_cannot_be_confirmed(api: APIClient, suggested: ClaimLink) -> None:
    api.post(f"/api/v1/claim-links/{suggested.pk}/reject/")

    response = api.post(f"/api/v1/claim-links/{suggested.pk}/confirm/")

    assert response.status_code == 409
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.REJECTED


def test_only_reviewers_decide_on_matches(suggested: ClaimLink) -> None:
    submitter = client_for(user_with_role("submitter"))

    response = submitter.post(f"/api/v1/claim-links/{suggested.pk}/confirm/")

    assert response.status_code == 403
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.SUGGESTED
    assert not Event.objects.filter(action=EventAction.CLAIM_LINK_CONFIRMED).exists()


def test_matches_of_a_missing_claim_are_a_404(api: APIClient) -> None:
    assert api.get("/api/v1/claims/999999/matches/").status_code == 404
    assert Article.objects.count() == 0
