"""Measure extraction in process, per backend: sentences scored per second on one core, the time
to extract a 1,000-word article, and that time split by step (no database).

Run: .venv/bin/python bench/extraction_speed.py [--backend light --backend neural ...]
     [--tiny] [--json PATH]

Steps: clean (blanking, line and boilerplate checks, language), segment (sentence splitting and
normalisation), score (the backend's model), type (entities, numbers, speaker, claim type and
the lexical match keys), match (the sentence encoder on the article's claims, as a worker runs it
before storing them). Each step is timed by wrapping the pipeline's own functions in this
process; segment is what is left of the article's time once the others are taken out.
Sentences come from the shared ClaimBuster file when present, else from the seed articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# One core: the figure the targets are stated in, and what a Celery worker process gets.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from claims.extraction import cleaning, language, pipeline  # noqa: E402
from claims.extraction.cascade_model import CascadeModel  # noqa: E402
from claims.extraction.datasets import read_labelled  # noqa: E402
from claims.extraction.entities import EntityFinder  # noqa: E402
from claims.extraction.int8_weights import signed_int8_is_exact  # noqa: E402
from claims.extraction.scoring import DEFAULT_BACKEND, get_scorer  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthiness" / "claimbuster_crowdsourced.csv"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
STEPS = ("clean", "segment", "score", "type", "match")
# Targets of issue #16 for the default backend, on one core.
TARGET_SENTENCES_PER_SECOND = 300
TARGET_ARTICLE_MS = 250


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
        c.text
        for p in SEEDS
        for c in pipeline.extract(p.read_text(encoding="utf-8"), threshold=0).claims
    ]
    return (claims * (limit // max(len(claims), 1) + 1))[:limit]


class StepClock:
    """Adds up the time spent inside wrapped functions, per step; nested calls count once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[step] += time.perf_counter() - started
                self._depth -= 1

        return timed


