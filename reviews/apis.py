"""Queue and claim reads: queues, their claims and stats, ratings, my claims, timelines."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors as claim_selectors
from claims.apis import ClaimOutputSerializer
from claims.models import Claim, Event, Queue
from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer, TextField
from reviews import boosts, selectors
from reviews.api_helpers import actor_of, claim_get
from reviews.models import Rating, Review
from reviews.serializers import (
    EventOutputSerializer,
    LeasedClaimOutputSerializer,
    RatingOutputSerializer,
    ReviewOutputSerializer,
)


class QueueOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    candidates = serializers.IntegerField(read_only=True)

    class Meta:
        model = Queue
        fields = ["id", "name", "slug", "description", "is_default", "sla_hours", "candidates"]


class QueueListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
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


class QueueClaimListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """A queue's candidate claims, highest priority first."""

    serializer_class = QueueClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        queue = get_object_or_404(Queue, slug=self.kwargs["slug"])
        return claim_selectors.queue_claims(queue_id=queue.pk)


class QueueStatsApi(APIView):
    """How many claims of a queue are in each state, how many are overdue, the oldest waiting."""

    class QueueStatsOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        queue = serializers.CharField()
        sla_hours = serializers.IntegerField(allow_null=True)
        by_status = serializers.DictField(child=serializers.IntegerField())
        overdue = serializers.IntegerField()
        oldest_candidate_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(responses={200: QueueStatsOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        queue = get_object_or_404(Queue, slug=slug)
        return Response(self.QueueStatsOutputSerializer(selectors.queue_stats(queue=queue)).data)


class RatingListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """The organisation's rating scale, in order."""

    serializer_class = RatingOutputSerializer
    queryset = Rating.objects.filter(is_active=True).order_by("position", "id")


class MyClaimListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """The claims you hold a lease on, and those whose verdict you have in flight."""

    serializer_class = LeasedClaimOutputSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        return selectors.claims_of_user(user=actor_of(self.request))


class ClaimTimelineApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """Every event of a claim, oldest first: who did what, when, from which state to which."""

    serializer_class = EventOutputSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.claim_timeline(
            claim=claim_get(self.kwargs["pk"]), viewer=actor_of(self.request)
        )


class ClaimReviewListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """Every version of a claim's verdict, oldest first; superseded versions say by which."""

    serializer_class = ReviewOutputSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.claim_reviews(
            claim=claim_get(self.kwargs["pk"]), viewer=actor_of(self.request)
        )


class ClaimBoostApi(APIView):
    """Raise (or lower, with a negative amount) a claim's priority (editors only)."""

    class BoostInputSerializer(StrictInputSerializer):
        amount = serializers.FloatField(min_value=-100, max_value=100)
        reason = TextField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(request=BoostInputSerializer, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.BoostInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = boosts.claim_boost(
            claim=claim_get(pk), editor=actor_of(request), **data.validated_data
        )
        return Response(LeasedClaimOutputSerializer(claim).data)
