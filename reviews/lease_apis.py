"""Lease APIs: next claim of a queue, release, skip, extend."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Queue
from factcheck.api.serializers import StrictInputSerializer, TextField
from reviews import leases
from reviews.api_helpers import actor_of, claim_get
from reviews.serializers import LeasedClaimOutputSerializer


class ClaimLeaseNextApi(APIView):
    """Lease the queue's most urgent free claim (overdue first, then by priority)."""

    @extend_schema(
        request=None,
        responses={
            200: LeasedClaimOutputSerializer,
            204: OpenApiResponse(description="No free claim in this queue."),
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        queue = get_object_or_404(Queue, slug=slug)
        claim = leases.claim_lease_next(queue=queue, reviewer=actor_of(request))
        if claim is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(LeasedClaimOutputSerializer(claim).data)


class ClaimLeaseReleaseApi(APIView):
    """Give a leased claim back to its queue."""

    @extend_schema(request=None, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        claim = leases.claim_lease_release(claim=claim_get(pk), reviewer=actor_of(request))
        return Response(LeasedClaimOutputSerializer(claim).data)


class ClaimLeaseSkipApi(APIView):
    """Give a leased claim back with a reason; it is not offered to you again."""

    class SkipInputSerializer(StrictInputSerializer):
        reason = TextField(max_length=500)

    @extend_schema(request=SkipInputSerializer, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.SkipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = leases.claim_lease_skip(
            claim=claim_get(pk), reviewer=actor_of(request), reason=data.validated_data["reason"]
        )
        return Response(LeasedClaimOutputSerializer(claim).data)


class ClaimLeaseExtendApi(APIView):
    """Renew your lease on a claim for a full lease period from now."""

    @extend_schema(request=None, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        claim = leases.claim_lease_extend(claim=claim_get(pk), reviewer=actor_of(request))
        return Response(LeasedClaimOutputSerializer(claim).data)
