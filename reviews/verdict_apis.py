"""Verdict APIs: save a draft, submit, approve, return, publish, correct, retract."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.serializers import SlugLookupField, StrictInputSerializer, TextField
from reviews import verdicts
from reviews.api_helpers import actor_of, claim_get, review_get
from reviews.models import Rating
from reviews.serializers import ReviewOutputSerializer


class VerdictInputSerializer(StrictInputSerializer):
    rating = SlugLookupField(
        slug_field="slug", queryset=Rating.objects.filter(is_active=True), required=False
    )
    conclusion = TextField(max_length=300, required=False, allow_blank=True)
    explanation = TextField(max_length=50_000, required=False, allow_blank=True)


class ReviewDraftSaveApi(APIView):
    """Create or update the draft verdict of the claim you hold (only the fields given)."""

    @extend_schema(request=VerdictInputSerializer, responses={200: ReviewOutputSerializer})
    def put(self, request: Request, pk: int) -> Response:
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdicts.review_draft_save(
            claim=claim_get(pk), reviewer=actor_of(request), **data.validated_data
        )
        return Response(ReviewOutputSerializer(review).data)


class ReviewSubmitApi(APIView):
    """Submit the verdict of the claim you hold for an editor's approval."""

    @extend_schema(request=VerdictInputSerializer, responses={200: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdicts.review_submit(
            claim=claim_get(pk), reviewer=actor_of(request), **data.validated_data
        )
        return Response(ReviewOutputSerializer(review).data)


class ReviewApproveApi(APIView):
    """Approve a submitted verdict, or approve and so publish a proposed correction.

    Editors only, and only one who wrote no version of the verdict's text.
    """

    @extend_schema(request=None, responses={200: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        review = verdicts.review_approve(review=review_get(pk), editor=actor_of(request))
        return Response(ReviewOutputSerializer(review).data)


class ReviewReturnApi(APIView):
    """Send a submitted verdict back to its author, or turn down a proposed correction.

    Editors only, and only one who wrote no version of the verdict's text; the comment is kept.
    """

    class ReturnInputSerializer(StrictInputSerializer):
        comment = TextField(max_length=5000)

    @extend_schema(request=ReturnInputSerializer, responses={200: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.ReturnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdicts.review_return(
            review=review_get(pk), editor=actor_of(request), comment=data.validated_data["comment"]
        )
        return Response(ReviewOutputSerializer(review).data)


class ReviewPublishApi(APIView):
    """Publish an approved verdict; claims of the same cluster are published with it."""

    @extend_schema(request=None, responses={200: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        review = verdicts.review_publish(review=review_get(pk), editor=actor_of(request))
        return Response(ReviewOutputSerializer(review).data)


class ReviewCorrectApi(APIView):
    """Propose a corrected version of a published verdict (editors).

    The new version waits as ``proposed`` while the published one stays live; another editor
    who wrote no version of the text approves it (``reviews/{id}/approve/``), which publishes
    it and keeps the old version as superseded, or returns it.
    """

    class CorrectionInputSerializer(VerdictInputSerializer):
        reason = TextField(max_length=5000)

    @extend_schema(request=CorrectionInputSerializer, responses={201: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.CorrectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdicts.review_correct(
            review=review_get(pk), editor=actor_of(request), **data.validated_data
        )
        return Response(ReviewOutputSerializer(review).data, status=201)


class ReviewRetractApi(APIView):
    """Retract a published verdict; the record stays, with the reason."""

    class RetractionInputSerializer(StrictInputSerializer):
        reason = TextField(max_length=5000)

    @extend_schema(request=RetractionInputSerializer, responses={200: ReviewOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.RetractionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdicts.review_retract(
            review=review_get(pk), editor=actor_of(request), reason=data.validated_data["reason"]
        )
        return Response(ReviewOutputSerializer(review).data)
