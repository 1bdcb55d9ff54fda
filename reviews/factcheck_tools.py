"""Search in the shape of Google's Fact Check Tools API (``claims:search``).

A client written for https://factchecktools.googleapis.com/v1alpha1/claims:search reads this
server by changing its base URL to ``…/api/v1/factchecktools/``. Field names, paging
(``pageSize``/``pageToken``/``nextPageToken``) and the habit of leaving out empty fields follow
Google's reference; only live fact-checks are listed (Google drops retracted ones too).
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.query_params import KnownQueryParams
from factcheck.api.serializers import StrictInputSerializer
from reviews import public_selectors
from reviews.claimreview import article_date
from reviews.models import Review, ReviewState
from reviews.public_apis import PublicApi, public_cached
from reviews.public_serializers import page_url


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8
        text = ""
    kind, _, number = text.partition(":")
    if kind != "o" or not number.isdigit():
        raise ValidationError({"pageToken": ["Not a page token this API gave out."]})
    return int(number)


def _compact(value: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields, as Google's API does."""
    return {k: v for k, v in value.items() if v not in (None, "", [], {})}


class ClaimsSearchApi(KnownQueryParams, PublicApi):
    """Fact-checks in the shape of Google Fact Check Tools' claims:search (no login needed)."""

    class SearchInputSerializer(StrictInputSerializer):
        query = serializers.CharField(required=False, max_length=200, allow_blank=True)
        languageCode = serializers.CharField(required=False, max_length=16)
        reviewPublisherSiteFilter = serializers.CharField(required=False, max_length=200)
        maxAgeDays = serializers.IntegerField(required=False, min_value=1, max_value=36500)
        pageSize = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10)
        pageToken = serializers.CharField(required=False, max_length=100)
        offset = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000)
        key = serializers.CharField(required=False, help_text="Accepted and ignored.")

    query_params_known = tuple(SearchInputSerializer().fields)

    class PublisherSerializer(serializers.Serializer):  # type: ignore[type-arg]
        name = serializers.CharField()
        site = serializers.CharField()

    class ClaimReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
        publisher = serializers.DictField()
        url = serializers.URLField()
        title = serializers.CharField(required=False)
        reviewDate = serializers.DateTimeField()
        textualRating = serializers.CharField()
        languageCode = serializers.CharField(required=False)

    class ClaimSerializer(serializers.Serializer):  # type: ignore[type-arg]
        text = serializers.CharField()
        claimant = serializers.CharField(required=False)
        claimDate = serializers.DateTimeField(required=False)
        claimReview = serializers.ListField(child=serializers.DictField())

    class SearchOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        claims = serializers.ListField(child=serializers.DictField(), required=False)
        nextPageToken = serializers.CharField(required=False)

    @extend_schema(
        operation_id="public_claims_search",
        parameters=[SearchInputSerializer],
        responses={200: SearchOutputSerializer},
    )
    @public_cached
    def get(self, request: Request) -> Response:
        data = self.SearchInputSerializer(data=request.query_params.dict())
        data.is_valid(raise_exception=True)
        params = data.validated_data
        rows = public_selectors.fact_checks_filter(
            public_selectors.fact_checks().filter(state=ReviewState.PUBLISHED),
            by=public_selectors.FactCheckFilters(q=params.get("query") or None),
        ).order_by("-published_at", "-id")
        if "languageCode" in params:
            language = params["languageCode"].split("-")[0].lower()
            rows = rows.filter(claim__article__language__istartswith=language)
        if "maxAgeDays" in params:
            rows = rows.filter(
                published_at__gte=timezone.now() - timedelta(days=params["maxAgeDays"])
            )
        site = self.site()
        publisher = public_selectors.publisher(request)
        publisher_site = urlsplit(publisher.url).netloc
        site_filter = params.get("reviewPublisherSiteFilter")
        if site_filter and site_filter.lower().removeprefix("www.") != publisher_site.lower():
            rows = rows.none()
        start = _offset(params["pageToken"]) if "pageToken" in params else params.get("offset", 0)
        size = params["pageSize"]
        page = list(rows[start : start + size + 1])
        claims = [self._claim(r, site=site, name=publisher.name, host=publisher_site) for r in page]
        answer: dict[str, Any] = {"claims": claims[:size]}
        if len(page) > size:
            answer["nextPageToken"] = _token(start + size)
        return Response(_compact(answer))

    def _claim(self, review: Review, *, site: str, name: str, host: str) -> dict[str, Any]:
        claim = review.claim
        articles = public_selectors.appearances(review)
        first = min(articles, key=article_date) if articles else None
        rating = review.rating
        return _compact(
            {
                "text": claim.text,
                "claimant": claim.claimant.name if claim.claimant else None,
                "claimDate": article_date(first).isoformat() if first else None,
                "claimReview": [
                    _compact(
                        {
                            "publisher": {"name": name, "site": host},
                            "url": page_url(site=site, claim_id=review.claim_id),
                            "title": review.conclusion,
                            "reviewDate": review.published_at.isoformat()
                            if review.published_at
                            else None,
                            "textualRating": rating.label if rating else None,
                            "languageCode": claim.article.language,
                        }
                    )
                ],
            }
        )
