"""Measure a backend on a labelled sentence file (used by ``evaluate_extractor``)."""

from __future__ import annotations

import time
from pathlib import Path

from claims.extraction.datasets import read_labelled
from claims.extraction.metrics import classification_scores
from claims.extraction.scoring import DEFAULT_BACKEND, get_scorer


def evaluate(
    path: Path, *, backend: str = DEFAULT_BACKEND, threshold: float | None = None
) -> dict[str, float]:
    """Return precision, recall, f1, average_precision, sentences_per_second and n.

    Figures are for the check-worthy class at the backend's threshold unless one is given.
    Speed is scoring only, one process, model already loaded.
    """
    sentences = read_labelled(path)
    scorer = get_scorer(backend)
    scorer.score(sentences.texts[:8])  # warm-up: loading is not scoring
    started = time.perf_counter()
    probabilities = scorer.score(sentences.texts)
    elapsed = max(time.perf_counter() - started, 1e-9)
    scores = classification_scores(
        sentences.labels, probabilities, scorer.threshold if threshold is None else threshold
    )
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "average_precision": round(scores.average_precision, 4),
        "sentences_per_second": round(len(sentences.texts) / elapsed, 1),
        "n": len(sentences.texts),
    }
