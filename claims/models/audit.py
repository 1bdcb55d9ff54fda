"""The append-only audit log: every transition and edit, with one enum of what happened.

The table keeps its original name (``reviews_event``) and its PostgreSQL trigger
(``reviews`` migration 0005): the model moved here so that every floor can write to it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class EventAction(models.TextChoices):
    ARTICLE_SUBMITTED = "article.submitted", "Article submitted"
    ARTICLE_FETCHED = "article.fetched", "Article page fetched"
    ARTICLE_EXTRACTED = "article.extracted", "Article extracted"
    ARTICLE_EXTRACTION_FAILED = "article.extraction_failed", "Article extraction failed"
    ARTICLE_EXTRACTION_RETRIED = "article.extraction_retried", "Article extraction retried"
    ARTICLE_REEXTRACTION_REQUESTED = "article.reextraction_requested", "Article re-extraction asked"
    ARTICLE_EDITED = "article.edited", "Article details edited"
    CLAIM_LEASED = "claim.leased", "Claim leased"
    CLAIM_RELEASED = "claim.released", "Claim released"
    CLAIM_SKIPPED = "claim.skipped", "Claim skipped"
    CLAIM_LEASE_EXTENDED = "claim.lease_extended", "Lease extended"
    CLAIM_LEASE_EXPIRED = "claim.lease_expired", "Lease expired"
    CLAIM_LEASE_REVOKED = "claim.lease_revoked", "Lease revoked by an editor"
    CLAIM_MOVED = "claim.moved", "Claim moved to another queue"
    CLAIM_DISMISSED = "claim.dismissed", "Claim dismissed"
    CLAIM_BOOSTED = "claim.boosted", "Claim boosted"
    CLAIM_PUBLISHED_WITH_CLUSTER = "claim.published_with_cluster", "Published with its cluster"
    CLAIM_CORRECTED_WITH_CLUSTER = "claim.corrected_with_cluster", "Corrected with its cluster"
    CLAIM_RETRACTED_WITH_CLUSTER = "claim.retracted_with_cluster", "Retracted with its cluster"
    CLAIM_CLAIMANT_SET = "claim.claimant_set", "Claimant set"
    EVIDENCE_ADDED = "evidence.added", "Evidence added"
    EVIDENCE_REMOVED = "evidence.removed", "Evidence removed"
    REVIEW_DRAFT_SAVED = "review.draft_saved", "Draft saved"
    REVIEW_SUBMITTED = "review.submitted", "Verdict submitted"
    REVIEW_RETURNED = "review.returned", "Verdict returned"
    REVIEW_APPROVED = "review.approved", "Verdict approved"
    REVIEW_PUBLISHED = "review.published", "Verdict published"
    REVIEW_CORRECTION_PROPOSED = "review.correction_proposed", "Correction proposed"
    REVIEW_CORRECTION_RETURNED = "review.correction_returned", "Correction returned"
    REVIEW_CORRECTED = "review.corrected", "Verdict corrected"
    REVIEW_RETRACTED = "review.retracted", "Verdict retracted"
    CLUSTER_CHANGED = "cluster.changed", "Cluster label changed"
    CLAIM_LINK_CONFIRMED = "claim_link.confirmed", "Match confirmed"
    CLAIM_LINK_REJECTED = "claim_link.rejected", "Match rejected"
    QUEUE_CREATED = "queue.created", "Queue created"
    QUEUE_CHANGED = "queue.changed", "Queue changed"
    RATING_CREATED = "rating.created", "Rating created"
    RATING_CHANGED = "rating.changed", "Rating changed"


class AppendOnlyError(Exception):
    """An event was about to be changed or deleted."""


class Event(models.Model):
    """One state change or edit, recorded forever: who, when, from what, to what, what changed.

    Append-only three times over: ``save``/``delete`` refuse, the admin offers no change or
    delete, and a trigger refuses UPDATE and DELETE (PostgreSQL: ``reviews`` migration 0005;
    SQLite: ``claims`` migration 0009).
    """

    action = models.CharField(max_length=64, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        "claims.Article", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "reviews_event"
        ordering = ["created_at", "id"]
        indexes = [
            # Lease-next leaves out the claims the asking reviewer skipped: this keeps that
            # lookup small however many other events the reviewer has.
            models.Index(
                fields=["actor", "claim"],
                name="event_skipped_by_actor_idx",
                condition=models.Q(action="claim.skipped"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}->{self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Events are append-only; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Events are append-only; they cannot be deleted.")
