"""Priority's recency term decays after extraction, so queue order stays true over time."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from claims.models import Claim
from claims.priority import claim_priority, recency
from claims.routing import queue_default_get
from claims.tasks import claim_priorities_decay_task
from reviews.boosts import claim_boost
from reviews.leases import claim_lease_next
from tests.conftest import ROOT
from tests.factories import ArticleFactory
from tests.reviews.factories import ClaimFactory


def _claim_placed_at(when: datetime, *, score: float, published_at: datetime) -> Claim:
    """A claim as extraction stored it at ``when``: its priority as computed then."""
    article = ArticleFactory.create(published_at=published_at)
    return ClaimFactory.create(
        article=article,
        score=score,
        priority=claim_priority(score=score, published_at=published_at, now=when),
        recency=recency(published_at=published_at, now=when),
    )


@pytest.mark.django_db
def test_a_fresher_claim_overtakes_one_whose_news_has_aged(reviewer: User) -> None:
    now = timezone.now()
    # GIVEN a strong claim extracted six days ago from that day's news (priority 0.9 + 0.5)
    old = _claim_placed_at(now - timedelta(days=6), score=0.9, published_at=now - timedelta(6))
    # AND a weaker claim from today's news (priority 0.7 + 0.5)
    fresh = _claim_placed_at(now, score=0.7, published_at=now)

    # WHEN the beat task brings priorities up to date
    moved = claim_priorities_decay_task.apply().get()

    # THEN the old claim's recency has halved twice, and today's claim is handed out first
    assert moved == 2
    assert Claim.objects.get(pk=old.pk).priority == pytest.approx(0.9 + 0.125, abs=1e-3)
    assert Claim.objects.get(pk=fresh.pk).priority == pytest.approx(0.7 + 0.5, abs=1e-3)
    first = claim_lease_next(queue=queue_default_get(), reviewer=reviewer)
    assert first is not None
    assert first.pk == fresh.pk


@pytest.mark.django_db
def test_the_sweep_leaves_claims_whose_recency_no_longer_matters() -> None:
    # GIVEN a claim placed a month ago from that day's news, its recency swept down to nothing
    month_ago = timezone.now() - timedelta(days=30)
    claim = _claim_placed_at(month_ago, score=0.5, published_at=month_ago)
    assert claim_priorities_decay_task.apply().get() == 1

    # WHEN the sweep runs again THEN it has nothing left to do for that claim
    assert claim_priorities_decay_task.apply().get() == 0
    assert Claim.objects.get(pk=claim.pk).priority == pytest.approx(0.5, abs=1e-3)


@pytest.mark.django_db
def test_a_boost_recomputes_priority_with_todays_recency(editor: User) -> None:
    # GIVEN a claim placed six days ago, before any sweep ran
    now = timezone.now()
    claim = _claim_placed_at(now - timedelta(days=6), score=0.6, published_at=now - timedelta(6))

    # WHEN an editor boosts it
    boosted = claim_boost(claim=claim, editor=editor, amount=1.0, reason="Trending.")

    # THEN its priority counts today's recency, not the one it had when it was placed
    assert boosted.priority == pytest.approx(0.6 + 0.125 + 1.0, abs=1e-3)
    assert boosted.recency == pytest.approx(0.125, abs=1e-3)


def test_on_sqlite_the_audit_log_refuses_update_and_delete(tmp_path: Path) -> None:
    # GIVEN a SQLite database migrated as `make run` migrates it, with one event in it
    database = tmp_path / "db.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
        timeout=120,
    )
    connection = sqlite3.connect(database)
    connection.execute(
        "INSERT INTO reviews_event (action, from_state, to_state, changes, created_at) "
        "VALUES ('article.submitted', '', 'pending', '{}', '2026-01-01')"
    )
    connection.commit()

    # WHEN anyone changes or deletes it, THEN SQLite refuses and the event stays as written
    with pytest.raises(sqlite3.IntegrityError, match="append-only: UPDATE refused"):
        connection.execute("UPDATE reviews_event SET action = 'claim.leased'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only: DELETE refused"):
        connection.execute("DELETE FROM reviews_event")
    assert connection.execute("SELECT action FROM reviews_event").fetchall() == [
        ("article.submitted",)
    ]
