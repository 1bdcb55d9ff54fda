"""Fit a backend's calibration on the validation file, store it, and report what it changed.

Used by ``manage.py calibrate_extractor``. Only the validation file is fitted on; the test
file, when present, is scored for the report and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.calibration import (
    cross_fitted,
    expected_calibration_error,
    platt_fit,
    reliability,
)
from claims.extraction.datasets import read_labelled
from claims.extraction.light_model import ARTIFACT, CALIBRATION_FILE, LightModel
from claims.extraction.light_training import TEST_FILE, VALIDATION_FILE
from claims.extraction.metrics import classification_scores
from claims.extraction.neural_model import MODEL_DIR, NeuralModel
from claims.extraction.reliability_plot import reliability_svg


def _raw_model(backend: str, model_dir: Path) -> LightModel | NeuralModel:
    if backend == "light":
        return LightModel.load(model_dir / ARTIFACT.name, calibrated=False)
    if backend in NeuralModel.BACKENDS:
        return NeuralModel.load(model_dir, calibrated=False, backend=backend)
    raise ValueError(
        f"only the trained backends are calibrated (light, neural, compact), not {backend!r}"
    )


def calibrate(
    data_dir: Path,
    *,
    backend: str,
    model_dir: Path = MODEL_DIR,
    write: bool = True,
    plot: Path | None = None,
) -> dict[str, Any]:
    """Fit the Platt map on the validation file; return the figures (and store the map).

    ECE "after" is given twice: in-sample, and cross-fitted over the validation file's debates
    (two folds), the honest one. The threshold is mapped through the calibration, so decisions
    (and F1) on validation stay exactly the same; the report checks it.
    """
    model = _raw_model(backend, model_dir)
    validation = read_labelled(data_dir / VALIDATION_FILE)
    raw = np.asarray(model.score(validation.texts))
    calibration = platt_fit(raw.tolist(), validation.labels)
    calibrated = calibration.apply(raw)
    threshold = calibration.threshold(model.raw_threshold)
    groups = validation.groups or [str(i % 2) for i in range(len(raw))]
    held_out = cross_fitted(raw.tolist(), validation.labels, groups)
    before_f1 = classification_scores(validation.labels, raw.tolist(), model.raw_threshold).f1
    after_f1 = classification_scores(validation.labels, calibrated.tolist(), threshold).f1
    figures: dict[str, Any] = {
        "backend": backend,
        "model_version": model.version,
        "method": "platt",
        "slope": calibration.slope,
        "intercept": calibration.intercept,
        "raw_threshold": model.raw_threshold,
        "threshold": round(threshold, 6),
        "fitted_on": f"{VALIDATION_FILE} (validation, {len(raw)} sentences)",
        "validation_f1_before": round(before_f1, 4),
        "validation_f1_after": round(after_f1, 4),
        "validation_ece_before": round(expected_calibration_error(raw, validation.labels), 4),
        "validation_ece_after_in_sample": round(
            expected_calibration_error(calibrated, validation.labels), 4
        ),
        "validation_ece_after_cross_fitted": round(
            expected_calibration_error(held_out, validation.labels), 4
        ),
    }
    series = [
        ("validation, raw", reliability(raw.tolist(), validation.labels)),
        ("validation, cross-fitted", reliability(held_out.tolist(), validation.labels)),
    ]
    test_path = data_dir / TEST_FILE
    if test_path.exists():
        test = read_labelled(test_path)
        test_raw = np.asarray(model.score(test.texts))
        test_calibrated = calibration.apply(test_raw)
        figures["test_ece_before"] = round(expected_calibration_error(test_raw, test.labels), 4)
        figures["test_ece_after"] = round(
            expected_calibration_error(test_calibrated, test.labels), 4
        )
        series.append(("CheckThat 1B, raw", reliability(test_raw.tolist(), test.labels)))
        series.append(
            ("CheckThat 1B, calibrated", reliability(test_calibrated.tolist(), test.labels))
        )
    if write:
        store(backend, model_dir, figures)
    if plot is not None:
        plot.write_text(
            reliability_svg(f"Reliability: {backend} ({model.version})", series),
            encoding="utf-8",
        )
    return figures


def store(backend: str, model_dir: Path, figures: dict[str, Any]) -> Path:
    """Write the map where the backend's loader reads it: a transformer's meta, or light's JSON."""
    stored = {k: v for k, v in figures.items() if k != "backend"}
    if backend in NeuralModel.BACKENDS:
        path = model_dir / f"{backend}-meta.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        meta["threshold"] = figures["threshold"]
        meta["calibration"] = stored
    else:
        path = model_dir / CALIBRATION_FILE
        meta = stored
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path
