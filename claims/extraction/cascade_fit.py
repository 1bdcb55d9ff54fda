"""Set the cascade's band for speed, store it, and report what the cascade gives.

Used by ``manage.py calibrate_extractor DATA_DIR --backend cascade``, after the compact and
neural models are calibrated. The band is the sentences nearest the compact model's threshold
(by distance in log-odds, the same both ways), as wide as holds ``budget`` of the reference
sentences: the 22,000 of ClaimBuster's crowdsourced file, whose labels are not read. Its width
is a matter of speed, not accuracy: the validation file and the test file, when present, are
scored for the report and choose nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.calibration import expected_calibration_error, logit, reliability
from claims.extraction.cascade_model import FIRST, META_FILE, SECOND, CascadeModel
from claims.extraction.datasets import read_labelled
from claims.extraction.light_training import TEST_FILE, VALIDATION_FILE
from claims.extraction.metrics import classification_scores
from claims.extraction.neural_model import MODEL_DIR, NeuralModel
from claims.extraction.reliability_plot import reliability_svg

VERSION = "cascade-1"
REFERENCE_FILE = "claimbuster_crowdsourced.csv"
# The share of reference sentences the neural model may see, set by speed: on one core with
# VNNI or AMX the compact model scores about 630 sentences/s and the neural one about 70, one
# sentence at a time, and news prose puts more sentences in the band than the reference does
# (17% of the bench's 1,000-word seed article at 8%). 10% was on the line of 300 sentences/s
# and 250 ms an article; 8% keeps a margin (docs/extraction-model.md).
DEFAULT_BUDGET = 0.08


def symmetric_band(scores: np.ndarray, threshold: float, budget: float) -> tuple[float, float]:
    """Return [low, high): the ``budget`` share of ``scores`` nearest ``threshold`` in log-odds."""
    if not 0 < budget < 1:
        raise ValueError(f"the budget is a share of sentences between 0 and 1, not {budget}")
    centre = logit(np.array([threshold]))[0]
    radius = float(np.quantile(np.abs(logit(scores) - centre), budget))
    return round(_sigmoid(centre - radius), 6), round(_sigmoid(centre + radius), 6)


def fit(
    data_dir: Path,
    *,
    model_dir: Path = MODEL_DIR,
    budget: float = DEFAULT_BUDGET,
    write: bool = True,
    plot: Path | None = None,
) -> dict[str, Any]:
    """Fit the band on the reference sentences; return the figures (and store the band)."""
    reference = read_labelled(data_dir / REFERENCE_FILE).texts
    first = NeuralModel.load(model_dir, backend=FIRST)
    reference_scores = np.asarray(first.score(reference))
    band = symmetric_band(reference_scores, first.threshold, budget)
    cascade = CascadeModel.assemble(
        first, NeuralModel.load(model_dir, backend=SECOND), band=band, version=VERSION
    )
    meta: dict[str, Any] = {
        "version": VERSION,
        "band": list(band),
        "budget": budget,
        "fitted_on": f"{REFERENCE_FILE} ({len(reference)} sentences, labels unread)",
        "reference_share": round(float(cascade.uncertain(reference_scores).mean()), 4),
    }
    series = []
    files = [("validation", VALIDATION_FILE), ("test", TEST_FILE)]
    for name, file_name in files:
        if name == "test" and not (data_dir / file_name).exists():
            continue
        labelled = read_labelled(data_dir / file_name)
        meta[name], scores = _figures(cascade, labelled.texts, labelled.labels)
        series.append((f"{file_name}, cascade", reliability(scores, labelled.labels)))
    if write:
        store(model_dir, meta)
    if plot is not None:
        plot.write_text(
            reliability_svg(f"Reliability: cascade ({cascade.version})", series), encoding="utf-8"
        )
    return {"backend": "cascade", "model_version": cascade.version, **meta}


def store(model_dir: Path, meta: dict[str, Any]) -> Path:
    """Write ``cascade-meta.json``."""
    path = model_dir / META_FILE
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path


def _figures(
    cascade: CascadeModel, texts: list[str], labels: list[int]
) -> tuple[dict[str, float], list[float]]:
    """Return the cascade's figures on one labelled file, and its scores."""
    first = np.asarray(cascade.first.score(texts))
    scores = np.asarray(cascade.score(texts))
    figures = classification_scores(labels, scores.tolist(), cascade.threshold)
    return {
        "precision": round(figures.precision, 4),
        "recall": round(figures.recall, 4),
        "f1": round(figures.f1, 4),
        "average_precision": round(figures.average_precision, 4),
        "neural_share": round(float(cascade.uncertain(first).mean()), 4),
        "ece": round(expected_calibration_error(scores, labels), 4),
    }, scores.tolist()


def _sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))
