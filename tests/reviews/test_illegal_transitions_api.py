"""Every illegal move is refused through the API with 409 or 403, a clear message, no change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim
from tests.reviews.factories import client_for, user_with_role
from tests.reviews.workflow_steps import (
    EVIDENCE,
    VERDICT,
    approve,
    lease_next,
    ok,
    publish,
    research_and_submit,
    state_of,
)

pytestmark = pytest.mark.django_db


def refused(response: object, status: int, *words: str) -> str:
    assert response.status_code == status, response.content  # type: ignore[attr-defined]
    message: str = response.json()["error"]["message"]  # type: ignore[attr-defined]
    for word in words:
        assert word in message, message
    return message


def test_approving_a_draft_is_409_and_changes_nothing(
    claim: Claim, reviewer_api: APIClient, editor_api: APIClient
) -> None:
    lease_next(reviewer_api)
    draft = ok(
        reviewer_api.put(f"/api/v1/claims/{claim.pk}/draft/", {"rating": "false"}, format="json")
    )
    before = state_of(claim)

    response = editor_api.post(f"/api/v1/reviews/{draft['id']}/approve/")

    refused(response, 409, "draft", "submitted first")
    assert state_of(claim) == before


def test_publishing_without_approval_is_409_and_changes_nothing(
    claim: Claim, reviewer_api: APIClient, editor_api: APIClient
) -> None:
    lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, claim.pk)
    before = state_of(claim)

    response = editor_api.post(f"/api/v1/reviews/{review['id']}/publish/")

    refused(response, 409, "waiting for an editor's approval")
    assert state_of(claim) == before


def test_editing_a_published_verdict_is_409_and_changes_nothing(
    claim: Claim, reviewer_api: APIClient, editor_api: APIClient
) -> None:
    lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, claim.pk)
    approve(editor_api, review["id"])
    publish(editor_api, review["id"])
    before = state_of(claim)

    as_author = reviewer_api.put(
        f"/api/v1/claims/{claim.pk}/draft/", {"conclusion": "Quietly changed."}, format="json"
    )
    as_editor = editor_api.post(
        f"/api/v1/claims/{claim.pk}/verdict/", {"conclusion": "Quietly changed."}, format="json"
    )

    refused(as_author, 409, "published", "correct it instead")
    refused(as_editor, 409, "published", "correct it instead")
    assert state_of(claim) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "evidence/", EVIDENCE),
        ("post", "verdict/", VERDICT),
        ("put", "draft/", {"conclusion": "Mine now."}),
        ("post", "dismiss/", {"reason": "opinion"}),
        ("post", "release/", None),
        ("post", "skip/", {"reason": "Not my beat."}),
        ("post", "extend/", None),
    ],
)
def test_acting_on_another_reviewers_lease_is_403_and_changes_nothing(
    claim: Claim,
    reviewer_api: APIClient,
    other_reviewer_api: APIClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    lease_next(reviewer_api)
    before = state_of(claim)

    response = getattr(other_reviewer_api, method)(
        f"/api/v1/claims/{claim.pk}/{path}", body, format="json"
    )

    refused(response, 403, "leased by another reviewer")
    assert state_of(claim) == before


def test_approving_your_own_verdict_is_403_and_changes_nothing(claim: Claim) -> None:
    author = user_with_role("editor", username="writer-editor")
    author_api = client_for(author)
    lease_next(author_api)
    review = research_and_submit(author_api, claim.pk)
    before = state_of(claim)

    response = author_api.post(f"/api/v1/reviews/{review['id']}/approve/")

    refused(response, 403, "you wrote this verdict")
    assert state_of(claim) == before


def test_a_reviewer_who_is_not_an_editor_cannot_approve(
    claim: Claim, reviewer_api: APIClient, other_reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, claim.pk)
    before = state_of(claim)

    response = other_reviewer_api.post(f"/api/v1/reviews/{review['id']}/approve/")

    refused(response, 403, "editor role")
    assert state_of(claim) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "evidence/", EVIDENCE),
        ("post", "verdict/", VERDICT),
        ("put", "draft/", {"conclusion": "Late."}),
        ("post", "extend/", None),
    ],
)
def test_acting_on_an_expired_lease_is_409_and_changes_nothing(
    claim: Claim,
    reviewer: User,
    reviewer_api: APIClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    lease_next(reviewer_api)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    before = state_of(claim)

    response = getattr(reviewer_api, method)(
        f"/api/v1/claims/{claim.pk}/{path}", body, format="json"
    )

    refused(response, 409, "lease", "expired")
    assert state_of(claim) == before


def test_submitting_a_verdict_without_a_rating_is_refused_and_keeps_no_draft(
    claim: Claim, reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)
    before = state_of(claim)

    response = reviewer_api.post(
        f"/api/v1/claims/{claim.pk}/verdict/", {"conclusion": "No rating."}, format="json"
    )

    refused(response, 400, "rating")
    assert state_of(claim) == before
