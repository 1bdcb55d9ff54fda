"""Webhooks: signed (Standard Webhooks), retried, logged, disabled when failing, SSRF-safe.

The receiver is a real HTTP server on 127.0.0.1 that checks every signature with the
``standardwebhooks`` package's own verifier, as a subscriber would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from standardwebhooks import Webhook

from claims.models import Claim
from factcheck.celery import app as celery_app
from reviews import webhooks
from reviews.models import WebhookDelivery, WebhookSubscription
from tests.factories import UserFactory
from tests.reviews.factories import client_for, user_with_role
from tests.reviews.workflow_steps import approve, lease_next, ok, publish, research_and_submit

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    """A subscriber: fails the first ``failures`` requests, dedupes by webhook-id."""

    failures: int = 0
    secret: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    url: str = ""

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        payload = Webhook(self.secret).verify(body, headers)  # raises on a bad signature
        self.requests.append({"id": headers["webhook-id"], "payload": payload})
        if len(self.requests) <= self.failures:
            return 500
        self.accepted.setdefault(headers["webhook-id"], payload)  # a repeat is acked, not new
        return 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                status = state.handle(body, dict(self.headers.items()))
            except Exception:
                status = 400  # bad signature: the test sees no acceptance
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"try again")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/factcheck"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def staff_api(db: Any) -> APIClient:
    return client_for(UserFactory.create(username="admin", is_staff=True))


@pytest.fixture
def eager_tasks(settings: Any) -> Iterator[None]:
    """Run tasks in the test process; retries come due at once (the schedule is all zeros)."""
    settings.FETCH_ALLOW_LOOPBACK = True
    settings.PUBLIC_BASE_URL = "https://factcheck.example.org"
    settings.WEBHOOK_RETRY_SCHEDULE = [0, 0, 0, 0]
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


def _subscribe(staff_api: APIClient, receiver: Receiver, events: list[str]) -> dict[str, Any]:
    created = ok(
        staff_api.post(
            "/api/v1/webhooks/", {"target_url": receiver.url, "events": events}, format="json"
        ),
        201,
    )
    receiver.secret = created["secret"]
    return created


def _publish(claim: Claim, reviewer_api: APIClient, editor_api: APIClient) -> dict[str, Any]:
    leased = lease_next(reviewer_api)
    review = research_and_submit(reviewer_api, leased["id"])
    approve(editor_api, review["id"])
    return publish(editor_api, review["id"])


def test_a_published_fact_check_reaches_a_subscriber_that_fails_three_times_then_accepts(
    claim: Claim,
    reviewer_api: APIClient,
    editor_api: APIClient,
    staff_api: APIClient,
    receiver: Receiver,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # GIVEN a subscriber to published fact-checks whose endpoint fails three times
    subscription = _subscribe(staff_api, receiver, ["fact_check.published"])
    receiver.failures = 3

    # WHEN a fact-check is published
    with django_capture_on_commit_callbacks(execute=True):
        _publish(claim, reviewer_api, editor_api)

    # THEN four signed attempts with one webhook-id arrive, and exactly one is accepted
    assert [r["id"] for r in receiver.requests] == [receiver.requests[0]["id"]] * 4
    assert len(receiver.accepted) == 1
    event = next(iter(receiver.accepted.values()))
    assert event["type"] == "fact_check.published"
    assert event["data"]["url"] == f"https://factcheck.example.org/fact-checks/{claim.pk}/"
    assert event["data"]["claimreview"]["@type"] == "ClaimReview"
    # AND the log shows every attempt and answer
    log = ok(staff_api.get(f"/api/v1/webhooks/{subscription['id']}/deliveries/"))["results"]
    assert [(d["status"], d["attempts"]) for d in log] == [("delivered", 4)]
    assert [a["status_code"] for a in log[0]["log"]] == [500, 500, 500, 200]
    assert log[0]["log"][0]["response_body"] == "try again"


def test_corrections_and_retractions_reach_their_subscribers(
    claim: Claim,
    reviewer_api: APIClient,
    editor_api: APIClient,
    staff_api: APIClient,
    receiver: Receiver,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _subscribe(staff_api, receiver, ["fact_check.corrected", "fact_check.retracted"])
    with django_capture_on_commit_callbacks(execute=True):
        published = _publish(claim, reviewer_api, editor_api)

    with django_capture_on_commit_callbacks(execute=True):
        proposed = ok(
            editor_api.post(
                f"/api/v1/reviews/{published['id']}/correct/",
                {"reason": "Wrong year.", "rating": "mostly-false"},
                format="json",
            ),
            201,
        )
    # (a proposed correction is not news yet: a second editor publishes it by approving it)
    assert receiver.accepted == {}
    second_editor_api = client_for(user_with_role("editor", username="carla"))
    with django_capture_on_commit_callbacks(execute=True):
        corrected = approve(second_editor_api, proposed["id"])
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            editor_api.post(
                f"/api/v1/reviews/{corrected['id']}/retract/",
                {"reason": "Wrong claim."},
                format="json",
            )
        )

    # THEN the subscriber heard the correction and the retraction, not the first publication
    types = [(p["type"], p["data"]["status"]) for p in receiver.accepted.values()]
    assert types == [
        ("fact_check.corrected", "corrected"),
        ("fact_check.retracted", "retracted"),
    ]


def test_a_subscriber_failing_for_the_whole_retry_schedule_is_disabled_with_the_reason(
    claim: Claim,
    reviewer_api: APIClient,
    editor_api: APIClient,
    staff_api: APIClient,
    receiver: Receiver,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscription = _subscribe(staff_api, receiver, ["fact_check.published"])
    receiver.failures = 100

    with django_capture_on_commit_callbacks(execute=True):
        _publish(claim, reviewer_api, editor_api)

    shown = ok(staff_api.get(f"/api/v1/webhooks/{subscription['id']}/"))
    assert len(receiver.requests) == 5  # the first try and four retries
    assert receiver.accepted == {}
    assert shown["is_active"] is False
    assert "Gave up after 5 attempt(s)" in shown["disabled_reason"]
    assert "HTTP 500" in shown["disabled_reason"]
    assert WebhookDelivery.objects.get().status == "failed"


def test_a_delivery_held_by_a_killed_worker_is_sent_again_with_the_same_webhook_id(
    staff_api: APIClient,
    receiver: Receiver,
    eager_tasks: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a delivery whose worker was killed after the subscriber accepted it, before it
    # could record that
    _subscribe(staff_api, receiver, ["fact_check.published"])
    subscription = WebhookSubscription.objects.get()
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        message_id="msg_crash",
        event_type="fact_check.published",
        payload={"type": "fact_check.published", "data": {"id": 1}},
        next_attempt_at=timezone.now(),
    )

    def killed(**kwargs: Any) -> str:
        raise SystemExit("worker killed")

    monkeypatch.setattr(webhooks, "_delivery_record", killed)
    with pytest.raises(SystemExit):
        webhooks.webhook_delivery_attempt(delivery_id=delivery.pk)
    monkeypatch.undo()

    # WHEN the sweep runs while the dead worker's lock holds, and again once it has expired
    while_locked = webhooks.webhook_deliveries_sweep()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    after_expiry = webhooks.webhook_deliveries_sweep()

    # THEN the retry repeats the webhook-id, so the subscriber counts one delivery, not two
    assert (while_locked, after_expiry) == (0, 1)
    assert [r["id"] for r in receiver.requests] == ["msg_crash", "msg_crash"]
    assert list(receiver.accepted) == ["msg_crash"]
    assert WebhookDelivery.objects.get().status == "delivered"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8080/hook",
        "file:///etc/passwd",
        "http://user:pw@example.org/hook",
    ],
)
def test_webhook_targets_inside_our_network_are_refused(staff_api: APIClient, url: str) -> None:
    response = staff_api.post(
        "/api/v1/webhooks/", {"target_url": url, "events": ["fact_check.published"]}, format="json"
    )

    assert response.status_code == 400
    assert WebhookSubscription.objects.count() == 0


def test_a_target_that_resolves_to_a_private_address_is_refused_at_send_time(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a subscription whose host name now resolves to a private address (DNS rebinding)
    settings.FETCH_ALLOW_LOOPBACK = False
    subscription = webhooks.webhook_subscription_create(
        target_url="http://hooks.partner.example/x", events=["fact_check.published"], actor=None
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        message_id="msg_ssrf",
        event_type="fact_check.published",
        payload={},
        next_attempt_at=timezone.now(),
    )
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("10.1.2.3", 80))])

    status = webhooks.webhook_delivery_attempt(delivery_id=delivery.pk)

    # THEN nothing is sent, and the subscription is disabled saying why
    subscription.refresh_from_db()
    assert status == "failed"
    assert subscription.is_active is False
    assert "private address" in subscription.disabled_reason


def test_signatures_follow_the_standard_webhooks_algorithm() -> None:
    # The specification's own example: secret, id, timestamp, body and expected signature.
    headers = webhooks.webhook_sign(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body='{"test": 2432232314}',
    )

    assert headers == {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
