"""Token authentication that slows down guessing: wrong tokens are counted per address."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class AuthFailureRateThrottle(SimpleRateThrottle):
    """Count failed token checks from one client address (scope ``auth_failure``).

    Unlike the other throttles it records failures only, and is consulted before the token
    is looked up: once an address is over its budget, its tokens are not checked at all
    until the window has room again (429 with ``Retry-After``).
    """

    scope = "auth_failure"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_if_blocked(self, request: Request) -> float | None:
        """Return seconds to wait when the address is over its budget, else None."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        num_requests, duration = self.parse_rate(self.rate)
        assert num_requests is not None  # a rate parses to both
        assert duration is not None
        while self.history and self.history[-1] <= self.now - duration:
            self.history.pop()
        if len(self.history) >= num_requests:
            return self.wait() or 1.0
        return None

    def failure_record(self) -> None:
        """Count one failure (after ``wait_if_blocked`` loaded the address's history)."""
        if self.rate is not None:
            self.throttle_success()  # SimpleRateThrottle's "record this request"


class ThrottledTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``; past ``auth_failure`` wrong tokens per address, 429."""

    def authenticate(self, request: Request) -> Any:
        if not request.META.get("HTTP_AUTHORIZATION"):
            return None  # no token offered: nothing to guess, nothing to count
        throttle = AuthFailureRateThrottle()
        try:
            wait = throttle.wait_if_blocked(request)
        except RedisError:
            logger.warning("Throttle cache unreachable; token failures not rate-limited")
            return super().authenticate(request)
        if wait is not None:
            raise Throttled(wait=wait, detail="Too many failed sign-ins from this address.")
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            try:
                throttle.failure_record()
            except RedisError:
                logger.warning("Throttle cache unreachable; token failure not counted")
            raise
