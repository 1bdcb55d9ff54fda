"""Matching claims across articles: clusters, prior fact-checks, conflicting figures."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims import matching, services
from claims.models import Article, Claim, ClaimConflict
from claims.priority import spread
from tests.factories import RATE_A, RATE_B

pytestmark = pytest.mark.django_db


def _extract(body: str, title: str = "") -> Article:
    article, _ = services.article_submit(body=body, title=title)
    services.article_extract(article=article)
    return article


def _claim(article: Article, words: str) -> Claim:
    return Claim.objects.get(article=article, text__contains=words)


def test_seed_articles_casualty_figures_share_a_subject_and_are_flagged_conflicting() -> None:
    call_command("load_seeds", stdout=io.StringIO())
    for article in Article.objects.all():
        services.article_extract(article=article)

    million = Claim.objects.get(text__contains="exceed one million")
    estimate = Claim.objects.get(text__contains="850,000")

    conflict = ClaimConflict.objects.get(claim=estimate, other=million)
    assert "casualties" in conflict.subject
    assert ClaimConflict.objects.filter(claim=million, other=estimate).exists()
    assert million.article_id != estimate.article_id


def test_a_repeated_claim_joins_the_cluster_of_the_first_one() -> None:
    first = _claim(_extract(RATE_A), "21%")
    second = _claim(_extract(RATE_B), "21%")

    assert second.cluster_id is not None
    assert second.cluster_id == Claim.objects.get(pk=first.pk).cluster_id


def test_a_repeat_raises_the_priority_of_the_claims_waiting_in_its_cluster() -> None:
    first = _claim(_extract(RATE_A), "21%")

    second = _claim(_extract(RATE_B), "21%")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.priority > first.score + 0.5  # recency alone adds at most 0.5
    assert second.priority > second.score + 0.5


def test_unrelated_claims_stay_in_their_own_clusters() -> None:
    first = _claim(_extract(RATE_A), "21%")
    other = _claim(
        _extract("The city council approved a budget of 4 billion dollars for 2025 on Tuesday."),
        "budget",
    )

    assert other.cluster_id != Claim.objects.get(pk=first.pk).cluster_id


def test_a_repeat_of_a_published_claim_links_to_that_fact_check() -> None:
    first = _claim(_extract(RATE_A), "21%")
    Claim.objects.filter(pk=first.pk).update(status="published")

    second = _claim(_extract(RATE_B), "21%")

    assert second.previously_checked_id == first.pk


def test_cluster_api_shows_every_article_that_carries_the_claim(api: APIClient) -> None:
    a = _extract(RATE_A, title="Bank A")
    b = _extract(RATE_B, title="Bank B")
    cluster_id = _claim(b, "21%").cluster_id

    response = api.get(f"/api/v1/clusters/{cluster_id}/")

    assert response.status_code == 200
    assert {c["article"]["id"] for c in response.data["claims"]} == {a.pk, b.pk}


def test_article_detail_reads_claims_with_a_constant_number_of_queries(
    api: APIClient, django_assert_max_num_queries: object
) -> None:
    call_command("load_seeds", stdout=io.StringIO())
    for article in Article.objects.all():
        services.article_extract(article=article)
    article = Article.objects.get(source="share-talk.com")

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = api.get(f"/api/v1/articles/{article.pk}/")

    assert len(response.data["claims"]) >= 5
    assert any(c["conflicts"] for c in response.data["claims"])


SUBJECTS = [
    "Unemployment",
    "Average rent",
    "Petrol prices",
    "Violent crime",
    "The national debt",
    "Wheat exports",
    "Child poverty",
    "Bus ridership",
    "Water use",
    "Tourist arrivals",
]


def _figures_article(template: str, base: int, count: int, *, reverse: bool = False) -> Article:
    """Submit an article of ``count`` statistics, one per subject, figures from ``base``."""
    sentences = [
        template.format(subject=s, lower=s.lower(), figure=f"{base + i}.{i}%")
        for i, s in enumerate(SUBJECTS[:count])
    ]
    body = " ".join(reversed(sentences) if reverse else sentences)
    article, _ = services.article_submit(body=body)
    return article


def _extract_counting_queries(article: Article) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.article_extract(article=article)
    return len(queries)


def test_extracting_an_article_costs_the_same_queries_with_10_claims_as_with_2() -> None:
    # GIVEN stored claims about the same subjects with other figures: every new claim has
    # neighbours, key-sharing candidates and conflicts to store, but repeats none of them
    stored = _figures_article(
        "{subject} in the capital rose to {figure} in March, the office said.", 5, 10
    )
    services.article_extract(article=stored)
    two = _figures_article(
        "According to the mayor, {lower} in the capital climbed to {figure} in March.", 20, 2
    )
    ten = _figures_article(
        "A council report found that {lower} has reached {figure} in the capital this year.", 40, 10
    )

    # WHEN each is extracted
    two_queries = _extract_counting_queries(two)
    ten_queries = _extract_counting_queries(ten)

    # THEN matching found the stored claims for both, and ten claims cost what two did
    assert Claim.objects.filter(article=two).count() == 2
    assert Claim.objects.filter(article=ten).count() == 10
    assert ClaimConflict.objects.filter(claim__article=two).exists()
    assert ClaimConflict.objects.filter(claim__article=ten).exists()
    new_clusters = Claim.objects.filter(article__in=[two, ten]).values_list("cluster_id", flat=True)
    assert len(set(new_clusters)) == 12  # no repeat: no cluster priority to spread
    assert ten_queries == two_queries


def test_repeats_spread_priority_over_their_clusters_in_the_same_queries_for_10_as_for_2() -> None:
    # GIVEN ten stored statistics, then an article repeating two of them and one repeating all
    # ten (in another order, so it is another text)
    template = "{subject} in the capital rose to {figure} in March, the office said."
    stored = _figures_article(template, 5, 10)
    services.article_extract(article=stored)
    two = _figures_article(template, 5, 2)
    ten = _figures_article(template, 5, 10, reverse=True)

    # WHEN each is extracted
    two_queries = _extract_counting_queries(two)
    ten_queries = _extract_counting_queries(ten)

    # THEN every repeat joined its statistic's cluster, each waiting claim carries the spread
    # of its cluster's size, and ten joined claims cost the queries of two
    claims = list(Claim.objects.filter(article__in=[stored, two, ten]))
    assert len(claims) == 22
    sizes = Counter(c.cluster_id for c in claims)
    assert sorted(sizes.values()) == [2] * 8 + [3] * 2
    for claim in claims:
        gained = claim.priority - claim.score - claim.recency
        assert gained == pytest.approx(spread(sizes[claim.cluster_id]), abs=1e-5)
    assert ten_queries == two_queries


def test_a_claim_is_marked_conflicting_with_at_most_the_closest_few_stored_claims() -> None:
    # GIVEN more stored claims giving other figures for one subject than a claim lists
    template = "Unemployment in the capital rose to {figure} in March, the office said."
    stored = [
        _extract(template.format(figure=f"{10 + n}.5%"))
        for n in range(matching.CONFLICTS_PER_CLAIM + 3)
    ]

    # WHEN one more figure for it arrives
    new = _claim(_extract(template.format(figure="4.5%")), "4.5%")

    # THEN it is not the same claim as any (same words, another figure) and conflicts with
    # CONFLICTS_PER_CLAIM of them, each pair stored both ways
    assert not Claim.objects.filter(article__in=stored, cluster_id=new.cluster_id).exists()
    mine = ClaimConflict.objects.filter(claim=new)
    assert mine.count() == matching.CONFLICTS_PER_CLAIM
    others = set(mine.values_list("other_id", flat=True))
    assert others < set(Claim.objects.filter(article__in=stored).values_list("pk", flat=True))
    back = ClaimConflict.objects.filter(other=new).values_list("claim_id", flat=True)
    assert set(back) == others
