"""Threshold choice, and how far an F1 measured on a small test file can be trusted."""

from __future__ import annotations

import numpy as np

from claims.extraction.metrics import (
    best_threshold,
    choose_threshold,
    classification_scores,
    f1_interval,
)


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


def test_f1_interval_brackets_the_f1_and_narrows_with_more_sentences() -> None:
    labels, probabilities = _sample(shift=0.0)
    f1 = classification_scores(labels, probabilities, 0.5).f1
    low, high = f1_interval(labels, probabilities, 0.5)
    small_low, small_high = f1_interval(labels[:150], probabilities[:150], 0.5)
    assert low < f1 < high
    assert high - low < small_high - small_low
