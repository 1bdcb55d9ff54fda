"""Refuse query parameters an endpoint does not read, instead of silently ignoring them.

``?status=submitted`` on an endpoint that filters by ``state`` used to answer the whole list,
which reads as "the filter worked". Every list endpoint mixes in ``KnownQueryParams``: a name
it does not read is a 400 in the API's error shape that says which names it does read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView

# The names a paginator may read; whichever of these the view's paginator sets are known.
_PAGINATOR_PARAMS = (
    "limit_query_param",
    "offset_query_param",
    "cursor_query_param",
    "page_query_param",
    "page_size_query_param",
)


def query_params_check(*, request: Request, known: Iterable[str]) -> None:
    """Raise a 400 ValidationError naming each query parameter not in ``known``."""
    allowed = set(known)
    unknown = sorted(name for name in request.query_params if name not in allowed)
    if unknown:
        reads = ", ".join(sorted(allowed)) or "no query parameters"
        message = f"Unknown query parameter; this endpoint reads: {reads}."
        raise ValidationError({name: [message] for name in unknown})


class KnownQueryParams(APIView):
    """Mix into a list view; name the filters it reads in ``query_params_known``.

    Its paginator's parameters (``limit``/``offset``) and DRF's ``format`` are known too.
    Checked after authentication and permissions, so a caller without access still gets
    401/403 rather than learning the parameter names.
    """

    query_params_known: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            query_params_check(request=request, known=self.query_params_all())

    def query_params_all(self) -> set[str]:
        known = set(self.query_params_known)
        if api_settings.URL_FORMAT_OVERRIDE:
            known.add(api_settings.URL_FORMAT_OVERRIDE)
        paginator = getattr(self, "paginator", None)
        for attribute in _PAGINATOR_PARAMS:
            name = getattr(paginator, attribute, None)
            if isinstance(name, str) and name:
                known.add(name)
        return known
