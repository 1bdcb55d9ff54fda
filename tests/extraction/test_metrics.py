"""Threshold choice: 0.5 stays unless a tuned threshold wins on held-out data."""

from __future__ import annotations

import numpy as np

from claims.extraction.metrics import best_threshold, choose_threshold


def _sample(shift: float) -> tuple[list[int], list[float]]:
    rng = np.random.default_rng(1)
    labels = (rng.random(600) < 0.25).astype(int)
    logits = np.where(labels == 1, 1.5, -1.5) + rng.normal(0.0, 1.2, 600) + shift
    return labels.tolist(), (1.0 / (1.0 + np.exp(-logits))).tolist()


def test_a_well_placed_default_is_kept() -> None:
    labels, probabilities = _sample(shift=0.0)
    assert best_threshold(labels, probabilities) != 0.5  # tuning always finds "better" in-sample
    assert choose_threshold(labels, probabilities) == 0.5


def test_a_clearly_misplaced_default_is_replaced_by_the_tuned_threshold() -> None:
    labels, probabilities = _sample(shift=3.0)  # everything scored far too high
    chosen = choose_threshold(labels, probabilities)
    assert chosen == best_threshold(labels, probabilities)
    assert chosen > 0.8
