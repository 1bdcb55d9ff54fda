"""Matching by meaning: repeats in other words join the cluster; links for reviewers to judge."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from claims import services, vector_store
from claims.models import (
    Article,
    Claim,
    ClaimConflict,
    ClaimLink,
    ClaimVector,
    LinkKind,
    LinkStatus,
)

pytestmark = pytest.mark.django_db

# Both encoders a deployment can choose (``MATCHER_ENCODER``), each with its own thresholds.
EACH_ENCODER = pytest.mark.parametrize("kind", ["static", "minilm"])

# Sentences written for these tests (not from the data sets).
PARAPHRASE = (
    "Russia has lost about 850,000 soldiers killed or wounded, according to Western estimates."
)
SAME_WAR = [
    "Ukraine has received more than 200 Western tanks since the start of the war, officials said.",
    "Russian drones struck a power plant near Kharkiv overnight, cutting power to 40,000 homes.",
]


def _extract(body: str, title: str = "") -> Article:
    article, _ = services.article_submit(body=body, title=title)
    services.article_extract(article=article)
    return article


def _seed_claim() -> Claim:
    call_command("load_seeds", stdout=io.StringIO())
    for article in Article.objects.all():
        services.article_extract(article=article)
    return Claim.objects.get(text__contains="have reached 850,000")


@EACH_ENCODER
def test_a_paraphrase_of_a_seed_claim_joins_its_cluster(settings: object, kind: str) -> None:
    # GIVEN the seed articles, extracted and matched
    settings.MATCHER_ENCODER = kind  # type: ignore[attr-defined]
    seed = _seed_claim()
    # WHEN an article repeats the seed's casualty estimate in other words
    article = _extract(PARAPHRASE, title="Paraphrase")
    # THEN the repeat is in the seed claim's cluster, through a suggested link with its score
    repeat = Claim.objects.get(article=article, text__contains="850,000")
    assert repeat.cluster_id == Claim.objects.get(pk=seed.pk).cluster_id
    link = ClaimLink.objects.get(claim=repeat, other=seed)
    assert link.kind == LinkKind.SAME_CLAIM
    assert link.status == LinkStatus.SUGGESTED
    assert link.model.startswith(f"matcher-{kind}")
    assert 0 < link.score <= 1


@EACH_ENCODER
def test_unrelated_claims_about_the_same_war_stay_in_their_own_clusters(
    settings: object, kind: str
) -> None:
    settings.MATCHER_ENCODER = kind  # type: ignore[attr-defined]
    seed = _seed_claim()
    seed_clusters = set(Claim.objects.values_list("cluster_id", flat=True))

    article = _extract(" ".join(SAME_WAR), title="Same war")

    claims = list(Claim.objects.filter(article=article))
    assert claims, "the test sentences should be extracted as claims"
    for claim in claims:
        assert claim.cluster_id not in seed_clusters
        assert not ClaimLink.objects.filter(claim=claim, other=seed).exists()


@EACH_ENCODER
def test_a_different_figure_for_the_same_quantity_is_a_conflict_not_a_repeat(
    settings: object, kind: str
) -> None:
    settings.MATCHER_ENCODER = kind  # type: ignore[attr-defined]
    seed = _seed_claim()

    article = _extract(
        "Russia has lost about 1.2 million soldiers killed or wounded, according to Western "
        "estimates.",
        title="Other figure",
    )

    other = Claim.objects.get(article=article, text__contains="1.2 million")
    assert other.cluster_id != Claim.objects.get(pk=seed.pk).cluster_id
    assert ClaimConflict.objects.filter(claim=other, other=seed).exists()


def test_a_paraphrase_of_a_published_claim_points_at_that_fact_check() -> None:
    seed = _seed_claim()
    Claim.objects.filter(pk=seed.pk).update(status="published")

    article = _extract(PARAPHRASE)

    repeat = Claim.objects.get(article=article, text__contains="850,000")
    assert repeat.previously_checked_id == seed.pk


def test_the_claims_vectors_are_stored_with_their_model() -> None:
    article = _extract(PARAPHRASE)

    claim = Claim.objects.get(article=article, text__contains="850,000")
    stored = ClaimVector.objects.get(claim=claim)
    assert stored.model.startswith("matcher-static")
    assert len(bytes(stored.vector)) == vector_store.encoder().dimensions * 4


def test_with_semantic_matching_off_only_lexical_repeats_match(settings: object) -> None:
    settings.SEMANTIC_MATCHING = False  # type: ignore[attr-defined]
    seed = _seed_claim()

    article = _extract(PARAPHRASE)

    repeat = Claim.objects.get(article=article, text__contains="850,000")
    assert repeat.cluster_id != Claim.objects.get(pk=seed.pk).cluster_id
    assert not ClaimLink.objects.exists()
