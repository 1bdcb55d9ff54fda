"""A Celery worker keeps its database connection from task to task, as a web process does."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from celery.fixups.django import DjangoWorkerFixup  # type: ignore[attr-defined] # not in the stubs
from django.db import connection

from factcheck.celery import app, close_old_connections

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_TASK = SimpleNamespace(request=SimpleNamespace(is_eager=False))


def _backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_tasks_reuse_the_connection_until_it_is_older_than_its_max_age() -> None:
    # GIVEN a connection opened under DATABASE_CONN_MAX_AGE
    first = _backend()
    connection.close_at = time.monotonic() + 60

    # WHEN a task starts and ends, Celery's fixup and this app's handler both running
    fixup = DjangoWorkerFixup(app)
    for _ in range(2):
        fixup.close_database()
        close_old_connections(sender=WORKER_TASK)

    # THEN the next task runs on the same backend, until the connection has had its time
    assert _backend() == first
    connection.close_at = time.monotonic() - 1
    close_old_connections(sender=WORKER_TASK)
    assert _backend() != first


def test_an_eager_task_leaves_its_callers_connection_alone() -> None:
    first = _backend()
    connection.close_at = time.monotonic() - 1  # past its age: a worker's task would close it

    close_old_connections(sender=SimpleNamespace(request=SimpleNamespace(is_eager=True)))

    assert _backend() == first
