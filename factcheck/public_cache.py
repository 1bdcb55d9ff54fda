"""A server-side cache of the public read API's answers, valid until the public data changes.

Each answer is stored with the *public data version* it was computed under, a random token
kept in Django's cache (Redis in production, shared by every process), and counts only while
that token is current. A change that can alter a public answer (``claims.audit.PUBLIC_ACTIONS``:
publish, correction, retraction, claimant, rating, evidence…) replaces the token once its
transaction commits, so from then on no process serves an answer stored before it. A new
random token, not a counter: a version key lost to eviction or a restart can never come back
to a value older answers were stored under.

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


@dataclass(frozen=True)
class Lookup:
    """What one request found: where its answer goes, the version now, the answer if stored."""

    key: str
    version: str
    answer: StoredAnswer | None


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


def _version_start() -> str:
    """Return the version, starting one when there is none (never set, evicted, restarted)."""
    cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
    return str(cache.get(VERSION_KEY))


def answer_lookup(*, request: HttpRequest, variant: str) -> Lookup | None:
    """Return this request's cache entry and the current version, or None (cache off or down).

    The key is the absolute URL with its query string (answers carry absolute links built
    from the host) and ``variant``, what else chose the representation (the negotiated media
    type). An answer is stored with the version it was computed under and counts only while
    that is still the current one; both are read in one round trip, before any of the
    answer's rows.
    """
    if not settings.PUBLIC_RESPONSE_CACHE_SECONDS:
        return None
    where = hashlib.sha256(f"{variant}\n{request.build_absolute_uri()}".encode()).hexdigest()
    key = f"public:answer:{where}"
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or _version_start()
    except RedisError:
        logger.warning("Public cache unreachable; %s answered uncached", request.path)
        return None
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return Lookup(key=key, version=str(version), answer=stored[1])
    return Lookup(key=key, version=str(version), answer=None)


def answer_store(lookup: Lookup | None, answer: StoredAnswer) -> None:
    """Store a 200 answer, under the version read before it was computed."""
    if lookup is None:
        return
    try:
        cache.set(
            lookup.key, (lookup.version, answer), timeout=settings.PUBLIC_RESPONSE_CACHE_SECONDS
        )
    except RedisError:
        logger.warning("Public cache unreachable; answer not stored")
