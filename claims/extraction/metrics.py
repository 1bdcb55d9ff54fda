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
