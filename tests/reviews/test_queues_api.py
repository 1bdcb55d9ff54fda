"""Listing queues and their claims."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims import services
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_queue_list_counts_candidates_and_claims_come_highest_priority_first(
    api: APIClient,
) -> None:
    article = ArticleFactory.create(
        body="Inflation rose to 9.1% in June 2022, the highest in 40 years. "
        "The central bank raised rates by 0.75 points to 2.5% in July 2022."
    )
    services.article_extract(article=article)

    queues = api.get("/api/v1/queues/").data["results"]
    claims = api.get("/api/v1/queues/default/claims/").data["results"]

    default = next(q for q in queues if q["slug"] == "default")
    assert default["candidates"] == len(claims) > 0
    priorities = [c["priority"] for c in claims]
    assert priorities == sorted(priorities, reverse=True)


def test_unknown_queue_is_404(api: APIClient) -> None:
    response = api.get("/api/v1/queues/no-such-queue/claims/")

    assert response.status_code == 404
    assert response.data["error"]["code"] == "not_found"
