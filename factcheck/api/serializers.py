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


class SlugLookupField(serializers.SlugRelatedField):  # type: ignore[type-arg]
    """A SlugRelatedField that checks the slug is plain text before looking it up.

    PostgreSQL cannot compare a string holding a NUL (the driver raises, a 500), and a lone
    surrogate cannot be sent to it at all; such a value names no object, so it is a 400.
    """

    default_error_messages = {"not_text": "Must be a string without NUL or lone surrogates."}

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or "\x00" in data or _has_surrogate(data):
            self.fail("not_text")
        return super().to_internal_value(data)


class IntegerPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A PrimaryKeyRelatedField that takes only a JSON integer: ``1.5`` is refused, not 1."""

    default_error_messages = {"not_integer": "Must be an integer id."}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_integer")
        return super().to_internal_value(data)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)
