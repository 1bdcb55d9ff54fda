"""How claim matching scales with the store: time to match one new claim at 1k, 10k, 100k claims.

Run: ``.venv/bin/python bench/matching.py [--sizes 1000,10000,100000]``. It uses its own
PostgreSQL database (``BENCH_DATABASE_URL``, default ``factcheck_bench_matching`` on
127.0.0.1), fills it with synthetic claims and their match keys (COPY), then times
``claims.matching.claim_match`` for new claims, a fifth of them near-duplicates of stored ones.
Each timed match is rolled back, so every size is measured against the same store.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench_matching"
)
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402
import psycopg  # noqa: E402

WORDS = [
    "government",
    "minister",
    "economy",
    "inflation",
    "percent",
    "troops",
    "border",
    "attack",
    "city",
    "council",
    "budget",
    "election",
    "vote",
    "police",
    "hospital",
    "patients",
    "vaccine",
    "tariff",
    "imports",
    "exports",
    "oil",
    "gas",
    "prices",
    "unemployment",
    "growth",
    "quarter",
    "billion",
    "million",
    "report",
    "officials",
    "casualties",
    "territory",
    "army",
    "drone",
    "missile",
    "sanctions",
    "bank",
    "interest",
    "rate",
    "debt",
    "deficit",
    "school",
    "students",
    "teachers",
    "climate",
    "emissions",
    "energy",
    "nuclear",
    "plant",
    "ceasefire",
    "talks",
    "refugees",
    "aid",
    "funding",
    "court",
    "ruling",
    "law",
]


def _ensure_database() -> None:
    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    name = BENCH_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# Real claims draw on a large vocabulary; a long tail of synthetic terms stands in for it.
VOCABULARY = WORDS + [f"term{i}" for i in range(5000)]


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, 4) + rng.sample(VOCABULARY, 8)
    figure, year = rng.randint(1, 999), rng.randint(1990, 2025)
    return f"The {' '.join(words)} rose to {figure} percent in {year}."


def _fill(size: int, rng: random.Random) -> list[str]:
    """Reset the store to ``size`` claims with their keys; return their texts."""
    from django.db import connection

    from claims.extraction import matching as keys
    from claims.models import Article, Claim, ClaimCluster
    from claims.routing import queue_default_get

    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE claims_claimmatchkey, claims_claimconflict, claims_claim, "
            "claims_claimcluster, reviews_event, claims_article RESTART IDENTITY CASCADE"
        )
    queue = queue_default_get()
    per_article = 50
    articles = Article.objects.bulk_create(
        Article(title=f"a{i}", body="x", content_hash=f"bench-{i}")
        for i in range(size // per_article)
    )
    cluster = ClaimCluster.objects.create(text="bench")
    texts = [_sentence(rng) for _ in range(size)]
    claims = Claim.objects.bulk_create(
        (
            Claim(
                article=articles[i // per_article],
                text=text,
                start=(i % per_article) * 200,
                end=(i % per_article) * 200 + len(text),
                score=0.9,
                queue=queue,
                cluster=cluster,
            )
            for i, text in enumerate(texts)
        ),
        batch_size=5000,
    )
    with (
        connection.cursor() as cur,
        cur.cursor.copy("COPY claims_claimmatchkey (claim_id, kind, key) FROM STDIN") as copy,
    ):
        for claim, text in zip(claims, texts, strict=True):
            for key in keys.signature(text):
                copy.write_row((claim.pk, "sig", key))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return texts


def _time_matches(stored: list[str], rng: random.Random, n: int) -> list[float]:
    from django.db import transaction

    from claims.extraction import CandidateClaim
    from claims.extraction import matching as keys
    from claims.matching import claim_match
    from claims.models import Article, Claim
    from claims.routing import queue_default_get

    queue = queue_default_get()
    timings = []
    for i in range(n):
        text = _sentence(rng)
        if i % 5 == 0:  # a near-duplicate: one word of a stored claim changed
            words = rng.choice(stored).split()
            words[3] = rng.choice(VOCABULARY)
            text = " ".join(words)
        candidate = CandidateClaim(
            text=text,
            start=0,
            end=len(text),
            score=0.9,
            claim_type="statistic",
            signature=keys.signature(text),
        )
        with transaction.atomic():
            article = Article.objects.create(body=text, content_hash=f"new-{i}-{time.time()}")
            claim = Claim.objects.create(
                article=article, text=text, start=0, end=len(text), score=0.9, queue=queue
            )
            began = time.perf_counter()
            claim_match(claim=claim, candidate=candidate)
            timings.append((time.perf_counter() - began) * 1000)
            transaction.set_rollback(True)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--matches", type=int, default=200)
    args = parser.parse_args()

    _ensure_database()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(0)
    print(f"claim_match latency per new claim ({args.matches} matches, 1 in 5 a near-duplicate)")
    print(f"{'stored claims':>14} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        stored = _fill(size, rng)
        timings = sorted(_time_matches(stored, rng, args.matches))
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{size:>14,} {statistics.median(timings):>10.2f} {p95:>8.2f} {timings[-1]:>8.2f}")


if __name__ == "__main__":
    main()
