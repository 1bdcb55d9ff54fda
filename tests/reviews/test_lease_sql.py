"""The lease's hand-written reads give the same claim, field for field, as the ORM would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Queue
from reviews import lease_sql
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = pytest.mark.django_db


def _claim_with_every_kind_of_field() -> Claim:
    claim: Claim = ClaimFactory.create(
        numbers=[{"value": 4.1, "unit": "%"}],
        entities=[{"text": "Kyiv", "label": "GPE"}],
        due_at=timezone.now() - timedelta(hours=2),
        priority=0.9,
    )
    return claim


def test_the_next_overdue_claim_is_read_whole_with_its_article_and_queue() -> None:
    stored = _claim_with_every_kind_of_field()
    reviewer = user_with_role("reviewer", username="rita")

    with transaction.atomic():
        found = lease_sql.next_claim_lock(
            queue=stored.queue, reviewer_id=reviewer.pk, now=timezone.now(), overdue=True
        )

    assert found is not None
    assert model_to_dict(found) == model_to_dict(Claim.objects.get(pk=stored.pk))
    assert found.numbers == [{"value": 4.1, "unit": "%"}]  # JSON decoded, not a string
    assert found.due_at == stored.due_at
    assert found.article.title == stored.article.title
    assert found.queue.slug == stored.queue.slug


def test_a_claim_not_yet_due_is_not_overdue_but_is_next_by_priority() -> None:
    later: Claim = ClaimFactory.create(due_at=timezone.now() + timedelta(hours=5), priority=0.2)
    top: Claim = ClaimFactory.create(priority=0.95)
    reviewer = user_with_role("reviewer", username="rita")
    now = timezone.now()

    with transaction.atomic():
        overdue = lease_sql.next_claim_lock(
            queue=top.queue, reviewer_id=reviewer.pk, now=now, overdue=True
        )
        by_priority = lease_sql.next_claim_lock(
            queue=top.queue, reviewer_id=reviewer.pk, now=now, overdue=False
        )

    assert overdue is None
    assert by_priority is not None
    assert by_priority.pk == top.pk
    assert later.pk != top.pk


def test_locking_a_missing_claim_says_it_does_not_exist() -> None:
    with transaction.atomic(), pytest.raises(Claim.DoesNotExist):
        lease_sql.claim_lock(987654321)


def test_a_locked_claim_carries_its_queue_and_article() -> None:
    stored = _claim_with_every_kind_of_field()

    with transaction.atomic():
        locked = lease_sql.claim_lock(stored.pk)

    assert model_to_dict(locked) == model_to_dict(Claim.objects.get(pk=stored.pk))
    assert locked.queue.slug == stored.queue.slug
    assert locked.article.title == stored.article.title


def test_an_expired_lease_is_found_only_in_its_own_queue_and_once_it_ran_out() -> None:
    reviewer = user_with_role("reviewer", username="rita")
    now = timezone.now()
    leased: Claim = ClaimFactory.create(
        status=ClaimStatus.IN_REVIEW, leased_by=reviewer, lease_expires_at=now - timedelta(1)
    )
    elsewhere = Queue.objects.create(name="Health", slug="health")

    assert lease_sql.expired_lease_exists(queue=leased.queue, now=now)
    assert not lease_sql.expired_lease_exists(queue=leased.queue, now=now - timedelta(2))
    assert not lease_sql.expired_lease_exists(queue=elsewhere, now=now)
