"""Lease-next with 1, 10 and 50 reviewers at 1k, 100k and 1M queued claims (PostgreSQL).

Run:
    .venv/bin/python bench/lease_concurrency.py [--sizes 1000 100000 1000000] [--json PATH]
    .venv/bin/python bench/lease_concurrency.py --tiny      # seconds: a smoke run for tests

``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/factcheck_lease_bench``;
``factcheck_lease_tiny_bench`` and port 8151 with ``--tiny``) names a database that is
**dropped and recreated**: its name must end in ``_bench``. It is migrated and filled with
COPY: one queue per size, all in the same claim table (so the 1k queue shares its indexes with
1.1M rows); a tenth of the claims carry an SLA deadline, half of those already overdue, so both
lookups (overdue first, then by priority) run.

Three measurements per size (docs/benchmarks.md says which one the target is judged on):

- ``in process``: one reviewer calling ``claim_lease_next`` then ``claim_lease_release`` in a
  loop, no HTTP: the cost of the lease itself (expiry check, SKIP LOCKED lookup, update, audit
  event, commit).
- ``closed``: 1, 10 and 50 reviewers through the HTTP API under gunicorn, no think time:
  saturation throughput (leases/s); the latency is mostly queueing behind the others.
- ``paced``: 10 and 50 reviewers through the API, each taking a claim every ``--interval``
  seconds and releasing it ``--hold`` seconds later: latency at a (generous) desk's load.

gunicorn runs as the README deploys it (``-w 4``, sync workers) on 127.0.0.1:``--port``, with
``DJANGO_DEBUG=0``; Redis (``BENCH_REDIS_URL``) holds the cache and throttles. The per-account
API rate limit is lifted for the run (its Redis check still runs on every request).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
# The test suite's tiny run keeps off a full run's database and port, so both can run at once.
TINY = "--tiny" in sys.argv
DEFAULT_DATABASE = (
    f"postgres://postgres@127.0.0.1:5432/factcheck_lease{'_tiny' if TINY else ''}_bench"
)
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)

import psycopg  # noqa: E402

from bench.lease_fill import claims_copy, percentile  # noqa: E402
from bench.lease_load import LoadResult, run_closed, run_paced  # noqa: E402

COLUMNS = [
    "queued",
    "mode",
    "reviewers",
    "leases",
    "leases/s",
    "p50 ms",
    "p95 ms",
    "max ms",
    "CPU ms/lease",
]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def database_recreate(url: str) -> None:
    """Drop and create the benchmark database (never the one the service uses)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.endswith("_bench"):
        sys.exit(f"refusing to recreate {name!r}: the benchmark database name must end in _bench")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def reviewers_create(count: int) -> tuple[object, list[str]]:
    """Create ``count`` reviewers with API tokens; return the first one and every token."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    group = Group.objects.get(name="reviewer")
    tokens = []
    for i in range(count):
        user = User.objects.create(username=f"bench-reviewer-{i}")
        user.groups.add(group)
        tokens.append(Token.objects.create(user=user).key)
    return User.objects.get(username="bench-reviewer-0"), tokens


def in_process(*, queue, reviewer, leases: int) -> LoadResult:  # type: ignore[no-untyped-def]
    """Lease and release ``leases`` times in this process; time the leases."""
    from reviews.leases import claim_lease_next, claim_lease_release

    result = LoadResult()
    for i in range(leases + 20):  # the first 20 warm the connection and the plans
        began, cpu = time.perf_counter(), time.process_time()
        claim = claim_lease_next(queue=queue, reviewer=reviewer)
        elapsed = (time.perf_counter() - began) * 1000
        if i >= 20:
            result.cpu_seconds += time.process_time() - cpu
        assert claim is not None
        claim_lease_release(claim=claim, reviewer=reviewer)
        if i >= 20:
            result.latencies.append(elapsed)
            result.seconds += elapsed / 1000
    return result


def plan_of_next_claim(*, queue, reviewer) -> str:  # type: ignore[no-untyped-def]
    """EXPLAIN ANALYZE the lookup claim_lease_next runs by priority (FOR UPDATE SKIP LOCKED)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reviews import lease_sql

    params = lease_sql.next_claim_params(
        queue=queue, reviewer_id=reviewer.pk, now=timezone.now(), overdue=False
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + lease_sql.next_claim_sql(overdue=False), params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return "\n".join("    " + line for line in plan.splitlines())


def gunicorn_start(*, port: int, workers: int, redis_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "lease-bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "API_THROTTLE_USER": "1000000/min",
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--timeout", "60", "--no-control-socket"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    import http.client

    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not answer within 30 s")


def cpu_seconds_of_children(parent: int) -> float:
    """User + system CPU seconds used so far by the processes ``parent`` started (gunicorn's)."""
    total = 0.0
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return total


def row(size: int, mode: str, reviewers: int, result: LoadResult) -> list[object]:
    timings = sorted(result.latencies)
    cpu = result.cpu_seconds * 1000 / len(timings) if timings else 0.0
    return [
        size,
        mode,
        reviewers,
        len(timings),
        round(result.leases_per_second, 1),
        round(percentile(timings, 50), 2),
        round(percentile(timings, 95), 2),
        round(timings[-1], 2) if timings else 0.0,
        round(cpu, 2),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--reviewers", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--leases", type=int, default=300, help="in-process leases per size")
    parser.add_argument("--seconds", type=float, default=6.0, help="per closed-loop run")
    parser.add_argument("--paced-seconds", type=float, default=60.0, help="per paced run")
    parser.add_argument("--interval", type=float, default=5.0, help="paced: s between leases")
    parser.add_argument("--hold", type=float, default=1.0, help="paced: s a claim is held")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8151 if TINY else 8150)
    parser.add_argument("--json", type=Path, help="write the section as JSON here")
    parser.add_argument("--tiny", action="store_true", help="small sizes and short runs")
    args = parser.parse_args()
    if args.tiny:
        args.sizes, args.reviewers, args.leases = [200, 2000], [1, 4], 20
        args.seconds, args.paced_seconds, args.interval, args.hold = 1.0, 2.0, 0.5, 0.1
        args.workers = 2

    # A runner that stops us with SIGTERM still gets gunicorn stopped (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    database_recreate(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from claims.models import Article, Queue

    call_command("migrate", verbosity=0)
    reviewer, tokens = reviewers_create(max(args.reviewers))
    queues = {}
    for size in args.sizes:
        began = time.perf_counter()
        queue = Queue.objects.create(name=f"Bench {size}", slug=f"bench-{size}", sla_hours=24)
        article = Article.objects.create(body=f"bench {size}", content_hash=f"bench-{size}")
        claims_copy(article_id=article.pk, queue_id=queue.pk, count=size, seed=size)
        queues[size] = queue
        print(f"queued {size:>9,} claims in {time.perf_counter() - began:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claim")

    rows: list[list[object]] = []

    def report(values: list[object]) -> None:
        rows.append(values)
        print("  ".join(f"{v:>10,}" if isinstance(v, int) else f"{v!s:>10}" for v in values))

    print("  ".join(f"{c:>10}" for c in COLUMNS), flush=True)
    for size, queue in queues.items():
        report(
            row(
                size,
                "in process",
                1,
                in_process(queue=queue, reviewer=reviewer, leases=args.leases),
            )
        )
    largest = max(queues)
    print(f"plan of the next-claim lookup in the {largest:,} queue:")
    print(plan_of_next_claim(queue=queues[largest], reviewer=reviewer), flush=True)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    server = gunicorn_start(port=args.port, workers=args.workers, redis_url=redis_url)
    try:
        common = {"host": "127.0.0.1", "port": args.port}
        for size in args.sizes:
            slug = f"bench-{size}"
            run_closed(**common, slug=slug, tokens=tokens[:2], seconds=1.0)  # warm the workers
            for count in args.reviewers:
                cpu = cpu_seconds_of_children(server.pid)
                result = run_closed(
                    **common, slug=slug, tokens=tokens[:count], seconds=args.seconds
                )
                result.cpu_seconds = cpu_seconds_of_children(server.pid) - cpu
                report(row(size, "closed", count, result))
                _fail_on_errors(result)
            for count in (c for c in args.reviewers if c > 1):
                cpu = cpu_seconds_of_children(server.pid)
                result = run_paced(
                    **common,
                    slug=slug,
                    tokens=tokens[:count],
                    seconds=args.paced_seconds,
                    interval=args.interval,
                    hold=args.hold,
                )
                result.cpu_seconds = cpu_seconds_of_children(server.pid) - cpu
                report(row(size, "paced", count, result))
                _fail_on_errors(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    section = _section(rows, args)
    if args.json:
        args.json.write_text(json.dumps(section, indent=2), encoding="utf-8")
    for target in section["targets"]:
        print(
            f"target {target['name']}: {target['value']} ({target['target']}) "
            f"{'met' if target['met'] else 'MISSED'}"
        )


def _fail_on_errors(result: LoadResult) -> None:
    if result.errors:
        sys.exit("the API answered errors:\n" + "\n".join(result.errors[:5]))


def _section(rows: list[list[object]], args: argparse.Namespace) -> dict[str, Any]:
    def p95(size: int, mode: str, reviewers: int) -> float | None:
        for r in rows:
            if r[0] == size and r[1] == mode and r[2] == reviewers:
                return float(r[6])  # type: ignore[arg-type]
        return None

    largest, smallest, most = max(args.sizes), min(args.sizes), max(args.reviewers)
    at_largest, at_smallest = p95(largest, "paced", most), p95(smallest, "paced", most)
    targets = []
    if at_largest is not None and at_smallest is not None:
        targets = [
            {
                "name": f"lease-next p95, {most} paced reviewers, {largest:,} queued (HTTP)",
                "value": at_largest,
                "target": "< 20 ms",
                "met": at_largest < 20,
            },
            {
                "name": f"p95 growth from {smallest:,} to {largest:,} queued",
                "value": round(at_largest - at_smallest, 2),
                "target": "< 5 ms (flat)",
                "met": at_largest - at_smallest < 5,
            },
        ]
    return {
        "section": "lease",
        "title": "Lease-next: latency and throughput by queue size and reviewers",
        "columns": COLUMNS,
        "rows": rows,
        "targets": targets,
        "notes": [
            f"paced: each reviewer leases every {args.interval} s and releases {args.hold} s "
            "later; latency counted from when the request was due",
            "closed: no think time; leases/s is the saturation throughput (lease + release "
            "per cycle), latency is mostly queueing",
            f"gunicorn -w {args.workers} (sync), DJANGO_DEBUG=0, on the same 2 cores as the "
            "load generator and PostgreSQL",
            "CPU ms/lease: in process, this process's CPU per lease-next call; through the "
            "API, the gunicorn workers' CPU per lease cycle (lease-next + release requests); "
            "PostgreSQL's own CPU is not included",
            "load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{load:.2f}" for load in os.getloadavg()),
        ],
    }


if __name__ == "__main__":
    main()
