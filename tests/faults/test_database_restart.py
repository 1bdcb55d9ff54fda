"""Restart the real database under traffic: clean 503s, then recovery without restarts."""

from __future__ import annotations

import pytest
import requests

from tests.faults.conftest import BIG_COPIES, FIGURES, Stack, article_body
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]


def test_database_restart_fails_requests_cleanly_and_processes_recover(stack: Stack) -> None:
    # GIVEN web, worker and beat serving, and an article mid-extraction
    web = stack.start_web()
    worker = stack.start_worker()
    stack.start_beat()
    before = [stack.submit(article_body(f"db-before-{i}")) for i in range(2)]
    stack.wait_done(before)
    big = stack.submit(article_body("db-mid-task", copies=BIG_COPIES))
    wait_until(lambda: stack.status(big) == "running", what="big article running")
    assert stack.log_in().status_code == 302  # logged in: redirected to the dashboard
    web_pid, worker_pid = web.proc.pid, worker.proc.pid  # type: ignore[union-attr]

    # WHEN PostgreSQL stops (every connection dropped)
    stack.pg.stop()
    FIGURES["faults_injected"] += 1
    FIGURES["fault:PostgreSQL stopped and started"] += 1
    headers = {"Authorization": f"Token {stack.token}"}
    ready = requests.get(stack.url("/readyz"), timeout=30)
    submit = requests.post(
        stack.url("/api/v1/articles/"),
        json={"body": article_body("db-down")},
        headers=headers,
        timeout=30,
    )
    listing = requests.get(stack.url("/api/v1/articles/"), headers=headers, timeout=30)
    page = stack.log_in()

    # THEN requests fail cleanly: 503s that say to retry, no tracebacks
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] is False
    assert submit.status_code == 503
    assert submit.json()["error"]["code"] == "unavailable"
    assert listing.status_code == 503
    assert page.status_code == 503
    for response in (ready, submit, listing, page):
        assert "Traceback" not in response.text
        assert "psycopg" not in response.text

    # WHEN PostgreSQL is back
    stack.pg.start()

    # THEN the same processes serve again, and all work is done exactly once
    wait_until(
        lambda: requests.get(stack.url("/readyz"), timeout=30).status_code == 200,
        what="ready again",
    )
    assert stack.log_in().status_code == 302
    after = [stack.submit(article_body(f"db-after-{i}")) for i in range(2)]
    stack.wait_done([*before, big, *after])
    assert web.proc.pid == web_pid  # type: ignore[union-attr]
    assert web.proc.poll() is None  # type: ignore[union-attr]
    assert worker.proc.pid == worker_pid  # type: ignore[union-attr]
    assert worker.proc.poll() is None  # type: ignore[union-attr]
    stack.assert_each_extracted_exactly_once()
