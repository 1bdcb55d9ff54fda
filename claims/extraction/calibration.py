"""Turn a model's score into a probability a reviewer can read: Platt scaling.

``p' = sigmoid(slope * logit(p) + intercept)``, fitted by maximum likelihood on the validation
file (never on the test file). With ``intercept`` 0 it is temperature scaling (``1 / slope`` is
the temperature). The map is monotone, so it never changes the order of sentences (nor AP),
and a threshold mapped through it gives exactly the same decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_EPSILON = 1e-6  # keeps logit finite at scores of exactly 0 or 1
BINS = 10  # equal-width bins for the expected calibration error and the reliability plot
Scores = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class Calibration:
    """A Platt map; the default is the identity (an uncalibrated model)."""

    slope: float = 1.0
    intercept: float = 0.0

    def apply(self, probabilities: Any) -> np.ndarray:
        """Return the calibrated probabilities (an array of the same shape)."""
        raw = np.asarray(probabilities, dtype=np.float64)
        if self.is_identity:
            return raw
        return np.asarray(1.0 / (1.0 + np.exp(-(self.slope * logit(raw) + self.intercept))))

    def threshold(self, raw_threshold: float) -> float:
        """Return the calibrated cut-off that keeps the decisions of ``raw_threshold``."""
        return float(self.apply(np.array([raw_threshold]))[0])

    @property
    def is_identity(self) -> bool:
        """Whether the map leaves scores as they are."""
        return self.slope == 1.0 and self.intercept == 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Calibration:
        """Read the map from a model's meta (``{"slope": …, "intercept": …}``); None: identity."""
        if not data:
            return cls()
        return cls(float(data["slope"]), float(data["intercept"]))


IDENTITY = Calibration()


def platt_fit(probabilities: Scores, labels: Sequence[int]) -> Calibration:
    """Fit the Platt map to ``labels`` by Newton's method on the log-loss."""
    x = logit(np.asarray(probabilities, dtype=np.float64))
    y = np.asarray(labels, dtype=np.float64)
    params = np.array([1.0, 0.0])
    design = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(100):
        q = 1.0 / (1.0 + np.exp(-(design @ params)))
        gradient = design.T @ (q - y)
        # A tiny ridge keeps the step defined when the scores separate the labels perfectly.
        hessian = (design * (q * (1 - q))[:, None]).T @ design + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        params -= step
        if np.abs(step).max() < 1e-9:
            break
    return Calibration(round(float(params[0]), 6), round(float(params[1]), 6))


def cross_fitted(
    probabilities: Scores, labels: Sequence[int], groups: Sequence[str], folds: int = 2
) -> np.ndarray:
    """Return each score calibrated by a map fitted on the other folds (grouped by ``groups``).

    The honest "after" figure: a map judged on the data it was fitted on flatters itself.
    """
    raw = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels)
    names = sorted(set(groups))
    fold_of = {name: i % folds for i, name in enumerate(names)}
    fold = np.array([fold_of[g] for g in groups])
    out = np.zeros_like(raw)
    for k in range(folds):
        held = fold == k
        out[held] = platt_fit(raw[~held].tolist(), y[~held].tolist()).apply(raw[held])
    return out


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of the reliability diagram."""

    low: float
    high: float
    count: int
    mean_score: float
    positive_rate: float


def reliability(
    probabilities: Scores, labels: Sequence[int], bins: int = BINS
) -> list[ReliabilityBin]:
    """Return the equal-width bins' size, mean score and share of check-worthy sentences."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    index = np.minimum((p * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        members = index == b
        count = int(members.sum())
        out.append(
            ReliabilityBin(
                b / bins,
                (b + 1) / bins,
                count,
                float(p[members].mean()) if count else 0.0,
                float(y[members].mean()) if count else 0.0,
            )
        )
    return out


def expected_calibration_error(
    probabilities: Scores, labels: Sequence[int], bins: int = BINS
) -> float:
    """Return the ECE: the bins' |mean score - positive rate|, weighted by their share."""
    table = reliability(probabilities, labels, bins)
    total = sum(b.count for b in table)
    if not total:
        return 0.0
    return sum(b.count / total * abs(b.mean_score - b.positive_rate) for b in table)


def logit(p: np.ndarray) -> np.ndarray:
    """Return the log-odds of each probability, clipped away from 0 and 1."""
    clipped = np.clip(p, _EPSILON, 1 - _EPSILON)
    return np.asarray(np.log(clipped / (1 - clipped)))
