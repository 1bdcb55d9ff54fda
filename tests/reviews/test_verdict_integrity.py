"""No path around the rules: two people behind every published version, evidence behind every
verdict, and a cluster's claims following their lead's corrections and retraction."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Claim, ClaimCluster, ClaimStatus
from tests.reviews.factories import ClaimFactory, client_for, user_with_role
from tests.reviews.workflow_steps import (
    add_evidence,
    approve,
    lease_next,
    ok,
    propose_correction,
    publish,
    research_and_submit,
    retract,
    state_of,
    submit_verdict,
)

pytestmark = pytest.mark.django_db


def refused(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.content
    message = response.json()["error"]["message"]
    for word in words:
        assert word in message, message


def versions(api: APIClient, claim: Claim) -> list[tuple[int, str, str, str | None]]:
    results = ok(api.get(f"/api/v1/claims/{claim.pk}/reviews/"))["results"]
    return [(v["version"], v["state"], v["rating"]["slug"], v["approver"]) for v in results]


@pytest.fixture
def second_editor(db: Any) -> User:
    return user_with_role("editor", username="carla")


@pytest.fixture
def second_editor_api(second_editor: User) -> APIClient:
    return client_for(second_editor)


@pytest.fixture
def published(claim: Claim, reviewer_api: APIClient, editor_api: APIClient) -> dict[str, Any]:
    """The claim's verdict, written by the reviewer, approved and published by the editor."""
    lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, claim.pk)
    approve(editor_api, review["id"])
    return publish(editor_api, review["id"])


# A correction needs a second editor ------------------------------------------------------------


def test_a_correction_stays_unpublished_until_a_second_editor_approves_it(
    claim: Claim,
    published: dict[str, Any],
    reviewer_api: APIClient,
    editor_api: APIClient,
    second_editor_api: APIClient,
) -> None:
    # GIVEN a published verdict rated "false"
    # WHEN one editor corrects it to "mostly-true"
    proposal = propose_correction(second_editor_api, published["id"], rating="mostly-true")

    # THEN the correction only waits: the published version, its rating and the claim are as before
    assert (proposal["state"], proposal["author"], proposal["approver"]) == (
        "proposed",
        "carla",
        None,
    )
    assert versions(reviewer_api, claim) == [
        (1, "published", "false", "edna"),
        (2, "proposed", "mostly-true", None),
    ]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PUBLISHED

    # WHEN another editor, who wrote no version of it, approves it
    corrected = approve(editor_api, proposal["id"])

    # THEN it is published in place of the old version, which is kept, superseded
    assert (corrected["state"], corrected["supersedes"]) == ("published", published["id"])
    assert versions(reviewer_api, claim) == [
        (1, "superseded", "false", "edna"),
        (2, "published", "mostly-true", "edna"),
    ]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CORRECTED


def test_the_editor_who_proposed_a_correction_cannot_approve_or_publish_it(
    claim: Claim, published: dict[str, Any], second_editor_api: APIClient
) -> None:
    # GIVEN a correction proposed by an editor
    proposal = propose_correction(second_editor_api, published["id"], rating="mostly-true")
    before = state_of(claim)

    # WHEN the same editor tries to approve it, or to publish it directly
    approving = second_editor_api.post(f"/api/v1/reviews/{proposal['id']}/approve/")
    publishing = second_editor_api.post(f"/api/v1/reviews/{proposal['id']}/publish/")

    # THEN both are refused and nothing changes: the old verdict stays live
    refused(approving, 403, "you wrote this verdict")
    refused(publishing, 409, "proposed correction", "second editor")
    assert state_of(claim) == before


