"""Celery adapters for the review workflow."""

from __future__ import annotations

from celery import shared_task

from reviews.leases import claim_leases_expire


@shared_task
def claim_leases_expire_task() -> int:
    """Return expired leases to their queues (periodic, from beat)."""
    return claim_leases_expire()


@shared_task(acks_late=True)
def webhook_deliver_task(delivery_id: int) -> str:
    """Send one webhook delivery if it is due (a rerun is harmless: it is taken atomically)."""
    from reviews.webhooks import webhook_delivery_attempt

    return webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task
def webhook_deliveries_sweep_task() -> int:
    """Send due webhook deliveries, including those a crashed worker held (periodic, from beat)."""
    from reviews.webhooks import webhook_deliveries_sweep

    return webhook_deliveries_sweep()
