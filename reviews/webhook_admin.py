"""Admin for webhook subscriptions (through the webhook services) and their delivery log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from factcheck.errors import InvalidInput
from reviews import webhooks
from reviews.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription


class WebhookSubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    target_url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["target_url", "events", "description", "is_active"]

    def clean_target_url(self) -> str:
        url = str(self.cleaned_data["target_url"])
        problem = webhooks.webhook_url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = WebhookSubscriptionForm
    list_display = ["target_url", "events", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["secret", "disabled_reason", "disabled_at", "created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            if change:
                webhooks.webhook_subscription_update(
                    subscription=WebhookSubscription.objects.get(pk=obj.pk),
                    target_url=data["target_url"],
                    events=list(data["events"]),
                    description=data["description"],
                    is_active=data["is_active"],
                )
            else:
                created = webhooks.webhook_subscription_create(
                    target_url=data["target_url"],
                    events=list(data["events"]),
                    description=data["description"],
                    actor=request.user,  # type: ignore[arg-type]
                )
                obj.pk = created.pk
        except InvalidInput as exc:  # the form checked the same rules; this is a race
            self.message_user(request, exc.message, level="error")


class WebhookAttemptInline(admin.TabularInline):  # type: ignore[type-arg]
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "error",
        "response_body",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The delivery log: read-only; deliveries move only through the webhook services."""

    list_display = ["message_id", "event_type", "subscription", "status", "attempts", "created_at"]
    list_filter = ["status", "event_type"]
    inlines = [WebhookAttemptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
