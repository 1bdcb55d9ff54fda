"""Admin for ratings (editable), and verdicts, evidence and dismissals (read-only).

Verdicts move only through the workflow services, so the admin shows them but never edits
them: an edit here would skip the state machine and the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reviews.models import Dismissal, Evidence, Rating, Review


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["label", "value", "best_value", "worst_value", "position", "is_active"]
    prepopulated_fields = {"slug": ("label",)}


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Visible to staff; changed only through the workflow services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["claim", "version", "state", "rating", "author", "approver", "published_at"]
    list_filter = ["state", "rating"]
    list_select_related = ["claim", "rating", "author", "approver"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["claim", "stance", "title", "publisher", "added_by", "created_at"]
    list_select_related = ["claim", "added_by"]


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ["claim", "reason", "duplicate_of", "dismissed_by", "created_at"]
    list_select_related = ["claim", "duplicate_of", "dismissed_by"]


from reviews import webhook_admin  # noqa: E402, F401 (webhook subscriptions and deliveries)
