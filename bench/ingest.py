"""Ingest end to end: articles submitted through the API, extracted by real Celery workers.

Run by bench/run_all.py (it starts gunicorn and gives the database and broker in the
environment). For 1 and then 2 worker processes (``celery worker -c 1`` each, all queues):

- **steady**: articles of ~800 words and 35 sentences POSTed at 2 per second; the time from just
  before each POST until its claims are stored in their queue (``extraction_finished_at`` is set
  in the transaction that stores them): p50, p95, p99;
- **burst**: a batch POSTed at once from 4 client threads; sustained articles per minute is the
  rate at which extractions finished, from the first to the last.

With ``--memory-json PATH`` it also writes the memory section: the peak RSS (VmHWM) of the web
processes and of each worker's processes during the run, and the peak of each worker's summed
PSS (its main and pool processes, the pages they share counted once; sampled every second).
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import stack
from bench.bench_data import api_token, article_bodies, django_setup
from bench.load_client import Answer, Client
from bench.section import Section, Target, arguments, percentile, rounded

RATE = 2.0  # articles per second in the steady phase
MB = 1_000_000


def submit(client: Client, bodies: list[str], *, rate: float | None) -> list[tuple[int, float]]:
    """POST ``bodies`` (at ``rate`` per second, or all at once); return (article id, sent at)."""

    def post(body: str) -> Answer:
        return client.request("POST", "/api/v1/articles/", {"title": "Bench", "body": body})

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        futures = []
        for n, body in enumerate(bodies):
            if rate:
                time.sleep(max(0.0, started + n / rate - time.monotonic()))
            futures.append(pool.submit(post, body))
        answers = [f.result() for f in futures]
    bad = [a for a in answers if a.status != 201]
    if bad:
        raise RuntimeError(f"{len(bad)} submissions failed, e.g. {bad[0].status} {bad[0].body!r}")
    return [(json.loads(a.body)["id"], a.sent_at) for a in answers]


def wait_done(ids: list[int], *, timeout: float) -> dict[int, float]:
    """Wait until every article is extracted (or ``timeout``); return id -> finished at."""
    from claims.models import Article, ExtractionStatus

    deadline = time.monotonic() + timeout
    done: dict[int, float] = {}
    while time.monotonic() < deadline:
        rows = Article.objects.filter(
            pk__in=ids, extraction_status=ExtractionStatus.DONE
        ).values_list("pk", "extraction_finished_at")
        done = {pk: at.timestamp() for pk, at in rows if at is not None}
        if len(done) == len(ids):
            break
        time.sleep(0.2)
    return done


def purge_extractions() -> None:
    """Drop extraction messages still queued, so the next phase starts from empty queues."""
    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).delete("extraction", "matching")


def vacuum_analyze() -> None:
    """Do what autovacuum would have done by now: the machine's PostgreSQL runs with it off.

    A deployment keeps autovacuum on (docs/scaling.md). Without it the tables' statistics stay
    those of an empty database while a run fills it with thousands of claims, so the planner
    keeps plans made for a few rows, and rows rewritten by matching pile up as dead versions.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def phase(client: Client, bodies: list[str], *, rate: float | None, timeout: float) -> dict:
    vacuum_analyze()
    cpu_before = stack.cpu_seconds_by_program()
    sent = submit(client, bodies, rate=rate)
    done = wait_done([pk for pk, _ in sent], timeout=timeout)
    cpu_after = stack.cpu_seconds_by_program()
    if len(done) < len(sent):
        purge_extractions()
    latencies = sorted(done[pk] - at for pk, at in sent if pk in done)
    finished = sorted(done.values())
    span = finished[-1] - finished[0] if len(finished) > 1 else 0.0
    return {
        "articles": len(sent),
        "missing": len(sent) - len(done),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "per_minute": (len(finished) - 1) * 60 / span if span else 0.0,
        # What each program spent per extracted article: where the machine's cores went.
        "cpu_ms": {
            program: round((seconds - cpu_before.get(program, 0.0)) * 1000 / max(1, len(done)))
            for program, seconds in cpu_after.items()
        },
    }


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--memory-json", metavar="PATH", help="also write the memory section")
    args = parser.parse_args()
    django_setup()
    from django.conf import settings
    from django.db import connection

    backend = settings.EXTRACTOR_BACKEND  # what the workers run: the same settings and env

    steady, burst = (2, 3) if args.tiny else (int(30 * RATE), 100)
    timeout = 60 if args.tiny else 150  # per phase; what is not done by then is counted missing
    env = stack.service_env(
        database_url=os.environ["DATABASE_URL"],
        broker_url=os.environ["CELERY_BROKER_URL"],
        cache_url=os.environ["CACHE_URL"],
    )
    client = Client(os.environ["BENCH_BASE_URL"], headers={"Authorization": f"Token {api_token()}"})
    connection.close()
    bodies = iter(article_bodies(2 * (steady + burst + 4), seed=int(time.time())))
    result = Section(
        section="ingest",
        title=f"Ingest end to end (API submit to claims in the queue, {backend} extractor)",
        columns=["workers", "load", "articles", "p50 s", "p95 s", "p99 s", "articles/min"],
    )
    workers: list[stack.Service] = []
    pss = stack.PssWatch()
    by_workers: dict[int, dict[str, dict]] = {}
    for count in (1,) if args.tiny else (1, 2):  # tiny: seconds, one worker start
        workers.append(stack.worker_start(env, name=f"ingest-worker{count}"))
        pss.watch(workers[-1].pid)
        phase(client, [next(bodies) for _ in range(2 * count)], rate=None, timeout=timeout)
        by_workers[count] = {
            "steady": phase(
                client, [next(bodies) for _ in range(steady)], rate=RATE, timeout=timeout
            ),
            "burst": phase(
                client, [next(bodies) for _ in range(burst)], rate=None, timeout=timeout
            ),
        }
        for load, figures in by_workers[count].items():
            label = f"steady {RATE:g}/s" if load == "steady" else "burst"
            result.rows.append(
                [count, label, figures["articles"]]
                + [rounded(figures[k], 2) for k in ("p50", "p95", "p99")]
                + [rounded(figures["per_minute"], 0)]
            )
            if load == "burst":
                spent = ", ".join(f"{k} {v}" for k, v in sorted(figures["cpu_ms"].items()))
                result.notes.append(f"CPU ms per article, {count} worker(s), burst: {spent}.")
            if figures["missing"]:
                result.notes.append(f"{count} worker(s), {load}: {figures['missing']} not done")
    one = by_workers[1]
    result.targets = [
        Target(
            "ingest articles/min, 1 worker",
            rounded(one["burst"]["per_minute"], 0),
            ">= 200",
            one["burst"]["per_minute"] >= 200,
        ),
        Target(
            "submit->queue p95 s at 2 articles/s, 1 worker",
            rounded(one["steady"]["p95"], 2),
            "< 2",
            one["steady"]["p95"] < 2 and not one["steady"]["missing"],
        ),
    ]
    if 2 in by_workers:
        per_worker = by_workers[2]["burst"]["per_minute"] / 2
        result.targets.insert(
            1,
            Target(
                "ingest articles/min per worker, 2 workers",
                rounded(per_worker, 0),
                ">= 200",
                per_worker >= 200,
            ),
        )
    result.notes.append(
        "The web (gunicorn, 2 workers), PostgreSQL, Redis, the workers and the load generator "
        "share the machine's 2 cores."
    )
    retried = sum(w.log_path.read_text(errors="replace").count(" retry: ") for w in workers)
    result.notes.append(f"Extractions retried (deadlock or lost connection): {retried}.")
    pss.stop()
    if args.memory_json:
        memory_section(workers, pss, backend).write(args.memory_json)
    for worker in workers:
        worker.stop()
    result.write(args.json)


