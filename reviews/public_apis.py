"""The public read API: published fact-checks and their ClaimReview, for anyone, no login.

Anonymous callers are throttled per address (429 with Retry-After). Every answer carries an
ETag, a Last-Modified where one is known, and Cache-Control, and a revalidation that finds
nothing changed is a 304 without a body. The server keeps each 200 answer until a public
fact-check changes (factcheck/public_cache.py); a stored answer is sent after the throttle,
with the same body and headers, and revalidated the same way.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer
from factcheck.api.throttling import PublicRateThrottle
from factcheck.public_cache import Lookup, StoredAnswer, answer_lookup, answer_store
from reviews import public_selectors
from reviews.claimreview import claimreview_build
from reviews.models import Review, ReviewState
from reviews.public_rows import fact_check_rows
from reviews.public_serializers import FactCheckDetailSerializer, FactCheckSerializer, page_url


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class PublicCursorPagination(CursorPagination):
    """Newest first; a cursor stays valid while new fact-checks arrive."""

    ordering = ("-published_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except Exception:  # DRF answers a bad cursor with 404; it is a bad parameter
            raise ValidationError({"cursor": ["Not a cursor this API gave out."]}) from None


class PublicApi(APIView):
    """Anonymous, throttled, cacheable, conditional GET.

    It reads no credentials, so every caller gets the same answer and one cached answer serves
    them all. A ``get`` decorated with ``public_cached`` is answered from the server's cache.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    last_modified: datetime | None = None
    lookup: Lookup | None = None  # set by public_cached: where this answer is stored

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        answer = self.lookup.answer if self.lookup else None
        if answer is None:
            response.render()
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            timestamp = None
            if self.last_modified is not None:
                timestamp = int(self.last_modified.timestamp())
                response["Last-Modified"] = http_date(timestamp)
            answer = StoredAnswer(
                content=response.content,
                headers=tuple(response.items()),
                etag=etag,
                last_modified=timestamp,
            )
            answer_store(self.lookup, answer)
        conditional = (
            get_conditional_response(
                request, etag=answer.etag, last_modified=answer.last_modified, response=response
            )
            or response
        )
        if conditional is not response:
            conditional["ETag"] = answer.etag
            patch_cache_control(conditional, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return conditional

    def site(self) -> str:
        return public_selectors.site_url(self.request)


Handler = Callable[..., Any]


def public_cached(get: Handler) -> Handler:
    """Answer a PublicApi ``get`` from the server's cache when it holds this answer.

    A handler runs after the throttle and content negotiation, so both still apply to every
    request; the key includes the negotiated media type (``Accept``, ``?format=``). Only 200
    answers are stored (PublicApi.finalize_response).
    """

    @functools.wraps(get)
    def cached_get(view: PublicApi, request: Request, *args: Any, **kwargs: Any) -> Any:
        view.lookup = answer_lookup(request=request, variant=request.accepted_media_type)
        if view.lookup and view.lookup.answer:
            return view.lookup.answer.response()
        return get(view, request, *args, **kwargs)

    return cached_get


class FactCheckQuerySerializer(StrictInputSerializer):
    """The list's query parameters; an unknown one is a 400, not silently ignored."""

    DATES = ["iso-8601", "%Y-%m-%d"]

    rating = serializers.SlugField(required=False, help_text="A rating slug, e.g. false.")
    queue = serializers.SlugField(required=False, help_text="A queue (desk/topic) slug.")
    published_after = serializers.DateTimeField(required=False, input_formats=DATES)
    published_before = serializers.DateTimeField(required=False, input_formats=DATES)
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, max_length=200, help_text="A publisher that carried the claim."
    )
    entity = serializers.CharField(
        required=False, max_length=200, help_text="A named entity of the claim."
    )
    q = serializers.CharField(required=False, max_length=200, help_text="Words to search for.")
    updated_since = serializers.DateTimeField(
        required=False, input_formats=DATES, help_text="Changed since then (incremental sync)."
    )
    cursor = serializers.CharField(required=False, max_length=500)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


def _query(request: Request) -> public_selectors.FactCheckFilters:
    data = FactCheckQuerySerializer(data=request.query_params.dict())
    data.is_valid(raise_exception=True)
    values = {k: v for k, v in data.validated_data.items() if k not in ("cursor", "page_size")}
    return public_selectors.FactCheckFilters(**values)


class FactCheckPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    next = serializers.URLField(allow_null=True, help_text="The next page, older fact-checks.")
    previous = serializers.URLField(allow_null=True)
    results = FactCheckSerializer(many=True)


class FactCheckListApi(KnownQueryParams, PublicApi):
    """Published, corrected and retracted fact-checks, newest first (no login needed)."""

    query_params_known = tuple(FactCheckQuerySerializer().fields)

    def queryset(self) -> QuerySet[Review]:
        return public_selectors.fact_checks_filter(
            public_selectors.fact_checks_page(), by=_query(self.request)
        )

    def page(self, queryset: QuerySet[Any]) -> tuple[PublicCursorPagination, list[Any]]:
        """Return the paginator and this page's rows: reviews, or dicts of a ``values()`` query."""
        paginator = PublicCursorPagination()
        rows = paginator.paginate_queryset(queryset, self.request, view=self) or []
        self.last_modified = max(
            (r["updated_at"] if isinstance(r, dict) else r.updated_at for r in rows), default=None
        )
        return paginator, rows

    @extend_schema(
        operation_id="public_fact_checks_list",
        parameters=[FactCheckQuerySerializer],
        responses={200: FactCheckPageSerializer},
    )
    @public_cached
    def get(self, request: Request) -> Response:
        paginator, page = self.page(self.queryset())
        rows = public_selectors.fact_checks_rows([p["id"] for p in page])
        # Plain dicts, the same JSON as FactCheckSerializer (public_rows says why).
        return paginator.get_paginated_response(fact_check_rows(rows, site=self.site()))


class FactCheckDetailApi(PublicApi):
    """One public fact-check with its evidence and every version (no login needed)."""

    def review(self, pk: int) -> Review:
        review = public_selectors.fact_check_get(claim_id=pk)
        if review is None:
            raise Http404
        self.last_modified = review.updated_at
        return review

    @extend_schema(
        operation_id="public_fact_checks_retrieve", responses={200: FactCheckDetailSerializer}
    )
    @public_cached
    def get(self, request: Request, pk: int) -> Response:
        review = self.review(pk)
        return Response(FactCheckDetailSerializer(review, context={"site": self.site()}).data)


def claimreview_of(review: Review, *, site: str, request: Request | None) -> dict[str, Any]:
    """Return the ClaimReview of a loaded live fact-check."""
    return claimreview_build(
        review=review,
        first_published_at=review.first_published_at,  # type: ignore[attr-defined]
        appearances=public_selectors.appearances(review),
        page_url=page_url(site=site, claim_id=review.claim_id),
        publisher=public_selectors.publisher(request),
    )


class FactCheckClaimReviewApi(FactCheckDetailApi):
    """The fact-check as schema.org ClaimReview JSON-LD (410 once retracted)."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Any:
        if response.status_code != 200:  # errors are the API's usual JSON, not JSON-LD
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="public_fact_checks_claimreview",
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            410: OpenApiResponse(description="The fact-check was retracted."),
        },
    )
    @public_cached
    def get(self, request: Request, pk: int) -> Response:
        review = self.review(pk)
        if review.state == ReviewState.RETRACTED:
            return Response(
                {"error": {"code": "gone", "message": "This fact-check was retracted."}},
                status=410,
            )
        return Response(claimreview_of(review, site=self.site(), request=request))


class ClaimReviewFeedApi(FactCheckListApi):
    """Every live fact-check as ClaimReview JSON-LD, newest first, for aggregators."""

    class ClaimReviewPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
        next = serializers.URLField(allow_null=True)
        previous = serializers.URLField(allow_null=True)
        results = serializers.ListField(child=serializers.DictField(), help_text="ClaimReview")

    def queryset(self) -> QuerySet[Review]:
        return public_selectors.fact_checks_filter(
            public_selectors.fact_checks_claimreview(), by=_query(self.request)
        ).filter(state=ReviewState.PUBLISHED)

    @extend_schema(
        operation_id="public_claimreviews_list",
        parameters=[FactCheckQuerySerializer],
        responses={200: ClaimReviewPageSerializer},
    )
    @public_cached
    def get(self, request: Request) -> Response:
        paginator, rows = self.page(self.queryset())
        site = self.site()
        data = [claimreview_of(r, site=site, request=request) for r in rows]
        return paginator.get_paginated_response(data)


def fact_checks_last_modified() -> datetime | None:
    """Return when any public fact-check last changed (for the index page and feeds)."""
    return public_selectors.fact_checks().aggregate(last=Max("updated_at"))["last"]
