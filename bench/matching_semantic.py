"""Semantic matching at 10k, 100k and 1M stored claims: latency, recall, build time, worker memory.

Run: ``.venv/bin/python bench/matching_semantic.py [--sizes 10000 100000 1000000] [--json PATH]``
(``--tiny`` for a run of seconds). Random unit vectors (as many dimensions as the shipped
static encoder's, seeded per size) stand in for the store: search cost depends on the count and the
dimensions, not on the text, and random vectors are the hard case for HNSW (no clusters).

For each size it builds the service's index (``VectorIndex``: exact numpy up to
``EXACT_LIMIT``, an int8 usearch HNSW graph above), saves it, and loads it back as a worker
does (memory-mapped). Built graphs are cached under ``var/bench/matching/``, named by size,
seed and graph settings, so only the first run pays for the 1M build. It prints:

- search latency (top 10), exact numpy beside the graph;
- recall@10 of the graph against exact search, for random queries (the worst case: their
  neighbours are barely nearer than the rest) and "found": a planted repeat (a query at cosine
  ~0.8 to one stored vector, what matching looks for) in the top 10, with the largest error of
  its int8 cosine against the exact one;
- match ms: what one new claim costs the service's matching path in process: its share of the
  article's batched encoder call, the index search (50 neighbours), their TF-IDF re-rank and
  the link decisions (the database reads and writes of ``claim_match``: ``bench/matching.py``);
- the peak RSS of a matching worker process (queue ``matching``): the encoder loaded, the index
  loaded from its file, 200 searches run (a fresh process per size, ``--rss-probe``); and of an
  extraction worker process (queue ``extraction``), which never loads the index: the extractor
  (``EXTRACTOR_BACKEND``, else the default) loaded and scoring a seed article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import vector_index as vi  # noqa: E402
from claims.extraction.rerank import RERANK_CANDIDATES  # noqa: E402
from claims.extraction.static_encoder import META_FILE, MODEL_DIR  # noqa: E402
from claims.extraction.vector_index import VectorIndex  # noqa: E402

# The shipped default encoder's width (its meta, so the table need not be loaded here).
DIMENSIONS = int(json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))["dimensions"])
COLUMNS = [
    "stored",
    "search",
    "median ms",
    "p95 ms",
    "recall@10",
    "found",
    "max score error",
    "build s",
    "match ms",
    "worker peak RSS MB",
    "worker private MB",
]


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def store_vectors(size: int) -> np.ndarray:
    """The ``size`` stored vectors (seeded by size, so a cached graph matches them)."""
    rng = np.random.default_rng(size)
    return np.concatenate(
        [
            _unit(rng.standard_normal((min(100_000, size - i), DIMENSIONS), dtype=np.float32))
            for i in range(0, size, 100_000)
        ]
    )


class OverBudgetError(Exception):
    """Building the graph took longer than the run allows (it is not cached)."""


def graph_path(cache: Path, size: int, exact_limit: int) -> Path:
    """The cached index file for ``size`` with today's graph settings."""
    name = (
        f"{size}-d{DIMENSIONS}-seed{size}-{vi.ANN_DTYPE}-add{vi.EXPANSION_ADD}"
        f"-limit{exact_limit}.usearch"
    )
    return cache / name


def cached_graph(
    size: int, vectors: np.ndarray, cache: Path, exact_limit: int, budget: float
) -> tuple[Path, float, bool]:
    """Return the saved index file for ``size``, its build time (s) and whether it was cached.

    A build that runs past ``budget`` seconds is abandoned (OverBudgetError): ``--build-only``
    builds the cache without a budget, once, outside the timed run.
    """
    path = graph_path(cache, size, exact_limit)
    loaded = VectorIndex.load(path)
    if loaded is not None and loaded[1].get("count") == size:
        return path, float(loaded[1]["build_seconds"]), True
    began = time.perf_counter()
    index = VectorIndex(dimensions=DIMENSIONS, exact_limit=exact_limit)
    chunk = 25_000
    for first in range(0, size, chunk):  # as vector_store reads rows: in chunks
        index.add(np.arange(first + 1, min(size, first + chunk) + 1), vectors[first:][:chunk])
        if time.perf_counter() - began > budget:
            raise OverBudgetError(
                f"{min(size, first + chunk):,} of {size:,} added in {budget:.0f} s"
            )
    build = time.perf_counter() - began
    index.save(path, stamp={"build_seconds": round(build, 1)})
    return path, build, False


