"""Creating and changing reviewer queues, each change recorded in the audit log.

A queue's routing rules decide where new claims go, so who changed them and when belongs in
the log beside the claims they routed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from claims.audit import event_record
from claims.changes import fields_apply, json_value, row_edit
from claims.models import EventAction, Queue

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

QUEUE_EDITABLE_FIELDS = (
    "name",
    "slug",
    "description",
    "is_default",
    "routing_order",
    "route_keywords",
    "route_entities",
    "route_languages",
    "route_sources",
    "sla_hours",
)


def queue_create(
    *, actor: AbstractBaseUser | AnonymousUser | None, values: dict[str, Any]
) -> Queue:
    """Create a queue from ``values`` (its editable fields) and record it."""
    queue = Queue()
    fields_apply(instance=queue, values=values, editable=QUEUE_EDITABLE_FIELDS)
    with transaction.atomic():
        queue.save()
        event_record(
            action=EventAction.QUEUE_CREATED,
            actor=actor,
            changes={
                "queue": queue.slug,
                "values": {
                    name: json_value(getattr(queue, name)) for name in QUEUE_EDITABLE_FIELDS
                },
            },
        )
    return queue


def queue_change(
    *, queue: Queue, actor: AbstractBaseUser | AnonymousUser | None, values: dict[str, Any]
) -> Queue:
    """Change a queue's name, rules or SLA and record what changed.

    A new SLA applies to claims routed from now on; deadlines already set stay as they are.
    """
    return row_edit(
        row=queue,
        values=values,
        editable=QUEUE_EDITABLE_FIELDS,
        action=EventAction.QUEUE_CHANGED,
        actor=actor,
        label=lambda q: {"queue": q.slug},
    )
