"""Stop the real broker: submissions are still stored (201) and extracted once it is back."""

from __future__ import annotations

import time

import pytest
import requests

from tests.faults.conftest import FIGURES, Stack, article_body
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]


def test_articles_submitted_while_redis_is_down_are_extracted_after_it_returns(
    stack: Stack,
) -> None:
    # GIVEN web, worker and beat on a working broker
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    before = [stack.submit(article_body(f"broker-before-{i}")) for i in range(2)]
    stack.wait_done(before)

    # WHEN Redis stops and articles are submitted
    stack.broker.stop()
    FIGURES["faults_injected"] += 1
    FIGURES["fault:Redis stopped"] += 1
    during = []
    for i in range(3):
        started = time.monotonic()
        during.append(stack.submit(article_body(f"broker-down-{i}")))
        elapsed_ms = int((time.monotonic() - started) * 1000)
        FIGURES["slowest_submit_with_broker_down_ms"] = max(
            FIGURES["slowest_submit_with_broker_down_ms"], elapsed_ms
        )
    ready = requests.get(stack.url("/readyz"), timeout=30)

    # THEN the API stored them (201 above), readiness says the broker is down...
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": True, "broker": False}
    assert {stack.status(i) for i in during} == {"pending"}

    # ...and once Redis is back (empty: the messages never reached it), the periodic sweep
    # gets them extracted with no manual step
    stack.broker.start()
    wait_until(
        lambda: requests.get(stack.url("/readyz"), timeout=30).status_code == 200,
        what="ready again",
    )
    stack.wait_done(during)
    stack.assert_each_extracted_exactly_once()