def timings_ms(index: VectorIndex, queries: np.ndarray, k: int = 10) -> list[float]:
    found = []
    for query in queries:
        began = time.perf_counter()
        index.search(query, k)
        found.append((time.perf_counter() - began) * 1000)
    return sorted(found)


def p95(values: list[float]) -> float:
    return values[max(0, round(len(values) * 0.95) - 1)]


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> list[set[int]]:
    """Keys (1-based) of the exact top ``k`` of each query."""
    tops = []
    for query in queries:
        scores = vectors @ query
        tops.append({int(i) + 1 for i in np.argpartition(-scores, k - 1)[:k]})
    return tops


def quality(
    index: VectorIndex, vectors: np.ndarray, rng: np.random.Generator, n: int
) -> dict[str, float]:
    """Recall@10 against exact search, planted repeats found, and the worst cosine error."""
    randoms = _unit(rng.standard_normal((n, DIMENSIONS)))
    truth = exact_top(vectors, randoms)
    recall = statistics.mean(
        len({k for k, _ in index.search(q, 10)} & t) / 10
        for q, t in zip(randoms, truth, strict=True)
    )
    rows = rng.choice(len(vectors), size=n, replace=False)
    planted = _unit(0.8 * vectors[rows] + 0.6 * _unit(rng.standard_normal((n, DIMENSIONS))))
    found, error = 0, 0.0
    for row, query in zip(rows, planted, strict=True):
        hits = dict(index.search(query, 10))
        if row + 1 in hits:
            found += 1
            error = max(error, abs(hits[row + 1] - float(vectors[row] @ query)))
    return {"recall": recall, "found": found / n, "error": error}


def match_ms(index: VectorIndex, queries: np.ndarray, encode_ms: float) -> list[float]:
    """Encoder share + search + TF-IDF re-rank + link decisions, per new claim (ms)."""
    from claims.extraction import Number
    from claims.extraction.matching import figures_conflict
    from claims.extraction.rerank import default_idf, rerank

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.matching import thresholds

    idf = default_idf()
    mine = [Number(raw="850,000", value=850_000.0)]
    theirs = [Number(raw="one million", value=1_000_000.0)]
    text = "Officials said {n:,} soldiers were killed or wounded near the front, the ministry said."
    found = []
    for query in queries:
        began = time.perf_counter()
        neighbours = index.search(query, RERANK_CANDIDATES)
        candidates = [(key, score, text.format(n=key)) for key, score in neighbours]
        for _, score in rerank(text.format(n=0), candidates, idf):  # claim_match's decisions
            if score >= thresholds().conflict:
                figures_conflict(mine, theirs)
        found.append((time.perf_counter() - began) * 1000 + encode_ms)
    return sorted(found)


def encoder_ms_per_claim(claims_per_article: int = 20, articles: int = 5) -> float:
    """One claim's share of its article's batched encoder call (the service's path)."""
    from claims.extraction.sentence_encoder import default_encoder

    encoder = default_encoder()
    sentence = (
        "Western estimates suggest that casualties have reached {n}, more than the {m} "
        "soldiers lost in the previous war, officials said on Tuesday."
    )
    encoder.encode(["warm-up"])
    began = time.perf_counter()
    for a in range(articles):
        encoder.encode([sentence.format(n=a * 1000 + i, m=i) for i in range(claims_per_article)])
    return (time.perf_counter() - began) * 1000 / (articles * claims_per_article)


