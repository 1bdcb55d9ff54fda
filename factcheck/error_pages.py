"""Error pages: JSON in the API's error shape under /api/, HTML elsewhere, never a traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found, server_error


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 404; API clients get JSON they can parse."""
    if _is_api(request):
        return JsonResponse(
            {"error": {"code": "not_found", "message": "No such resource."}}, status=404
        )
    return page_not_found(request, exception)


def crashed(request: HttpRequest) -> HttpResponse:
    """Answer 500 without details; the traceback goes to the log only."""
    if _is_api(request):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "Something went wrong on our side."}},
            status=500,
        )
    return server_error(request)
