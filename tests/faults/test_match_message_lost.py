"""Lose the message between scoring and matching: the sweep finishes every article, once."""

from __future__ import annotations

import pytest
import redis

from tests.faults.conftest import FIGURES, Stack, article_body
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]


def test_scored_articles_whose_match_message_is_lost_are_matched_once(stack: Stack) -> None:
    # GIVEN articles scored by a worker that consumes only the extraction queue
    scorer = stack.start_worker("scorer", queues="extraction")
    stack.start_web()
    ids = [stack.submit(article_body(f"match-lost-{i}")) for i in range(3)]

    def scored() -> bool:
        rows = stack.pg.query(
            "SELECT count(*) FROM claims_article WHERE id = ANY(%s) "
            "AND extraction_status = 'running' AND extraction_result IS NOT NULL",
            ids,
        )
        return int(rows[0][0]) == len(ids)

    wait_until(scored, what=f"articles {ids} scored")
    # No claim reaches a review queue before matching.
    claims = stack.pg.query("SELECT count(*) FROM claims_claim WHERE article_id = ANY(%s)", ids)
    assert int(claims[0][0]) == 0

    # WHEN the matching messages are lost (a Redis restarted empty) and the scorer is gone
    scorer.kill_group()
    assert redis.Redis.from_url(stack.broker.url).delete("matching") == 1
    FIGURES["faults_injected"] += 1
    FIGURES["fault:match message lost"] += 1

    # THEN the sweep sends them to scoring again, which sends the stored results on to
    # matching without scoring again, and each article's claims are stored once
    stack.start_worker("worker-2")
    stack.start_beat()
    stack.wait_done(ids)
    stack.assert_each_extracted_exactly_once()
    attempts = stack.pg.query(
        "SELECT min(extraction_attempts) FROM claims_article WHERE id = ANY(%s)", ids
    )
    assert int(attempts[0][0]) == 2
