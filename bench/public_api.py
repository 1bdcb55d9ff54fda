"""Public API throughput under gunicorn, each endpoint next to a bare Django view.

Run by bench/run_all.py (gunicorn with 2 sync workers, DEBUG off, the throttles' counters in
Redis as in production). For the fact-check list, one fact-check's detail, the ClaimReview
feed and the search, a closed loop of 4 client threads on 127.0.0.1 measures requests per
second and p95; then the same for ``/bench/bare/`` (bench/bare_views.py, loaded only by the
bench settings) asked for as many rows, padded to the same number of bytes. The ratio is the
endpoint's throughput over the bare view's. Each endpoint's URL repeats, so these are the
figures of the server's answer cache; ``PUBLIC_RESPONSE_CACHE_SECONDS=0`` gives the uncached.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_data import article_bodies, django_setup, fact_checks_publish
from bench.load_client import Client, closed_loop
from bench.section import Section, Target, arguments, percentile, rounded

CLIENTS = 4
FACT_CHECKS = 200


def fact_checks_ensure(count: int) -> int:
    """Publish fact-checks until ``count`` exist, extracting articles in process if needed."""
    from django.utils import timezone

    from claims import services
    from claims.models import Article, Claim, ClaimStatus
    from claims.text_checks import content_hash
    from reviews.models import Review

    missing = count - Review.objects.count()
    seed = int(timezone.now().timestamp())
    while missing > 0 and Claim.objects.filter(status=ClaimStatus.CANDIDATE).count() < missing:
        for body in article_bodies(5, seed=seed):
            article = Article.objects.create(
                title="Bench", body=body, content_hash=content_hash(body)
            )
            services.article_extract(article=article)
        seed += 1
    if missing > 0:
        fact_checks_publish(missing)
    return Review.objects.count()


def measure(client: Client, path: str, *, requests: int, seconds: float) -> dict[str, float]:
    answers, wall = closed_loop(
        lambda: client.request("GET", path), clients=CLIENTS, requests=requests, seconds=seconds
    )
    bad = [a for a in answers if a.status != 200]
    if bad:
        raise RuntimeError(f"GET {path}: {len(bad)} answers not 200, e.g. {bad[0].status}")
    return {
        "rps": len(answers) / wall,
        "p95": percentile([a.seconds for a in answers], 95) * 1000,
        "bytes": len(answers[0].body),
    }


def main() -> None:
    args = arguments(__doc__).parse_args()
    django_setup()
    from django.db import connection

    from reviews.models import Review

    requests, seconds = (20, 2.0) if args.tiny else (1500, 8.0)
    fact_checks_ensure(30 if args.tiny else FACT_CHECKS)
    claim_id = Review.objects.order_by("-published_at").values_list("claim_id", flat=True)[0]
    connection.close()
    client = Client(os.environ["BENCH_BASE_URL"])
    endpoints = [
        ("fact-check list (20)", "/api/v1/fact-checks/", 20),
        ("fact-check detail", f"/api/v1/fact-checks/{claim_id}/", 1),
        ("ClaimReview feed (20)", "/api/v1/claimreviews/", 20),
        (
            "search (20)",
            "/api/v1/factchecktools/v1alpha1/claims:search?query=figure&pageSize=20",
            20,
        ),
    ]
    result = Section(
        section="public_api",
        title=f"Public API under gunicorn (2 workers), {CLIENTS} clients, next to a bare view",
        columns=["endpoint", "bytes", "req/s", "p95 ms", "bare req/s", "bare p95 ms", "ratio"],
    )
    for name, path, rows in endpoints:
        client.request("GET", path)  # warm both gunicorn workers' caches of the URL
        real = measure(client, path, requests=requests, seconds=seconds)
        bare_path = f"/bench/bare/?rows={rows}&size={int(real['bytes'])}"
        bare = measure(client, bare_path, requests=requests, seconds=seconds)
        ratio = real["rps"] / bare["rps"]
        result.rows.append(
            [
                name,
                int(real["bytes"]),
                rounded(real["rps"]),
                rounded(real["p95"]),
                rounded(bare["rps"]),
                rounded(bare["p95"]),
                rounded(ratio, 2),
            ]
        )
        if name.startswith("fact-check list"):
            result.targets.append(
                Target(
                    "public list throughput / bare view", rounded(ratio, 2), ">= 0.5", ratio >= 0.5
                )
            )
    result.notes.append(
        "Each bare answer is padded to the endpoint's byte size; both read the same database. "
        "The client threads run on the same 2 cores as gunicorn and PostgreSQL."
    )
    result.notes.append(
        "The endpoints ask for the same URL again and again, so with the server's answer cache "
        "on (PUBLIC_RESPONSE_CACHE_SECONDS, 300 by default) every request after the first is "
        "served from it; PUBLIC_RESPONSE_CACHE_SECONDS=0 measures the API uncached."
    )
    result.write(args.json)


if __name__ == "__main__":
    main()
