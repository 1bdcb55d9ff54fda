"""Request rate limits for the API, kept in Django's cache (Redis in production).

Three budgets, each a rate from the environment (``API_THROTTLE_RATES`` in settings):

- ``user``: every request of one signed-in account (token or session), whatever it asks for;
- ``anon``: every request of one client address without credentials (the schema, the docs,
  and the public endpoints to come; private endpoints refuse them first with 401);
- ``submit``: writes to a view that names this scope (``throttle_scope = "submit"``), per
  account, tighter than ``user``;
- ``auth_failure``: wrong tokens from one address (``factcheck.api.authentication``).

A refused request answers 429 with ``Retry-After``. Rates are read from settings on every
request, not frozen at import as DRF's own ``THROTTLE_RATES`` is, so tests can change them.
When the cache cannot be reached the request is let through and a warning logged: a Redis
outage must not take the API down with it (submissions still have to be stored).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class _SettingsRate:
    """Read the scope's rate from ``settings.API_THROTTLE_RATES`` at request time."""

    scope: str | None

    def get_rate(self) -> str | None:
        if self.scope is None:
            return None
        return settings.API_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]


class _FailOpen:
    """Let the request through when the cache backend is down."""

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc,no-any-return]
        except RedisError:
            logger.warning("Throttle cache unreachable; %s not rate-limited", request.path)
            return True


class AccountRateThrottle(_FailOpen, _SettingsRate, UserRateThrottle):
    """Every request of a signed-in account; anonymous requests are AnonymousRateThrottle's."""

    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class AnonymousRateThrottle(_FailOpen, _SettingsRate, AnonRateThrottle):
    """Every request without credentials, per client address."""

    scope = "anon"


class WriteScopedRateThrottle(_FailOpen, _SettingsRate, ScopedRateThrottle):
    """Writes to a view with a ``throttle_scope`` (e.g. submission), per account or address."""

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class PublicRateThrottle(_FailOpen, _SettingsRate, AnonRateThrottle):
    """Requests to the public fact-check endpoints, per client address (``PUBLIC_THROTTLE_RATE``).

    The public API reads no credentials (it shows everyone the same thing), so every caller
    counts as anonymous and is throttled by address.
    """

    scope = "public"
