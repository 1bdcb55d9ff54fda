"""The articles API: submit an article, read its extraction status and claims."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import links, selectors, services
from claims.fetching import url_problem
from claims.models import (
    Article,
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimLink,
    ExternalFactCheck,
)
from claims.text_checks import body_problem
from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer, TextField

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class ExternalFactCheckSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Another publisher's fact-check: its verdict is theirs, shown with their name and link."""

    class Meta:
        model = ExternalFactCheck
        fields = ["id", "publisher", "url", "rating_text", "review_date", "language", "claim_text"]


class AlreadyCheckedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """ "Already checked by <publisher>": a link to another publisher's fact-check."""

    link = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    score = serializers.FloatField()
    publisher = serializers.CharField(source="external.publisher")
    url = serializers.URLField(source="external.url")
    rating_text = serializers.CharField(source="external.rating_text")
    review_date = serializers.DateField(source="external.review_date", allow_null=True)


class ClaimConflictSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    other_text = serializers.CharField(source="other.text", read_only=True)
    other_article = serializers.IntegerField(source="other.article_id", read_only=True)

    class Meta:
        model = ClaimConflict
        fields = ["other", "other_text", "other_article", "subject"]


class ClaimOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    conflicts = ClaimConflictSerializer(many=True, read_only=True)
    already_checked_by = serializers.SerializerMethodField()
    queue: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "start",
            "end",
            "score",
            "claim_type",
            "numbers",
            "entities",
            "is_quote",
            "speaker",
            "status",
            "queue",
            "priority",
            "cluster",
            "previously_checked",
            "conflicts",
            "already_checked_by",
        ]

    @extend_schema_field(AlreadyCheckedSerializer(many=True))
    def get_already_checked_by(self, claim: Claim) -> list[dict[str, Any]]:
        checks = getattr(claim, "external_checks", None)
        if checks is None:
            checks = list(selectors.external_checks().filter(claim=claim))
        return list(AlreadyCheckedSerializer(checks, many=True).data)


class ArticleSummarySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "source",
            "author",
            "published_at",
            "language",
            "detected_language",
            "extraction_status",
            "created_at",
        ]


class ArticleDetailSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    claims = ClaimOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "body",
            "url",
            "source",
            "author",
            "published_at",
            "language",
            "detected_language",
            "content_hash",
            "extraction_status",
            "extraction_error",
            "extraction_note",
            "extraction_skipped",
            "extraction_attempts",
            "extraction_started_at",
            "extraction_finished_at",
            "extractor_version",
            "created_at",
            "claims",
        ]


