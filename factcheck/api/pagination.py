"""Limit/offset pagination that refuses malformed values instead of ignoring them."""

from __future__ import annotations

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.views import APIView

# ASCII digits only: str.isdigit() also accepts "²" and other digits int() cannot read.
_DIGITS = re.compile(r"[0-9]{1,18}")
# PostgreSQL's OFFSET is a bigint; 18 digits stay below its limit.
MAX_OFFSET = 10**18 - 1


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=abc`` is a 400 with a field message, not silently the default page."""

    max_limit = 500

    def _param(self, request: Request, name: str) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not _DIGITS.fullmatch(raw):
            raise ValidationError(
                {name: [f"Must be a whole number from 0 to {MAX_OFFSET} in digits 0-9."]}
            )
        return int(raw)

    def get_limit(self, request: Request) -> int | None:
        limit = self._param(request, self.limit_query_param)
        if limit is None:
            return self.default_limit
        if not 1 <= limit <= self.max_limit:
            raise ValidationError(
                {self.limit_query_param: [f"Must be between 1 and {self.max_limit}."]}
            )
        return limit

    def get_offset(self, request: Request) -> int:
        return self._param(request, self.offset_query_param) or 0

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, object]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            schema = parameter["schema"]
            assert isinstance(schema, dict)
            schema.update(bounds.get(str(parameter["name"]), {}))
        return parameters
