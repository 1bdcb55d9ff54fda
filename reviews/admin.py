"""Admin for claims and verdicts (workflow through actions), ratings, evidence and dismissals.

Nothing here edits a workflow field. Claims and verdicts are shown read-only; every change is
an admin action that calls the same service as the API (``reviews.boosts``, ``reviews.leases``,
``reviews.research``, ``reviews.queue_moves``, ``reviews.verdicts``), row by row, and reports
what it did or the service's reason for refusing. The services check the roles, lock the rows
and write the audit log, so this door has no rule of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV

from claims.admin import admin_link, audit_log_link
from claims.admin_actions import input_missing, rows_apply
from claims.models import Claim, ClaimStatus, Queue
from factcheck.errors import IllegalTransition
from reviews import verdicts
from reviews.boosts import claim_boost
from reviews.leases import claim_lease_revoke
from reviews.models import Dismissal, DismissalReason, Evidence, Rating, Review, ReviewState
from reviews.queue_moves import claim_queue_move
from reviews.ratings import rating_change, rating_create
from reviews.research import claim_dismiss_candidate

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _editor(request: HttpRequest) -> User:
    """The signed-in staff member acting (the admin only lets authenticated staff in)."""
    return cast("User", request.user)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Visible to staff; changed only through the workflow services."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Claims -------------------------------------------------------------------------------------


class ClaimResource(resources.ModelResource):
    """The claims CSV: one row per claim, with its article and where it waits."""

    queue = fields.Field(attribute="queue__slug", column_name="queue")
    article_title = fields.Field(attribute="article__title", column_name="article_title")
    article_url = fields.Field(attribute="article__url", column_name="article_url")
    article_source = fields.Field(attribute="article__source", column_name="article_source")
    leased_by = fields.Field(attribute="leased_by__username", column_name="leased_by")

    class Meta:
        model = Claim
        fields = (
            "id",
            "text",
            "status",
            "queue",
            "priority",
            "score",
            "claim_type",
            "article",
            "article_title",
            "article_url",
            "article_source",
            "start",
            "end",
            "cluster",
            "previously_checked",
            "leased_by",
            "lease_expires_at",
            "due_at",
            "created_at",
        )
        export_order = fields


class ClaimActionForm(ActionForm):
    """The inputs the claim actions take, shown in the action bar."""

    queue = forms.ModelChoiceField(Queue.objects.order_by("name"), required=False)
    amount = forms.FloatField(required=False, help_text="Boost (negative lowers).")
    dismissal_reason = forms.ChoiceField(
        choices=[("", "dismissal reason"), *DismissalReason.choices], required=False
    )
    note = forms.CharField(required=False, max_length=300, help_text="Reason or note.")


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Overdue")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "yes":
            return queryset
        return queryset.filter(status=ClaimStatus.CANDIDATE, due_at__lt=timezone.now())


@admin.register(Claim)
class ClaimAdmin(ExportMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Claims in review order; every change is an action calling a workflow service."""

    list_display = [
        "id",
        "text_short",
        "status",
        "queue",
        "priority_shown",
        "score_shown",
        "claim_type",
        "leased_by",
        "lease_expires_at",
        "due_at",
        "article_column",
    ]
    list_display_links = ["id", "text_short"]
    list_filter = ["status", "queue", "claim_type", OverdueFilter]
    search_fields = ["text", "id__exact"]
    search_help_text = "Claim text or id."
    list_select_related = ["article", "queue", "leased_by"]
    date_hierarchy = "created_at"
    ordering = ["-priority", "id"]
    show_full_result_count = False
    action_form = ClaimActionForm
    actions = ["move_to_queue", "boost", "revoke_lease", "dismiss"]
    resource_classes = [ClaimResource]
    formats = [CSV]
    skip_export_form = True
    readonly_fields = ["audit_log", "reviews_link"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*(f.name for f in Claim._meta.fields if f.name != "id"), *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        related = ["article", "queue", "leased_by", "cluster", "previously_checked"]
        return super().get_queryset(request).select_related(*related)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims come from extraction

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # workflow fields change only through the actions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Claim")
    def text_short(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"

    @admin.display(description="Priority", ordering="priority")
    def priority_shown(self, obj: Claim) -> str:
        return f"{obj.priority:.2f}"

    @admin.display(description="Score", ordering="score")
    def score_shown(self, obj: Claim) -> str:
        return f"{obj.score:.2f}"

    @admin.display(description="Article")
    def article_column(self, obj: Claim) -> str:
        return admin_link(obj.article, f"{obj.article_id}: {obj.article}")

    @admin.display(description="History")
    def audit_log(self, obj: Claim) -> str:
        return audit_log_link(claim=obj)

    @admin.display(description="Verdicts")
    def reviews_link(self, obj: Claim) -> str:
        url = reverse("admin:reviews_review_changelist")
        return format_html('<a href="{}?claim={}">Verdicts of this claim</a>', url, obj.pk)

    def _inputs(self, request: HttpRequest) -> dict[str, Any]:
        form = ClaimActionForm(request.POST)
        form.is_valid()
        return form.cleaned_data

    def _apply(self, request: HttpRequest, queryset: QuerySet[Claim], service: Any) -> None:
        rows_apply(
            model_admin=self,
            request=request,
            rows=queryset.order_by("pk"),
            label=lambda c: f"Claim {c.pk}",
            service=service,
        )

    @admin.action(description="Move to the queue chosen")
    def move_to_queue(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        queue = self._inputs(request).get("queue")
        if queue is None:
            return input_missing(model_admin=self, request=request, name="the queue")

        def move(claim: Claim) -> str:
            was = claim.queue.name
            claim_queue_move(claim=claim, queue=queue, editor=_editor(request))
            return f"moved from {was} to {queue.name}."

        self._apply(request, queryset, move)

    @admin.action(description="Boost priority by the amount given")
    def boost(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        inputs = self._inputs(request)
        amount, note = inputs.get("amount"), inputs.get("note", "")
        if amount is None:
            return input_missing(model_admin=self, request=request, name="the amount")

        def boost(claim: Claim) -> str:
            boosted = claim_boost(claim=claim, editor=_editor(request), amount=amount, reason=note)
            return (
                f"boosted by {amount:+g}; priority {claim.priority:.2f} → {boosted.priority:.2f}."
            )

        self._apply(request, queryset, boost)

    @admin.action(description="Revoke the lease (back to its queue)")
    def revoke_lease(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        note = self._inputs(request).get("note", "")

        def revoke(claim: Claim) -> str:
            holder = claim.leased_by
            claim_lease_revoke(claim=claim, editor=_editor(request), reason=note)
            return f"lease of {holder} revoked; the claim is back in {claim.queue.name}."

        self._apply(request, queryset, revoke)

    @admin.action(description="Dismiss waiting claims with the reason chosen")
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        inputs = self._inputs(request)
        reason, note = inputs.get("dismissal_reason"), inputs.get("note", "")
        if not reason:
            return input_missing(model_admin=self, request=request, name="the dismissal reason")

        def dismiss(claim: Claim) -> str:
            claim_dismiss_candidate(claim=claim, editor=_editor(request), reason=reason, note=note)
            return f"dismissed ({DismissalReason(reason).label})."

        self._apply(request, queryset, dismiss)


# Verdicts -----------------------------------------------------------------------------------


class FactCheckResource(resources.ModelResource):
    """The fact-checks CSV: one row per published verdict, with its claim and article."""

    claim_text = fields.Field(attribute="claim__text", column_name="claim_text")
    rating_label = fields.Field(attribute="rating__label", column_name="rating")
    rating_value = fields.Field(attribute="rating__value", column_name="rating_value")
    author = fields.Field(attribute="author__username", column_name="author")
    approver = fields.Field(attribute="approver__username", column_name="approver")
    article_url = fields.Field(attribute="claim__article__url", column_name="article_url")
    article_source = fields.Field(attribute="claim__article__source", column_name="article_source")

    class Meta:
        model = Review
        fields = (
            "id",
            "claim",
            "claim_text",
            "version",
            "rating_label",
            "rating_value",
            "conclusion",
            "explanation",
            "author",
            "approver",
            "published_at",
            "correction_reason",
            "article_url",
            "article_source",
        )
        export_order = fields


class ReviewActionForm(ActionForm):
    """The inputs of a correction or retraction, shown in the action bar."""

    reason = forms.CharField(required=False, max_length=500, help_text="Why (required).")
    rating = forms.ModelChoiceField(
        Rating.objects.filter(is_active=True), required=False, empty_label="same rating"
    )
    conclusion = forms.CharField(required=False, max_length=300, help_text="New conclusion.")


@admin.register(Review)
class ReviewAdmin(ExportMixin, ReadOnlyAdmin):
    """Verdicts, read-only; published ones are corrected or retracted by action.

    A correction is proposed by one editor and published when a second editor, who wrote no
    version of the text, approves it (the same rule as the API's).

    Export gives the published fact-checks of the current filter as CSV.
    """

    list_display = [
        "id",
        "claim_column",
        "version",
        "state",
        "rating",
        "conclusion",
        "author",
        "approver",
        "published_at",
    ]
    list_filter = ["state", "rating", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["conclusion", "claim__text", "claim__id__exact"]
    list_select_related = ["claim", "rating", "author", "approver"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    action_form = ReviewActionForm
    actions = ["correct", "approve_correction", "retract"]
    resource_classes = [FactCheckResource]
    formats = [CSV]
    skip_export_form = True

    @admin.display(description="Claim")
    def claim_column(self, obj: Review) -> str:
        return admin_link(obj.claim, f"{obj.claim_id}: {obj.claim}")

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return (
            super()
            .get_export_queryset(request)
            .filter(state=ReviewState.PUBLISHED)
            .select_related("claim__article", "rating", "author", "approver")
        )

    def get_export_filename(self, request: HttpRequest, queryset: Any, file_format: Any) -> str:
        return f"fact-checks-{timezone.now():%Y-%m-%d}.csv"

    def _inputs(self, request: HttpRequest) -> dict[str, Any]:
        form = ReviewActionForm(request.POST)
        form.is_valid()
        return form.cleaned_data

    @admin.action(description="Propose a correction (reason; new rating or conclusion)")
    def correct(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        inputs = self._inputs(request)
        reason = inputs.get("reason", "")
        if not reason:
            return input_missing(model_admin=self, request=request, name="the reason")

        def correct(review: Review) -> str:
            new = verdicts.review_correct(
                review=review,
                editor=_editor(request),
                reason=reason,
                rating=inputs.get("rating"),
                conclusion=inputs.get("conclusion") or None,
            )
            return (
                f"correction proposed: version {new.version} replaces {review.version} once "
                "a second editor approves it."
            )

        rows_apply(
            model_admin=self,
            request=request,
            rows=queryset.order_by("pk"),
            label=lambda r: f"Verdict {r.pk} (claim {r.claim_id})",
            service=correct,
        )

    @admin.action(description="Approve proposed corrections (publishes them)")
    def approve_correction(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        def approve(review: Review) -> str:
            if review.state != ReviewState.PROPOSED:
                raise IllegalTransition(f"it is {review.state}, not a proposed correction.")
            published = verdicts.review_approve(review=review, editor=_editor(request))
            return f"correction published: version {published.version}."

        rows_apply(
            model_admin=self,
            request=request,
            rows=queryset.order_by("pk"),
            label=lambda r: f"Verdict {r.pk} (claim {r.claim_id})",
            service=approve,
        )

    @admin.action(description="Retract published verdicts (reason)")
    def retract(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        reason = self._inputs(request).get("reason", "")
        if not reason:
            return input_missing(model_admin=self, request=request, name="the reason")

        def retract(review: Review) -> str:
            verdicts.review_retract(review=review, editor=_editor(request), reason=reason)
            return "retracted."

        rows_apply(
            model_admin=self,
            request=request,
            rows=queryset.order_by("pk"),
            label=lambda r: f"Verdict {r.pk} (claim {r.claim_id})",
            service=retract,
        )


# The rating scale, evidence, dismissals -----------------------------------------------------


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The rating scale; changes go through ``reviews.ratings``. Retire a rating, never delete."""

    list_display = ["label", "slug", "value", "best_value", "worst_value", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["label", "slug"]
    prepopulated_fields = {"slug": ("label",)}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # published verdicts point at their rating

    def save_model(self, request: HttpRequest, obj: Rating, form: Any, change: bool) -> None:
        if change:
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            rating_change(rating=obj, actor=request.user, values=values)
            return
        values = {name: form.cleaned_data[name] for name in form.fields}
        obj.pk = rating_create(actor=request.user, values=values).pk


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["id", "claim_column", "stance", "title", "publisher", "added_by", "created_at"]
    list_filter = ["stance"]
    search_fields = ["url", "title", "publisher", "claim__id__exact"]
    list_select_related = ["claim", "added_by"]
    date_hierarchy = "created_at"

    @admin.display(description="Claim")
    def claim_column(self, obj: Evidence) -> str:
        return admin_link(obj.claim, f"{obj.claim_id}: {obj.claim}")


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ["id", "claim_column", "reason", "duplicate_of", "dismissed_by", "created_at"]
    list_filter = ["reason"]
    search_fields = ["note", "claim__id__exact"]
    list_select_related = ["claim", "duplicate_of", "dismissed_by"]
    date_hierarchy = "created_at"

    @admin.display(description="Claim")
    def claim_column(self, obj: Dismissal) -> str:
        return admin_link(obj.claim, f"{obj.claim_id}: {obj.claim}")


from reviews import webhook_admin  # noqa: E402, F401 (webhook subscriptions and deliveries)
