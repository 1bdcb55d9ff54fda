"""A worker killed mid-delivery: the event still reaches the subscriber exactly once.

Real pieces only: a Celery worker process on the test database, a receiver on 127.0.0.1 that
verifies signatures with the ``standardwebhooks`` package and drops repeats by webhook-id, as
the specification asks receivers to.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from reviews import webhooks
from reviews.models import WebhookDelivery, WebhookDeliveryStatus
from reviews.tasks import webhook_deliver_task
from tests.celery_worker_fixtures import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Receiver:
    """Takes an event on receipt (dropping repeats by webhook-id); can stall its first answer."""

    def __init__(self) -> None:
        self.secret = ""
        self.ids: list[str] = []
        self.accepted: dict[str, Any] = {}
        self.first_arrived = threading.Event()
        self.release_first = threading.Event()
        self.url = ""

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        payload = Webhook(self.secret).verify(body, headers)
        message_id = headers["webhook-id"]
        self.ids.append(message_id)
        self.accepted.setdefault(message_id, payload)
        if len(self.ids) == 1:
            self.first_arrived.set()
            self.release_first.wait(timeout=60)  # the worker is killed while we stall
        return 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.handle(body, dict(self.headers.items()))
            try:
                self.send_response(status)
                self.end_headers()
            except OSError:
                pass  # the sender is gone

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state
    state.release_first.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook_worker(
    celery_worker_process: WorkerProcess, tmp_path: Path, settings: Any
) -> Iterator[WorkerProcess]:
    """A worker that may deliver to 127.0.0.1, in place of the session's worker."""
    settings.FETCH_ALLOW_LOOPBACK = True
    celery_worker_process.stop()
    worker = WorkerProcess(tmp_path / "webhook-worker.log")
    worker.env.update(
        {
            "FETCH_ALLOW_LOOPBACK": "1",
            "WEBHOOK_TIMEOUT_SECONDS": "1",  # a held delivery is free again 8 s after a crash
            "WEBHOOK_RETRY_SCHEDULE": "0,0,0",
        }
    )
    yield worker
    worker.stop()
    celery_worker_process.start()


def test_a_worker_killed_mid_delivery_still_delivers_the_event_exactly_once(
    receiver: Receiver, webhook_worker: WorkerProcess
) -> None:
    # GIVEN a subscriber and an event waiting for it, and a worker sending it
    subscription = webhooks.webhook_subscription_create(
        target_url=receiver.url, events=["fact_check.published"], actor=None
    )
    receiver.secret = subscription.secret
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        message_id="msg_killed",
        event_type="fact_check.published",
        payload={"type": "fact_check.published", "data": {"id": 1}},
        next_attempt_at=timezone.now(),
    )
    webhook_worker.start()
    webhook_deliver_task.delay(delivery.pk)

    # WHEN the worker is killed while the subscriber is taking the event
    assert receiver.first_arrived.wait(timeout=60)
    assert webhook_worker.proc is not None
    webhook_worker.proc.kill()
    webhook_worker.proc.wait()
    receiver.release_first.set()
    # AND beat's sweep runs while the dead worker's hold lasts (at once: starting a worker can
    # take longer than the hold on a loaded machine), then a new worker comes up and the sweep
    # runs again after the hold
    while_held = webhooks.webhook_deliveries_sweep()
    webhook_worker.start()
    wait_for(lambda: webhooks.webhook_deliveries_sweep() == 1, timeout=60, every=0.5)

    # THEN the event is delivered, its retry carried the same webhook-id, and the subscriber
    # took it exactly once
    def delivered() -> bool:
        return WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDeliveryStatus.DELIVERED

    wait_for(delivered, timeout=30)
    assert while_held == 0
    assert receiver.ids == ["msg_killed", "msg_killed"]
    assert list(receiver.accepted) == ["msg_killed"]
    assert [a.status_code for a in WebhookDelivery.objects.get(pk=delivery.pk).log.all()] == [200]