@contextmanager
def instrumented(clock: StepClock) -> Iterator[None]:
    """Wrap the pipeline's functions with ``clock`` for the duration of the block."""
    targets: list[tuple[Any, str, str]] = [
        (cleaning, "blank", "clean"),
        (pipeline, "_prose_spans", "clean"),
        (language, "detect", "clean"),
        (cleaning, "boilerplate_reason", "clean"),
        (pipeline, "score_sentences", "score"),
        (EntityFinder, "find", "type"),
        (pipeline, "_claim", "type"),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
    try:
        for owner, name, step in targets:
            setattr(owner, name, clock.wrap(step, getattr(owner, name)))
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _encoder() -> Any:
    try:
        from claims.extraction.sentence_encoder import default_encoder

        return default_encoder()
    except (ImportError, FileNotFoundError):
        return None


def bench(backend: str, n_sentences: int, repeats: int) -> dict[str, Any]:
    """Return one backend's figures: scoring speed, article time and its split by step."""
    scorer = get_scorer(backend)
    texts = sentences(n_sentences)
    scorer.score(texts[:32])  # warm-up
    started = time.perf_counter()
    scorer.score(texts)
    per_second = len(texts) / (time.perf_counter() - started)

    article = thousand_word_article()
    encoder = _encoder()
    result = pipeline.extract(article, backend=backend)
    if encoder is not None:
        encoder.encode([c.text for c in result.claims])  # warm-up
    totals, splits = [], []
    for _ in range(repeats):
        clock = StepClock()
        with instrumented(clock):
            started = time.perf_counter()
            result = pipeline.extract(article, backend=backend)
            extracted = time.perf_counter() - started
        started = time.perf_counter()
        if encoder is not None:
            encoder.encode([c.text for c in result.claims])
        clock.seconds["match"] = time.perf_counter() - started
        clock.seconds["segment"] = extracted - sum(
            clock.seconds[s] for s in ("clean", "score", "type")
        )
        totals.append(extracted * 1000)
        splits.append({s: clock.seconds[s] * 1000 for s in STEPS})
    row = {
        "backend": backend,
        "sentences_per_second": per_second,
        "sentences_scored": len(texts),
        "article_words": len(article.split()),
        "article_sentences": result.sentences_seen,
        "article_claims": len(result.claims),
        "article_ms": statistics.median(totals),
        "steps_ms": {s: statistics.median(split[s] for split in splits) for s in STEPS},
        "with_match_ms": statistics.median(
            total + split["match"] for total, split in zip(totals, splits, strict=True)
        ),
    }
    if isinstance(scorer, CascadeModel):  # the share the neural model scored, untimed
        row["neural_share"] = float(np.mean(scorer.uncertain(np.array(scorer.first.score(texts)))))
    return row


def report(rows: list[dict[str, Any]], skipped: list[str]) -> dict[str, Any]:
    """Return the section in the shape ``bench/run_all.py`` merges."""
    columns = ["backend", "sentences/s/core", "article ms", *[f"{s} ms" for s in STEPS]]
    table = [
        [
            r["backend"] + (" (default)" if r["backend"] == DEFAULT_BACKEND else ""),
            round(r["sentences_per_second"], 1),
            round(r["article_ms"], 1),
            *[round(r["steps_ms"][s], 1) for s in STEPS],
        ]
        for r in rows
    ]
    targets = [
        {
            "name": f"default extractor ({r['backend']}) sentences/s per core",
            "value": round(r["sentences_per_second"], 1),
            "target": f">= {TARGET_SENTENCES_PER_SECOND}",
            "met": r["sentences_per_second"] >= TARGET_SENTENCES_PER_SECOND,
        }
        for r in rows
        if r["backend"] == DEFAULT_BACKEND
    ] + [
        {
            "name": f"default extractor ({r['backend']}) ms per 1,000-word article",
            "value": round(r["article_ms"], 1),
            "target": f"<= {TARGET_ARTICLE_MS}",
            "met": r["article_ms"] <= TARGET_ARTICLE_MS,
        }
        for r in rows
        if r["backend"] == DEFAULT_BACKEND
    ]
    notes = [
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        "one thread per process.",
        "article ms is clean + segment + score + type; match (the sentence encoder on the "
        "article's claims) is extra, paid by the worker before it stores them.",
        "int8 weights multiplied signed (the CPU has VNNI or AMX): "
        + ("yes." if signed_int8_is_exact() else "no."),
        f"the default on this CPU: {DEFAULT_BACKEND} (cascade where it has AMX, light elsewhere).",
        *[
            f"cascade: the neural model scored {r['neural_share']:.1%} of the sentences"
            for r in rows
            if "neural_share" in r
        ],
        *skipped,
    ]
    return {
        "section": "extraction",
        "title": "Extraction in process, one core",
        "columns": columns,
        "rows": table,
        "targets": targets,
        "notes": notes,
        "raw": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--backend",
        action="append",
        help="cascade, compact, light, neural, rules (default: all available)",
    )
    parser.add_argument("--sentences", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument(
        "--tiny", action="store_true", help="the default backend only, a few seconds: for tests"
    )
    parser.add_argument("--json", type=Path, help="also write the section as JSON here")
    args = parser.parse_args()
    sentences_wanted, repeats = (64, 2) if args.tiny else (args.sentences, args.repeats)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows, skipped = [], []
    everything = (
        [DEFAULT_BACKEND] if args.tiny else ["cascade", "compact", "light", "rules", "neural"]
    )
    for backend in args.backend or everything:
        # The neural model scores some 15 sentences/s on a CPU without VNNI: bound its share.
        slow = backend == "neural"
        try:
            row = bench(
                backend,
                min(sentences_wanted, 300) if slow else sentences_wanted,
                min(repeats, 3) if slow else repeats,
            )
        except (ImportError, FileNotFoundError) as error:
            skipped.append(f"{backend} skipped: {error}")
            print(f"{backend:7} skipped: {error}")
            continue
        rows.append(row)
        steps = "  ".join(f"{s} {row['steps_ms'][s]:.1f}" for s in STEPS)
        print(
            f"{backend:7} {row['sentences_per_second']:8.1f} sentences/s/core "
            f"({row['sentences_scored']} sentences)   1,000-word article "
            f"({row['article_words']} words, {row['article_sentences']} sentences, "
            f"{row['article_claims']} claims): median {row['article_ms']:.1f} ms   "
            f"[ms: {steps}]"
            + (f"   neural share {row['neural_share']:.1%}" if "neural_share" in row else "")
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report(rows, skipped), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
