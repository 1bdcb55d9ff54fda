"""Precision, recall, F1 and average precision of the check-worthy class, in numpy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    """Figures for the check-worthy (positive) class."""

    precision: float
    recall: float
    f1: float
    average_precision: float


def classification_scores(
    labels: Sequence[int], probabilities: Sequence[float], threshold: float
) -> Scores:
    """Return the figures of predicting "check-worthy" when probability >= ``threshold``."""
    y = np.asarray(labels, dtype=bool)
    predicted = np.asarray(probabilities, dtype=np.float64) >= threshold
    true_positives = float(np.sum(y & predicted))
    precision = true_positives / max(float(predicted.sum()), 1.0)
    recall = true_positives / max(float(y.sum()), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, average_precision(labels, probabilities))


def average_precision(labels: Sequence[int], probabilities: Sequence[float]) -> float:
    """Return the area under the precision-recall curve as scikit-learn computes it (step-wise)."""
    y = np.asarray(labels, dtype=np.float64)
    if not y.sum():
        return 0.0
    order = np.argsort(-np.asarray(probabilities, dtype=np.float64), kind="mergesort")
    p = np.asarray(probabilities, dtype=np.float64)[order]
    y = y[order]
    # One point per distinct score, as ties are decided together.
    last_of_tie = np.r_[np.diff(p) != 0, True]
    true_positives = np.cumsum(y)[last_of_tie]
    predicted = (np.arange(len(y)) + 1)[last_of_tie]
    precision = true_positives / predicted
    recall = true_positives / y.sum()
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def best_threshold(labels: Sequence[int], probabilities: Sequence[float]) -> float:
    """Return the threshold that maximises F1 (used on validation data only)."""
    candidates = np.unique(np.round(np.asarray(probabilities, dtype=np.float64), 3))
    best = max(candidates, key=lambda t: classification_scores(labels, probabilities, float(t)).f1)
    return float(best)


def choose_threshold(
    labels: Sequence[int],
    probabilities: Sequence[float],
    *,
    default: float = 0.5,
    repeats: int = 100,
    margin: float = 0.005,
    seed: int = 0,
) -> float:
    """Return ``default`` unless an F1-tuned threshold does better on unseen data.

    ``best_threshold`` on the whole validation file always beats ``default`` there, by
    construction; the question is whether it generalises. So the validation file is split in
    random halves ``repeats`` times: tune on one half, measure F1 on the other, against
    ``default`` on the same half. The tuned threshold (on the whole file) is returned only if
    its mean held-out F1 beats ``default``'s by more than ``margin``. For a class-balanced
    model ``default`` 0.5 is its own cut-off, and it does not lean on the validation file's
    share of check-worthy sentences, which differs between data sets.
    """
    y = np.asarray(labels)
    p = np.asarray(probabilities, dtype=np.float64)
    rng = np.random.default_rng(seed)
    tuned, fixed = [], []
    for _ in range(repeats):
        order = rng.permutation(len(y))
        tune, held_out = order[: len(y) // 2], order[len(y) // 2 :]
        threshold = best_threshold(y[tune].tolist(), p[tune].tolist())
        y_held, p_held = y[held_out].tolist(), p[held_out].tolist()
        tuned.append(classification_scores(y_held, p_held, threshold).f1)
        fixed.append(classification_scores(y_held, p_held, default).f1)
    if float(np.mean(tuned)) > float(np.mean(fixed)) + margin:
        return best_threshold(labels, probabilities)
    return default


def f1_interval(
    labels: Sequence[int],
    probabilities: Sequence[float],
    threshold: float,
    *,
    repeats: int = 2000,
    seed: int = 0,
) -> tuple[float, float]:
    """Return the 95% bootstrap interval of F1 at ``threshold`` (sentences resampled).

    A test file of a few hundred sentences moves F1 by several points when a handful of
    sentences change sides; this says how far a reported F1 can be trusted.
    """
    y = np.asarray(labels, dtype=bool)
    predicted = np.asarray(probabilities, dtype=np.float64) >= threshold
    samples = np.random.default_rng(seed).integers(0, len(y), size=(repeats, len(y)))
    f1 = _f1(y[samples], predicted[samples])
    low, high = np.percentile(f1, [2.5, 97.5])
    return float(low), float(high)


def _f1(y: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """F1 of each row (2-D boolean arrays of labels and decisions)."""
    true_positives = np.sum(y & predicted, axis=1)
    denominator = np.sum(y, axis=1) + np.sum(predicted, axis=1)
    return np.where(denominator > 0, 2 * true_positives / np.maximum(denominator, 1), 0.0)
