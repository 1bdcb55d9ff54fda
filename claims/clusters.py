"""Editing a claim cluster's label, recorded in the audit log.

Which claims belong to a cluster is decided by matching (``claims.matching``) and by
dismissals as duplicates, never by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from claims.audit import event_record
from claims.changes import fields_apply
from claims.models import ClaimCluster, EventAction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CLUSTER_EDITABLE_FIELDS = ("text",)


def cluster_change(
    *,
    cluster: ClaimCluster,
    actor: AbstractBaseUser | AnonymousUser | None,
    values: dict[str, Any],
) -> ClaimCluster:
    """Change the cluster's label and record it."""
    with transaction.atomic():
        locked = ClaimCluster.objects.select_for_update().get(pk=cluster.pk)
        changed = fields_apply(instance=locked, values=values, editable=CLUSTER_EDITABLE_FIELDS)
        if changed:
            locked.save(update_fields=list(changed))
            event_record(
                action=EventAction.CLUSTER_CHANGED,
                actor=actor,
                changes={"cluster": locked.pk, "changed": changed},
            )
    return locked
