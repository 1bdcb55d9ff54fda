"""The claim store: articles, claims, clusters, queues and priority, and the audit log."""

from claims.models.articles import Article, ExtractionStatus
from claims.models.audit import AppendOnlyError, Event, EventAction
from claims.models.claimants import Claimant, ClaimantKind
from claims.models.claims import (
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimMatchKey,
    ClaimStatus,
    ClaimType,
    MatchKeyKind,
)
from claims.models.matching import (
    ClaimLink,
    ClaimVector,
    ExternalFactCheck,
    LinkKind,
    LinkStatus,
)
from claims.models.queues import PriorityBoost, Queue

__all__ = [
    "AppendOnlyError",
    "Article",
    "Claim",
    "ClaimCluster",
    "ClaimConflict",
    "ClaimLink",
    "ClaimMatchKey",
    "ClaimStatus",
    "ClaimType",
    "ClaimVector",
    "Claimant",
    "ClaimantKind",
    "Event",
    "EventAction",
    "ExternalFactCheck",
    "ExtractionStatus",
    "LinkKind",
    "LinkStatus",
    "MatchKeyKind",
    "PriorityBoost",
    "Queue",
]
