"""The claimant: suggested from the extracted speaker, confirmed by the reviewer, shared."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Claimant, Event, EventAction
from tests.reviews.factories import ClaimFactory
from tests.reviews.workflow_steps import lease_next, ok

pytestmark = pytest.mark.django_db


def test_the_reviewer_confirms_the_suggested_speaker_as_the_claimant(
    claim: Claim, reviewer_api: APIClient
) -> None:
    # GIVEN a claim the extractor attributed to "Jane Doe", leased by a reviewer
    Claim.objects.filter(pk=claim.pk).update(speaker="Jane  Doe")
    lease_next(reviewer_api)
    suggested = ok(reviewer_api.get(f"/api/v1/claims/{claim.pk}/claimant/"))

    # WHEN the reviewer confirms her, with her Wikidata id
    confirmed = ok(
        reviewer_api.put(
            f"/api/v1/claims/{claim.pk}/claimant/",
            {"name": "Jane Doe", "kind": "person", "wikidata_id": "Q42"},
            format="json",
        )
    )

    # THEN the suggestion was the speaker, and the claim now has her as its claimant
    assert suggested["claimant"] is None
    assert suggested["suggestion"]["name"] == "Jane Doe"
    assert suggested["suggestion"]["id"] is None
    assert confirmed["claimant"]["name"] == "Jane Doe"
    assert confirmed["claimant"]["wikidata_url"] == "https://www.wikidata.org/wiki/Q42"
    assert Event.objects.filter(claim=claim, action=EventAction.CLAIM_CLAIMANT_SET).count() == 1


def test_claims_by_the_same_person_share_one_claimant(reviewer_api: APIClient) -> None:
    # GIVEN a claimant confirmed on an earlier claim
    known = Claimant.objects.create(name="Jane Doe", wikidata_id="Q42")
    claim = ClaimFactory.create(speaker="jane doe")
    lease_next(reviewer_api)

    # WHEN a reviewer looks at and confirms a new claim by the same speaker
    suggested = ok(reviewer_api.get(f"/api/v1/claims/{claim.pk}/claimant/"))
    ok(
        reviewer_api.put(
            f"/api/v1/claims/{claim.pk}/claimant/", {"name": "JANE DOE"}, format="json"
        )
    )

    # THEN the existing claimant is suggested and reused, not duplicated
    assert suggested["suggestion"]["id"] == known.pk
    assert Claim.objects.get(pk=claim.pk).claimant_id == known.pk
    assert Claimant.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "X", "kind": "robot"},
        {"name": "X", "wikidata_id": "42"},
        {"nom": "X"},
    ],
)
def test_bad_claimants_are_refused(claim: Claim, reviewer_api: APIClient, body: Any) -> None:
    lease_next(reviewer_api)

    response = reviewer_api.put(f"/api/v1/claims/{claim.pk}/claimant/", body, format="json")

    assert response.status_code == 400
    assert Claim.objects.get(pk=claim.pk).claimant_id is None


def test_only_the_lease_holder_sets_the_claimant(
    claim: Claim, reviewer_api: APIClient, other_reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)

    response = other_reviewer_api.put(
        f"/api/v1/claims/{claim.pk}/claimant/", {"name": "Someone"}, format="json"
    )

    assert response.status_code == 403
    assert Claimant.objects.count() == 0


def test_an_organisation_speaker_is_suggested_as_an_organisation(
    claim: Claim, reviewer_api: APIClient
) -> None:
    # GIVEN a claim the extractor attributed to a council
    Claim.objects.filter(pk=claim.pk).update(speaker="Bristol City Council")
    lease_next(reviewer_api)

    # WHEN the reviewer looks at its claimant
    suggested = ok(reviewer_api.get(f"/api/v1/claims/{claim.pk}/claimant/"))

    # THEN the suggestion is the council as an organisation (ClaimReview's Organization author)
    assert suggested["suggestion"]["name"] == "Bristol City Council"
    assert suggested["suggestion"]["kind"] == "organization"
