"""Every admin list page costs the same number of queries for 1 row as for 20 (no N+1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import ClaimCluster, ClaimStatus, Event, Queue
from reviews.models import Dismissal, Evidence, Rating, Review, ReviewState
from tests.factories import ArticleFactory, UserFactory
from tests.reviews.factories import ClaimFactory

PAGES = [
    "/admin/claims/article/",
    "/admin/claims/claim/",
    "/admin/claims/claimcluster/",
    "/admin/claims/queue/",
    "/admin/claims/event/",
    "/admin/reviews/review/",
    "/admin/reviews/evidence/",
    "/admin/reviews/dismissal/",
    "/admin/reviews/rating/",
]


def rows_add(count: int) -> None:
    """Add ``count`` of every row the list pages show, each with its related rows filled in."""
    false = Rating.objects.get(slug="false")
    for _ in range(count):
        person = UserFactory.create()
        queue = Queue.objects.create(name=f"Desk {person.pk}", slug=f"desk-{person.pk}")
        Rating.objects.create(
            label=f"Rating {person.pk}",
            slug=f"rating-{person.pk}",
            value=100 + Rating.objects.count(),  # a value once per scale (rating_unique_value)
            best_value=1000,
            worst_value=1,
        )
        article = ArticleFactory.create(submitted_by=person)
        cluster = ClaimCluster.objects.create(text=f"cluster {person.pk}")
        claim = ClaimFactory.create(
            article=article,
            queue=queue,
            cluster=cluster,
            status=ClaimStatus.IN_REVIEW,
            leased_by=person,
            lease_expires_at=timezone.now(),
        )
        duplicate = ClaimFactory.create(article=article, cluster=cluster, previously_checked=claim)
        Review.objects.create(
            claim=claim,
            rating=false,
            author=person,
            approver=person,
            state=ReviewState.PUBLISHED,
            published_at=timezone.now(),
        )
        Evidence.objects.create(
            claim=claim, url="https://example.org/", stance="refutes", added_by=person
        )
        Dismissal.objects.create(
            claim=duplicate, reason="duplicate", duplicate_of=claim, dismissed_by=person
        )
        Event.objects.create(action="claim.leased", actor=person, claim=claim, article=article)


def queries_for(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_makes_as_many_queries_for_twenty_rows_as_for_one(
    operator_client: Client, page: str
) -> None:
    # GIVEN one of everything, and the page seen once (caches warm)
    rows_add(1)
    operator_client.get(page)
    one = queries_for(operator_client, page)

    # WHEN there are twenty
    rows_add(19)
    twenty = queries_for(operator_client, page)

    # THEN the page costs the same
    assert twenty == one


def test_an_editors_list_pages_make_as_many_queries_for_twenty_rows_as_for_one(
    editor_client: Client, desk_editor: User
) -> None:
    rows_add(1)
    for page in PAGES:
        editor_client.get(page)
    one = {page: queries_for(editor_client, page) for page in PAGES}

    rows_add(19)
    twenty = {page: queries_for(editor_client, page) for page in PAGES}

    assert twenty == one
