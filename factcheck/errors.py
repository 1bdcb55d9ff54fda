"""Domain errors raised by services and mapped to HTTP by ``factcheck.api.errors``."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; nothing was changed."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidInput(DomainError):
    """The input cannot be used (empty, too large, not text)."""

    code = "invalid"
    http_status = 400


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class PermissionDenied(DomainError):
    """The actor may not do this to this object."""

    code = "forbidden"
    http_status = 403


class IllegalTransition(DomainError):
    """The object is not in a state that allows this action."""

    code = "conflict"
    http_status = 409