def rss_probe(path: str, into_memory: bool) -> None:
    """Child process: load what a worker loads, print its memory as JSON.

    ``path`` "extractor": an extraction worker, the extractor scoring a seed article. Else a
    matching worker: the encoder, and the index at ``path`` (if any) searched 200 times.
    """
    if path == "extractor":
        from claims.extraction import extract

        seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
        extract(seed, backend=extractor())
        path = ""
    else:
        from claims.extraction.sentence_encoder import default_encoder

        default_encoder().encode(["warm-up"])
    if path:
        loaded = VectorIndex.load(Path(path))
        assert loaded is not None
        index = loaded[0]
        if into_memory and index.read_only:
            index._ann_into_memory()
        for query in _unit(np.random.default_rng(1).standard_normal((200, DIMENSIONS))):
            index.search(query, RERANK_CANDIDATES)
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    fields = {
        name: value.split()[0]
        for name, _, value in (line.partition(":") for line in status.splitlines())
        if value.strip()
    }
    # VmHWM, not getrusage's ru_maxrss: the latter survives exec, so a child would report
    # the parent's size from the moment it forked.
    print(
        json.dumps(
            {
                "peak_mb": int(fields.get("VmHWM", 0)) / 1024,
                "anon_mb": int(fields.get("RssAnon", 0)) / 1024,
                "file_mb": int(fields.get("RssFile", 0)) / 1024,
            }
        )
    )


def extractor() -> str:
    """The backend a worker loads: ``EXTRACTOR_BACKEND`` as the settings read it, or the default."""
    from claims.extraction.scoring import DEFAULT_BACKEND

    return os.environ.get("EXTRACTOR_BACKEND") or DEFAULT_BACKEND


def extractor_label() -> str:
    from claims.extraction.scoring import DEFAULT_BACKEND

    name = extractor()
    return "default extractor" if name == DEFAULT_BACKEND else f"{name} extractor"


