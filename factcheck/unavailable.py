"""Answer 503 (retry later) when the database is unreachable, instead of a 500 page.

A database restart is an outage, not a bug: clients and load balancers should retry, and
nothing about our code needs to show. Django keeps serving once the database is back,
because ``CONN_HEALTH_CHECKS`` replaces the broken connection on the next request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """Turn database connection errors raised by a view into a plain 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        message = "The service is briefly unavailable; retry in a few seconds."
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": {"code": "unavailable", "message": message}}, status=503
            )
        else:
            response = HttpResponse(message, content_type="text/plain", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
