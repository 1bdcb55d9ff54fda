"""Public fact-check pages: anonymous, cacheable HTML with one ClaimReview per page."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from reviews import public_selectors
from reviews.claimreview import claimreview_build
from reviews.jsonld import jsonld_script
from reviews.models import ReviewState
from reviews.public_serializers import page_url, public_status

INDEX_PAGE_SIZE = 20


def _cacheable(
    request: HttpRequest, response: HttpResponse, last_modified: datetime | None
) -> HttpResponse:
    """Add ETag, Last-Modified and Cache-Control; answer 304 when the client is up to date."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    conditional = (
        get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
        or response
    )
    patch_cache_control(conditional, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return conditional


@require_safe
def fact_check_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one fact-check: the claim, who made it, where, the verdict, evidence, versions."""
    review = public_selectors.fact_check_get(claim_id=pk)
    if review is None:
        raise Http404("No published fact-check has this number.")
    site = public_selectors.site_url(request)
    claimreview = None
    if review.state != ReviewState.RETRACTED:
        claimreview = jsonld_script(
            claimreview_build(
                review=review,
                first_published_at=review.first_published_at,  # type: ignore[attr-defined]
                appearances=public_selectors.appearances(review),
                page_url=page_url(site=site, claim_id=pk),
                publisher=public_selectors.publisher(request),
            )
        )
    context = {
        "review": review,
        "claim": review.claim,
        "status": public_status(review),
        "appearances": public_selectors.appearances(review),
        "versions": public_selectors.versions(review),
        "evidence": list(review.claim.evidence.all()),
        "claimreview": claimreview,
        "canonical": page_url(site=site, claim_id=pk),
        "publisher": public_selectors.publisher(request),
    }
    response = render(request, "public/fact_check.html", context)
    return _cacheable(request, response, review.updated_at)


@require_safe
def fact_check_index(request: HttpRequest) -> HttpResponse:
    """List the public fact-checks, newest first, twenty to a page."""
    rows = public_selectors.fact_checks().order_by("-published_at", "-id")
    page = Paginator(rows, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(review, public_status(review)) for review in page.object_list]
    last_modified = public_selectors.fact_checks_live().aggregate(last=Max("updated_at"))["last"]
    response = render(
        request,
        "public/index.html",
        {"page": page, "items": items, "publisher": public_selectors.publisher(request)},
    )
    return _cacheable(request, response, last_modified)
