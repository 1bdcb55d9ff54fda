"""Single claim and review reads, reviews by state, and unknown query parameters refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from reviews.models import Rating, Review, ReviewState, WebhookSubscription
from tests.factories import UserFactory
from tests.reviews.factories import ClaimFactory, client_for, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def oscar(db: Any) -> User:
    return user_with_role("reviewer", username="oscar")


@pytest.fixture
def edna(db: Any) -> User:
    return user_with_role("editor", username="edna")


def review_of(author: User, state: str, **fields: Any) -> Review:
    status = {
        ReviewState.DRAFT: ClaimStatus.IN_REVIEW,
        ReviewState.SUBMITTED: ClaimStatus.VERDICT_SUBMITTED,
        ReviewState.APPROVED: ClaimStatus.APPROVED,
    }[ReviewState(state)]
    return Review.objects.create(
        claim=ClaimFactory.create(status=status),
        state=state,
        author=author,
        rating=Rating.objects.get(slug="false"),
        conclusion=fields.pop("conclusion", f"{state} verdict."),
        submitted_at=timezone.now(),
        **fields,
    )


# --- GET /api/v1/claims/<pk>/ -------------------------------------------------------------------


def test_a_claim_reads_with_its_article_lease_and_offsets(rita: User) -> None:
    claim = ClaimFactory.create(
        status=ClaimStatus.IN_REVIEW, leased_by=rita, lease_expires_at=timezone.now()
    )

    response = client_for(rita).get(f"/api/v1/claims/{claim.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["text"], data["start"], data["end"]) == (
        claim.pk,
        claim.text,
        claim.start,
        claim.end,
    )
    assert data["article_title"] == claim.article.title
    assert (data["leased_by"], data["status"], data["queue"]) == ("rita", "in_review", "default")


def test_a_claim_is_refused_to_an_account_without_a_role_and_unknown_ids_are_404(
    rita: User,
) -> None:
    claim = ClaimFactory.create()

    assert client_for(UserFactory.create()).get(f"/api/v1/claims/{claim.pk}/").status_code == 403
    assert client_for(rita).get(f"/api/v1/claims/{claim.pk + 1000}/").status_code == 404


# --- GET /api/v1/reviews/<pk>/ ------------------------------------------------------------------


def test_a_submitted_review_reads_for_any_reviewer(rita: User, oscar: User) -> None:
    review = review_of(rita, ReviewState.SUBMITTED, conclusion="Submitted conclusion.")

    response = client_for(oscar).get(f"/api/v1/reviews/{review.pk}/")

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["conclusion"]) == (
        "submitted",
        "Submitted conclusion.",
    )


def test_a_draft_reads_only_for_its_author_and_editors(rita: User, oscar: User, edna: User) -> None:
    draft = review_of(rita, ReviewState.DRAFT, conclusion="Secret draft.")
    path = f"/api/v1/reviews/{draft.pk}/"

    assert client_for(rita).get(path).json()["conclusion"] == "Secret draft."
    assert client_for(edna).get(path).json()["conclusion"] == "Secret draft."
    refused = client_for(oscar).get(path)
    assert refused.status_code == 404
    assert b"Secret draft." not in refused.content


# --- GET /api/v1/reviews/?state= ----------------------------------------------------------------


def test_editors_list_everyones_reviews_by_state(rita: User, oscar: User, edna: User) -> None:
    first = review_of(rita, ReviewState.SUBMITTED)
    second = review_of(oscar, ReviewState.SUBMITTED)
    review_of(rita, ReviewState.APPROVED)

    response = client_for(edna).get("/api/v1/reviews/?state=submitted")

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [first.pk, second.pk]


def test_reviewers_list_only_their_own_reviews(rita: User, oscar: User) -> None:
    mine = [review_of(rita, ReviewState.SUBMITTED), review_of(rita, ReviewState.DRAFT)]
    review_of(oscar, ReviewState.SUBMITTED)

    response = client_for(rita).get("/api/v1/reviews/")

    assert {r["id"] for r in response.json()["results"]} == {r.pk for r in mine}


def test_verdict_submitted_is_an_alias_of_the_submitted_state(rita: User, edna: User) -> None:
    # GIVEN one verdict waiting for approval and one already approved
    waiting = review_of(rita, ReviewState.SUBMITTED)
    review_of(rita, ReviewState.APPROVED)

    # WHEN an editor asks by the claim's status name
    response = client_for(edna).get("/api/v1/reviews/?state=verdict_submitted")

    # THEN she gets the submitted version only
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [waiting.pk]
    assert response.json()["results"][0]["state"] == "submitted"


@pytest.mark.parametrize("state", ["verdict", "SUBMITTED", ""])
def test_a_state_that_is_not_a_review_state_is_a_400_listing_the_states(
    edna: User, state: str
) -> None:
    response = client_for(edna).get(f"/api/v1/reviews/?state={state}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "state" in error["fields"]


# --- Unknown query parameters -------------------------------------------------------------------


def _list_paths(claim: Claim, webhook: WebhookSubscription) -> list[str]:
    return [
        "/api/v1/articles/",
        "/api/v1/queues/",
        "/api/v1/queues/default/claims/",
        "/api/v1/ratings/",
        "/api/v1/me/claims/",
        f"/api/v1/claims/{claim.pk}/timeline/",
        f"/api/v1/claims/{claim.pk}/reviews/",
        f"/api/v1/claims/{claim.pk}/evidence/",
        "/api/v1/reviews/",
        "/api/v1/webhooks/",
        f"/api/v1/webhooks/{webhook.pk}/deliveries/",
        "/api/v1/fact-checks/",
        "/api/v1/claimreviews/",
        "/api/v1/factchecktools/v1alpha1/claims:search",
    ]


def test_every_list_endpoint_refuses_an_unknown_query_parameter() -> None:
    # GIVEN an admin, who may read every list
    admin = user_with_role("admin", username="ada", is_staff=True)
    claim = ClaimFactory.create()
    webhook = WebhookSubscription.objects.create(
        target_url="https://partner.example/hook", events=["fact_check.published"]
    )
    api = client_for(admin)

    for path in _list_paths(claim, webhook):
        # WHEN a list is asked for with a parameter it does not read
        refused = api.get(path, {"status": "submitted"})
        # THEN it is a 400 naming the parameter, while the plain list answers
        assert refused.status_code == 400, path
        assert "status" in refused.json()["error"]["fields"], path
        assert api.get(path).status_code == 200, path


def test_pagination_and_declared_filters_are_still_read(edna: User, rita: User) -> None:
    review_of(rita, ReviewState.SUBMITTED)
    review_of(rita, ReviewState.SUBMITTED)

    response = client_for(edna).get("/api/v1/reviews/?state=submitted&limit=1&offset=1")

    assert response.status_code == 200
    assert (response.json()["count"], len(response.json()["results"])) == (2, 1)


def test_an_unknown_parameter_is_checked_after_the_role(db: Any) -> None:
    response = client_for(UserFactory.create()).get("/api/v1/queues/?colour=red")

    assert response.status_code == 403


def test_the_new_endpoints_are_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = schema["paths"]
    assert {"/api/v1/claims/{id}/", "/api/v1/reviews/", "/api/v1/reviews/{id}/"} <= set(paths)
    parameters = {p["name"]: p for p in paths["/api/v1/reviews/"]["get"]["parameters"]}
    assert set(parameters) == {"state", "limit", "offset"}
    assert {"submitted", "verdict_submitted"} <= set(parameters["state"]["schema"]["enum"])
    assert "alias of submitted" in parameters["state"]["description"]
