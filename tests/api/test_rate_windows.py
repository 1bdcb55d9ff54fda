"""Rate counting in two windows (factcheck.api.rate_windows), on real Redis and in memory."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from rest_framework.test import APIClient

from factcheck.api.rate_windows import Window, window_count, window_uncount
from tests.celery_worker_fixtures import broker_url_of_xdist_worker
from tests.conftest import GENEROUS_RATES
from tests.reviews.factories import client_for, user_with_role


def _redis_url() -> str:
    """This xdist worker's test Redis database (the one its Celery broker uses)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = settings.CELERY_BROKER_URL
    return broker_url_of_xdist_worker(url, worker) if worker else url


@pytest.fixture
def redis_cache() -> Iterator[Any]:
    """Django's Redis cache backend on the test Redis, under a prefix of its own."""
    prefix = f"rate-test-{uuid.uuid4().hex}"
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url(),
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=config):  # Django resets its cache handles on this
        yield caches["default"]
    client = redis.Redis.from_url(_redis_url())
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(params=["redis", "memory"])
def cache(request: pytest.FixtureRequest, redis_cache: Any) -> Any:
    return redis_cache if request.param == "redis" else LocMemCache(uuid.uuid4().hex, {})


def test_requests_are_counted_per_key_and_window(cache: Any) -> None:
    # GIVEN 3 requests a minute
    def hit(key: str, now: float) -> Window:
        return window_count(cache, key, limit=3, duration=60, now=now, record=True)

    # WHEN one client makes four requests in a window and another one
    answers = [hit("rita", 6000.0 + n) for n in range(4)]
    other = hit("oscar", 6004.0)

    # THEN the fourth is over the limit, the other client is not
    assert [a.over for a in answers] == [False, False, False, True]
    assert answers[3].current == 4
    assert not other.over
    assert other.current == 1


def test_the_previous_window_fades_out_as_the_current_one_goes_on(cache: Any) -> None:
    # GIVEN 10 requests at the very end of one window (limit 10 a minute)
    for n in range(10):
        window_count(cache, "rita", limit=10, duration=60, now=6059.0 + n / 100, record=True)

    # WHEN she asks again a quarter into the next window, and then three quarters into it
    early = window_count(cache, "rita", limit=10, duration=60, now=6075.0, record=False)
    late = window_count(cache, "rita", limit=10, duration=60, now=6105.0, record=False)

    # THEN the estimate still holds most of the burst at first, a quarter of it later
    assert early.previous == 10
    assert early.estimate == pytest.approx(7.5)
    assert late.estimate == pytest.approx(2.5)


def test_a_refused_request_is_taken_back(cache: Any) -> None:
    for n in range(3):
        window_count(cache, "rita", limit=2, duration=60, now=6000.0 + n, record=True)
    window_uncount(cache, "rita", duration=60, now=6002.0)

    assert window_count(cache, "rita", limit=2, duration=60, now=6003.0, record=False).current == 2


def test_counters_on_redis_expire_after_the_window_that_reads_them(redis_cache: Any) -> None:
    window_count(redis_cache, "rita", limit=5, duration=60, now=6000.0, record=True)

    key = redis_cache.make_and_validate_key("rita:100")
    ttl = redis.Redis.from_url(_redis_url()).ttl(key)

    assert 60 < ttl <= 121


@pytest.mark.parametrize(
    ("window", "wait"),
    [
        # over in this window: wait for its end, then for enough of it to fade
        (Window(current=4, previous=0, elapsed=30, duration=60, limit=3), 30 + 30),
        # room in this window once the previous one has slid out far enough
        (Window(current=1, previous=4, elapsed=15, duration=60, limit=3), 30),
        # never less than a second
        (Window(current=0, previous=3, elapsed=44.9, duration=60, limit=3), 1),
    ],
)
def test_retry_after_is_when_the_next_request_fits(window: Window, wait: float) -> None:
    assert window.retry_after() == wait
    # and a request made then would be within the limit
    if window.limit:
        later = window.elapsed + wait
        if later < window.duration:
            estimate = window.current + window.previous * (1 - later / window.duration)
        else:
            estimate = window.current * (1 - (later - window.duration) / window.duration)
        assert estimate <= window.limit - 1 + 1e-9


@pytest.mark.django_db
def test_the_api_throttles_through_redis(redis_cache: Any, settings: Any) -> None:
    # GIVEN the throttles counting in Redis, 3 requests a minute per account
    settings.API_THROTTLE_RATES = {**GENEROUS_RATES, "user": "3/min"}
    rita = client_for(user_with_role("reviewer", username="rita"))

    # WHEN she makes four requests
    answers = [rita.get("/api/v1/queues/") for _ in range(4)]

    # THEN the fourth is refused with a Retry-After
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[3]["Retry-After"]) >= 1


@pytest.mark.django_db
def test_wrong_tokens_are_blocked_through_redis(redis_cache: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATES = {**GENEROUS_RATES, "auth_failure": "2/min"}
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    answers = [guesser.get("/api/v1/queues/").status_code for _ in range(4)]

    assert answers == [401, 401, 429, 429]


@pytest.mark.django_db
def test_a_request_costs_redis_two_round_trips(redis_cache: Any, monkeypatch: Any) -> None:
    # GIVEN a reviewer with a token, the throttles counting in Redis
    rita = client_for(user_with_role("reviewer", username="rita"))
    sent: list[bytes] = []
    send = redis.connection.Connection.send_packed_command

    def counted(self: Any, command: Any, *args: Any, **kwargs: Any) -> None:
        sent.append(command)
        send(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)
    rita.get("/api/v1/queues/")  # opens the connection (its handshake is sent too)
    sent.clear()

    # WHEN she makes a request
    answer = rita.get("/api/v1/queues/")

    # THEN the wrong-token check and her account's count each took one round trip (through
    # Django's ``cache`` proxy the counters took six)
    assert answer.status_code == 200
    assert len(sent) == 2
