"""Every task goes to a named queue that a worker started without -Q consumes."""

from __future__ import annotations

from django.conf import settings

from factcheck.celery import app

# The queues docs/scaling.md gives each kind of task.
EXPECTED = {
    "claims.tasks.article_extract_task": "extraction",
    "claims.tasks.article_match_task": "matching",
    "claims.tasks.article_fetch_task": "fetching",
    "reviews.tasks.webhook_deliver_task": "webhooks",
    "reviews.tasks.webhook_deliveries_sweep_task": "webhooks",
    "claims.tasks.article_sweep_stuck": "housekeeping",
    "claims.tasks.claim_priorities_decay_task": "housekeeping",
    "reviews.tasks.claim_leases_expire_task": "housekeeping",
}


def _queue_of(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name)
    return str(route["queue"].name)


def test_each_task_is_sent_to_its_named_queue() -> None:
    app.loader.import_default_modules()
    ours = sorted(n for n in app.tasks if n.startswith(("claims.", "reviews.")))
    assert ours == sorted(EXPECTED)
    assert {name: _queue_of(name) for name in ours} == EXPECTED


def test_a_worker_without_q_consumes_every_named_queue() -> None:
    # A worker started with no -Q consumes the task_queues setting: all five named queues.
    consumed = {queue.name for queue in app.conf.task_queues}
    assert consumed == set(settings.WORKER_QUEUES) == set(EXPECTED.values())


def test_the_periodic_sweeps_go_where_their_tasks_are_routed() -> None:
    queues = {_queue_of(str(entry["task"])) for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert queues <= set(settings.WORKER_QUEUES)
