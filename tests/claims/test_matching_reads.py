"""The batch reads of matching: key-sharing candidates, bounded per key."""

from __future__ import annotations

import pytest

from claims import matching_reads
from claims.matching_reads import claims_sharing_keys
from claims.models import Claim, ClaimMatchKey, MatchKeyKind
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
