"""Lease APIs: next claim of a queue, release, skip, extend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim, Queue
from factcheck.api.serializers import StrictInputSerializer, TextField
from reviews import leases
from reviews.api_helpers import actor_of
from reviews.serializers import LeasedClaimOutputSerializer, leased_claim_data


def _lease_end_answer(
    request: Request, pk: int, end: Callable[..., Claim], **options: Any
) -> Response:
    """Run a lease service on claim ``pk``; 404 when there is no such claim.

    The services lock the row and read it themselves, so the view does not fetch it first:
    it hands them a reference holding only the primary key (one query fewer per request).
    """
    try:
        claim = end(claim=Claim(pk=pk), reviewer=actor_of(request), **options)
    except Claim.DoesNotExist as missing:
        raise Http404("No claim matches the given query.") from missing
    return Response(leased_claim_data(claim))


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
        return Response(leased_claim_data(claim))


class ClaimLeaseReleaseApi(APIView):
    """Give a leased claim back to its queue."""

    @extend_schema(request=None, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return _lease_end_answer(request, pk, leases.claim_lease_release)


class ClaimLeaseSkipApi(APIView):
    """Give a leased claim back with a reason; it is not offered to you again."""

    class SkipInputSerializer(StrictInputSerializer):
        reason = TextField(max_length=500)

    @extend_schema(request=SkipInputSerializer, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.SkipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _lease_end_answer(
            request, pk, leases.claim_lease_skip, reason=data.validated_data["reason"]
        )


class ClaimLeaseExtendApi(APIView):
    """Renew your lease on a claim for a full lease period from now."""

    @extend_schema(request=None, responses={200: LeasedClaimOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return _lease_end_answer(request, pk, leases.claim_lease_extend)
