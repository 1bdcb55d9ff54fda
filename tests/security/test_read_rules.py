"""Who may read what (SECURITY.md, "Read rules"): unpublished work is for reviewers and editors.

A signed-in account in no role sees nothing under /api/v1/ and no dashboard; a submitter may
only submit; a draft verdict is read by its author and by editors, nobody else.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from claims.models import Article, Claim
from claims.urls import urlpatterns as claim_api_urls
from reviews.urls import urlpatterns as review_api_urls
from tests.factories import ArticleFactory, UserFactory
from tests.reviews.factories import ClaimFactory, client_for, user_with_role
from tests.reviews.workflow_steps import EVIDENCE, lease_next, ok

pytestmark = pytest.mark.django_db

BODY = {"title": "Jobs", "body": "The ministry said unemployment fell to 4.1% in 2024."}


def _api_paths() -> list[tuple[str, str]]:
    routes = []
    for pattern in [*claim_api_urls, *review_api_urls]:
        assert isinstance(pattern, URLPattern)
        if "public" in (pattern.name or ""):
            continue  # published fact-checks are for everyone (tests/publishing)
        kwargs = {name: "default" if name == "slug" else 1 for name in pattern.pattern.converters}
        routes.append((pattern.name or "", reverse(pattern.name, kwargs=kwargs)))
    return routes


@pytest.fixture
def submitter_api(db: Any) -> APIClient:
    return client_for(user_with_role("submitter", username="sam"))


@pytest.fixture
def rita(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def oscar(db: Any) -> User:
    return user_with_role("reviewer", username="oscar")


@pytest.fixture
def edna(db: Any) -> User:
    return user_with_role("editor", username="edna")


@pytest.mark.parametrize(("name", "path"), _api_paths())
def test_an_account_without_a_role_gets_403_from_every_api_endpoint(
    name: str, path: str, no_role_api: APIClient
) -> None:
    # GIVEN an article, a claim with evidence and a draft verdict behind every id 1
    ArticleFactory.create(id=1)

    # WHEN a signed-in account in no group reads and writes
    read = no_role_api.get(path)
    write = no_role_api.post(path, BODY, format="json")

    # THEN both are refused, and the answer says which role it takes
    assert read.status_code in (403, 405), (name, read.status_code)
    assert write.status_code in (403, 405), (name, write.status_code)
    assert b"content_hash" not in read.content
    if read.status_code == 403:
        assert "role" in read.json()["error"]["message"]


def test_an_account_without_a_role_cannot_submit_articles(no_role_api: APIClient) -> None:
    response = no_role_api.post("/api/v1/articles/", BODY, format="json")

    assert response.status_code == 403
    assert "submitter, reviewer or editor role" in response.json()["error"]["message"]
    assert not Article.objects.exists()


def test_a_submitter_submits_but_reads_no_unpublished_work(submitter_api: APIClient) -> None:
    # WHEN a submitter sends an article
    submitted = submitter_api.post("/api/v1/articles/", BODY, format="json")

    # THEN it is stored; but articles, claims and queues stay closed to them
    assert submitted.status_code == 201
    article_id = submitted.json()["id"]
    claim = ClaimFactory.create()
    for path in (
        "/api/v1/articles/",
        f"/api/v1/articles/{article_id}/",
        f"/api/v1/claims/{claim.pk}/timeline/",
        "/api/v1/queues/",
        "/api/v1/queues/default/claims/",
    ):
        response = submitter_api.get(path)
        assert response.status_code == 403, path
        assert "reviewer or editor role" in response.json()["error"]["message"]


def test_reviewers_and_editors_read_articles_queues_and_claims(rita: User, edna: User) -> None:
    claim = ClaimFactory.create()
    for staff in (client_for(rita), client_for(edna)):
        assert staff.get("/api/v1/articles/").status_code == 200
        assert staff.get(f"/api/v1/articles/{claim.article_id}/").status_code == 200
        assert staff.get("/api/v1/queues/default/claims/").json()["count"] == 1
        assert staff.get("/api/v1/queues/default/stats/").status_code == 200
        assert staff.get(f"/api/v1/claims/{claim.pk}/evidence/").status_code == 200


def _rita_drafts_a_verdict(rita: User) -> Claim:
    """Rita leases the claim, adds evidence and saves a draft conclusion."""
    claim = ClaimFactory.create()
    rita_api = client_for(rita)
    assert lease_next(rita_api)["id"] == claim.pk
    ok(rita_api.post(f"/api/v1/claims/{claim.pk}/evidence/", EVIDENCE, format="json"), 201)
    draft = {"rating": "false", "conclusion": "Secret draft conclusion."}
    ok(rita_api.put(f"/api/v1/claims/{claim.pk}/draft/", draft, format="json"))
    return claim


def test_another_reviewer_does_not_see_a_draft_verdict(rita: User, oscar: User) -> None:
    # GIVEN Rita's draft verdict on a claim
    claim = _rita_drafts_a_verdict(rita)
    oscar_api = client_for(oscar)

    # WHEN Oscar, another reviewer, reads the claim's verdicts and timeline
    reviews = oscar_api.get(f"/api/v1/claims/{claim.pk}/reviews/")
    timeline = oscar_api.get(f"/api/v1/claims/{claim.pk}/timeline/")

    # THEN he sees no draft and no trace of its text, but does see the steps themselves
    assert reviews.status_code == 200
    assert reviews.json()["results"] == []
    assert timeline.status_code == 200
    actions = [event["action"] for event in timeline.json()["results"]]
    assert "review.draft_saved" in actions
    assert b"Secret draft conclusion" not in timeline.content


def test_the_author_and_editors_see_the_draft(rita: User, edna: User) -> None:
    claim = _rita_drafts_a_verdict(rita)

    for reader in (client_for(rita), client_for(edna)):
        reviews = reader.get(f"/api/v1/claims/{claim.pk}/reviews/").json()["results"]
        timeline = reader.get(f"/api/v1/claims/{claim.pk}/timeline/")

        assert [(r["state"], r["conclusion"]) for r in reviews] == [
            ("draft", "Secret draft conclusion.")
        ]
        assert b"Secret draft conclusion" in timeline.content


@pytest.mark.parametrize("role", [None, "submitter"])
def test_the_dashboard_is_refused_to_accounts_that_are_not_reviewers(role: str | None) -> None:
    # GIVEN a claim waiting in the default queue, and an account without a reviewing role
    claim = ClaimFactory.create(text="Waiting claim text.")
    account = user_with_role(role) if role else UserFactory.create()
    browser = Client()
    browser.force_login(account)

    # WHEN it opens the dashboard
    response = browser.get("/")

    # THEN it is refused, and no claim is shown
    assert response.status_code == 403
    assert claim.text.encode() not in response.content
    assert b"reviewer or editor role" in response.content


def test_a_reviewer_sees_the_dashboard(rita: User) -> None:
    claim = ClaimFactory.create(text="Waiting claim text.")
    browser = Client()
    browser.force_login(rita)

    response = browser.get("/")

    assert response.status_code == 200
    assert claim.text.encode() in response.content
