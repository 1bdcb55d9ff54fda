"""Lease order, expiry, skip and extend."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim, ClaimStatus, Event, Queue
from claims.routing import queue_default_get
from reviews.leases import claim_lease_next
from reviews.tasks import claim_leases_expire_task
from tests.reviews.factories import ClaimFactory
from tests.reviews.workflow_steps import lease_next, ok

pytestmark = pytest.mark.django_db


def test_lease_next_hands_out_overdue_claims_first_then_highest_priority(reviewer: User) -> None:
    queue = queue_default_get()
    low = ClaimFactory.create(priority=0.1)
    high = ClaimFactory.create(priority=0.9)
    overdue = ClaimFactory.create(priority=0.2, due_at=timezone.now() - timedelta(hours=1))
    not_yet_due = ClaimFactory.create(priority=0.3, due_at=timezone.now() + timedelta(hours=1))

    order = [claim_lease_next(queue=queue, reviewer=reviewer) for _ in range(4)]

    assert [c.pk for c in order if c] == [overdue.pk, high.pk, not_yet_due.pk, low.pk]
    assert claim_lease_next(queue=queue, reviewer=reviewer) is None


def test_empty_queue_answers_204(reviewer_api: APIClient) -> None:
    response = reviewer_api.post("/api/v1/queues/default/lease-next/")

    assert response.status_code == 204


def test_a_user_without_a_role_cannot_lease(no_role_api: APIClient, claim: Claim) -> None:
    response = no_role_api.post("/api/v1/queues/default/lease-next/")

    assert response.status_code == 403
    assert "reviewer or editor role" in response.json()["error"]["message"]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CANDIDATE


def test_an_expired_lease_returns_the_claim_to_the_next_reviewer_who_asks(
    claim: Claim, reviewer_api: APIClient, other_reviewer: User, other_reviewer_api: APIClient
) -> None:
    # GIVEN a claim whose lease ran out
    lease_next(reviewer_api)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=timezone.now() - timedelta(1))

    # WHEN another reviewer asks for the next claim
    leased = lease_next(other_reviewer_api)

    # THEN they get it, and the expiry is on the record
    assert leased["id"] == claim.pk
    assert leased["leased_by"] == other_reviewer.username
    actions = list(Event.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["claim.leased", "claim.lease_expired", "claim.leased"]


def test_the_beat_task_returns_expired_leases_to_their_queue(
    claim: Claim, reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=timezone.now() - timedelta(1))

    returned = claim_leases_expire_task.apply().get()

    assert returned == 1
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.leased_by_id, fresh.lease_expires_at) == ("candidate", None, None)


def test_a_skipped_claim_is_not_offered_to_the_same_reviewer_again(
    claim: Claim, reviewer_api: APIClient, other_reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)
    ok(
        reviewer_api.post(
            f"/api/v1/claims/{claim.pk}/skip/", {"reason": "Conflict of interest."}, format="json"
        )
    )

    again = reviewer_api.post("/api/v1/queues/default/lease-next/")
    other = lease_next(other_reviewer_api)

    assert again.status_code == 204
    assert other["id"] == claim.pk


def test_release_returns_the_claim_and_extend_renews_the_lease(
    claim: Claim, reviewer_api: APIClient
) -> None:
    first = lease_next(reviewer_api)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=timezone.now() + timedelta(1, 60))

    extended = ok(reviewer_api.post(f"/api/v1/claims/{claim.pk}/extend/"))
    released = ok(reviewer_api.post(f"/api/v1/claims/{claim.pk}/release/"))

    assert extended["lease_expires_at"] >= first["lease_expires_at"]
    assert (released["status"], released["leased_by"]) == ("candidate", None)


def test_my_claims_lists_what_i_hold(
    claim: Claim, reviewer_api: APIClient, other_reviewer_api: APIClient
) -> None:
    lease_next(reviewer_api)

    mine = ok(reviewer_api.get("/api/v1/me/claims/"))["results"]
    theirs = ok(other_reviewer_api.get("/api/v1/me/claims/"))["results"]

    assert [c["id"] for c in mine] == [claim.pk]
    assert theirs == []


def test_queue_stats_count_claims_by_state_and_overdue(
    reviewer_api: APIClient, editor_api: APIClient
) -> None:
    ClaimFactory.create(due_at=timezone.now() - timedelta(hours=2))
    ClaimFactory.create()
    lease_next(reviewer_api)

    stats = ok(editor_api.get("/api/v1/queues/default/stats/"))

    assert stats["by_status"]["in_review"] == 1
    assert stats["by_status"]["candidate"] == 1
    assert stats["overdue"] == 0  # the overdue claim was leased first


def test_postgresql_refuses_to_update_or_delete_an_event() -> None:
    Event.objects.create(action="claim.leased")

    for statement in ("UPDATE reviews_event SET action = 'forged'", "DELETE FROM reviews_event"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)

    assert list(Event.objects.values_list("action", flat=True)) == ["claim.leased"]


def test_queue_model_knows_its_sla() -> None:
    queue = Queue.objects.create(name="Health", slug="health", sla_hours=4)

    assert queue.sla == timedelta(hours=4)


def test_lease_next_and_release_answer_without_refetching_what_they_hold(
    claim: Claim,
    reviewer: User,
    reviewer_api: APIClient,
    django_assert_max_num_queries: Any,
) -> None:
    # Token, permissions (one query), queue, expiry, the overdue lookup then the priority one (each
    # joined with the article), update, event, and the savepoint around them: the answer needs
    # no query of its own (it took 3 more, and the expiry its own transaction).
    with django_assert_max_num_queries(10):
        leased = reviewer_api.post("/api/v1/queues/default/lease-next/")
    # Token, permissions, the locking lookup (the view does not fetch the claim first), update,
    # event, savepoint.
    with django_assert_max_num_queries(7):
        released = reviewer_api.post(f"/api/v1/claims/{claim.pk}/release/")

    assert leased.status_code == released.status_code == 200
    answer = leased.json()
    assert answer["id"] == claim.pk
    assert answer["queue"] == "default"
    assert answer["leased_by"] == reviewer.username
    assert answer["article_title"] == claim.article.title
    assert released.json()["leased_by"] is None


@pytest.mark.parametrize("action", ["release", "extend", "skip"])
def test_a_lease_action_on_a_claim_that_does_not_exist_answers_404(
    reviewer_api: APIClient, action: str
) -> None:
    answer = reviewer_api.post(
        f"/api/v1/claims/987654321/{action}/", {"reason": "Not mine."}, format="json"
    )

    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_extend_answers_with_the_holder_and_the_new_expiry_without_refetching(
    claim: Claim, reviewer: User, reviewer_api: APIClient, django_assert_max_num_queries: Any
) -> None:
    leased = reviewer_api.post("/api/v1/queues/default/lease-next/").json()

    # Token, permissions, the locking lookup, update, event, savepoint.
    with django_assert_max_num_queries(7):
        extended = reviewer_api.post(f"/api/v1/claims/{claim.pk}/extend/")

    assert extended.status_code == 200
    answer = extended.json()
    assert answer["leased_by"] == reviewer.username
    assert answer["queue"] == "default"
    assert answer["lease_expires_at"] >= leased["lease_expires_at"]
