"""The whole loop with a real Celery worker: submit through the API, see claims in the queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Claim
from claims.tasks import article_extract_task
from tests.conftest import ROOT, wait_for
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SEED = (ROOT / "seeds" / "000_674b76fd6d3d52af.txt").read_text(encoding="utf-8")


def _status(article_id: int) -> str:
    return Article.objects.get(pk=article_id).extraction_status


def test_submitted_article_is_extracted_by_the_worker_into_the_queue(
    api: APIClient, celery_worker_process: Any
) -> None:
    # GIVEN a seed article submitted through the API
    response = api.post("/api/v1/articles/", {"body": SEED, "title": "Seed"}, format="json")
    assert response.status_code == 201
    article_id = response.data["id"]

    # WHEN the worker has processed it
    wait_for(lambda: _status(article_id) == "done")

    # THEN its claims wait in the default queue, and the API shows them
    queued = api.get("/api/v1/queues/default/claims/").data["results"]
    detail = api.get(f"/api/v1/articles/{article_id}/").data
    assert len(detail["claims"]) > 0
    assert {c["id"] for c in detail["claims"]} <= {c["id"] for c in queued}
    assert all(SEED[c["start"] : c["end"]] == c["text"] for c in detail["claims"])


def test_rerunning_the_task_on_the_same_article_duplicates_nothing(
    celery_worker_process: Any,
) -> None:
    article, _ = services.article_submit(body=SEED, title="Seed")
    wait_for(lambda: _status(article.pk) == "done")
    before = sorted(Claim.objects.filter(article=article).values_list("start", "end"))

    # A crash after storing, before marking done, leaves the article running: run it again.
    Article.objects.filter(pk=article.pk).update(extraction_status="running")
    article_extract_task.delay(article.pk)
    wait_for(lambda: _status(article.pk) == "done")
    article_extract_task.delay(article.pk)  # and once more while done
    article_extract_task.delay(article.pk)

    wait_for(lambda: celery_queue_empty())
    after = sorted(Claim.objects.filter(article=article).values_list("start", "end"))
    assert before
    assert after == before


def test_sweep_enqueues_an_article_whose_message_was_lost(celery_worker_process: Any) -> None:
    # GIVEN an article stored while the broker was unreachable (no task was ever sent)
    article = ArticleFactory.create(body=SEED)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(hours=1))

    # WHEN the periodic sweep runs
    requeued = services.article_sweep_stuck()

    # THEN the worker extracts it
    assert requeued == [article.pk]
    wait_for(lambda: _status(article.pk) == "done")
    assert Claim.objects.filter(article=article).exists()


def celery_queue_empty() -> bool:
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.CELERY_BROKER_URL).llen("celery") == 0