def worker_memory(path: Path | str | None, into_memory: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--rss-probe", str(path or "")]
    if into_memory:
        command.append("--into-memory")
    answer = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return dict(json.loads(answer.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench" / "matching")
    parser.add_argument("--json", type=Path, help="write the section as JSON here")
    parser.add_argument("--tiny", action="store_true", help="small sizes: a run of seconds")
    parser.add_argument(
        "--build-budget",
        type=float,
        default=300.0,
        help="s the run's graph builds may take in all; a size whose build would go past it "
        "is skipped (cached graphs cost nothing)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build and cache the graphs, no budget"
    )
    parser.add_argument("--rss-probe", help=argparse.SUPPRESS)
    parser.add_argument("--into-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_probe is not None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        rss_probe(args.rss_probe, args.into_memory)
        return
    exact_limit = vi.EXACT_LIMIT
    if args.tiny:
        args.sizes, args.queries, exact_limit = [500, 3000], 20, 1000
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.build_only:
        for size in args.sizes:
            _, build, cached = cached_graph(
                size, store_vectors(size), args.cache, exact_limit, float("inf")
            )
            print(f"{size:,}: {'cached' if cached else 'built'} in {build:.0f} s", flush=True)
        return

    encode = encoder_ms_per_claim()
    print(f"encoder: {encode:.2f} ms per claim (20 claims per batched call)", flush=True)
    baseline = worker_memory(None)
    print(f"matching worker without an index: peak RSS {baseline['peak_mb']:.0f} MB", flush=True)
    extracting = worker_memory("extractor")
    print(f"extraction worker ({extractor_label()}): peak RSS {extracting['peak_mb']:.0f} MB")
    print("  ".join(f"{c:>9}" for c in COLUMNS), flush=True)
    rows: list[list[Any]] = []
    skipped: list[str] = []
    budget_left = args.build_budget  # for every build of the run together
    rng = np.random.default_rng(0)
    for size in args.sizes:
        if budget_left <= 0 and not graph_path(args.cache, size, exact_limit).exists():
            skipped.append(f"{size:,} skipped: no cached graph and no build budget left")
            print(skipped[-1], flush=True)
            continue
        vectors = store_vectors(size)
        try:
            path, build, cached = cached_graph(size, vectors, args.cache, exact_limit, budget_left)
            budget_left -= 0 if cached else build
        except OverBudgetError as error:
            budget_left = 0
            skipped.append(
                f"{size:,} skipped: its graph was not cached and building it ran over the "
                f"{args.build_budget:.0f} s budget ({error}); build it once with --build-only"
            )
            print(skipped[-1], flush=True)
            continue
        queries = _unit(rng.standard_normal((args.queries, DIMENSIONS)))
        exact = VectorIndex(dimensions=DIMENSIONS, exact_limit=size + 1)
        exact.add(np.arange(1, size + 1), vectors)
        exact_times = timings_ms(exact, queries[: max(20, args.queries // 4)])
        rows.append(_row(size, "exact", exact_times, {"recall": 1.0, "found": 1.0, "error": 0.0}))
        del exact
        loaded = VectorIndex.load(path)
        assert loaded is not None
        index = loaded[0]
        kind = "hnsw i8" if index.ann is not None else "exact"
        scores = quality(index, vectors, rng, max(20, args.queries // 2))
        memory = worker_memory(path)
        row = _row(size, kind, timings_ms(index, queries), scores)
        row[7:] = [
            f"{build:.0f}{' (cached)' if cached else ''}",
            round(statistics.median(match_ms(index, queries, encode)), 2),
            round(memory["peak_mb"]),
            round(memory["anon_mb"]),
        ]
        rows.append(row)
        for r in rows[-2:]:
            print("  ".join(f"{v!s:>9}" for v in r), flush=True)
        del index, loaded, vectors
    largest = max(r[0] for r in rows)
    in_memory = worker_memory(graph_path(args.cache, largest, exact_limit), True)
    target_size = max(args.sizes) if args.tiny else 1_000_000
    section = _section(rows, target_size, encode, baseline, in_memory, extracting)
    section["notes"] += skipped
    for note in section["notes"]:
        print(note)
    if args.json:
        args.json.write_text(json.dumps(section, indent=2), encoding="utf-8")
    for target in section["targets"]:
        verdict = "met" if target["met"] else "MISSED"
        print(f"target {target['name']}: {target['value']} ({target['target']}) {verdict}")


def _row(size: int, kind: str, times: list[float], scores: dict[str, float]) -> list[Any]:
    return [
        size,
        kind,
        round(statistics.median(times), 2),
        round(p95(times), 2),
        round(scores["recall"], 3),
        round(scores["found"], 3),
        round(scores["error"], 4),
        "",
        "",
        "",
        "",
    ]


def _section(
    rows: list[list[Any]],
    target_size: int,
    encode: float,
    baseline: dict[str, float],
    in_memory: dict[str, float],
    extracting: dict[str, float],
) -> dict[str, Any]:
    """The section's JSON; the targets are judged at ``target_size`` (unmet when not run)."""
    graph = next((r for r in reversed(rows) if r[0] == target_size), None)
    match = graph[8] if graph else None
    memory = graph[9] if graph else None
    largest = max(r[0] for r in rows)
    return {
        "section": "matching",
        "title": "Matching a new claim against stored claims (semantic)",
        "columns": COLUMNS,
        "rows": rows,
        "targets": [
            {
                "name": f"match one claim against {target_size:,} stored (median)"
                + ("" if graph else ": not measured, its graph is not cached (--build-only)"),
                "value": match if match is not None else 0.0,
                "target": "< 50 ms",
                "met": match is not None and float(match) < 50,
            },
            {
                "name": f"matching worker peak RSS, encoder + {target_size:,}-vector index"
                + ("" if graph else ": not measured"),
                "value": memory if memory is not None else 0.0,
                "target": "<= 500 MB",
                "met": memory is not None and float(memory) <= 500,
            },
            {
                "name": f"extraction worker peak RSS, {extractor_label()} (no index)",
                "value": round(extracting["peak_mb"], 1),
                "target": "<= 500 MB",
                "met": extracting["peak_mb"] <= 500,
            },
        ],
        "notes": [
            f"encoder: {encode:.2f} ms per claim, its share of a 20-claim batched call",
            f"matching worker without an index: peak RSS {baseline['peak_mb']:.0f} MB",
            f"the {largest:,} graph read into the process's memory instead of mapped: peak RSS "
            f"{in_memory['peak_mb']:.0f} MB ({in_memory['anon_mb']:.0f} MB private)",
            "worker private MB: RssAnon after the searches; the rest of the peak is the mapped "
            "index file, shared by every process through the page cache",
            "load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{load:.2f}" for load in os.getloadavg()),
        ],
    }


if __name__ == "__main__":
    main()
