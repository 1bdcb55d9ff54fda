"""Could a light-first cascade make the neural model's accuracy affordable? Measure it.

A cascade scores every sentence with the light model and sends only those in an uncertain band
[low, high) of its score to the neural model; below the band a sentence is out, above it in.
For each budget (the share of sentences the neural model may see), this picks the band with
the best F1 on the validation file (ClaimBuster ground truth), then reports that band's F1 and
neural share on CheckThat! 2023 1B, and the speed it implies on one core from both models'
speeds measured in the same run.

Run: .venv/bin/python bench/extraction_cascade.py     (needs ../shared/data/checkworthiness)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from claims.extraction.datasets import read_labelled  # noqa: E402
from claims.extraction.scoring import get_scorer  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthiness"
VALIDATION = DATA / "claimbuster_groundtruth.csv"
TEST = DATA / "checkthat2023_1b_test.tsv"
BUDGETS = (0.05, 0.1, 0.2, 0.3, 0.5)
GRID = np.round(np.arange(0.0, 1.0001, 0.02), 2)


def f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    """Return the F1 of the positive class."""
    tp = int(((labels == 1) & predicted).sum())
    wrong = int((labels != predicted.astype(int)).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


class Scored:
    """One labelled file with both models' scores."""

    def __init__(self, path: Path) -> None:
        data = read_labelled(path)
        self.labels = np.array(data.labels)
        started = time.perf_counter()
        self.light = np.array(get_scorer("light").score(data.texts))
        self.light_seconds = time.perf_counter() - started
        started = time.perf_counter()
        self.neural = np.array(get_scorer("neural").score(data.texts))
        self.neural_seconds = time.perf_counter() - started

    def cascade(self, low: float, high: float) -> tuple[float, float]:
        """Return the cascade's F1 and the share of sentences sent to the neural model."""
        band = (self.light >= low) & (self.light < high)
        neural_says = self.neural >= get_scorer("neural").threshold
        predicted = np.where(band, neural_says, self.light >= high)
        return f1(self.labels, predicted), float(band.mean())


def main() -> None:
    if not VALIDATION.exists() or not TEST.exists():
        print(f"skipped: {DATA} is not here")
        return
    get_scorer("light").score(["warm up"])
    get_scorer("neural").score(["warm up"])
    validation, test = Scored(VALIDATION), Scored(TEST)
    n = len(validation.labels) + len(test.labels)
    light_speed = n / (validation.light_seconds + test.light_seconds)
    neural_speed = n / (validation.neural_seconds + test.neural_seconds)
    print(f"one core: light {light_speed:,.0f} sentences/s, neural {neural_speed:,.1f}")
    for name, data, threshold in (
        ("light", validation.light, get_scorer("light").threshold),
        ("neural", validation.neural, get_scorer("neural").threshold),
    ):
        other = test.light if name == "light" else test.neural
        print(
            f"{name:7} alone: validation F1 {f1(validation.labels, data >= threshold):.3f}, "
            f"CheckThat 1B F1 {f1(test.labels, other >= threshold):.3f}"
        )
    bands = [(low, high) for low in GRID for high in GRID if high > low]
    results = {band: validation.cascade(*band) for band in bands}
    print(
        "budget  band (light score)  validation F1 / neural share   CheckThat 1B F1 / share   "
        "sentences/s on one core"
    )
    for budget in BUDGETS:
        low, high = max(
            (band for band, (_, share) in results.items() if share <= budget),
            key=lambda band: results[band][0],
        )
        validation_f1, share = results[(low, high)]
        test_f1, test_share = test.cascade(low, high)
        speed = 1 / (1 / light_speed + test_share / neural_speed)
        print(
            f"{budget:6.0%}  [{low:.2f}, {high:.2f})        {validation_f1:.3f} / {share:4.0%}"
            f"               {test_f1:.3f} / {test_share:4.0%}            {speed:,.0f}"
        )


if __name__ == "__main__":
    main()
