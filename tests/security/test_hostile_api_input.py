"""Hostile input anywhere in the API, the dashboard or the admin: a 4xx that says why, never a 500.

Each case here answered 500 (or a 400 HTML page, or was quietly misread) before it was fixed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, ClaimStatus
from reviews.models import Evidence
from tests.factories import UserFactory
from tests.reviews.factories import ClaimFactory, client_for, user_with_role
from tests.reviews.workflow_steps import EVIDENCE, lease_next

pytestmark = pytest.mark.django_db


def _error(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json"), response.content
    return json.loads(response.content)["error"]


@pytest.fixture
def reviewer(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def leased(reviewer: User) -> Claim:
    """A claim Rita holds a lease on."""
    claim = ClaimFactory.create()
    assert lease_next(client_for(reviewer))["id"] == claim.pk
    return claim


# --- query strings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["limit=²", "offset=²", "limit=٣", "offset=99999999999999999999", "limit=%00", "offset=-1"],
)
def test_unreadable_pagination_is_a_400_naming_the_parameter(api: APIClient, query: str) -> None:
    response = api.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"


@pytest.mark.parametrize(
    "path", ["/?queue=%00", "/?queue=a%00b", "/admin/claims/claim/?status=%00"]
)
def test_a_nul_in_a_page_query_string_is_a_400(path: str) -> None:
    # GIVEN a signed-in superuser (who may open the dashboard and every admin page)
    browser = Client()
    browser.force_login(UserFactory.create(is_staff=True, is_superuser=True))

    # WHEN a query parameter carries a NUL, which PostgreSQL cannot compare
    response = browser.get(path)

    # THEN the request is refused with the reason, before any query runs
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_in_an_api_query_string_is_a_400_in_the_error_shape(api: APIClient) -> None:
    response = api.get("/api/v1/queues/?x=%00")

    assert response.status_code == 400
    assert "NUL" in _error(response)["message"]


# --- lone surrogates echoed in error messages --------------------------------------------------


def _raw(client: APIClient, method: str, path: str, body: str) -> Any:
    return client.generic(method, path, body, content_type="application/json")


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/api/v1/articles/", '{"\\ud800": 1, "body": "Text."}', "\\ud800"),
        (
            "POST",
            "/api/v1/claims/{id}/evidence/",
            '{"url": "https://e.org/", "stance": "\\ud800"}',
            "stance",
        ),
        ("POST", "/api/v1/claims/{id}/dismiss/", '{"reason": "\\udfff"}', "reason"),
        ("PUT", "/api/v1/claims/{id}/draft/", '{"rating": "\\ud800"}', "rating"),
    ],
)
def test_a_lone_surrogate_in_input_is_a_400_that_shows_it_escaped(
    reviewer: User, leased: Claim, method: str, path: str, body: str, field: str
) -> None:
    response = _raw(client_for(reviewer), method, path.format(id=leased.pk), body)

    assert response.status_code == 400
    fields = _error(response)["fields"]
    assert field in fields
    assert Claim.objects.get(pk=leased.pk).status == ClaimStatus.IN_REVIEW


# --- NUL in a rating ----------------------------------------------------------------------------


NUL_RATING = {"rating": "false\x00", "conclusion": "No."}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/api/v1/claims/{claim}/draft/", NUL_RATING),
        ("POST", "/api/v1/claims/{claim}/verdict/", NUL_RATING),
        ("POST", "/api/v1/reviews/1/correct/", {**NUL_RATING, "reason": "A typo."}),
    ],
)
def test_a_nul_in_a_rating_is_a_400(
    reviewer: User, leased: Claim, method: str, path: str, body: dict[str, str]
) -> None:
    response = client_for(reviewer).generic(
        method, path.format(claim=leased.pk), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert "rating" in _error(response)["fields"]


# --- sizes and numbers ---------------------------------------------------------------------------


def test_a_body_over_the_upload_limit_is_413_json_on_every_endpoint(
    reviewer: User, leased: Claim, settings: Any
) -> None:
    # GIVEN a small upload limit
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    # WHEN evidence with a huge note arrives (not the article endpoint)
    response = client_for(reviewer).post(
        f"/api/v1/claims/{leased.pk}/evidence/", {**EVIDENCE, "note": "x" * 20_000}, format="json"
    )

    # THEN it is a 413 in the API's error shape, and nothing is stored
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("duplicate_of", [1.5, "1", True])
def test_a_duplicate_of_that_is_not_an_integer_is_refused(
    reviewer: User, leased: Claim, duplicate_of: object
) -> None:
    # GIVEN another claim whose id the wrong value would round or coerce to
    ClaimFactory.create(id=1, status=ClaimStatus.PUBLISHED)

    response = client_for(reviewer).post(
        f"/api/v1/claims/{leased.pk}/dismiss/",
        {"reason": "duplicate", "duplicate_of": duplicate_of},
        format="json",
    )

    assert response.status_code == 400
    assert "duplicate_of" in _error(response)["fields"]
    assert Claim.objects.get(pk=leased.pk).status == ClaimStatus.IN_REVIEW


def test_the_schema_says_a_claim_may_have_no_lease_holder(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    leased_by = schema["components"]["schemas"]["LeasedClaimOutput"]["properties"]["leased_by"]

    assert leased_by.get("nullable") is True
