"""Verdicts (reviews) with their evidence, dismissals and the rating scale."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
        constraints = [
            # ClaimReview's ratingValue must tell the steps apart and sit inside the scale.
            models.UniqueConstraint(fields=["value"], name="rating_unique_value"),
            models.CheckConstraint(
                condition=models.Q(
                    value__gte=models.F("worst_value"), value__lte=models.F("best_value")
                ),
                name="rating_value_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    RETRACTED = "retracted", "Retracted"
    # A correction of a published verdict waits as PROPOSED until a second editor approves it
    # (then it is published) or returns it (then it is kept, RETURNED, and never published).
    PROPOSED = "proposed", "Proposed correction"
    RETURNED = "returned", "Returned correction"


# The version of a verdict being written or waiting for a decision: at most one per claim.
OPEN_REVIEW_STATES = (
    ReviewState.DRAFT,
    ReviewState.SUBMITTED,
    ReviewState.APPROVED,
    ReviewState.PROPOSED,
)


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
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The version this correction replaced; set when the correction is published.",
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why this version replaces the last (corrections only)."
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
            # At most one version of a claim's verdict is being worked on at a time, and at
            # most one is live: a proposed correction waits beside the published version.
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(state__in=[s.value for s in OPEN_REVIEW_STATES]),
                name="review_one_open_per_claim",
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(state="published"),
                name="review_one_published_per_claim",
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


# --- Webhooks: partners hear about published, corrected and retracted fact-checks -------------


def webhook_secret_new() -> str:
    """Return a new Standard Webhooks signing secret (``whsec_`` + base64 of 32 random bytes)."""
    import base64
    import secrets

    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEvent(models.TextChoices):
    PUBLISHED = "fact_check.published", "Fact-check published"
    CORRECTED = "fact_check.corrected", "Fact-check corrected"
    RETRACTED = "fact_check.retracted", "Fact-check retracted"


class WebhookSubscription(models.Model):
    """A partner's endpoint and its events; disabled, with the reason, when it keeps failing."""

    target_url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="Event types, e.g. fact_check.published.")
    secret = models.CharField(
        max_length=100, default=webhook_secret_new, help_text="Signing secret (whsec_…)."
    )
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.TextField(blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.target_url


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(models.Model):
    """One event for one subscriber; ``message_id`` is its webhook-id on every attempt.

    Written in the same transaction as the verdict change it announces (an outbox), so an
    event is never lost between the commit and the task, and the receiver can drop repeats
    by webhook-id.
    """

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=WebhookDeliveryStatus.choices, default=WebhookDeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then."
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The retry sweep finds the deliveries that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due_idx",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One try at a delivery: when, what came back, how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="The first 2,000 characters.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"Attempt {self.number} of delivery {self.delivery_id}"
