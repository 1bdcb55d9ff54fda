"""Shared fixtures: API clients, and a real Celery worker process against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factcheck.celery import app as celery_app
from tests.factories import UserFactory
from tests.reviews.factories import user_with_role

pytest_plugins = ["tests.browser_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _require_postgresql(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Fail loudly when the suite is pointed at anything but PostgreSQL (run `make test`)."""
    assert connection.vendor == "postgresql", (
        "The tests need PostgreSQL: run `make test` (it sets DATABASE_URL)."
    )


GENEROUS_RATES = {
    scope: "100000/min" for scope in ("user", "anon", "submit", "auth_failure", "public")
}


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings: Any) -> Iterator[None]:
    """Give every test rate limits it cannot reach, and a fresh count.

    Throttle tests set their own ``settings.API_THROTTLE_RATES``; the counts live in the
    (local-memory) cache, cleared around each test so no test inherits another's.
    """
    settings.API_THROTTLE_RATES = GENEROUS_RATES
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db: Any) -> Any:
    """A reviewer: may submit articles and read the workflow's unpublished work."""
    return user_with_role("reviewer")


@pytest.fixture
def api(user: Any) -> APIClient:
    """An API client authenticated with the user's token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def no_role_api(db: Any) -> APIClient:
    """An API client of a signed-in account in no role group."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=UserFactory.create(username="norole"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def wait_for(predicate: Callable[[], Any], *, timeout: float = 30, every: float = 0.1) -> Any:
    """Return the first truthy value of ``predicate()``, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"condition not met within {timeout}s")


def _database_url_of_test_db() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """A real ``celery worker`` subprocess; tests may kill it and start it again."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url_of_test_db(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DATABASE_CONN_MAX_AGE": "0",
        }

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=60, every=0.5)

    def _answers(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            pytest.fail(f"worker exited early; see {self.log_path}")
        return bool(celery_app.control.ping(timeout=0.5))

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """Start one real worker for the session, on the test database and a test Redis db."""
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "integration tests need a real broker"
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    worker = WorkerProcess(tmp_path_factory.mktemp("worker") / "worker.log")
    worker.start()
    yield worker
    worker.stop()
