"""The spread term of a claim's priority: in steps, so a repeat rewrites few waiting members."""

from __future__ import annotations

import math
import threading

import pytest
from django.db import connection, transaction

from claims.matching import claims_priority_spread
from claims.models import Claim, ClaimCluster, ClaimConflict
from claims.priority import CLUSTER_WEIGHT, SPREAD_STEPS_PER_DOUBLING, spread
from tests.factories import ArticleFactory
from tests.reviews.factories import ClaimFactory


def test_spread_is_the_logarithm_rounded_down_to_a_step() -> None:
    step = CLUSTER_WEIGHT / SPREAD_STEPS_PER_DOUBLING
    previous = 0.0
    for size in range(1, 5001):
        exact = CLUSTER_WEIGHT * math.log2(size)
        assert exact - step < spread(size) <= exact + 1e-12
        assert spread(size) >= previous
        previous = spread(size)
    assert [spread(2**k) for k in range(6)] == [CLUSTER_WEIGHT * k for k in range(6)]
    # every size up to 16 is a step of its own; at 100 the term holds for several repeats
    assert len({spread(n) for n in range(1, 17)}) == 16
    assert spread(99) == spread(100) == spread(107) < spread(108)


def _cluster_of(size: int) -> tuple[ClaimCluster, list[Claim]]:
    cluster = ClaimCluster.objects.create(text="A repeated statistic")
    members = [
        ClaimFactory.create(article=ArticleFactory.create(), cluster=cluster, score=0.5)
        for _ in range(size)
    ]
    return cluster, members


@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "members_move"), [(100, False), (107, True)])
def test_a_repeat_rewrites_the_waiting_members_only_when_the_term_steps(
    stored: int, members_move: bool
) -> None:
    # GIVEN a cluster of ``stored`` waiting claims and one more repeat joining it
    cluster, members = _cluster_of(stored)
    joining = ClaimFactory.create(article=ArticleFactory.create(), cluster=cluster, score=0.5)
    before = dict(
        Claim.objects.filter(pk__in=[m.pk for m in members]).values_list("pk", "priority")
    )
    versions = _row_versions(before)

    # WHEN its priority is spread over the cluster
    claims_priority_spread([joining])

    # THEN the joining claim carries the whole term of the cluster's size, and the members
    # gained the step from one size less: nothing between two steps (their rows untouched)
    joining.refresh_from_db()
    assert joining.priority == pytest.approx(0.5 + spread(stored + 1))
    step = spread(stored + 1) - spread(stored)
    assert (step > 0) is members_move
    after = dict(Claim.objects.filter(pk__in=before).values_list("pk", "priority"))
    assert all(after[pk] == pytest.approx(before[pk] + step) for pk in before)
    rewritten = [pk for pk, version in _row_versions(before).items() if version != versions[pk]]
    assert len(rewritten) == (stored if members_move else 0)


@pytest.mark.django_db
def test_each_joining_claim_counts_the_members_stored_up_to_it_not_after() -> None:
    # GIVEN two clusters; two repeats of one article join the first, one the second, and a
    # claim of another article joined the first after them (a higher id: stored concurrently)
    first, _ = _cluster_of(3)
    second, _ = _cluster_of(1)
    article = ArticleFactory.create()
    joining = [
        ClaimFactory.create(article=article, cluster=cluster, score=0.5)
        for cluster in (first, first, second)
    ]
    ClaimFactory.create(article=ArticleFactory.create(), cluster=first, score=0.5)

    # WHEN the article's repeats spread their priority
    claims_priority_spread(joining)

    # THEN each carries the term of its cluster's size up to and including itself (the first
    # also gains the step the second adds, as a member stored before it); the later claim
    # counts for neither
    expected = (spread(4) + spread(5) - spread(4), spread(5), spread(2))
    for claim, term in zip(joining, expected, strict=True):
        claim.refresh_from_db()
        assert claim.priority == pytest.approx(0.5 + term)


def _row_versions(ids: object) -> dict[int, str]:
    """Each row's version: its ``ctid`` (where it lies), which every write changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ctid::text FROM claims_claim WHERE id = ANY(%s)",
            [list(ids)],  # type: ignore[call-overload]
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_spreading_priority_does_not_block_another_worker_linking_to_the_members() -> None:
    # GIVEN a cluster whose next repeat moves its members' term (3 stored, the 4th joins),
    # and one worker that has spread that repeat's priority and not yet committed
    cluster, members = _cluster_of(3)
    joining = ClaimFactory.create(article=ArticleFactory.create(), cluster=cluster, score=0.5)
    other = ClaimFactory.create(article=ArticleFactory.create())
    spread_done, finished = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first_worker() -> None:
        try:
            with transaction.atomic():
                claims_priority_spread([joining])
                spread_done.set()
                finished.wait(10)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    spread_done.wait(10)

    # WHEN a second worker stores a conflict pointing at a member, and commits (its foreign
    # key is checked at commit with FOR KEY SHARE on the member's row)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            ClaimConflict.objects.create(claim=other, other=members[0], subject="unemployment")
    finally:
        finished.set()
        worker.join()

    # THEN it was not made to wait for the first worker's transaction
    assert errors == []
    assert ClaimConflict.objects.filter(other=members[0]).exists()
