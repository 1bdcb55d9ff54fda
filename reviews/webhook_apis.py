"""Webhook subscriptions API (staff only): subscribe, change, unsubscribe, read the log."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer, TextField
from reviews import webhooks
from reviews.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription


class StaffOnly(IsAdminUser):
    """Staff accounts only: a subscription sends data to a URL of the subscriber's choosing."""

    message = (
        "Webhook subscriptions are managed by staff: the editor or admin role with staff status."
    )


class WebhookSubscriptionOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    events = serializers.ListField(child=serializers.ChoiceField(WebhookEvent.choices))

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "target_url",
            "events",
            "secret",
            "description",
            "is_active",
            "disabled_reason",
            "disabled_at",
            "created_at",
        ]


class WebhookSubscriptionInputSerializer(StrictInputSerializer):
    target_url = serializers.URLField(max_length=2000)
    events = serializers.ListField(
        child=serializers.ChoiceField(WebhookEvent.choices), min_length=1, max_length=3
    )
    description = TextField(max_length=200, required=False, allow_blank=True, default="")


class WebhookSubscriptionChangeSerializer(StrictInputSerializer):
    target_url = serializers.URLField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(WebhookEvent.choices),
        min_length=1,
        max_length=3,
        required=False,
    )
    description = TextField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class WebhookListCreateApi(KnownQueryParams, APIView):
    """Every webhook subscription; POST subscribes a URL (its signing secret is in the answer)."""

    permission_classes = [StaffOnly]

    @extend_schema(responses={200: WebhookSubscriptionOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = WebhookSubscription.objects.order_by("id")
        return Response(WebhookSubscriptionOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=WebhookSubscriptionInputSerializer,
        responses={201: WebhookSubscriptionOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = WebhookSubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscription_create(
            actor=cast(User, request.user), **data.validated_data
        )
        return Response(WebhookSubscriptionOutputSerializer(subscription).data, status=201)


class WebhookDetailApi(APIView):
    """One subscription: read, change (is_active true re-enables a disabled one), delete."""

    permission_classes = [StaffOnly]

    @extend_schema(responses={200: WebhookSubscriptionOutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        return Response(WebhookSubscriptionOutputSerializer(subscription).data)

    @extend_schema(
        request=WebhookSubscriptionChangeSerializer,
        responses={200: WebhookSubscriptionOutputSerializer},
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = WebhookSubscriptionChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscription_update(
            subscription=get_object_or_404(WebhookSubscription, pk=pk), **data.validated_data
        )
        return Response(WebhookSubscriptionOutputSerializer(subscription).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        get_object_or_404(WebhookSubscription, pk=pk).delete()
        return Response(status=204)


class WebhookAttemptSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "duration_ms", "status_code", "response_body", "error"]


class WebhookDeliverySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "message_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "last_error",
            "created_at",
            "log",
        ]


class WebhookDeliveryListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """A subscription's deliveries, newest first, each with every attempt and its answer."""

    permission_classes = [StaffOnly]
    serializer_class = WebhookDeliverySerializer

    def get_queryset(self) -> Any:
        subscription = get_object_or_404(WebhookSubscription, pk=self.kwargs["pk"])
        return (
            WebhookDelivery.objects.filter(subscription=subscription)
            .prefetch_related("log")
            .order_by("-id")
        )
