"""Claims extracted from articles, clusters of the same claim, and the keys that match them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.models.articles import Article
from claims.models.queues import Queue


class ClaimCluster(models.Model):
    """One checkable statement, carried by one or more claims across articles."""

    text = models.TextField(help_text="The first claim's wording, shown as the cluster's label.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text[:80]


class ClaimType(models.TextChoices):
    STATISTIC = "statistic", "Statistic / number"
    COMPARISON = "comparison", "Comparison"
    ATTRIBUTION = "attribution", "Attribution / quote"
    PREDICTION = "prediction", "Prediction"
    CAUSAL = "causal", "Causal"
    POLICY = "policy", "Policy / legal"
    OTHER = "other", "Other"


class ClaimStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    IN_REVIEW = "in_review", "In review"
    DISMISSED = "dismissed", "Dismissed"
    VERDICT_SUBMITTED = "verdict_submitted", "Verdict submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"


class Claim(models.Model):
    """A sentence of an article worth checking; ``article.body[start:end] == text``."""

    # Looked up through ``claim_unique_span`` (article, start, end): no index of its own.
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField(help_text="Check-worthiness, 0..1.")
    claim_type = models.CharField(max_length=16, choices=ClaimType.choices, default="other")
    numbers = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    is_quote = models.BooleanField(default=False)
    speaker = models.CharField(max_length=200, blank=True)
    claimant = models.ForeignKey(
        "claims.Claimant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="Who made the claim, as confirmed by a reviewer (``speaker`` is a guess).",
    )

    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CANDIDATE
    )
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="claims")
    priority = models.FloatField(default=0.0, help_text="Higher is reviewed first.")
    recency = models.FloatField(
        default=0.0,
        db_default=0.0,
        help_text="The recency part of the priority, kept up to date by the decay sweep.",
    )
    # Indexed with the id (``claim_cluster_member_idx``), not alone.
    cluster = models.ForeignKey(
        ClaimCluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        db_index=False,
    )
    previously_checked = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A published claim this one repeats: its fact-check may already answer it.",
    )
    leased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="When the queue's SLA runs out; overdue claims go first."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            # Re-running extraction finds the same sentences: this makes the re-run a no-op.
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="claim_span"
            ),
        ]
        indexes = [
            # Next-claim lookup: the highest-priority candidate of a queue.
            models.Index(
                "queue",
                models.F("priority").desc(),
                "id",
                name="claim_queue_next_idx",
                condition=models.Q(status="candidate"),
            ),
            # Overdue claims are leased first, most overdue first.
            models.Index(
                "queue",
                "due_at",
                "id",
                name="claim_queue_overdue_idx",
                condition=models.Q(status="candidate", due_at__isnull=False),
            ),
            # The decay sweep finds the waiting claims whose recency still matters.
            models.Index(
                "article",
                name="claim_recency_decay_idx",
                condition=models.Q(status="candidate", recency__gt=0.001),
            ),
            # A cluster's members in id order: matching counts the members stored before each
            # claim that joins it (a cluster can hold thousands), from the index alone.
            models.Index(fields=["cluster", "id"], name="claim_cluster_member_idx"),
            # Matching asks whether the clusters a new claim joins hold a fact-check gone out;
            # a cluster can hold thousands of waiting repeats and only a few published ones.
            models.Index(
                "cluster",
                name="claim_public_cluster_idx",
                condition=models.Q(status__in=["published", "corrected", "retracted"]),
            ),
            # Lease expiry finds the leases that ran out.
            models.Index(
                "lease_expires_at",
                name="claim_lease_expiry_idx",
                condition=models.Q(status="in_review"),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class MatchKeyKind(models.TextChoices):
    SIGNATURE = "sig", "Near-duplicate signature band"
    SUBJECT = "subject", "Quantity subject"


class ClaimMatchKey(models.Model):
    """An indexed key that finds related claims by equality instead of comparing every claim."""

    # Looked up through ``match_key_unique`` (claim, kind, key): no index of its own.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="match_keys", db_index=False
    )
    kind = models.CharField(max_length=8, choices=MatchKeyKind.choices)
    key = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind", "key"], name="match_key_unique"),
        ]
        # With the claim last, "the newest claims sharing this key" is a short index scan.
        indexes = [models.Index(fields=["kind", "key", "claim"], name="match_key_newest_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class ClaimConflict(models.Model):
    """Two claims about the same quantity that give different figures, shown side by side."""

    # Looked up through ``conflict_unique_pair`` (claim, other): no index of its own.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="conflicts", db_index=False
    )
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(
        max_length=120, help_text='The shared quantity, e.g. "russian casualties".'
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="conflict_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.claim_id} vs {self.other_id}"
