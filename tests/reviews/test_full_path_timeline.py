"""A claim taken through the whole path reads back as a timeline of every step and its actor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from claims.models import Claim
from tests.reviews.factories import client_for, user_with_role
from tests.reviews.workflow_steps import EVIDENCE, approve, lease_next, ok, publish, submit_verdict

pytestmark = pytest.mark.django_db


def test_timeline_shows_every_step_of_the_whole_path_in_order_with_its_actor(
    claim: Claim, reviewer: User, reviewer_api: APIClient, editor: User, editor_api: APIClient
) -> None:
    # GIVEN a reviewer who leases the claim, researches it and submits a verdict
    lease_next(reviewer_api)
    ok(reviewer_api.post(f"/api/v1/claims/{claim.pk}/evidence/", EVIDENCE, format="json"), 201)
    first = submit_verdict(reviewer_api, claim.pk)
    # AND an editor who returns it, the reviewer fixes it, the editor approves and publishes
    ok(
        editor_api.post(
            f"/api/v1/reviews/{first['id']}/return/",
            {"comment": "Cite the table."},
            format="json",
        )
    )
    ok(
        reviewer_api.put(
            f"/api/v1/claims/{claim.pk}/draft/",
            {"explanation": "Table 3 of the survey shows a rise."},
            format="json",
        )
    )
    ok(reviewer_api.post(f"/api/v1/claims/{claim.pk}/verdict/", {}, format="json"))
    approve(editor_api, first["id"])
    publish(editor_api, first["id"])
    # AND a second editor who proposes a correction, which the first editor approves
    corrector = user_with_role("editor", username="carla")
    corrected = ok(
        client_for(corrector).post(
            f"/api/v1/reviews/{first['id']}/correct/",
            {"reason": "The figure was revised.", "rating": "mostly-false"},
            format="json",
        ),
        201,
    )
    approve(editor_api, corrected["id"])

    # WHEN anyone reads the claim's timeline
    timeline = ok(reviewer_api.get(f"/api/v1/claims/{claim.pk}/timeline/"))["results"]

    # THEN every step is there, in order, with who did it and the state it moved between
    steps = [(e["action"], e["actor"], e["from_state"], e["to_state"]) for e in timeline]
    assert steps == [
        ("claim.leased", "rita", "candidate", "in_review"),
        ("evidence.added", "rita", "", ""),
        ("review.draft_saved", "rita", "in_review", "in_review"),
        ("review.submitted", "rita", "in_review", "verdict_submitted"),
        ("review.returned", "edna", "verdict_submitted", "in_review"),
        ("review.draft_saved", "rita", "in_review", "in_review"),
        ("review.submitted", "rita", "in_review", "verdict_submitted"),
        ("review.approved", "edna", "verdict_submitted", "approved"),
        ("review.published", "edna", "approved", "published"),
        ("review.correction_proposed", "carla", "published", "published"),
        ("review.corrected", "edna", "published", "corrected"),
    ]
    assert timeline[4]["changes"]["comment"] == "Cite the table."
    assert timeline[9]["changes"]["reason"] == "The figure was revised."
    assert timeline[10]["changes"]["reason"] == "The figure was revised."
    # AND the old version is kept, shown as superseded by the correction
    versions = ok(reviewer_api.get(f"/api/v1/claims/{claim.pk}/reviews/"))["results"]
    assert [(v["version"], v["state"]) for v in versions] == [(1, "superseded"), (2, "published")]
    assert versions[0]["superseded_by"] == corrected["id"]
    assert versions[1]["correction_reason"] == "The figure was revised."
    assert (versions[1]["author"], versions[1]["approver"]) == ("carla", "edna")
    assert versions[1]["rating"]["slug"] == "mostly-false"
    assert versions[0]["rating"]["slug"] == "false"
