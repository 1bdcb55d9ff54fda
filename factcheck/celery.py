"""The Celery app: ``celery -A factcheck worker`` and ``celery -A factcheck beat``."""

import gc
import logging
import os
from typing import Any

from celery import Celery
from celery.signals import (
    celeryd_after_setup,
    task_postrun,
    task_prerun,
    worker_before_create_process,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


@task_prerun.connect
@task_postrun.connect
def close_old_connections(sender: Any = None, **_: Any) -> None:
    """Around every task a worker runs, what Django does around every request: close the
    connections past ``DATABASE_CONN_MAX_AGE`` or left unusable, and check the others before
    their next use (``CELERY_DB_REUSE_MAX`` in settings says why Celery's own closing is held
    back). A task run eagerly, inside a request or a test, keeps its caller's connection."""
    from django.db import close_old_connections as close

    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close()


@worker_before_create_process.connect
def freeze_before_fork(**_: Any) -> None:
    """Keep what the main process built shared with the pool process it is about to fork.

    A forked child shares the parent's pages until it writes to them, and the child's garbage
    collector writes to every object it scans; frozen objects are never scanned, so the modules
    and settings the main process loaded stay shared instead of being copied into the child.
    """
    gc.freeze()


@celeryd_after_setup.connect
def log_extractor(**_: Any) -> None:
    """Say which extractor the worker runs, and what chose it: the environment or the CPU."""
    from django.conf import settings

    chosen = "EXTRACTOR_BACKEND" if os.environ.get("EXTRACTOR_BACKEND") else "this CPU"
    logger.info("extractor: %s (chosen by %s)", settings.EXTRACTOR_BACKEND, chosen)
