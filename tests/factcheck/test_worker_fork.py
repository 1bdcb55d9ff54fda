"""The worker's main process freezes what it built before forking a pool process."""

from __future__ import annotations

import gc

from celery.signals import worker_before_create_process

import factcheck.celery  # noqa: F401 # connects the handler


def test_objects_built_before_a_pool_process_is_forked_are_frozen() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        # WHEN the prefork pool is about to create a process
        worker_before_create_process.send(sender=None)

        # THEN everything the garbage collector tracked is out of its reach (stays shared)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
