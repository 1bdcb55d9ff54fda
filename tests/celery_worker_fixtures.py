"""A real ``celery worker`` subprocess against the test database, and its own Redis database.

Loaded for the whole suite (``pytest_plugins`` in tests/conftest.py). Under pytest-xdist every
xdist worker has its own test database (pytest-django adds ``_gw0``, ``_gw1``…) and so needs its
own Celery worker and its own Redis database: a message sent by one xdist worker's tests must not
be taken by another's Celery worker, which would look the article up in the wrong database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from factcheck.celery import app as celery_app
from tests.conftest import ROOT, wait_for


def broker_url_of_xdist_worker(url: str, worker_id: str) -> str:
    """Return ``url`` with one Redis database number less per xdist worker (gw0 keeps it).

    Counting down keeps clear of database 0 (``make run``'s default) and lets two checkouts
    share one Redis: with 2 xdist workers, 15 gives 15 and 14, 13 gives 13 and 12.
    """
    parts = urlsplit(url)
    index = int(worker_id.removeprefix("gw"))
    database = int(parts.path.strip("/") or 0) - index
    if database < 1:
        raise pytest.UsageError(
            f"CELERY_BROKER_URL={url} leaves no Redis database for xdist worker {worker_id}: "
            "use a higher database number (make uses 15)."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def pytest_configure(config: pytest.Config) -> None:
    worker_id = os.environ.get("PYTEST_XDIST_WORKER")  # set in each xdist worker process
    if worker_id is None:
        return
    url = broker_url_of_xdist_worker(settings.CELERY_BROKER_URL, worker_id)
    # Before any test sends a message: Django's view of the broker (readiness, the tests' own
    # Redis checks), Celery's (sending tasks) and the subprocesses' (they read the environment).
    settings.CELERY_BROKER_URL = url
    celery_app.conf.update(broker_url=url)
    os.environ["CELERY_BROKER_URL"] = url


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
