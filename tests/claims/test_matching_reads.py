"""The batch reads of matching: key-sharing candidates, bounded per key."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import matching_reads
from claims.matching_reads import claims_by_id, claims_sharing_keys
from claims.models import Claim, ClaimCluster, ClaimMatchKey, MatchKeyKind
from tests.reviews.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _keyed(keys: list[str], **kwargs: object) -> Claim:
    claim = ClaimFactory.create(**kwargs)
    ClaimMatchKey.objects.bulk_create(
        ClaimMatchKey(claim=claim, kind=MatchKeyKind.SUBJECT, key=key) for key in keys
    )
    return claim


def test_candidates_are_the_newest_of_other_articles_each_with_its_smallest_shared_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a limit of two candidates, and stored claims of other articles sharing "alpha",
    # "beta" or both with a new claim, one of them more often than the limit
    monkeypatch.setattr(matching_reads, "CANDIDATE_LIMIT", 2)
    oldest = _keyed(["alpha", "beta"])
    middle = _keyed(["beta"])
    both = _keyed(["alpha", "beta"])
    newest = _keyed(["beta", "gamma"])
    mine = _keyed(["alpha", "beta"])
    _keyed(["alpha", "beta"], article=mine.article)  # the same article: never a candidate

    # WHEN its candidates are read
    found = claims_sharing_keys(claims=[mine])

    # THEN they are the two newest, each with the smallest key they share with it
    assert found == {(mine.pk, MatchKeyKind.SUBJECT): [(newest.pk, "beta"), (both.pk, "alpha")]}
    assert {oldest.pk, middle.pk}.isdisjoint(
        other for other, _ in found[(mine.pk, MatchKeyKind.SUBJECT)]
    )


def test_stored_claims_are_read_as_the_orm_reads_them() -> None:
    # GIVEN stored claims with and without figures and clusters
    cluster = ClaimCluster.objects.create(text="Unemployment fell")
    figures = [{"value": 5.3, "unit": "%", "text": "5.3%", "subject": "unemployment"}]
    stored = [
        ClaimFactory.create(cluster=cluster, numbers=figures),
        ClaimFactory.create(cluster=cluster),
        ClaimFactory.create(numbers=figures),
    ]
    ids = [c.pk for c in stored] + [10**9]  # and one that does not exist

    # WHEN matching reads them
    with CaptureQueriesContext(connection) as queries:
        found = claims_by_id(ids)
        fields = {
            pk: (c.pk, c.article_id, c.text, c.numbers, c.cluster_id, c.cluster and c.cluster.pk)
            for pk, c in found.items()
        }

    # THEN in one query they hold what the ORM reads, clusters included; other fields load on use
    orm = Claim.objects.filter(pk__in=ids).select_related("cluster")
    assert fields == {
        c.pk: (c.pk, c.article_id, c.text, c.numbers, c.cluster_id, c.cluster and c.cluster.pk)
        for c in orm
    }
    assert len(queries) == 1
    assert found[stored[0].pk].status == Claim.objects.get(pk=stored[0].pk).status
    assert found[stored[2].pk].cluster is None
