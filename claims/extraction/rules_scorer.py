"""A transparent scorer from hand features alone: the fallback when no model is shipped."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from claims.extraction.hand_features import FEATURE_NAMES, hand_features

# Weights set by hand on the seed articles; the light model learns its own.
_WEIGHTS = dict(
    zip(
        FEATURE_NAMES,
        (2.2, 0.8, 0.6, 1.6, 0.6, 0.8, -1.4, -1.2, -1.5, 0.8),
        strict=True,
    )
)
_BIAS = -2.6


class RulesScorer:
    """Score sentences with a fixed logistic formula over hand features."""

    name = "rules"
    version = "rules-1"
    threshold = 0.5

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one check-worthiness probability per text."""
        weights = np.array([_WEIGHTS[n] for n in FEATURE_NAMES], dtype=np.float32)
        return [_sigmoid(float(hand_features(t) @ weights) + _BIAS) for t in texts]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
