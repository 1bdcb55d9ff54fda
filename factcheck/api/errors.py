"""One error shape for the whole API: ``{"error": {"code", "message", "fields"?}}``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.errors import DomainError


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the service accepts."
    default_code = "too_large"


def printable(value: Any) -> Any:
    """Return ``value`` with lone surrogates in its strings spelled as ``\\udXXX`` escapes.

    Error messages echo client input (an unknown key, a choice that is not one); a lone
    surrogate in them cannot be encoded as UTF-8, so the response itself would fail (a 500).
    """
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable(item) for item in value]
    return value


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors and DRF errors to the API's single error shape."""
    if isinstance(exc, DomainError):
        return Response(
            {"error": {"code": exc.code, "message": exc.message}}, status=exc.http_status
        )
    # Django's own 404 and 403 carry no DRF error code; give them the DRF equivalent's.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Raised wherever a view first reads request.data; Django alone would answer 400 HTML.
        exc = PayloadTooLarge(
            f"The request body is over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = printable(response.data)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "error": {
                "code": "invalid",
                "message": "The request has invalid fields.",
                "fields": response.data,
            }
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(exc, "default_code", "error")
        if response.status_code == status.HTTP_413_REQUEST_ENTITY_TOO_LARGE:
            code = "too_large"
        response.data = {"error": {"code": code, "message": str(detail)}}
    return response
