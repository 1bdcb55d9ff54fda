"""Measure extraction speed per backend: sentences scored per second on one core, and the
time to extract a 1,000-word article (no database).

Run: .venv/bin/python bench/extraction_speed.py [--backend light --backend neural ...]
Sentences come from the shared ClaimBuster file when present, else from the seed articles.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

# One core: the figure the targets are stated in, and what a Celery worker process gets.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402
from claims.extraction.datasets import read_labelled  # noqa: E402
from claims.extraction.scoring import get_scorer  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthiness" / "claimbuster_crowdsourced.csv"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def thousand_word_article() -> str:
    """Return about 1,000 words of news prose made from the seed articles."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    words = 0
    lines = []
    while words < 1_000:
        for line in text.splitlines():
            lines.append(line)
            words += len(line.split())
            if words >= 1_000:
                break
    return "\n".join(lines)


def sentences(limit: int) -> list[str]:
    """Return up to ``limit`` sentences to score."""
    if DATA.exists():
        return read_labelled(DATA).texts[:limit]
    claims = [
        c.text for p in SEEDS for c in extract(p.read_text(encoding="utf-8"), threshold=0).claims
    ]
    return (claims * (limit // max(len(claims), 1) + 1))[:limit]


def bench(backend: str, n_sentences: int, repeats: int) -> None:
    scorer = get_scorer(backend)
    texts = sentences(n_sentences)
    scorer.score(texts[:64])  # warm-up
    started = time.perf_counter()
    scorer.score(texts)
    per_second = len(texts) / (time.perf_counter() - started)

    article = thousand_word_article()
    extract(article, backend=backend)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = extract(article, backend=backend)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{backend:7} scoring: {per_second:8.0f} sentences/s/core ({len(texts)} sentences)   "
        f"1,000-word article ({len(article.split())} words, {result.sentences_seen} sentences, "
        f"{len(result.claims)} claims): median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--backend", action="append", help="light, neural, rules (default: all available)"
    )
    parser.add_argument("--sentences", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for backend in args.backend or ["light", "rules", "neural"]:
        try:
            bench(
                backend,
                args.sentences if backend != "neural" else min(args.sentences, 1_000),
                args.repeats,
            )
        except (ImportError, FileNotFoundError) as error:
            print(f"{backend:7} skipped: {error}")


if __name__ == "__main__":
    main()
