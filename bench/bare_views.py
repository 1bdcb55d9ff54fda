"""A bare Django view: the same rows, the same size of JSON, none of the API's machinery.

No DRF, serializers, throttling, ETag or cache headers: one query over the newest published
fact-checks and ``json.dumps``. ``rows`` is how many fact-checks to read, ``size`` the byte
length to pad the answer to, so it matches the public endpoint it is compared with.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from reviews.models import Review
from reviews.public_selectors import PUBLIC_STATES

FIELDS = ("id", "claim_id", "conclusion", "explanation", "published_at", "claim__text")


def bare_fact_checks(request: HttpRequest) -> HttpResponse:
    rows = min(int(request.GET.get("rows", "20")), 100)
    size = int(request.GET.get("size", "0"))
    items = list(
        Review.objects.filter(state__in=PUBLIC_STATES)
        .order_by("-published_at", "-id")
        .values(*FIELDS)[:rows]
    )
    body = json.dumps({"results": items}, default=str)
    padding = size - len(body) - len(', "pad": ""')
    if padding > 0:
        body = body[:-1] + ', "pad": "' + "x" * padding + '"}'
    return HttpResponse(body, content_type="application/json")
