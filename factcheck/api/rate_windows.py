"""Counting requests against a rate in constant time: two counters per client, one round trip.

DRF's ``SimpleRateThrottle`` keeps, per client, the list of every request's time inside the
window and reads and writes the whole list on each request: at 600/min that is up to 600
timestamps pickled both ways per request, and an account that works fast pays the most. Here a
client's budget is two integers in the cache, the current fixed window's count and the one
before it, and the requests of the last ``duration`` seconds are estimated as

    current + previous × (the share of the previous window still inside the last ``duration``)

(the "sliding window counter"; exact when the previous window's requests were evenly spread, and
never more than one window's count off). On Redis the count, its expiry and the previous count
are one pipelined round trip; other cache backends (local memory in development) use the cache's
own ``add``/``incr``/``get``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache


@dataclass(frozen=True)
class Window:
    """Where a client stands against ``limit`` requests per ``duration`` seconds."""

    current: int  # requests counted in the current fixed window
    previous: int  # requests in the window before it
    elapsed: float  # seconds since the current window began
    duration: float
    limit: int

    @property
    def estimate(self) -> float:
        """Estimated requests in the last ``duration`` seconds."""
        return self.current + self.previous * (1 - self.elapsed / self.duration)

    @property
    def over(self) -> bool:
        return self.estimate > self.limit

    def retry_after(self) -> float:
        """Seconds until one more request fits (at least 1)."""
        room = self.limit - 1  # what the estimate must fall to, the next request excluded
        if self.current > room:
            # Not in this window: in the next, this window's count fades out as it ends.
            fade = 1 - room / self.current if self.current else 1.0
            wait = self.duration - self.elapsed + self.duration * max(fade, 0.0)
        elif self.previous:
            # In this window, once enough of the previous one has slid out.
            wait = self.duration * (1 - (room - self.current) / self.previous) - self.elapsed
        else:
            wait = 0.0
        return float(max(1, math.ceil(wait)))


def _keys(key: str, duration: float, now: float) -> tuple[str, str, float]:
    window = int(now // duration)
    return f"{key}:{window}", f"{key}:{window - 1}", now - window * duration


def window_count(
    cache: Any, key: str, *, limit: int, duration: float, now: float, record: bool
) -> Window:
    """Count one request for ``key`` (when ``record``) and return where the client stands."""
    if cache is default_cache:
        # DRF's throttles hold Django's ``cache``, a proxy ``isinstance`` does not see through:
        # without this, Redis would get six round trips per request instead of two.
        cache = caches[DEFAULT_CACHE_ALIAS]
    current, previous, elapsed = _keys(key, duration, now)
    keep = int(2 * duration) + 1  # a count is read through the window after its own
    if isinstance(cache, RedisCache):
        made_current = cache.make_and_validate_key(current)
        made_previous = cache.make_and_validate_key(previous)
        client = cache._cache.get_client(made_current, write=True)
        pipe = client.pipeline(transaction=False)
        if record:
            pipe.incr(made_current)
            pipe.expire(made_current, keep)
        else:
            pipe.get(made_current)
        pipe.get(made_previous)
        answers = pipe.execute()
        counted, before = int(answers[0] or 0), int(answers[-1] or 0)
    else:
        if record:
            cache.add(current, 0, keep)
            counted = int(cache.incr(current))
        else:
            counted = int(cache.get(current, 0))
        before = int(cache.get(previous, 0))
    return Window(counted, before, elapsed, duration, limit)


def window_uncount(cache: Any, key: str, *, duration: float, now: float) -> None:
    """Take back a request ``window_count`` recorded (a refused one does not use the budget)."""
    current, _, _ = _keys(key, duration, now)
    cache.decr(current)
