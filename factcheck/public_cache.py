"""A server-side cache of the public read API's answers, valid until the public data changes.

Each answer is stored under the current *public data version*, a random token kept in Django's
cache (Redis in production, shared by every process). A change that can alter a public answer
(``claims.audit.PUBLIC_ACTIONS``: publish, correction, retraction, claimant, rating, evidence…)
replaces the token once its transaction commits, so from then on no process finds an answer
stored before it. A new random token, not a counter, so a version key lost to eviction or a
restart can never come back to a value older answers were stored under.

``PUBLIC_RESPONSE_CACHE_SECONDS`` bounds how long an answer is kept, and so how long one could
outlive a change that forgot to bump the version; 0 turns the cache off. The cache fails open,
as the throttles do: when Redis cannot be reached the request is answered uncached and a
warning logged.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "public:version"


@dataclass(frozen=True)
class StoredAnswer:
    """A 200 answer as sent before revalidation: body, headers, Last-Modified as a timestamp."""

    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int | None

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


def public_version_bump() -> None:
    """Make every stored public answer stale at once (call after the change has committed)."""
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except RedisError:
        logger.warning("Public cache unreachable; version not bumped, answers may be stale")


def public_version_bump_on_commit() -> None:
    """Bump the public data version when the current transaction commits (at once outside one).

    After the commit, not before: a request reading the new version then reads the new rows.
    """
    transaction.on_commit(public_version_bump)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:  # never set, evicted, or Redis restarted: start a new generation
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def answer_key(*, request: HttpRequest, variant: str) -> str | None:
    """Return the cache key of this request's answer, or None when the cache is off or down.

    The key holds the public data version, the absolute URL with its query string (the answers
    carry absolute links built from the host) and ``variant``, what else chose the answer's
    representation (the negotiated media type). Read the version before the answer's rows.
    """
    if not settings.PUBLIC_RESPONSE_CACHE_SECONDS:
        return None
    try:
        version = _version()
    except RedisError:
        logger.warning("Public cache unreachable; %s answered uncached", request.path)
        return None
    where = hashlib.sha256(f"{variant}\n{request.build_absolute_uri()}".encode()).hexdigest()
    return f"public:answer:{version}:{where}"


def answer_get(key: str | None) -> StoredAnswer | None:
    """Return the answer stored under ``key``, or None (not stored, cache off or down)."""
    if key is None:
        return None
    try:
        stored = cache.get(key)
    except RedisError:
        logger.warning("Public cache unreachable; answered uncached")
        return None
    return stored if isinstance(stored, StoredAnswer) else None


def answer_set(key: str | None, answer: StoredAnswer) -> None:
    """Store a 200 answer under ``key`` for ``PUBLIC_RESPONSE_CACHE_SECONDS``."""
    if key is None:
        return
    try:
        cache.set(key, answer, timeout=settings.PUBLIC_RESPONSE_CACHE_SECONDS)
    except RedisError:
        logger.warning("Public cache unreachable; answer not stored")
