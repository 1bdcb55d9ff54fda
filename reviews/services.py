"""Writes for queues and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User

from reviews.models import Event, Queue

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from claims.models import Article, Claim

DEFAULT_QUEUE_SLUG = "default"


def queue_default_get() -> Queue:
    """Return the default queue, creating it if it is missing (it is made by a migration)."""
    queue = Queue.objects.filter(is_default=True).first()
    if queue is not None:
        return queue
    queue, _ = Queue.objects.get_or_create(
        slug=DEFAULT_QUEUE_SLUG, defaults={"name": "General", "is_default": True}
    )
    return queue


def event_record(
    *,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    article: Article | None = None,
    claim: Claim | None = None,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the audit log."""
    return Event.objects.create(
        action=action,
        actor=actor if isinstance(actor, User) else None,
        article=article,
        claim=claim,
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
    )
