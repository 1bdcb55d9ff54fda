"""Webhooks: tell subscribers when a fact-check is published, corrected or retracted.

Deliveries follow the Standard Webhooks specification (https://www.standardwebhooks.com/):
a JSON body ``{"type", "timestamp", "data"}`` with ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature`` headers, signed by the ``standardwebhooks`` package.

- **No event lost**: a delivery row is written in the verdict's own transaction (an outbox)
  and sent after commit; a periodic sweep re-sends whatever is due, so a broker outage or a
  worker killed mid-send only delays it.
- **No duplicates for a receiver that honours the spec**: every attempt of one delivery carries
  the same ``webhook-id`` (the idempotency key). A worker takes a delivery by a conditional
  UPDATE that sets ``locked_until``, so two workers never send it at once; one killed mid-send
  leaves the lock to expire, and the next attempt repeats the same id.
- **Retries** follow ``WEBHOOK_RETRY_SCHEDULE`` (the spec's suggestion: 5 s, 5 min, 30 min, 2 h,
  5 h, 10 h, 10 h: about a day). A delivery that is still failing then gives up, and its
  subscription is disabled with the reason, because an endpoint down for a day is broken,
  not busy. Every attempt and the start of every answer is logged.
- **SSRF**: target URLs pass ``claims.fetching``'s rules when saved and again, with the DNS
  answer pinned, on every send.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from standardwebhooks import Webhook

from claims.enqueue import enqueue_on_commit
from claims.fetching import FetchLimits, FetchRefused, FetchTransient, post_json, url_problem
from factcheck.errors import InvalidInput
from reviews import public_selectors
from reviews.claimreview import claimreview_build
from reviews.models import (
    Review,
    ReviewState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEvent,
    WebhookSubscription,
)
from reviews.public_serializers import page_url, public_status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

RESPONSE_LOG_CHARS = 2000


# --- Subscriptions -----------------------------------------------------------------------------


def webhook_url_problem(url: str) -> str | None:
    """Return why ``url`` cannot be a webhook target (the ingest fetcher's rules), or None."""
    return url_problem(url, allow_loopback=settings.FETCH_ALLOW_LOOPBACK)


def _checked(target_url: str, events: list[str]) -> tuple[str, list[str]]:
    problem = webhook_url_problem(target_url)
    if problem:
        raise InvalidInput(f"target_url: {problem}")
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown or not events:
        raise InvalidInput(f"events: choose from {', '.join(WebhookEvent.values)}.")
    return target_url, sorted(set(events))


def webhook_subscription_create(
    *, target_url: str, events: list[str], actor: User | None, description: str = ""
) -> WebhookSubscription:
    """Subscribe ``target_url`` to ``events``; it gets a fresh signing secret."""
    target_url, events = _checked(target_url, events)
    return WebhookSubscription.objects.create(
        target_url=target_url, events=events, description=description, created_by=actor
    )


def webhook_subscription_update(
    *,
    subscription: WebhookSubscription,
    target_url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    """Change a subscription; turning it back on clears the reason it was disabled."""
    target_url, events = _checked(
        target_url if target_url is not None else subscription.target_url,
        events if events is not None else list(subscription.events),
    )
    subscription.target_url, subscription.events = target_url, events
    if description is not None:
        subscription.description = description
    if is_active is not None and is_active != subscription.is_active:
        subscription.is_active = is_active
        subscription.disabled_reason = "" if is_active else "Disabled by an administrator."
        subscription.disabled_at = None if is_active else timezone.now()
    subscription.save()
    return subscription


# --- Events --------------------------------------------------------------------------------


def _fact_check_data(review: Review) -> dict[str, Any]:
    """Return the event's ``data``: the fact-check as the public API shows it, ClaimReview too."""
    site = public_selectors.site_url(None)
    live = public_selectors.fact_check_get(claim_id=review.claim_id)
    if live is None:  # not public (cannot happen from the verdict services); say what we know
        return {"id": review.claim_id, "version": review.version}
    data: dict[str, Any] = {
        "id": live.claim_id,
        "url": page_url(site=site, claim_id=live.claim_id),
        "status": public_status(live),
        "version": live.version,
        "claim": live.claim.text,
        "rating": live.rating.label if live.rating else None,
        "conclusion": live.conclusion,
        "published_at": live.published_at.isoformat() if live.published_at else None,
        "correction_reason": live.correction_reason,
        "retraction_reason": live.retraction_reason,
        "claimreview": None,
    }
    if live.state != ReviewState.RETRACTED:
        data["claimreview"] = claimreview_build(
            review=live,
            first_published_at=live.first_published_at,  # type: ignore[attr-defined]
            appearances=public_selectors.appearances(live),
            page_url=data["url"],
            publisher=public_selectors.publisher(None),
        )
    return data


def fact_check_event_announce(*, review: Review, event: WebhookEvent) -> list[WebhookDelivery]:
    """Queue ``event`` about ``review`` for every subscriber (inside the verdict's transaction).

    The deliveries commit or roll back with the verdict; they are sent after commit.
    """
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(is_active=True) if event in s.events
    ]
    if not subscriptions:
        return []
    now = timezone.now()
    payload = {"type": str(event), "timestamp": now.isoformat(), "data": _fact_check_data(review)}
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            message_id=f"msg_{uuid.uuid4().hex}",
            event_type=event,
            payload=payload,
            next_attempt_at=now,
        )
        for subscription in subscriptions
    )
    from reviews.tasks import webhook_deliver_task

    for delivery in deliveries:
        enqueue_on_commit(webhook_deliver_task, delivery.pk)
    return deliveries


