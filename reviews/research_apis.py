"""Research APIs: evidence on a claim under review, and dismissing it."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import (
    IntegerPrimaryKeyRelatedField,
    StrictInputSerializer,
    TextField,
)
from reviews import research
from reviews.api_helpers import actor_of, claim_get
from reviews.models import DismissalReason, Evidence, EvidenceStance
from reviews.serializers import EvidenceOutputSerializer, LeasedClaimOutputSerializer


class EvidenceInputSerializer(StrictInputSerializer):
    url = serializers.URLField(max_length=2000)
    stance = serializers.ChoiceField(choices=EvidenceStance.choices)
    title = TextField(max_length=500, required=False, allow_blank=True, default="")
    publisher = TextField(max_length=200, required=False, allow_blank=True, default="")
    quote = TextField(max_length=10_000, required=False, allow_blank=True, default="")
    archived_url = serializers.URLField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    note = TextField(max_length=10_000, required=False, allow_blank=True, default="")


class EvidenceListAddApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """List a claim's evidence (GET), or add a source to the claim you hold (POST)."""

    serializer_class = EvidenceOutputSerializer

    def get_queryset(self) -> QuerySet[Evidence]:
        claim = claim_get(self.kwargs["pk"])
        return Evidence.objects.filter(claim=claim).select_related("added_by").order_by("id")

    @extend_schema(request=EvidenceInputSerializer, responses={201: EvidenceOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = research.evidence_add(
            claim=claim_get(pk), reviewer=actor_of(request), **data.validated_data
        )
        return Response(EvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceRemoveApi(APIView):
    """Remove a source from the claim you hold."""

    @extend_schema(responses={204: OpenApiResponse(description="Removed.")})
    def delete(self, request: Request, pk: int, evidence_id: int) -> Response:
        research.evidence_remove(
            claim=claim_get(pk), evidence_id=evidence_id, reviewer=actor_of(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClaimDismissApi(APIView):
    """Dismiss the claim you hold (not check-worthy, duplicate, out of scope, opinion)."""

    class DismissInputSerializer(StrictInputSerializer):
        reason = serializers.ChoiceField(choices=DismissalReason.choices)
        note = TextField(max_length=5000, required=False, allow_blank=True, default="")
        duplicate_of = IntegerPrimaryKeyRelatedField(
            queryset=Claim.objects.all(), required=False, allow_null=True, default=None
        )

    @extend_schema(request=DismissInputSerializer, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.DismissInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = research.claim_dismiss(
            claim=claim_get(pk), reviewer=actor_of(request), **data.validated_data
        )
        return Response(LeasedClaimOutputSerializer(claim).data)
