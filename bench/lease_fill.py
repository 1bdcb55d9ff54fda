"""Bulk-fill a queue for the lease benchmark (COPY), and the percentile it reports."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

COPY_COLUMNS = (
    'article_id, text, start, "end", score, claim_type, numbers, entities, is_quote, '
    "speaker, status, queue_id, priority, due_at, created_at, updated_at"
)
BATCH = 100_000


def claims_copy(*, article_id: int, queue_id: int, count: int, seed: int) -> None:
    """Insert ``count`` candidate claims into a queue with COPY, in batches of 100k rows.

    A tenth carry an SLA deadline within a day either side of now (so half are overdue).
    """
    from django.db import connection

    rng = random.Random(seed)
    now = datetime.now(UTC)
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for first in range(0, count, BATCH):
            buffer = io.StringIO()
            for i in range(first, min(count, first + BATCH)):
                due = "\\N"
                if i % 10 == 0:
                    due = (now + timedelta(hours=rng.uniform(-24, 24))).isoformat()
                score = rng.random()
                buffer.write(
                    f"{article_id}\tBench claim {i}\t{i * 10}\t{i * 10 + 5}\t{score:.6f}\tother\t"
                    f"[]\t[]\tf\t\tcandidate\t{queue_id}\t{score:.6f}\t{due}\t{stamp}\t{stamp}\n"
                )
            with raw.copy(f"COPY claims_claim ({COPY_COLUMNS}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())


def percentile(sorted_values: list[float], pct: float) -> float:
    """Return the ``pct`` percentile (nearest rank) of already sorted values; 0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]
