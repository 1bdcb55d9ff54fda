"""Admin for articles, claims and queues, and the audit log (read-only).

Writes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from claims import services
from claims.models import Article, Claim, ClaimCluster, Event, Queue


class ClaimInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Claim
    fields = ("text", "score", "claim_type", "status", "queue")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "source", "extraction_status", "created_at"]
    list_filter = ["extraction_status", "source", "language"]
    search_fields = ["title", "body", "url", "source"]
    readonly_fields = [
        "content_hash",
        "extraction_status",
        "extraction_error",
        "extraction_note",
        "extraction_skipped",
        "extraction_attempts",
        "extraction_started_at",
        "extraction_finished_at",
        "extractor_version",
        "submitted_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ClaimInline]
    actions = ["retry_extraction"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # claims and the audit log point at articles; nothing is deleted

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The body is fixed once submitted: its claims' offsets point into it.
        return [*self.readonly_fields, "body"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        article, created = services.article_submit(
            body=obj.body,
            title=obj.title,
            url=obj.url,
            source=obj.source,
            author=obj.author,
            published_at=obj.published_at,
            language=obj.language,
            submitted_by=request.user,
        )
        obj.pk = article.pk
        if not created:
            self.message_user(request, "This text was already submitted.", messages.WARNING)

    @admin.action(description="Retry extraction of failed articles")
    def retry_extraction(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_extraction_retry(article=article, actor=request.user)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text", "score", "claim_type", "status", "queue", "article"]
    list_filter = ["status", "claim_type", "queue"]
    search_fields = ["text"]
    list_select_related = ["article", "queue"]
    readonly_fields = ["article", "text", "start", "end", "score", "numbers", "entities"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ClaimCluster)
class ClaimClusterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text", "created_at"]
    search_fields = ["text"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "is_default", "routing_order", "sla_hours"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit log: visible to staff, never editable or deletable."""

    list_display = ["created_at", "action", "actor", "from_state", "to_state", "article", "claim"]
    list_filter = ["action"]
    list_select_related = ["actor", "article", "claim"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