def memory_section(workers: list[stack.Service], pss: stack.PssWatch, backend: str) -> Section:
    """Peak RSS of each process of the web and of the workers, read before they stop.

    The target is judged on a worker's summed PSS: what the worker costs the machine, main
    process included, with the pages its processes share counted once (RSS summed would count
    them twice). The pool process's own peak RSS is given beside it.
    """
    web_pid = int(os.environ["BENCH_WEB_PID"])
    section = Section(
        section="memory",
        title=f"Memory: peak RSS during the ingest run ({backend} extractor, semantic matching on)",
        columns=["process", "peak RSS MB"],
    )
    web = [stack.peak_rss_mib(pid) * 1.048576 for pid in stack.process_tree(web_pid)[1:]]
    section.rows.append(["web: largest gunicorn worker", rounded(max(web, default=0))])
    worst = 0.0
    for worker in workers:
        tree = stack.process_tree(worker.pid)
        peaks = [stack.peak_rss_mib(pid) * 1.048576 for pid in tree]
        section.rows.append([f"{worker.name}: main process", rounded(peaks[0])])
        section.rows.append([f"{worker.name}: pool process (extracts)", rounded(max(peaks[1:]))])
        whole = pss.peaks.get(worker.pid, 0.0) * 1.048576
        section.rows.append([f"{worker.name}: whole worker, summed PSS", rounded(whole)])
        worst = max(worst, whole, max(peaks[1:]))
    section.targets.append(
        Target(
            "worker memory MB (pool process RSS; whole worker, PSS)",
            rounded(worst),
            "<= 500",
            worst <= 500,
        )
    )
    section.notes.append(
        f"MB = {MB:,} bytes; peak RSS is VmHWM from /proc of each process; PSS (shared pages "
        "split between the processes mapping them) is summed over a worker's processes and "
        "sampled every second."
    )
    return section


if __name__ == "__main__":
    main()
