"""Celery adapters for the review workflow."""

from __future__ import annotations

from celery import shared_task

from reviews.leases import claim_leases_expire


@shared_task
def claim_leases_expire_task() -> int:
    """Return expired leases to their queues (periodic, from beat)."""
    return claim_leases_expire()
