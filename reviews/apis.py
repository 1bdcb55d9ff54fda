"""The queues API: list queues and the claims waiting in one."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers

from claims import selectors as claim_selectors
from claims.apis import ClaimOutputSerializer
from claims.models import Claim
from reviews.models import Queue


class QueueOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    candidates = serializers.IntegerField(read_only=True)

    class Meta:
        model = Queue
        fields = ["id", "name", "slug", "description", "is_default", "candidates"]


class QueueListApi(generics.ListAPIView):  # type: ignore[type-arg]
    """Every queue with how many candidate claims wait in it."""

    serializer_class = QueueOutputSerializer

    def get_queryset(self) -> QuerySet[Queue]:
        return Queue.objects.annotate(
            candidates=Count("claims", filter=Q(claims__status="candidate"))
        ).order_by("-is_default", "name")


class QueueClaimSerializer(ClaimOutputSerializer):
    article_title = serializers.CharField(source="article.title", read_only=True)

    class Meta(ClaimOutputSerializer.Meta):
        fields = [*ClaimOutputSerializer.Meta.fields, "article", "article_title"]


class QueueClaimListApi(generics.ListAPIView):  # type: ignore[type-arg]
    """A queue's candidate claims, highest priority first."""

    serializer_class = QueueClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        queue = get_object_or_404(Queue, slug=self.kwargs["slug"])
        return claim_selectors.queue_claims(queue_id=queue.pk)
