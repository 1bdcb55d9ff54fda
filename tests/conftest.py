"""The suite's shared pieces: the PostgreSQL check, API clients, and the `servers` marker.

Fixtures of one concern live in their own module, loaded through ``pytest_plugins``: the Celery
worker subprocess (tests/celery_worker_fixtures.py) and the browser (tests/browser_fixtures.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.reviews.factories import user_with_role

pytest_plugins = ["tests.celery_worker_fixtures", "tests.browser_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# A test that uses any of these starts processes or a browser beside pytest: a Celery worker,
# a live server, Chromium, or the fault suite's private PostgreSQL, Redis, web and beat.
# It is marked `servers`, and `make check` leaves it out.
SERVER_FIXTURES = frozenset(
    {"celery_worker_process", "live_server", "browser", "page", "private_servers", "stack"}
)


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None):  # pytest-xdist: set before workers start
        # One thread per worker process: the workers already fill the cores, and OpenMP's
        # threads (torch, numpy's BLAS) spin against each other when there are more.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
    # The suite creates hundreds of users, and the default hasher spends a deliberate ~0.5 s of
    # CPU on each; no test is about the hash itself (Django's advice for test settings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `servers` from the fixtures a test uses, so no such test can be left unmarked."""
    for item in items:
        uses_servers = not SERVER_FIXTURES.isdisjoint(_fixtures_of(item))
        if uses_servers or item.get_closest_marker("browser") or item.get_closest_marker("faults"):
            item.add_marker(pytest.mark.servers)


def _fixtures_of(item: pytest.Item) -> set[str]:
    """Return the fixtures a test uses, less the names it is parametrized with (``page``)."""
    names = set(getattr(item, "fixturenames", ()))
    callspec = getattr(item, "callspec", None)
    return names - set(callspec.params) if callspec else names


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> None:
    """Create the test database as pytest-django does, and refuse anything but PostgreSQL.

    Only tests that use the database get here: the pure extraction tests run without one.
    """
    assert connection.vendor == "postgresql", (
        "The database tests need PostgreSQL: run `make check` or `make test` "
        "(they set DATABASE_URL)."
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


@pytest.fixture(autouse=True)
def _fresh_vector_indexes(
    settings: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Start each test as a new process would: no vector index in memory, none on disk.

    The index is a per-process cache of the stored vectors (claims.vector_store); the database
    rolls back after each test, the cache would not.
    """
    from claims.vector_store import forget_loaded_indexes

    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    forget_loaded_indexes()
    yield
    forget_loaded_indexes()


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