def test_an_editor_who_wrote_an_earlier_version_cannot_approve_its_correction(
    claim: Claim, editor_api: APIClient, second_editor_api: APIClient
) -> None:
    # GIVEN a verdict written by an editor (acting as reviewer), approved by another, published
    writer = user_with_role("editor", username="walt")
    writer_api = client_for(writer)
    lease_next(writer_api)
    review = research_and_submit(writer_api, claim.pk)
    approve(editor_api, review["id"])
    publish(editor_api, review["id"])
    # AND a correction of it proposed by a third editor
    proposal = propose_correction(second_editor_api, review["id"], rating="half-true")
    before = state_of(claim)

    # WHEN the writer of the first version approves the correction
    response = writer_api.post(f"/api/v1/reviews/{proposal['id']}/approve/")

    # THEN it is refused: they wrote a version of the text
    refused(response, 403, "version of its text")
    assert state_of(claim) == before


def test_an_editor_who_wrote_the_draft_cannot_approve_it_after_a_reviewer_submits_it_unchanged(
    claim: Claim, reviewer_api: APIClient
) -> None:
    # GIVEN an editor who leases the claim, writes the whole verdict as a draft and lets go
    writer = user_with_role("editor", username="walt")
    writer_api = client_for(writer)
    lease_next(writer_api)
    add_evidence(writer_api, claim.pk)
    ok(
        writer_api.put(
            f"/api/v1/claims/{claim.pk}/draft/",
            {"rating": "true", "conclusion": "All correct.", "explanation": "Trust me."},
            format="json",
        )
    )
    ok(writer_api.post(f"/api/v1/claims/{claim.pk}/release/"))
    # AND a reviewer who leases it and submits the draft as it stands
    lease_next(reviewer_api)
    review = ok(reviewer_api.post(f"/api/v1/claims/{claim.pk}/verdict/", {}, format="json"))
    assert (review["author"], review["conclusion"]) == ("rita", "All correct.")
    before = state_of(claim)

    # WHEN the editor who wrote the text approves it
    response = writer_api.post(f"/api/v1/reviews/{review['id']}/approve/")

    # THEN it is refused, and the verdict still waits for another editor
    refused(response, 403, "you wrote this verdict")
    assert state_of(claim) == before


def test_a_returned_correction_is_kept_unpublished_and_a_new_one_can_follow(
    claim: Claim,
    published: dict[str, Any],
    reviewer_api: APIClient,
    editor_api: APIClient,
    second_editor_api: APIClient,
) -> None:
    # GIVEN a proposed correction
    proposal = propose_correction(second_editor_api, published["id"], rating="mostly-true")

    # WHEN another editor returns it with a comment
    returned = ok(
        editor_api.post(
            f"/api/v1/reviews/{proposal['id']}/return/",
            {"comment": "The revision is not final yet."},
            format="json",
        )
    )

    # THEN it is kept, marked returned with the comment, and the published version stays live
    assert (returned["state"], returned["return_comment"]) == (
        "returned",
        "The revision is not final yet.",
    )
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PUBLISHED
    # AND it can never be approved
    refused(editor_api.post(f"/api/v1/reviews/{proposal['id']}/approve/"), 409, "returned")
    # AND a new correction can be proposed and approved
    second = propose_correction(second_editor_api, published["id"], rating="half-true")
    approve(editor_api, second["id"])
    assert versions(reviewer_api, claim) == [
        (1, "superseded", "false", "edna"),
        (2, "returned", "mostly-true", None),
        (3, "published", "half-true", "edna"),
    ]


def test_only_one_correction_waits_at_a_time(
    claim: Claim, published: dict[str, Any], editor_api: APIClient, second_editor_api: APIClient
) -> None:
    # GIVEN a proposed correction
    propose_correction(second_editor_api, published["id"], rating="mostly-true")
    before = state_of(claim)

    # WHEN another editor proposes a second one
    response = editor_api.post(
        f"/api/v1/reviews/{published['id']}/correct/",
        {"reason": "Mine instead.", "rating": "true"},
        format="json",
    )

    # THEN it is refused, naming the correction that waits
    refused(response, 409, "correction v2 is already waiting")
    assert state_of(claim) == before


