"""Django's Redis cache backend, reusing one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every operation, and redis-py
fills a dict of some 170 response callbacks in each one: a tenth of a millisecond of CPU per
cache call, several per request (throttle counters, public answers). A client over a pool is
thread-safe, so one per pool serves every thread of the process.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}  # pool id -> redis.Redis

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own pool choice (the first server for writes, a replica for reads); its
        # private helpers are not in django-stubs.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache``, one Redis client per pool."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
