"""Editing a claim cluster's label, recorded in the audit log.

Which claims belong to a cluster is decided by matching (``claims.matching``) and by
dismissals as duplicates, never by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claims.changes import row_edit
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
    return row_edit(
        row=cluster,
        values=values,
        editable=CLUSTER_EDITABLE_FIELDS,
        action=EventAction.CLUSTER_CHANGED,
        actor=actor,
        label=lambda c: {"cluster": c.pk},
    )
