"""Extraction in two stages: scoring stores a result on the article, matching makes it claims."""

from __future__ import annotations

import json

import pytest

from claims import extraction, services, vector_store
from claims.models import Article, Claim
from claims.scored_results import extraction_from_json, extraction_to_json
from tests.conftest import ROOT
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEED = (ROOT / "seeds" / "000_674b76fd6d3d52af.txt").read_text(encoding="utf-8")


def test_a_result_survives_its_trip_through_json_whole() -> None:
    result = extraction.extract(SEED)
    assert any(c.numbers for c in result.claims)
    assert any(c.entities for c in result.claims)

    again = extraction_from_json(json.loads(json.dumps(extraction_to_json(result))))

    assert again == result


def test_scoring_stores_the_result_and_no_claims_then_matching_stores_them() -> None:
    article = ArticleFactory.create(body=SEED)

    assert services.article_score(article=article)

    article.refresh_from_db()
    assert article.extraction_status == "running"
    assert article.extraction_result is not None
    assert not Claim.objects.filter(article=article).exists()  # never queued before matching
    waiting = extraction_from_json(article.extraction_result)

    added = services.article_match(article=article)

    article.refresh_from_db()
    assert added == len(waiting.claims) > 0
    assert article.extraction_status == "done"
    assert article.extraction_result is None
    assert sorted(Claim.objects.filter(article=article).values_list("start", "end")) == sorted(
        (c.start, c.end) for c in waiting.claims
    )


def test_a_result_stored_before_a_crash_is_matched_not_scored_again() -> None:
    article = ArticleFactory.create(body=SEED)
    services.article_score(article=article)
    stored = Article.objects.get(pk=article.pk).extraction_result
    assert stored is not None
    stored["claims"] = stored["claims"][:2]  # tell the stored result from a fresh one
    Article.objects.filter(pk=article.pk).update(extraction_result=stored)

    # The sweep sends a stuck article to scoring again.
    assert services.article_score(article=Article.objects.get(pk=article.pk))

    article.refresh_from_db()
    assert article.extraction_result == stored
    assert article.extraction_attempts == 2
    assert services.article_match(article=article) == 2


def test_matching_an_article_that_was_not_scored_changes_nothing() -> None:
    article = ArticleFactory.create(body=SEED)

    assert services.article_match(article=article) == 0

    article.refresh_from_db()
    assert article.extraction_status == "pending"
    assert not Claim.objects.filter(article=article).exists()


def test_matching_twice_stores_the_claims_once() -> None:
    article = ArticleFactory.create(body=SEED)
    services.article_score(article=article)
    added = services.article_match(article=article)

    assert services.article_match(article=article) == 0
    assert Claim.objects.filter(article=article).count() == added


def test_only_matching_loads_the_stored_claims_index() -> None:
    vector_store.forget_loaded_indexes()
    article = ArticleFactory.create(body=SEED)

    services.article_score(article=article)
    assert not vector_store._indexes  # a scoring worker never maps the index

    services.article_match(article=Article.objects.get(pk=article.pk))
    assert vector_store._indexes


def test_a_retried_failure_is_scored_afresh() -> None:
    article = ArticleFactory.create(body=SEED)
    services.article_score(article=article)
    services.article_extraction_fail(article=article, error="matching worker killed")

    services.article_extraction_retry(article=Article.objects.get(pk=article.pk))

    article.refresh_from_db()
    assert article.extraction_status == "pending"
    assert article.extraction_result is None
