"""Reviewer queues and the manual priority boosts of the claims waiting in them.

The tables keep their original names (``reviews_queue``, ``reviews_priorityboost``): the models
moved here from ``reviews`` so that the claim store owns routing and priority (migration 0007).
"""

from __future__ import annotations

from datetime import timedelta

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
        db_table = "reviews_queue"
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


class PriorityBoost(models.Model):
    """A manual priority boost an editor gave a claim (priority = computed + sum of boosts)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="boosts")
    amount = models.FloatField()
    reason = models.CharField(max_length=300, blank=True)
    boosted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_priorityboost"

    def __str__(self) -> str:
        return f"+{self.amount} on claim {self.claim_id}"
