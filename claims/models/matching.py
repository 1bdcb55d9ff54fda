"""Semantic matching: stored claim vectors, other publishers' fact-checks, and suggested links."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.models.claims import Claim


class ClaimVector(models.Model):
    """A claim's sentence embedding (float32 bytes), the truth the vector index is rebuilt from."""

    claim = models.OneToOneField(
        Claim, primary_key=True, on_delete=models.CASCADE, related_name="vector"
    )
    model = models.CharField(max_length=64, help_text="The encoder version that made the vector.")
    vector = models.BinaryField()

    class Meta:
        indexes = [models.Index(fields=["model"], name="claim_vector_model_idx")]

    def __str__(self) -> str:
        return f"{self.model}:{self.claim_id}"


class ExternalFactCheck(models.Model):
    """Another publisher's fact-check (imported ClaimReview): matched, never shown as ours."""

    url = models.URLField(max_length=2000, unique=True, help_text="The fact-check's own page.")
    publisher = models.CharField(max_length=200)
    publisher_site = models.CharField(max_length=300, blank=True)
    claim_text = models.TextField(help_text="The claim the publisher checked (claimReviewed).")
    claimant = models.CharField(max_length=300, blank=True)
    rating_text = models.CharField(max_length=300, blank=True)
    review_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    source = models.CharField(max_length=32, help_text="The input shape it came from.")
    model = models.CharField(max_length=64, blank=True)
    vector = models.BinaryField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.publisher}: {self.claim_text[:60]}"


class LinkKind(models.TextChoices):
    SAME_CLAIM = "same_claim", "Same claim (cluster)"
    EXTERNAL_CHECK = "external_check", "Already checked by another publisher"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClaimLink(models.Model):
    """A match the model suggested, and what a reviewer made of it (kept as training data).

    ``other`` is an earlier claim of ours (same claim), or ``external`` another publisher's
    fact-check. A rejected pair stays stored so that it is never suggested again.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=16, choices=LinkKind.choices)
    other = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    external = models.ForeignKey(
        ExternalFactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    model = models.CharField(max_length=64)
    score = models.FloatField(help_text="Cosine similarity of the two embeddings.")
    status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "other"],
                condition=models.Q(other__isnull=False),
                name="claim_link_unique_other",
            ),
            models.UniqueConstraint(
                fields=["claim", "external"],
                condition=models.Q(external__isnull=False),
                name="claim_link_unique_external",
            ),
            models.CheckConstraint(
                condition=models.Q(other__isnull=False, external__isnull=True)
                | models.Q(other__isnull=True, external__isnull=False),
                name="claim_link_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = f"claim {self.other_id}" if self.other_id else f"external {self.external_id}"
        return f"{self.claim_id} -> {target} ({self.status}, {self.score:.2f})"