# --- Delivery ------------------------------------------------------------------------------


def webhook_sign(*, secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Return the Standard Webhooks headers for ``body``."""
    from datetime import UTC, datetime

    signature = Webhook(secret).sign(
        msg_id=message_id, timestamp=datetime.fromtimestamp(timestamp, tz=UTC), data=body
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


def _retry_delays() -> list[float]:
    return [float(s) for s in settings.WEBHOOK_RETRY_SCHEDULE]


def _lock_seconds() -> float:
    # Long enough for one send to finish; a worker killed mid-send frees it after this.
    return settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 5


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """Send one due delivery once; return its status afterwards ("skipped" if not ours to send).

    The delivery is taken by a conditional UPDATE, so a rerun of the task, a second worker or
    the sweep racing the retry all find nothing to do.
    """
    now = timezone.now()
    taken = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + timedelta(seconds=_lock_seconds()), attempts=F("attempts") + 1)
    )
    if not taken:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDeliveryStatus.FAILED,
            locked_until=None,
            last_error=f"Not sent: the subscription is disabled ({subscription.disabled_reason})",
        )
        return WebhookDeliveryStatus.FAILED

    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    headers = webhook_sign(
        secret=subscription.secret,
        message_id=delivery.message_id,
        timestamp=int(time.time()),
        body=body,
    )
    limits = FetchLimits(
        max_bytes=64 * 1024,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        total_timeout=settings.WEBHOOK_TIMEOUT_SECONDS * 2,
        allow_loopback=settings.FETCH_ALLOW_LOOPBACK,
    )
    started, clock = timezone.now(), time.monotonic()
    status_code, answer, error, refused = None, "", "", False
    try:
        response = post_json(
            subscription.target_url, body=body.encode(), headers=headers, limits=limits
        )
        status_code = response.status
        answer = response.body.decode("utf-8", errors="replace")[:RESPONSE_LOG_CHARS]
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except FetchRefused as exc:
        error, refused = str(exc), True
    except (FetchTransient, Exception) as exc:  # any failure to send is an attempt that failed
        error = f"{type(exc).__name__}: {exc}"
    duration = int((time.monotonic() - clock) * 1000)
    return _delivery_record(
        delivery=delivery,
        started=started,
        duration_ms=duration,
        status_code=status_code,
        answer=answer,
        error=error,
        refused=refused,
    )


def _delivery_record(
    *,
    delivery: WebhookDelivery,
    started: Any,
    duration_ms: int,
    status_code: int | None,
    answer: str,
    error: str,
    refused: bool,
) -> str:
    """Log the attempt and move the delivery on: delivered, retried later, or given up."""
    delays = _retry_delays()
    retry_in: float | None = None
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=started,
            duration_ms=duration_ms,
            status_code=status_code,
            response_body=answer,
            error=error,
        )
        now = timezone.now()
        if not error:
            status = WebhookDeliveryStatus.DELIVERED
            changes: dict[str, Any] = {"delivered_at": now, "last_error": ""}
        elif refused or delivery.attempts > len(delays):
            status = WebhookDeliveryStatus.FAILED
            changes = {"last_error": error}
            _subscription_disable(
                subscription=delivery.subscription,
                reason=(
                    f"{'Refused' if refused else 'Gave up'} after {delivery.attempts} "
                    f"attempt(s) of {delivery.message_id} ({delivery.event_type}): {error}"
                ),
            )
        else:
            status = WebhookDeliveryStatus.PENDING
            retry_in = delays[delivery.attempts - 1]
            changes = {"last_error": error, "next_attempt_at": now + timedelta(seconds=retry_in)}
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=status, locked_until=None, **changes
        )
    if retry_in is not None:
        _send_later(delivery.pk, retry_in)
    logger.info("Webhook %s attempt %s: %s", delivery.message_id, delivery.attempts, error or "ok")
    return status


def _subscription_disable(*, subscription: WebhookSubscription, reason: str) -> None:
    WebhookSubscription.objects.filter(pk=subscription.pk, is_active=True).update(
        is_active=False, disabled_reason=reason, disabled_at=timezone.now()
    )
    logger.warning("Webhook subscription %s disabled: %s", subscription.pk, reason)


def _send_later(delivery_id: int, delay: float) -> None:
    from reviews.tasks import webhook_deliver_task

    try:
        webhook_deliver_task.apply_async(args=(delivery_id,), countdown=delay)
    except BrokerError:
        logger.warning("Broker unreachable; webhook delivery %s left for the sweep", delivery_id)


def webhook_deliveries_sweep(*, now: Any = None) -> int:
    """Send every pending delivery that is due and not held by a live worker (periodic)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now
    ).filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:500])
    from reviews.tasks import webhook_deliver_task

    for delivery_id in ids:
        try:
            webhook_deliver_task.apply_async(args=(delivery_id,))
        except BrokerError:
            logger.warning("Broker unreachable; %s webhook deliveries wait", len(ids))
            break
    return len(ids)