class ArticleListSubmitApi(KnownQueryParams, generics.ListAPIView):  # type: ignore[type-arg]
    """Submit an article (``POST``) or list articles, newest first (``GET``)."""

    queryset = selectors.article_list()
    serializer_class = ArticleSummarySerializer
    # Reading needs a reviewer or editor (the default); submitters may only submit.
    role_permissions = {"POST": ("submit_article", "submit articles")}
    throttle_scope = "submit"  # submissions have their own, tighter rate per account

    @extend_schema_serializer(component_name="ArticleSubmit")
    class InputSerializer(StrictInputSerializer):
        """A body to extract from, or only a ``url`` whose page is fetched and extracted."""

        title = TextField(max_length=500, required=False, allow_blank=True)
        body = TextField(trim_whitespace=False, required=False)
        url = serializers.URLField(
            max_length=2000,
            required=False,
            allow_blank=True,
            validators=[
                RegexValidator(r"^(https?://|$)", "Only http and https URLs are accepted.")
            ],
        )
        # "source" shadows Field.source in the type stubs only; DRF reads declared fields first.
        source = TextField(  # type: ignore[assignment]
            max_length=200, required=False, allow_blank=True
        )
        author = TextField(max_length=200, required=False, allow_blank=True)
        published_at = serializers.DateTimeField(required=False, allow_null=True)
        language = TextField(
            max_length=16,
            required=False,
            default="en",
            validators=[RegexValidator(_LANGUAGE, "Use a language tag such as 'en' or 'pt-BR'.")],
        )

        def validate_body(self, value: str) -> str:
            problem = body_problem(value)
            if problem:
                raise serializers.ValidationError(problem)
            return value

        def validate_language(self, value: str) -> str:
            return value.lower()

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "body" in attrs:
                return attrs
            url = attrs.get("url", "")
            if not url:
                message = "This field is required unless a url is given to fetch the article from."
                raise serializers.ValidationError({"body": [message]})
            problem = url_problem(url, allow_loopback=settings.FETCH_ALLOW_LOOPBACK)
            if problem:
                raise serializers.ValidationError({"url": [problem]})
            return attrs

    @extend_schema_serializer(component_name="ArticleSubmitted")
    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        id = serializers.IntegerField()
        extraction_status = serializers.CharField()
        created = serializers.BooleanField()
        url = serializers.CharField(help_text="Where to read the article and its claims.")

    @extend_schema(
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            200: OpenApiResponse(OutputSerializer, description="Same body already submitted."),
        },
    )
    def post(self, request: Request) -> Response:
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 (factcheck.api.errors).
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if "body" in serializer.validated_data:
            article, created = services.article_submit(
                submitted_by=request.user, **serializer.validated_data
            )
        else:
            # URL only: 201 with extraction_status "fetching"; the page is fetched by a task.
            article, created = services.article_submit_url(
                submitted_by=request.user, **serializer.validated_data
            )
        payload: dict[str, Any] = {
            "id": article.pk,
            "extraction_status": article.extraction_status,
            "created": created,
            "url": request.build_absolute_uri(f"/api/v1/articles/{article.pk}/"),
        }
        return Response(
            self.OutputSerializer(payload).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ArticleDetailApi(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """An article with its extraction status and extracted claims."""

    queryset = selectors.article_with_claims()
    serializer_class = ArticleDetailSerializer


class ClusterClaimSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "status", "score", "article"]


class ClusterDetailSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    claims = ClusterClaimSerializer(many=True, read_only=True)

    class Meta:
        model = ClaimCluster
        fields = ["id", "text", "created_at", "claims"]


class ClusterDetailApi(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """One checkable statement and every article that carries it."""

    queryset = selectors.cluster_with_claims()
    serializer_class = ClusterDetailSerializer


class ClaimLinkSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    other_text = serializers.CharField(source="other.text", read_only=True, default=None)
    other_article = serializers.IntegerField(
        source="other.article_id", read_only=True, default=None
    )
    external = ExternalFactCheckSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "claim",
            "kind",
            "status",
            "model",
            "score",
            "other",
            "other_text",
            "other_article",
            "external",
            "decided_at",
            "created_at",
        ]


class ClaimMatchListApi(generics.ListAPIView):  # type: ignore[type-arg]
    """A claim's matches: suggested, confirmed and rejected, best first (reviewer or editor)."""

    serializer_class = ClaimLinkSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        claim = get_object_or_404(Claim, pk=self.kwargs["pk"])
        return selectors.claim_links_for(claim=claim)


class _ClaimLinkDecideApi(generics.GenericAPIView):  # type: ignore[type-arg]
    queryset = ClaimLink.objects.all()
    serializer_class = ClaimLinkSerializer
    role_permissions = {"POST": ("lease_claim", "confirm or reject matches")}
    decide: Any = None

    @extend_schema(request=None, responses={200: ClaimLinkSerializer})
    def post(self, request: Request, pk: int) -> Response:
        link = type(self).decide(link=self.get_object(), user=request.user)
        return Response(ClaimLinkSerializer(link).data)


class ClaimLinkConfirmApi(_ClaimLinkDecideApi):
    """Confirm a suggested match (the claim joins the other's cluster); reviewer role."""

    decide = staticmethod(links.claim_link_confirm)


class ClaimLinkRejectApi(_ClaimLinkDecideApi):
    """Reject a match; the pair is never suggested again; reviewer role."""

    decide = staticmethod(links.claim_link_reject)
