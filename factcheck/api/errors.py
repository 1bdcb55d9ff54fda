"""One error shape for the whole API: ``{"error": {"code", "message", "fields"?}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.errors import DomainError


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the service accepts."
    default_code = "too_large"


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
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
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
