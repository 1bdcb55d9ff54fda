"""Measure a backend on a labelled sentence file (used by ``evaluate_extractor``)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from claims.extraction.datasets import read_labelled
from claims.extraction.metrics import classification_scores, f1_interval
from claims.extraction.scoring import (
    DEFAULT_BACKEND,
    NON_FACTUAL_CUTOFF,
    get_scorer,
    score_sentences,
)


def evaluate(
    path: Path, *, backend: str = DEFAULT_BACKEND, threshold: float | None = None
) -> dict[str, float]:
    """Return precision, recall, f1 (with its 95% bootstrap interval), average precision, speed, n.

    Precision, recall and F1 are those of the pipeline's decision: score at or above the
    backend's threshold (unless one is given) and not non-factual; ``f1_unfiltered`` is the
    score alone, and ``non_factual_filtered`` how many sentences the opinion filter took out.
    Average precision ranks by the score. Speed is scoring (with the light backend, both of its
    heads), one process, model already loaded.
    """
    sentences = read_labelled(path)
    scorer = get_scorer(backend)
    score_sentences(scorer, sentences.texts[:8])  # warm-up: loading is not scoring
    started = time.perf_counter()
    probabilities, non_factual = score_sentences(scorer, sentences.texts)
    elapsed = max(time.perf_counter() - started, 1e-9)
    cutoff = scorer.threshold if threshold is None else threshold
    factual = non_factual < NON_FACTUAL_CUTOFF
    decided = np.where(factual, probabilities, 0.0).tolist()  # filtered out: below any cutoff
    scores = classification_scores(sentences.labels, decided, cutoff)
    unfiltered = classification_scores(sentences.labels, probabilities.tolist(), cutoff)
    low, high = f1_interval(sentences.labels, decided, cutoff)
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "f1_low": round(low, 4),
        "f1_high": round(high, 4),
        "f1_unfiltered": round(unfiltered.f1, 4),
        "non_factual_filtered": int(np.sum((probabilities >= cutoff) & ~factual)),
        "average_precision": round(unfiltered.average_precision, 4),
        "sentences_per_second": round(len(sentences.texts) / elapsed, 1),
        "n": len(sentences.texts),
    }
