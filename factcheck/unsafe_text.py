"""Refuse requests whose address carries text no part of the service can handle.

PostgreSQL cannot store or compare a string with a NUL in it (the driver raises, a 500), and a
lone surrogate cannot be encoded as UTF-8 at all. Every view that filters on a query
parameter (the dashboard's ``?queue=``, the admin's list filters and search, the API's
pagination) would need its own guard; one check in front of them all answers 400 instead.
Form fields and JSON bodies are checked by their fields (Django's and DRF's CharField refuse
both), so only the path and the query string are looked at here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

_UNSAFE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "The address contains a NUL character or a lone surrogate, which are not accepted."


def unsafe_text_in_address(request: HttpRequest) -> bool:
    """Return whether the request's path or any query parameter name or value is unusable."""
    if _UNSAFE.search(request.path):
        return True
    return any(
        _UNSAFE.search(key) or any(_UNSAFE.search(value) for value in values)
        for key, values in request.GET.lists()
    )


class UnsafeTextMiddleware:
    """Answer 400 (JSON in the API's error shape under /api/) to an unusable address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if unsafe_text_in_address(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": MESSAGE}}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
