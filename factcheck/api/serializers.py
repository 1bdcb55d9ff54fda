"""Serializer building blocks shared by the apps' APIs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """An input serializer that refuses fields it does not know.

    A typo such as ``titel`` is an error the client sees, not data silently dropped.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """A CharField that takes only JSON strings: ``12345`` or ``true`` is an error, not text."""

    default_error_messages = {"not_text": "Must be a string."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return str(super().to_internal_value(data))
