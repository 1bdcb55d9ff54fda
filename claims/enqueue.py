"""The one way to start a Celery task from a service: after the transaction commits."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Send ``task`` with JSON ``args`` once the current transaction has committed.

    A broker that is down is logged, not raised: the row is already stored in a state the
    periodic sweep picks up, so the work is delayed, never lost.
    """

    def send() -> None:
        try:
            task.apply_async(args=args)
        except BrokerError:
            logger.warning("Broker unreachable; %s%r left for the sweep", task.name, args)

    transaction.on_commit(send)
