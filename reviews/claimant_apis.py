"""The claimant API: see the suggested claimant of a claim, confirm or change it."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import ClaimantKind
from factcheck.api.serializers import StrictInputSerializer, TextField
from reviews import claimants
from reviews.api_helpers import actor_of, claim_get
from reviews.public_serializers import ClaimantSerializer


class ClaimantOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    speaker = serializers.CharField(help_text="Who the extractor thinks said it (a guess).")
    claimant = ClaimantSerializer(allow_null=True, help_text="The confirmed claimant.")
    suggestion = ClaimantSerializer(
        allow_null=True, help_text="A claimant to confirm; no id when it would be new."
    )


class ClaimClaimantApi(APIView):
    """The claimant of a claim: GET the confirmed one and a suggestion, PUT to confirm/change."""

    class ClaimantInputSerializer(StrictInputSerializer):
        name = TextField(max_length=200)
        kind = serializers.ChoiceField(ClaimantKind.choices, default=ClaimantKind.PERSON)
        wikidata_id = TextField(
            max_length=20,
            required=False,
            allow_blank=True,
            default="",
            validators=[RegexValidator(r"^(Q[1-9][0-9]*)?$", "A Wikidata id looks like Q42.")],
        )
        url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")

    def _answer(self, pk: int) -> Response:
        claim = claim_get(pk)
        return Response(
            ClaimantOutputSerializer(
                {
                    "speaker": claim.speaker,
                    "claimant": claim.claimant,
                    "suggestion": claimants.claimant_suggest(claim=claim),
                }
            ).data
        )

    @extend_schema(responses={200: ClaimantOutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return self._answer(pk)

    @extend_schema(request=ClaimantInputSerializer, responses={200: ClaimantOutputSerializer})
    def put(self, request: Request, pk: int) -> Response:
        data = self.ClaimantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claimants.claim_claimant_set(
            claim=claim_get(pk), reviewer=actor_of(request), **data.validated_data
        )
        return self._answer(pk)
