"""The extraction service: stores claims once, records failures, sweeps stuck articles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Claim, Event
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEED_LIKE = (
    "**Russia’s War Costs Rise**\n"
    "Over the past year, Russia gained only 0.6% more Ukrainian territory, suffering an "
    "estimated 1,500 casualties per day. Total Russian casualties may now exceed one million.\n"
    "Read More @ euromaidanpress.com"
)


def test_extract_stores_claims_in_the_default_queue_with_exact_offsets() -> None:
    article = ArticleFactory.create(body=SEED_LIKE)

    added = services.article_extract(article=article)

    article.refresh_from_db()
    claims = list(Claim.objects.filter(article=article))
    assert added == len(claims) > 0
    assert article.extraction_status == "done"
    assert all(article.body[c.start : c.end] == c.text for c in claims)
    assert {c.queue.slug for c in claims} == {"default"}
    assert not any("Read More" in c.text or "**" in c.text for c in claims)


def test_lines_left_out_are_kept_on_the_article_and_shown_by_the_api(api: APIClient) -> None:
    # GIVEN an article with a heading and a read-more line
    article = ArticleFactory.create(body=SEED_LIKE)

    # WHEN its claims are extracted
    services.article_extract(article=article)

    # THEN the article says which lines were left out and why, in the API too
    article.refresh_from_db()
    expected = [
        "heading: **Russia’s War Costs Rise**",
        "boilerplate: Read More @ euromaidanpress.com",
    ]
    assert article.extraction_skipped == expected
    response = api.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    assert response.data["extraction_skipped"] == expected


def test_only_the_first_lines_left_out_are_kept() -> None:
    # GIVEN a page with more share prompts than the article keeps
    menus = "".join(
        f"Read More @ site{i}.example\n" for i in range(services.MAX_SKIPPED_STORED + 50)
    )
    article = ArticleFactory.create(body=menus + SEED_LIKE)

    # WHEN its claims are extracted
    services.article_extract(article=article)

    # THEN the first ones are kept, in order, and the claims are still found
    article.refresh_from_db()
    assert len(article.extraction_skipped) == services.MAX_SKIPPED_STORED
    assert article.extraction_skipped[0] == "boilerplate: Read More @ site0.example"
    assert Claim.objects.filter(article=article).exists()


def test_extract_again_adds_nothing_even_after_a_crash_left_it_running() -> None:
    article = ArticleFactory.create(body=SEED_LIKE)
    services.article_extract(article=article)
    before = sorted(Claim.objects.filter(article=article).values_list("start", "end"))
    Article.objects.filter(pk=article.pk).update(extraction_status="running")
    article.refresh_from_db()

    added = services.article_extract(article=article)

    after = sorted(Claim.objects.filter(article=article).values_list("start", "end"))
    assert added == 0
    assert after == before


def test_final_failure_is_recorded_on_the_article_and_in_the_audit() -> None:
    article = ArticleFactory.create()

    services.article_extraction_fail(article=article, error="RuntimeError: model missing")

    article.refresh_from_db()
    assert article.extraction_status == "failed"
    assert "model missing" in article.extraction_error
    assert Event.objects.filter(article=article, action="article.extraction_failed").exists()


def test_sweep_gives_up_on_articles_past_their_attempts(settings: object) -> None:
    article = ArticleFactory.create(extraction_status="running", extraction_attempts=99)
    Article.objects.filter(pk=article.pk).update(
        extraction_started_at=timezone.now() - timedelta(hours=2)
    )

    requeued = services.article_sweep_stuck()

    article.refresh_from_db()
    assert requeued == []
    assert article.extraction_status == "failed"
