"""Reviewer queues, verdicts (reviews) with their evidence and ratings, and the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models


class Queue(models.Model):
    """A reviewer queue; claims are routed to one and reviewed in priority order.

    Routing: a claim goes to the first non-default queue (by ``routing_order``) whose every
    non-empty rule matches; otherwise to the default queue.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    routing_order = models.PositiveIntegerField(default=100, help_text="Lower rules match first.")
    route_keywords = models.JSONField(
        default=list, blank=True, help_text="Any of these words in the claim (case-insensitive)."
    )
    route_entities = models.JSONField(
        default=list, blank=True, help_text="Any of these named entities in the claim."
    )
    route_languages = models.JSONField(
        default=list, blank=True, help_text="Article language codes, e.g. ['en', 'fr']."
    )
    route_sources = models.JSONField(
        default=list, blank=True, help_text="Article sources (publisher names)."
    )
    sla_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="A claim waiting longer than this is overdue."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_queue"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sla(self) -> timedelta | None:
        return timedelta(hours=self.sla_hours) if self.sla_hours else None


class Rating(models.Model):
    """One step of the organisation's rating scale (ClaimReview's reviewRating)."""

    label = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    value = models.IntegerField(help_text="ratingValue")
    best_value = models.IntegerField(help_text="bestRating of the scale")
    worst_value = models.IntegerField(help_text="worstRating of the scale")
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    RETRACTED = "retracted", "Retracted"


class Review(models.Model):
    """One version of the verdict on a claim; a published version is never edited in place."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="reviews")
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT)
    conclusion = models.CharField(max_length=300, blank=True)
    explanation = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_written"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_approved",
    )
    return_comment = models.TextField(blank=True, help_text="The editor's last return comment.")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why this version replaced the last."
    )
    retraction_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="review_unique_version"),
            # At most one version of a claim's verdict is being worked on or live at a time.
            models.UniqueConstraint(
                fields=["claim"],
                condition=~models.Q(state__in=["superseded", "retracted"]),
                name="review_one_current_per_claim",
            ),
        ]
        permissions = [
            ("lease_claim", "Can lease claims and research them"),
            ("submit_review", "Can write and submit verdicts"),
            ("approve_review", "Can approve or return verdicts"),
            ("publish_review", "Can publish approved verdicts"),
            ("correct_review", "Can correct or retract published verdicts"),
            ("boost_claim", "Can boost a claim's priority"),
        ]

    def __str__(self) -> str:
        return f"Review v{self.version} of claim {self.claim_id} ({self.state})"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Evidence(models.Model):
    """A source the reviewer relied on while researching a claim."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    stance = models.CharField(max_length=16, choices=EvidenceStance.choices)
    quote = models.TextField(blank=True)
    archived_url = models.URLField(max_length=2000, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url


class DismissalReason(models.TextChoices):
    NOT_CHECK_WORTHY = "not_check_worthy", "Not check-worthy"
    DUPLICATE = "duplicate", "Duplicate"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"
    OPINION = "opinion", "Opinion"


class Dismissal(models.Model):
    """Why a claim was dismissed; a duplicate points at its original."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.PROTECT, related_name="dismissal")
    reason = models.CharField(max_length=20, choices=DismissalReason.choices)
    note = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Claim {self.claim_id}: {self.reason}"


class PriorityBoost(models.Model):
    """A manual priority boost an editor gave a claim (priority = computed + sum of boosts)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="boosts")
    amount = models.FloatField()
    reason = models.CharField(max_length=300, blank=True)
    boosted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"+{self.amount} on claim {self.claim_id}"


class AppendOnlyError(Exception):
    """An event was about to be changed or deleted."""


class Event(models.Model):
    """One state change or edit, recorded forever: who, when, from what, to what, what changed.

    Append-only three times over: ``save``/``delete`` refuse, the admin offers no change or
    delete, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0004).
    """

    action = models.CharField(max_length=64)
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
