"""Writing to the audit log; every service records its events through ``event_record``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User

from claims.models import Article, Claim, Event, EventAction
from factcheck.public_cache import public_version_bump_on_commit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

A = EventAction
# The events that can change what the public pages and API show: a verdict going out, changing
# or coming back, and edits of what a public fact-check displays or is filtered by (its
# claimant, rating, evidence, queue, articles, cluster). Each one drops the public answers
# cached by the server (factcheck/public_cache.py) once its transaction commits.
PUBLIC_ACTIONS = frozenset(
    {
        A.REVIEW_PUBLISHED,
        A.REVIEW_CORRECTED,
        A.REVIEW_RETRACTED,
        A.CLAIM_PUBLISHED_WITH_CLUSTER,
        A.CLAIM_CORRECTED_WITH_CLUSTER,
        A.CLAIM_RETRACTED_WITH_CLUSTER,
        A.CLAIM_CLAIMANT_SET,
        A.CLAIM_MOVED,
        A.EVIDENCE_ADDED,
        A.EVIDENCE_REMOVED,
        A.RATING_CHANGED,
        A.QUEUE_CHANGED,
        A.ARTICLE_EDITED,
        A.CLUSTER_CHANGED,
        A.CLAIM_LINK_CONFIRMED,
        A.CLAIM_LINK_REJECTED,
    }
)


def _shows_publicly(action: EventAction, changes: dict[str, Any]) -> bool:
    # A claim dismissed as a duplicate joins its original's cluster: one more appearance of
    # the original's fact-check, if it has one.
    duplicate = action == EventAction.CLAIM_DISMISSED and bool(changes.get("duplicate_of"))
    return duplicate or action in PUBLIC_ACTIONS


def event_record(
    *,
    action: EventAction,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    article: Article | None = None,
    claim: Claim | None = None,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
    public: bool = False,
) -> Event:
    """Append one event to the audit log (inside the transaction of the change it records).

    ``public``: the change shows on the public side although its action is not one of
    ``PUBLIC_ACTIONS`` (an article extracted into the cluster of a published fact-check).
    """
    if public or _shows_publicly(action, changes or {}):
        public_version_bump_on_commit()
    return Event.objects.create(
        action=action,
        actor=actor if isinstance(actor, User) else None,
        article=article,
        claim=claim,
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
    )
