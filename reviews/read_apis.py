"""Single reads and the reviews-by-state list: one claim, one review, reviews by state."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims.apis import ClaimOutputSerializer
from claims.models import Claim
from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer
from reviews import review_read_selectors
from reviews.api_helpers import actor_of
from reviews.models import Review, ReviewState
from reviews.serializers import ReviewOutputSerializer


class ClaimDetailOutputSerializer(ClaimOutputSerializer):
    article_title = serializers.CharField(source="article.title", read_only=True)
    leased_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta(ClaimOutputSerializer.Meta):
        fields = [
            *ClaimOutputSerializer.Meta.fields,
            "article",
            "article_title",
            "due_at",
            "leased_by",
            "lease_expires_at",
            "created_at",
        ]


class ClaimDetailApi(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """One claim: its text and offsets, score, type, state, queue, lease and conflicts."""

    serializer_class = ClaimDetailOutputSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        return review_read_selectors.claim_detail()


class ReviewDetailApi(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """One version of a verdict; a draft only to its author and to editors."""

    serializer_class = ReviewOutputSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return review_read_selectors.review_readable(viewer=actor_of(self.request))


# Editors know a verdict waiting for them by the claim's status name (issue #14 asks for
# ?state=verdict_submitted), so that name is accepted for the review state it means.
REVIEW_STATE_ALIASES = {"verdict_submitted": ReviewState.SUBMITTED}


class ReviewListQuerySerializer(StrictInputSerializer):
    state = serializers.ChoiceField(
        choices=[*ReviewState.choices, ("verdict_submitted", "Verdict submitted")],
        required=False,
        help_text=(
            "Only verdict versions in this state, e.g. submitted (waiting for approval); "
            "verdict_submitted, the claim's status name, is an alias of submitted."
        ),
    )

    def validate_state(self, value: str) -> str:
        return REVIEW_STATE_ALIASES.get(value, value)


class ReviewListApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """Verdict versions, oldest submission first: an editor sees everyone's, a reviewer theirs."""

    serializer_class = ReviewOutputSerializer
    query_params_known = ("state",)

    def get_queryset(self) -> QuerySet[Review]:
        params = self.request.query_params
        query = ReviewListQuerySerializer(
            data={k: params[k] for k in self.query_params_known if k in params}
        )
        query.is_valid(raise_exception=True)
        return review_read_selectors.review_list(
            viewer=actor_of(self.request), state=query.validated_data.get("state")
        )

    @extend_schema(parameters=[ReviewListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