def test_retracting_a_verdict_returns_the_correction_waiting_on_it(
    claim: Claim,
    published: dict[str, Any],
    reviewer_api: APIClient,
    editor_api: APIClient,
    second_editor_api: APIClient,
) -> None:
    # GIVEN a proposed correction of a published verdict
    propose_correction(second_editor_api, published["id"], rating="mostly-true")

    # WHEN the published verdict is retracted
    retract(editor_api, published["id"])

    # THEN the verdict is retracted and the correction is kept, returned, never published
    assert versions(reviewer_api, claim) == [
        (1, "retracted", "false", "edna"),
        (2, "returned", "mostly-true", None),
    ]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.RETRACTED


# A verdict needs evidence ----------------------------------------------------------------------


def test_submitting_a_verdict_without_evidence_is_409_and_changes_nothing(
    claim: Claim, reviewer_api: APIClient
) -> None:
    # GIVEN a reviewer holding a claim they found no source for
    lease_next(reviewer_api)
    before = state_of(claim)

    # WHEN they submit a verdict
    response = reviewer_api.post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "false", "conclusion": "It is false.", "explanation": "Because."},
        format="json",
    )

    # THEN it is refused with the reason, and not even the draft is kept
    refused(response, 409, "no evidence", "at least one evidence link")
    assert state_of(claim) == before


@override_settings(REVIEW_REQUIRE_EVIDENCE=False)
def test_a_newsroom_can_turn_the_evidence_requirement_off(
    claim: Claim, reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)

    review = submit_verdict(reviewer_api, claim.pk)

    assert review["state"] == "submitted"


# A cluster follows its lead ----------------------------------------------------------------------


@pytest.fixture
def cluster_claims(reviewer_api: APIClient, editor_api: APIClient) -> dict[str, Any]:
    """A lead and a sibling published together; a claim of the cluster with its own verdict."""
    cluster = ClaimCluster.objects.create(text="Unemployment fell")
    lead = ClaimFactory.create(cluster=cluster, priority=0.9)
    own = ClaimFactory.create(cluster=cluster, priority=0.5)
    # The second claim of the cluster gets its own verdict, published first.
    lease_next(reviewer_api)
    lead_review = research_and_submit(reviewer_api, lead.pk)
    assert lease_next(reviewer_api)["id"] == own.pk
    own_review = research_and_submit(reviewer_api, own.pk, rating="half-true")
    approve(editor_api, own_review["id"])
    publish(editor_api, own_review["id"])
    # Then a third claim arrives and is published with the lead.
    sibling = ClaimFactory.create(cluster=cluster, priority=0.1)
    approve(editor_api, lead_review["id"])
    publish(editor_api, lead_review["id"])
    assert Claim.objects.get(pk=sibling.pk).status == ClaimStatus.PUBLISHED
    return {"lead": lead, "sibling": sibling, "own": own, "review": lead_review}


def statuses(*claims: Claim) -> list[str]:
    return [Claim.objects.get(pk=c.pk).status for c in claims]


def test_correcting_a_cluster_lead_corrects_the_claims_published_with_it(
    cluster_claims: dict[str, Any], editor_api: APIClient, second_editor_api: APIClient
) -> None:
    lead, sibling, own = cluster_claims["lead"], cluster_claims["sibling"], cluster_claims["own"]
    proposal = propose_correction(second_editor_api, cluster_claims["review"]["id"])

    approve(editor_api, proposal["id"])

    assert statuses(lead, sibling, own) == ["corrected", "corrected", "published"]
    assert list(sibling.events.values_list("action", "actor__username")) == [
        ("claim.published_with_cluster", "edna"),
        ("claim.corrected_with_cluster", "edna"),
    ]


def test_retracting_a_cluster_lead_retracts_the_claims_published_with_it(
    cluster_claims: dict[str, Any], editor_api: APIClient
) -> None:
    lead, sibling, own = cluster_claims["lead"], cluster_claims["sibling"], cluster_claims["own"]

    retract(editor_api, cluster_claims["review"]["id"])

    assert statuses(lead, sibling, own) == ["retracted", "retracted", "published"]
    assert list(sibling.events.values_list("action", flat=True)) == [
        "claim.published_with_cluster",
        "claim.retracted_with_cluster",
    ]
