"""SIGKILL a real worker in the middle of an extraction: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal

import pytest

from tests.faults.conftest import BIG_COPIES, FIGURES, Stack, article_body
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]


def test_pool_process_killed_mid_task_is_redelivered_and_extracted_once(stack: Stack) -> None:
    # GIVEN a worker extracting a large article, with smaller ones queued behind it
    worker = stack.start_worker()
    stack.start_web()
    big = stack.submit(article_body("pool-kill", copies=BIG_COPIES))
    queued = [stack.submit(article_body(f"pool-kill-{i}")) for i in range(3)]
    wait_until(lambda: stack.status(big) == "running", what="big article running")

    # WHEN the pool process running the task is SIGKILLed
    for child in worker.children():
        os.kill(child, signal.SIGKILL)
    FIGURES["faults_injected"] += 1
    FIGURES["fault:worker pool process SIGKILL"] += 1
    assert stack.status(big) == "running"  # the kill landed mid-task

    # THEN the message is delivered again (acks_late + reject_on_worker_lost) and every
    # article is extracted exactly once
    stack.wait_done([big, *queued])
    stack.assert_each_extracted_exactly_once()


def test_whole_worker_killed_mid_task_is_finished_by_a_new_worker(stack: Stack) -> None:
    # GIVEN a worker (and beat) extracting a large article
    worker = stack.start_worker()
    stack.start_beat()
    stack.start_web()
    big = stack.submit(article_body("worker-kill", copies=BIG_COPIES))
    queued = [stack.submit(article_body(f"worker-kill-{i}")) for i in range(3)]
    wait_until(lambda: stack.status(big) == "running", what="big article running")

    # WHEN the whole worker (main process and pool) is SIGKILLed, as if its machine died
    worker.kill_group()
    FIGURES["faults_injected"] += 1
    FIGURES["fault:whole worker SIGKILL"] += 1
    assert stack.status(big) == "running"

    # THEN another worker finishes everything, once (the sweep re-enqueues the stuck article)
    stack.start_worker("worker-2")
    stack.wait_done([big, *queued])
    stack.assert_each_extracted_exactly_once()
