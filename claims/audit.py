"""Writing to the audit log; every service records its events through ``event_record``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User

from claims.models import Article, Claim, Event, EventAction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def event_record(
    *,
    action: EventAction,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    article: Article | None = None,
    claim: Claim | None = None,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the audit log (inside the transaction of the change it records)."""
    return Event.objects.create(
        action=action,
        actor=actor if isinstance(actor, User) else None,
        article=article,
        claim=claim,
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
    )
