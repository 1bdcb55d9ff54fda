"""Semantic matching cost: nearest-neighbour search at 10k, 100k and 1M stored claim vectors.

Run: ``.venv/bin/python bench/matching_semantic.py [--sizes 10000,100000,1000000]``.
Random unit vectors (384 dimensions, as the shipped encoder's) stand in for the store: the
search cost depends on the count and the dimensions, not on the text. For each size it prints
the latency of one query (exact numpy dot product, and the usearch HNSW index the service
switches to above ``vector_index.EXACT_LIMIT``), how often it finds a planted repeat (a query
at cosine ~0.8 to one stored vector, the case matching cares about) in its top 10, the index
build time, the encoder's cost per claim when an article's claims go in one batch, and the
re-ranking of a claim's ``RERANK_CANDIDATES`` neighbours with TF-IDF (``claims.extraction.rerank``).
Today's lexical matcher, for comparison: ``bench/matching.py`` (needs PostgreSQL).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.vector_index import VectorIndex  # noqa: E402

DIMENSIONS = 384


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _latencies(index: VectorIndex, queries: np.ndarray) -> list[float]:
    timings = []
    for query in queries:
        began = time.perf_counter()
        index.search(query, 10)
        timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings)


def _summary(timings: list[float]) -> str:
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return f"{statistics.median(timings):>9.2f} {p95:>8.2f}"


def _encoder_cost(claims_per_article: int, articles: int) -> str:
    from claims.extraction.sentence_encoder import SentenceEncoder

    encoder = SentenceEncoder.load()
    sentence = (
        "Western estimates suggest that casualties have reached {n}, more than the {m} "
        "soldiers lost in the previous war, officials said on Tuesday."
    )
    encoder.encode(["warm-up"])
    began = time.perf_counter()
    for a in range(articles):
        encoder.encode([sentence.format(n=a * 1000 + i, m=i) for i in range(claims_per_article)])
    per_claim = (time.perf_counter() - began) * 1000 / (articles * claims_per_article)
    return f"encoder: {per_claim:.1f} ms per claim ({claims_per_article} claims per batched call)"


def _rerank_cost(claims: int) -> str:
    from claims.extraction.rerank import RERANK_CANDIDATES, default_idf, rerank

    idf = default_idf()
    texts = [
        f"Officials said {i:,} soldiers were killed or wounded near the front, the ministry "
        f"reported on day {i % 365} of the war."
        for i in range(claims + RERANK_CANDIDATES)
    ]
    began = time.perf_counter()
    for i in range(claims):
        rerank(texts[i], [(j, 0.5, texts[i + j + 1]) for j in range(RERANK_CANDIDATES)], idf)
    per_claim = (time.perf_counter() - began) * 1000 / claims
    return f"re-rank: {per_claim:.1f} ms per claim ({RERANK_CANDIDATES} candidates)"


def _planted_queries(vectors: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``n`` repeats of stored vectors, each at cosine ~0.8 to its source (rows 0..n)."""
    noise = _unit(rng.standard_normal((n, DIMENSIONS)))
    return _unit(0.8 * vectors[:n] + 0.6 * noise)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-encoder", action="store_true")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    print(f"search latency per claim, top 10 of N stored unit vectors ({args.queries} queries,")
    print("each a repeat of a stored vector at cosine ~0.8; found = that vector in the top 10)")
    print(
        f"{'stored':>10} {'search':>6} {'median ms':>9} {'p95 ms':>8} {'found':>6} {'build s':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        vectors = _unit(rng.standard_normal((size, DIMENSIONS)))
        keys = np.arange(1, size + 1)
        queries = _planted_queries(vectors, args.queries, rng)
        for name, limit in (("exact", size + 1), ("hnsw", 0)):
            began = time.perf_counter()
            index = VectorIndex(dimensions=DIMENSIONS, exact_limit=limit)
            index.add(keys, vectors)
            build = time.perf_counter() - began
            timings = _latencies(index, queries)
            found = sum(
                1
                for i, query in enumerate(queries)
                if i + 1 in {k for k, _ in index.search(query, 10)}
            ) / len(queries)
            print(
                f"{size:>10,} {name:>6} {_summary(timings)} {found:>6.3f} {build:>8.1f}", flush=True
            )
            del index
        del vectors
    if not args.no_encoder:
        print(_encoder_cost(claims_per_article=20, articles=10), flush=True)
        print(_rerank_cost(claims=200), flush=True)


if __name__ == "__main__":
    main()
