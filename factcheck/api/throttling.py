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

Requests are counted by ``factcheck.api.rate_windows`` (two counters per client, one Redis
round trip), not by DRF's list of request times, whose cost grows with the rate.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from factcheck.api.rate_windows import Window, window_count, window_uncount

logger = logging.getLogger(__name__)


class _SettingsRate:
    """Read the scope's rate from ``settings.API_THROTTLE_RATES`` at request time."""

    scope: str | None

    def get_rate(self) -> str | None:
        if self.scope is None:
            return None
        return settings.API_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]


class _Counted(SimpleRateThrottle):
    """DRF's rate throttle, counted in constant time (``rate_windows``) instead of by a list.

    Listed after DRF's own throttle class, so that class still picks the key (and the scope).
    """

    num_requests: int | None  # set by SimpleRateThrottle from the rate
    duration: int | None
    window: Window | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        assert self.num_requests is not None  # a rate parses to both
        assert self.duration is not None
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        self.window = window_count(
            self.cache,
            key,
            limit=self.num_requests,
            duration=self.duration,
            now=now,
            record=True,
        )
        if self.window.over:
            window_uncount(self.cache, key, duration=self.duration, now=now)
            return False
        return True

    def wait(self) -> float | None:
        return self.window.retry_after() if self.window else None


class _FailOpen:
    """Let the request through when the cache backend is down."""

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc,no-any-return]
        except RedisError:
            logger.warning("Throttle cache unreachable; %s not rate-limited", request.path)
            return True


class AccountRateThrottle(_FailOpen, _SettingsRate, UserRateThrottle, _Counted):
    """Every request of a signed-in account; anonymous requests are AnonymousRateThrottle's."""

    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class AnonymousRateThrottle(_FailOpen, _SettingsRate, AnonRateThrottle, _Counted):
    """Every request without credentials, per client address."""

    scope = "anon"


class WriteScopedRateThrottle(_FailOpen, _SettingsRate, ScopedRateThrottle, _Counted):
    """Writes to a view with a ``throttle_scope`` (e.g. submission), per account or address."""

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class PublicRateThrottle(_FailOpen, _SettingsRate, AnonRateThrottle, _Counted):
    """Requests to the public fact-check endpoints, per client address (``PUBLIC_THROTTLE_RATE``).

    The public API reads no credentials (it shows everyone the same thing), so every caller
    counts as anonymous and is throttled by address.
    """

    scope = "public"
