"""Token authentication that slows down guessing: wrong tokens are counted per address."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from factcheck.api.rate_windows import window_count

logger = logging.getLogger(__name__)


class AuthFailureRateThrottle(SimpleRateThrottle):
    """Count failed token checks from one client address (scope ``auth_failure``).

    Unlike the other throttles it records failures only, and is consulted before the token
    is looked up: once an address is over its budget, its tokens are not checked at all
    until the window has room again (429 with ``Retry-After``).
    """

    scope = "auth_failure"
    num_requests: int | None  # set by SimpleRateThrottle from the rate
    duration: int | None

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_if_blocked(self, request: Request) -> float | None:
        """Return seconds to wait when the address is over its budget, else None."""
        if self.rate is None:
            return None
        assert self.num_requests is not None  # a rate parses to both
        assert self.duration is not None
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        # The next wrong token must still fit: blocked at ``limit`` failures, not past it.
        window = window_count(
            self.cache,
            self.key,
            limit=self.num_requests - 1,
            duration=self.duration,
            now=self.now,
            record=False,
        )
        return window.retry_after() if window.over else None

    def failure_record(self) -> None:
        """Count one failure (after ``wait_if_blocked`` chose the address's key)."""
        if self.rate is not None:
            assert self.key is not None
            assert self.num_requests is not None
            assert self.duration is not None
            window_count(
                self.cache,
                self.key,
                limit=self.num_requests,
                duration=self.duration,
                now=self.now,
                record=True,
            )


@cache
def _token_sql() -> str:
    """The token and its user in one join, written out (``Token``'s and ``User``'s own columns)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"u.{quote(f.column)}" for f in User._meta.concrete_fields if f.column)
    return (
        f"SELECT t.{quote('key')}, t.{quote('created')}, {columns} "  # noqa: S608
        f"FROM {quote(Token._meta.db_table)} t "
        f"JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = t.{quote('user_id')} "
        f"WHERE t.{quote('key')} = %s"
    )


class ThrottledTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``; past ``auth_failure`` wrong tokens per address, 429.

    The token and its user are read with one hand-written join rather than DRF's
    ``select_related("user").get(key=…)``: the same row, the same refusals, without compiling
    the queryset on every API request (a millisecond of CPU each, docs/benchmarks.md).
    """

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        with connection.cursor() as cursor:
            cursor.execute(_token_sql(), [key])
            row = cursor.fetchone()
        if row is None:
            raise AuthenticationFailed(_("Invalid token."))
        alias = connection.alias
        names = [f.attname for f in User._meta.concrete_fields if f.column]
        user = User.from_db(alias, names, list(row[2:]))
        token = Token.from_db(alias, ["key", "user_id", "created"], [row[0], user.pk, row[1]])
        token.user = user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return user, token

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
