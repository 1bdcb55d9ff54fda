"""Scaling out: webhook delivery latency while a burst of articles is being extracted.

Run by bench/run_all.py. A webhook receiver listens on 127.0.0.1; a subscription points at it.
A burst of articles (500 at full size) is POSTed through the API, and while the workers extract
it, a published fact-check is announced twice a second (``fact_check_event_announce``, the
outbox the publishing service writes). The latency is from the announcing transaction's commit
to the receiver reading the request. Two deployments on the same machine:

- **shared**: one ``celery worker -c 1`` consuming every queue; the named queues let it take
  a webhook between two extractions instead of after the whole burst;
- **dedicated**: one worker ``-Q extraction,matching,fetching`` and one ``-Q webhooks,housekeeping``
  (docs/scaling.md), as on separate machines.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import stack
from bench.bench_data import api_token, article_bodies, django_setup, fact_checks_publish
from bench.ingest import purge_extractions, submit, wait_done
from bench.load_client import Client
from bench.section import Section, Target, arguments, percentile, rounded

SHARED = "shared: 1 worker, all queues"
DEDICATED = "dedicated: extraction + webhooks workers"
LATE_AFTER = 30  # seconds after the window: a webhook not arrived by then is counted late
RECEIVER_PORT = int(os.environ.get("BENCH_RECEIVER_PORT", "8101"))
ANNOUNCE_EVERY = 1.0  # seconds: a fact-check published every second, far above a newsroom's


class Receiver(BaseHTTPRequestHandler):
    """Record when each webhook-id arrives; answer 204 as a healthy endpoint does."""

    arrivals: dict[str, float] = {}

    def do_POST(self) -> None:
        arrived = time.time()
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.arrivals.setdefault(self.headers.get("webhook-id", ""), arrived)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def announce_during(stop: threading.Event, review_ids: list[int]) -> dict[str, float]:
    """Announce a fact-check every ANNOUNCE_EVERY s until ``stop``; return id -> commit time."""
    from django.db import connection, transaction

    from reviews.models import Review, WebhookEvent
    from reviews.webhooks import fact_check_event_announce

    sent: dict[str, float] = {}
    n = 0
    while not stop.is_set():
        review = Review.objects.get(pk=review_ids[n % len(review_ids)])
        with transaction.atomic():
            deliveries = fact_check_event_announce(review=review, event=WebhookEvent.PUBLISHED)
        committed = time.time()
        sent.update({d.message_id: committed for d in deliveries})
        n += 1
        stop.wait(ANNOUNCE_EVERY)
    connection.close()
    return sent


def burst_with_webhooks(
    client: Client, bodies: list[str], review_ids: list[int], *, window: float
) -> dict[str, float]:
    """POST the burst and announce fact-checks for ``window`` seconds (or until it is done).

    The burst's remaining messages are dropped afterwards: the figure is the webhooks'
    latency while extraction is saturated, not the time to drain the burst.
    """
    stop = threading.Event()
    sent: dict[str, float] = {}
    announcer = threading.Thread(target=lambda: sent.update(announce_during(stop, review_ids)))
    announcer.start()
    started = time.time()
    try:
        articles = submit(client, bodies, rate=None)
        done = wait_done(
            [pk for pk, _ in articles], timeout=max(0.0, started + window - time.time())
        )
    finally:
        stop.set()
        announcer.join()
    seconds = time.time() - started
    deadline = time.monotonic() + LATE_AFTER  # the last announcements may still be on their way
    while time.monotonic() < deadline and not set(sent) <= set(Receiver.arrivals):
        time.sleep(0.1)
    purge_extractions()
    latencies = [Receiver.arrivals[m] - at for m, at in sent.items() if m in Receiver.arrivals]
    return {
        "articles": len(articles),
        "extracted": len(done),
        "seconds": seconds,
        "webhooks": len(sent),
        "late": len(sent) - len(latencies),
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "max": max(latencies, default=0) * 1000,
    }


def main() -> None:
    args = arguments(__doc__).parse_args()
    django_setup()
    from django.db import connection

    from reviews.webhooks import webhook_subscription_create

    burst = 4 if args.tiny else 500
    window = 40 if args.tiny else 90  # seconds of announcements during the burst
    timeout = 60 if args.tiny else 120  # for the warm-up articles
    env = stack.service_env(
        database_url=os.environ["DATABASE_URL"],
        broker_url=os.environ["CELERY_BROKER_URL"],
        cache_url=os.environ["CACHE_URL"],
    )
    client = Client(os.environ["BENCH_BASE_URL"], headers={"Authorization": f"Token {api_token()}"})
    server = ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    webhook_subscription_create(
        target_url=f"http://127.0.0.1:{RECEIVER_PORT}/hook",
        events=["fact_check.published"],
        actor=None,
        description="bench receiver",
    )
    bodies = iter(article_bodies(2 * burst + 4, seed=int(time.time()) + 1))
    result = Section(
        section="scaling",
        title="Scaling: webhook delivery latency during a burst of articles",
        columns=[
            "workers",
            "articles",
            "extracted",
            "window s",
            "webhooks",
            "late",
            "p50 ms",
            "p95 ms",
            "max ms",
        ],
    )
    deployments = {
        DEDICATED: ["extraction,matching,fetching", "webhooks,housekeeping"],
        SHARED: [stack.ALL_QUEUES],
    }
    if args.tiny:  # seconds, not minutes: the recommended deployment alone
        del deployments[SHARED]
    figures = {}
    for label, queue_sets in deployments.items():
        workers = [
            stack.worker_start(env, name=f"scaling-{n}", queues=queues)
            for n, queues in enumerate(queue_sets)
        ]
        warm = submit(client, [next(bodies), next(bodies)], rate=None)
        wait_done([pk for pk, _ in warm], timeout=timeout)
        review_ids = reviews_to_announce()
        connection.close()
        figures[label] = burst_with_webhooks(
            client, [next(bodies) for _ in range(burst)], review_ids, window=window
        )
        for worker in workers:
            worker.stop()
        purge_extractions()
        f = figures[label]
        result.rows.append(
            [label, f["articles"], f["extracted"], rounded(f["seconds"]), f["webhooks"], f["late"]]
            + [rounded(f[k]) for k in ("p50", "p95", "max")]
        )
    server.shutdown()
    dedicated = figures[DEDICATED]
    result.targets.append(
        Target(
            "webhook p95 ms during a burst (webhooks worker)",
            rounded(dedicated["p95"]),
            "< 1000",
            dedicated["p95"] < 1000 and not dedicated["late"],
        )
    )
    result.notes.append(
        f"The burst is POSTed at once; a fact-check is announced every {ANNOUNCE_EVERY:g} s for "
        f"{window} s (or until the burst is extracted), then the burst's remaining messages are "
        "dropped. Latency runs from the announcing commit to the receiver on 127.0.0.1; a "
        f"webhook not arrived {LATE_AFTER} s after the window is counted late."
    )
    if SHARED in figures:
        result.notes.append(
            "Shared: the worker takes one message from each queue in turn, so a webhook waits "
            "for the extraction under way and the webhooks queued before it. With one FIFO "
            "queue it would wait for every article POSTed before it."
        )
    result.write(args.json)


def reviews_to_announce() -> list[int]:
    from reviews.models import Review

    ids = list(Review.objects.values_list("pk", flat=True)[:20])
    if not ids:
        fact_checks_publish(20)
        ids = list(Review.objects.values_list("pk", flat=True)[:20])
    return ids


if __name__ == "__main__":
    main()
