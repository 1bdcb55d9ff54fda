"""Many reviewers leasing from one queue at once: every claim is handed out exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db import connection

from claims.models import Claim, ClaimStatus, Event
from claims.routing import queue_default_get
from reviews.leases import claim_lease_next
from tests.factories import ArticleFactory
from tests.reviews.factories import user_with_role

REVIEWERS = 50
CLAIMS = 1000


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_reviewers_lease_each_of_1000_claims_exactly_once() -> None:
    # GIVEN one queue of 1,000 candidate claims and 50 reviewers
    queue = queue_default_get()
    article = ArticleFactory.create()
    Claim.objects.bulk_create(
        Claim(
            article=article,
            text=f"Claim {i}",
            start=i * 10,
            end=i * 10 + 5,
            score=0.5,
            priority=(i * 7919) % 1000 / 1000,
            queue=queue,
        )
        for i in range(CLAIMS)
    )
    reviewers = [user_with_role("reviewer") for _ in range(REVIEWERS)]
    leased: dict[int, list[int]] = {r.pk: [] for r in reviewers}
    errors: list[BaseException] = []
    start = threading.Barrier(REVIEWERS)

    def work(reviewer: User) -> None:
        try:
            start.wait()
            while (claim := claim_lease_next(queue=queue, reviewer=reviewer)) is not None:
                leased[reviewer.pk].append(claim.pk)
        except BaseException as exc:  # reported below, after every thread has finished
            errors.append(exc)
        finally:
            connection.close()

    # WHEN they all ask for their next claim, over and over, at the same time
    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # THEN every claim was handed out exactly once, to the reviewer the database records
    assert errors == []
    handed_out = Counter(pk for pks in leased.values() for pk in pks)
    assert sorted(handed_out) == sorted(Claim.objects.values_list("pk", flat=True))
    assert set(handed_out.values()) == {1}
    holders = dict(Claim.objects.values_list("pk", "leased_by_id"))
    assert all(holders[pk] == reviewer for reviewer, pks in leased.items() for pk in pks)
    assert not Claim.objects.exclude(status=ClaimStatus.IN_REVIEW).exists()
    assert Event.objects.filter(action="claim.leased").count() == CLAIMS
    assert sum(1 for pks in leased.values() if pks) > 1  # the work really was shared
