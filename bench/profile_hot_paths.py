"""Profile the two hot paths the benchmark found slow, in process, with cProfile.

- ``extract``: ``article_extract`` on generated ~800-word articles (model, encoder, matching,
  writes), after two warm-up articles load the models and the vector index;
- ``list``: the public fact-check list through Django's test client.

Run against a database the benchmark filled (``make bench`` leaves ``bench_e2e``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_e2e \\
      .venv/bin/python bench/profile_hot_paths.py extract --count 10

It prints the time per call, the queries per call and the functions with the most cumulative
time. No server is started; writes go to that database.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_data import article_bodies, django_setup


def profile_extract(count: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims import services
    from claims.models import Article
    from claims.text_checks import content_hash

    bodies = article_bodies(count + 2, seed=int(time.time()))
    articles = [
        Article.objects.create(title="Profile", body=b, content_hash=content_hash(b))
        for b in bodies
    ]
    for article in articles[:2]:
        services.article_extract(article=article)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        for article in articles[2:]:
            services.article_extract(article=article)
        profiler.disable()
    seconds = (time.perf_counter() - started) / count
    print(f"{seconds * 1000:.0f} ms and {len(queries) / count:.0f} queries per article")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"claims|reviews", 30)


def profile_list(count: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get("/api/v1/fact-checks/")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        for _ in range(count):
            client.get("/api/v1/fact-checks/")
        profiler.disable()
    seconds = (time.perf_counter() - started) / count
    print(f"{seconds * 1000:.0f} ms and {len(queries) / count:.0f} queries per request")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", choices=["extract", "list"])
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("PUBLIC_THROTTLE_RATE", "1000000/min")
    django_setup()
    (profile_extract if args.path == "extract" else profile_list)(args.count)


if __name__ == "__main__":
    main()
