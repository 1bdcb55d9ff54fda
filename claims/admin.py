"""Admin for articles, clusters and queues, and the audit log (read-only).

Every change goes through a service that records it in the audit log: submitting and editing
articles, extracting them again, relabelling clusters, creating and changing queues. Claims
are administered from ``reviews.admin``, because their actions (move, boost, revoke, dismiss)
are the review workflow's services, one floor up.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from claims import services
from claims.admin_actions import rows_apply
from claims.clusters import cluster_change
from claims.models import Article, Claim, ClaimCluster, ClaimStatus, Event, Queue
from claims.queues import queue_change, queue_create


def admin_link(obj: Any, text: str | None = None) -> str:
    """Return a link to ``obj``'s admin page ("-" for None)."""
    if obj is None:
        return "-"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or str(obj))


def audit_log_link(*, claim: Claim | None = None, article: Article | None = None) -> str:
    """Return a link to the audit log filtered to one claim or one article."""
    url = reverse("admin:claims_event_changelist")
    if claim is not None:
        return format_html('<a href="{}?claim={}">Audit log of this claim</a>', url, claim.pk)
    assert article is not None
    return format_html('<a href="{}?article={}">Audit log of this article</a>', url, article.pk)


def _count_of(model: Any, *, by: str, **filters: Any) -> Coalesce:
    """Count ``model`` rows whose ``by`` is the outer row, as a subquery for the rows shown."""
    counted = (
        model.objects.filter(**{by: OuterRef("pk")}, **filters)
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ClaimInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Claim
    fields = ("text", "score", "claim_type", "status", "queue")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("queue")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "id",
        "title",
        "source",
        "language",
        "extraction_status",
        "extractor_version",
        "created_at",
    ]
    list_display_links = ["id", "title"]
    list_filter = ["extraction_status", "language"]
    search_fields = ["title", "url", "source", "id__exact"]
    search_help_text = "Title, URL, source or id."
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [
        "content_hash",
        "detected_language",
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
        "audit_log",
    ]
    inlines = [ClaimInline]
    actions = ["extract_again"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # claims and the audit log point at articles; nothing is deleted

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The body is fixed once submitted: its claims' offsets point into it.
        return [*self.readonly_fields, "body"] if obj else self.readonly_fields

    @admin.display(description="History")
    def audit_log(self, obj: Article) -> str:
        return audit_log_link(article=obj) if obj.pk else "-"

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change:
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            services.article_edit(article=obj, actor=request.user, values=values)
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
            self.message_user(request, "This text was already submitted.", "warning")

    @admin.action(description="Extract again (retry failed, re-extract done)")
    def extract_again(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        def extract(article: Article) -> str:
            was = article.extraction_status
            state = services.article_reextract(article=article, actor=request.user)
            return f"extraction queued again (was {was}, now {state})."

        rows_apply(
            model_admin=self,
            request=request,
            rows=queryset.order_by("pk"),
            label=lambda a: f"Article {a.pk}",
            service=extract,
        )


@admin.register(ClaimCluster)
class ClaimClusterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Clusters are made by matching; only their label is edited here."""

    list_display = ["id", "text", "claim_count", "created_at"]
    search_fields = ["text", "id__exact"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ["text", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [ClaimInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClaimCluster]:
        return super().get_queryset(request).annotate(claim_count=_count_of(Claim, by="cluster"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, obj: Any) -> int:
        return int(obj.claim_count)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ClaimCluster, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        cluster_change(cluster=obj, actor=request.user, values=values)


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Queues are created and changed through ``claims.queues``; none is ever deleted."""

    list_display = ["name", "slug", "is_default", "routing_order", "sla_hours", "waiting"]
    list_filter = ["is_default"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    ordering = ["routing_order", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Queue]:
        waiting = _count_of(Claim, by="queue", status=ClaimStatus.CANDIDATE)
        return super().get_queryset(request).annotate(waiting=waiting)

    @admin.display(description="Waiting claims", ordering="waiting")
    def waiting(self, obj: Any) -> int:
        return int(obj.waiting)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # claims and their history point at queues

    def save_model(self, request: HttpRequest, obj: Queue, form: Any, change: bool) -> None:
        if change:
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            queue_change(queue=obj, actor=request.user, values=values)
            return
        values = {name: form.cleaned_data[name] for name in form.fields}
        obj.pk = queue_create(actor=request.user, values=values).pk


class IdFilter(admin.SimpleListFilter):
    """Filter the audit log to one claim or article by id (``?claim=12``), linked from rows."""

    field = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        chosen = self.value()
        return [(chosen, f"{str(self.title).capitalize()} {chosen}")] if chosen else []

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        chosen = self.value()
        if chosen is None:
            return queryset
        if not chosen.isdigit():
            return queryset.none()
        return queryset.filter(**{f"{self.field}_id": int(chosen)})


class ClaimIdFilter(IdFilter):
    title = parameter_name = field = "claim"


class ArticleIdFilter(IdFilter):
    title = parameter_name = field = "article"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit log: browsable and filterable, never added to, changed or deleted here."""

    list_display = [
        "created_at",
        "action",
        "actor",
        "from_state",
        "to_state",
        "article_column",
        "claim_column",
        "changes_short",
    ]
    list_filter = [
        "action",
        ("actor", admin.RelatedFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
        ClaimIdFilter,
        ArticleIdFilter,
    ]
    search_fields = ["=actor__username"]
    search_help_text = "An actor's exact user name. Filter by claim or article from its links."
    list_select_related = ["actor", "article", "claim"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    show_full_result_count = False

    @admin.display(description="Article")
    def article_column(self, obj: Event) -> str:
        if obj.article_id is None:
            return "-"
        url = reverse("admin:claims_event_changelist")
        return format_html('<a href="{}?article={}">{}</a>', url, obj.article_id, obj.article)

    @admin.display(description="Claim")
    def claim_column(self, obj: Event) -> str:
        if obj.claim_id is None:
            return "-"
        url = reverse("admin:claims_event_changelist")
        return format_html('<a href="{}?claim={}">{}</a>', url, obj.claim_id, obj.claim)

    @admin.display(description="Changes")
    def changes_short(self, obj: Event) -> str:
        text = json.dumps(obj.changes, ensure_ascii=False) if obj.changes else ""
        return text if len(text) <= 120 else f"{text[:119]}…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
