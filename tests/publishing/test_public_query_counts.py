"""No public endpoint's query count grows with the page size, the evidence or the cluster."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviews.models import Review
from tests.publishing.conftest import evidence_add, in_cluster, publish

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/factchecktools/v1alpha1/claims:search?query=unemployment&pageSize=20"


def _rich(review: Review, n: int, *, articles: int) -> Review:
    """Give a fact-check ``articles`` more articles carrying it and two evidence links."""
    for k in range(articles):
        in_cluster(review, source=f"Paper {k}", url=f"https://paper{k}.example/{n}")
    evidence_add(review, url=f"https://stats.example.org/{n}/a")
    evidence_add(review, url=f"https://stats.example.org/{n}/b")
    return review


def test_search_costs_the_same_queries_for_one_result_or_twenty(
    django_assert_max_num_queries: Any,
) -> None:
    # GIVEN one fact-check carried by two articles, searched once to count the queries
    client = Client()
    _rich(publish(text="Unemployment fell to 4.1% in 2024."), 0, articles=1)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(SEARCH).json()["claims"]) == 1
    # WHEN twenty match, each carried by three articles
    for n in range(1, 20):
        _rich(publish(text=f"Unemployment fell to 4.{n}% in 2024."), n, articles=2)
    # THEN a page of twenty costs no more queries than one
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(SEARCH).json()["claims"]) == 20


@pytest.mark.parametrize(
    "path", ["/api/v1/fact-checks/{}/", "/api/v1/fact-checks/{}/claimreview.jsonld"]
)
def test_one_fact_check_costs_the_same_queries_however_many_articles_carry_it(
    path: str, django_assert_max_num_queries: Any
) -> None:
    # GIVEN a fact-check carried by one other article, read once to count the queries
    client = Client()
    few = _rich(publish(text="Unemployment fell to 4.1% in 2024."), 0, articles=1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path.format(few.claim_id)).status_code == 200
    # WHEN another is carried by ten articles and has more evidence
    many = _rich(publish(text="Crime fell by 9% in 2023."), 1, articles=10)
    evidence_add(many, url="https://stats.example.org/extra")
    # THEN it costs no more queries, and every article is listed as an appearance
    with django_assert_max_num_queries(len(one)):
        answer = client.get(path.format(many.claim_id))
    assert answer.status_code == 200
    assert "paper9.example" in answer.content.decode()
