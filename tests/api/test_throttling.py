"""Rate limits: per account, per anonymous address, on submissions and on wrong tokens.

Each test sets its own small rates (tests/conftest.py gives every other test rates it
cannot reach) and starts from an empty count.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from claims.models import Article
from factcheck.env import ConfigError, env_rate
from tests.conftest import GENEROUS_RATES, ROOT
from tests.reviews.factories import client_for, user_with_role

pytestmark = pytest.mark.django_db


def _rates(settings: Any, **rates: str) -> None:
    settings.API_THROTTLE_RATES = {**GENEROUS_RATES, **rates}


def _assert_throttled(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) >= 1
    assert response.json()["error"]["code"] == "throttled"


def test_wrong_tokens_from_one_address_are_throttled_with_retry_after(settings: Any) -> None:
    # GIVEN a budget of 5 failed token checks a minute
    _rates(settings, auth_failure="5/min")
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    # WHEN someone keeps guessing tokens from one address
    answers = [guesser.get("/api/v1/queues/") for _ in range(7)]

    # THEN the first five are 401, then 429 with Retry-After
    assert [a.status_code for a in answers[:5]] == [401] * 5
    _assert_throttled(answers[5])
    _assert_throttled(answers[6])


def test_requests_of_one_account_are_throttled_and_others_are_not(settings: Any) -> None:
    # GIVEN a budget of 3 requests a minute per account
    _rates(settings, user="3/min")
    rita = client_for(user_with_role("reviewer", username="rita"))
    oscar = client_for(user_with_role("reviewer", username="oscar"))

    # WHEN Rita makes four requests
    answers = [rita.get("/api/v1/queues/") for _ in range(4)]

    # THEN the fourth is refused with Retry-After, and Oscar is still served
    assert [a.status_code for a in answers[:3]] == [200] * 3
    _assert_throttled(answers[3])
    assert oscar.get("/api/v1/queues/").status_code == 200


def test_submissions_have_their_own_tighter_budget(settings: Any) -> None:
    # GIVEN 2 submissions a minute per account, and plenty of other requests
    _rates(settings, submit="2/min")
    rita = client_for(user_with_role("reviewer", username="rita"))

    # WHEN she submits three articles
    answers = [
        rita.post(
            "/api/v1/articles/", {"body": f"Unemployment fell to 4.{n}% in 2024."}, format="json"
        )
        for n in range(3)
    ]

    # THEN the third is refused and not stored, while reading is still allowed
    assert [a.status_code for a in answers[:2]] == [201, 201]
    _assert_throttled(answers[2])
    assert Article.objects.count() == 2
    assert rita.get("/api/v1/articles/").status_code == 200


def test_anonymous_requests_are_throttled_per_address(settings: Any) -> None:
    _rates(settings, anon="2/min")
    anonymous = Client()

    answers = [anonymous.get("/api/schema/") for _ in range(3)]

    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429
    assert int(answers[2]["Retry-After"]) >= 1


def test_requests_are_served_when_the_rate_limit_cache_is_down(settings: Any) -> None:
    # GIVEN tight limits kept in a Redis that does not answer
    _rates(settings, user="1/min", auth_failure="1/min")
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    rita = client_for(user_with_role("reviewer", username="rita"))
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token wrong")

    # WHEN requests come in
    with override_settings(CACHES=unreachable):
        served = [rita.get("/api/v1/queues/").status_code for _ in range(2)]
        refused = [guesser.get("/api/v1/queues/").status_code for _ in range(2)]

    # THEN they are neither throttled nor crash: the limits are skipped, not the API
    assert served == [200, 200]
    assert refused == [401, 401]


@pytest.mark.parametrize(
    ("raw", "rate"), [("60/min", "60/min"), (" 5 / s ", "5/s"), ("1000/hour", "1000/hour")]
)
def test_rates_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, rate: str
) -> None:
    monkeypatch.setenv("X_RATE", raw)

    assert env_rate("X_RATE", "1/s") == rate


@pytest.mark.parametrize("raw", ["sixty", "60", "60/fortnight", "0/min", "-1/min"])
def test_a_bad_rate_stops_start_up_with_its_name(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("X_RATE", raw)

    with pytest.raises(ConfigError, match="X_RATE"):
        env_rate("X_RATE", "1/s")


def test_production_keeps_rate_limits_in_the_brokers_redis() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3#n9-production-like-secret-for-the-cache-check-7Qz!xV2@pLm8&wR5",
        "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
        "CELERY_BROKER_URL": "redis://redis.internal:6379/3",
    }
    code = "from django.conf import settings as s; c = s.CACHES['default']; "
    code += "print(c['BACKEND'], c['LOCATION'])"

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "factcheck.redis_cache.ReusedClientRedisCache",
        "redis://redis.internal:6379/3",
    ]
