"""Measure lease-next latency with 1k, 100k and 1M claims queued (PostgreSQL).

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench \\
        .venv/bin/python bench/lease_next.py [--sizes 1000 100000 1000000] [--leases 300]

The database named in DATABASE_URL is dropped and created afresh, migrated, then filled with
COPY: one queue per size, all in the same claim table (so the 1k queue shares its indexes
with 1.1M rows). A tenth of the claims carry an SLA deadline, half of those already overdue,
so both lookups (overdue first, then by priority) are exercised. Each lease is one call of
``claim_lease_next``: lazy expiry check, index lookup with FOR UPDATE SKIP LOCKED, update,
audit event, commit. The figure to watch is that p50/p95 stay flat as the queue grows.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")

import psycopg  # noqa: E402

COPY_COLUMNS = (
    'article_id, text, start, "end", score, claim_type, numbers, entities, is_quote, '
    "speaker, status, queue_id, priority, due_at, created_at, updated_at"
)


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


def claims_copy(*, article_id: int, queue_id: int, count: int, rng: random.Random) -> None:
    """Bulk-insert ``count`` candidate claims into a queue with COPY."""
    from django.db import connection

    now = datetime.now(UTC)
    stamp = now.isoformat()
    batch = 100_000
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for first in range(0, count, batch):
            buffer = io.StringIO()
            for i in range(first, min(count, first + batch)):
                due = ""
                if i % 10 == 0:
                    due = (now + timedelta(hours=rng.uniform(-24, 24))).isoformat()
                score = rng.random()
                buffer.write(
                    f"{article_id}\tBench claim {i}\t{i * 10}\t{i * 10 + 5}\t{score:.6f}\tother\t"
                    f"[]\t[]\tf\t\tcandidate\t{queue_id}\t{score:.6f}\t"
                    f"{due or chr(92) + 'N'}\t{stamp}\t{stamp}\n"
                )
            with raw.copy(f"COPY claims_claim ({COPY_COLUMNS}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        cursor.execute("ANALYZE claims_claim")


def lease_latencies(*, queue, reviewer, leases: int) -> list[float]:  # type: ignore[no-untyped-def]
    from reviews.leases import claim_lease_next

    for _ in range(20):  # warm-up: connection, caches, query plans
        claim_lease_next(queue=queue, reviewer=reviewer)
    timings = []
    for _ in range(leases):
        started = time.perf_counter()
        claim = claim_lease_next(queue=queue, reviewer=reviewer)
        timings.append((time.perf_counter() - started) * 1000)
        assert claim is not None
    return timings


def plan_of_next_claim(*, queue, reviewer) -> str:  # type: ignore[no-untyped-def]
    """EXPLAIN the exact lookup claim_lease_next runs (by priority, FOR UPDATE SKIP LOCKED)."""
    from django.db import transaction

    from reviews.leases import lease_candidates

    with transaction.atomic():
        lookup = lease_candidates(queue=queue, reviewer=reviewer).order_by("-priority", "id")
        return "\n".join("    " + line for line in lookup[:1].explain().splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--leases", type=int, default=300, help="timed leases per size")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench")
    database_recreate(url)

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from claims.models import Article, Queue

    call_command("migrate", verbosity=0)
    reviewer = User.objects.create(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    reviewer = User.objects.get(pk=reviewer.pk)
    rng = random.Random(42)

    queues = {}
    for size in args.sizes:
        started = time.perf_counter()
        queue = Queue.objects.create(name=f"Bench {size}", slug=f"bench-{size}", sla_hours=24)
        article = Article.objects.create(body=f"bench {size}", content_hash=f"bench-{size}")
        claims_copy(article_id=article.pk, queue_id=queue.pk, count=size, rng=rng)
        queues[size] = queue
        print(f"queued {size:>9,} claims in {time.perf_counter() - started:.1f}s", flush=True)

    cores = os.cpu_count()
    print(
        f"\nlease-next latency, {args.leases} leases per queue ({platform.python_version()}, "
        f"{cores} cores, PostgreSQL, all queues in one claim table)"
    )
    print(f"{'queued':>10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8}")
    # Two rounds over the queues; only the second is printed, so no size pays for the
    # autovacuum and cold caches that follow the bulk load.
    results: dict[int, list[float]] = {}
    for _ in range(2):
        for size, queue in queues.items():
            results[size] = lease_latencies(queue=queue, reviewer=reviewer, leases=args.leases)
    for size, unsorted in results.items():
        timings = sorted(unsorted)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{size:>10,} {statistics.median(timings):>8.2f} {p95:>8.2f} "
            f"{timings[-1]:>8.2f} {statistics.mean(timings):>8.2f}"
        )
    biggest = max(queues)
    print(f"\nplan of the next-claim lookup in the {biggest:,} queue:")
    print(plan_of_next_claim(queue=queues[biggest], reviewer=reviewer))


if __name__ == "__main__":
    main()
