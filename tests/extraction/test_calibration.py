"""Score calibration: Platt scaling fitted on validation, stored with the model, applied."""

from __future__ import annotations

import csv
import json
import shutil
import xml.dom.minidom
from pathlib import Path

import numpy as np
import pytest

from claims.extraction.calibration import (
    IDENTITY,
    Calibration,
    expected_calibration_error,
    platt_fit,
    reliability,
)
from claims.extraction.calibration_report import calibrate
from claims.extraction.light_model import ARTIFACT, CALIBRATION_FILE, LightModel
from claims.extraction.reliability_plot import reliability_svg

SENTENCES = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
    "The council spent £4.2 million on road repairs in 2023.",
    "I think we all want what is best for our children.",
    "Thank you all for coming tonight.",
]


def test_platt_fit_recovers_the_map_that_made_the_labels() -> None:
    # GIVEN labels drawn from sigmoid(2 * logit(p) - 1), with p uniform
    rng = np.random.default_rng(7)
    raw = rng.uniform(0.01, 0.99, 20_000)
    truth = Calibration(2.0, -1.0).apply(raw)
    labels = (rng.uniform(size=raw.size) < truth).astype(int)

    # WHEN a map is fitted
    fitted = platt_fit(raw, labels.tolist())

    # THEN it is close to the one that made them, and the calibrated ECE is small
    assert fitted.slope == pytest.approx(2.0, abs=0.1)
    assert fitted.intercept == pytest.approx(-1.0, abs=0.1)
    assert expected_calibration_error(fitted.apply(raw), labels.tolist()) < 0.02
    assert expected_calibration_error(raw, labels.tolist()) > 0.05


def test_a_mapped_threshold_keeps_every_decision_and_the_order() -> None:
    raw = np.linspace(0.001, 0.999, 999)
    calibration = Calibration(1.64, -1.03)

    calibrated = calibration.apply(raw)

    assert np.array_equal(np.argsort(calibrated), np.argsort(raw))
    assert np.array_equal(calibrated >= calibration.threshold(0.5), raw >= 0.5)


def test_the_identity_leaves_scores_as_they_are() -> None:
    raw = np.array([0.0, 0.2, 0.97, 1.0])
    assert IDENTITY.is_identity
    assert np.array_equal(IDENTITY.apply(raw), raw)
    assert Calibration.from_json(None) == IDENTITY


def test_ece_is_the_share_weighted_gap_between_score_and_outcome() -> None:
    # Two bins: 0.11 scored, 0 of 2 positive (gap 0.11); 0.94 scored, 2 of 2 (gap 0.06).
    scores = [0.1, 0.12, 0.9, 0.98]
    assert expected_calibration_error(scores, [0, 0, 1, 1]) == pytest.approx(0.085)
    bins = reliability(scores, [0, 0, 1, 1])
    assert [b.count for b in bins] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 2]


def test_the_reliability_plot_is_an_svg_with_a_dot_per_filled_bin() -> None:
    bins = reliability([0.1, 0.12, 0.9, 0.98], [0, 0, 1, 1])

    svg = reliability_svg("light <test>", [("validation", bins)])

    document = xml.dom.minidom.parseString(svg)  # noqa: S318  # our own output, not untrusted
    assert [e.tagName for e in document.getElementsByTagName("svg")] == ["svg"]
    assert len(document.getElementsByTagName("circle")) == 2
    assert "light &lt;test&gt;" in svg


def test_the_shipped_light_model_applies_its_stored_calibration() -> None:
    # GIVEN the shipped light model and the calibration stored beside it
    stored = json.loads(ARTIFACT.with_name(CALIBRATION_FILE).read_text(encoding="utf-8"))
    model = LightModel.load()
    raw_model = model.uncalibrated()

    # WHEN both score the same sentences
    calibrated = np.asarray(model.score(SENTENCES))
    raw = np.asarray(raw_model.score(SENTENCES))

    # THEN scores are the raw ones through the stored map, with the same decisions
    assert stored["model_version"] == model.version
    assert model.threshold == stored["threshold"]
    assert raw_model.threshold == stored["raw_threshold"]
    assert calibrated == pytest.approx(Calibration.from_json(stored).apply(raw))
    assert np.array_equal(calibrated >= model.threshold, raw >= raw_model.threshold)


def test_a_calibration_for_another_model_version_is_not_applied(tmp_path: Path) -> None:
    # GIVEN the light artifact beside a calibration made for another version of it
    shutil.copy(ARTIFACT, tmp_path / ARTIFACT.name)
    stale = {"model_version": "light-0", "slope": 3.0, "intercept": 1.0, "threshold": 0.9}
    (tmp_path / CALIBRATION_FILE).write_text(json.dumps(stale), encoding="utf-8")

    # WHEN it is loaded
    model = LightModel.load(tmp_path / ARTIFACT.name)

    # THEN its scores and threshold are the raw ones
    assert model.calibration == IDENTITY
    assert model.threshold == model.raw_threshold


def test_calibrate_fits_on_validation_stores_the_map_and_keeps_decisions(tmp_path: Path) -> None:
    # GIVEN a small validation file of two debates, and a copy of the light model
    data_dir = _validation_file(tmp_path / "data")
    model_dir = tmp_path / "models"
    model_dir.mkdir()
    shutil.copy(ARTIFACT, model_dir / ARTIFACT.name)

    # WHEN it is calibrated, with a plot
    figures = calibrate(data_dir, backend="light", model_dir=model_dir, plot=tmp_path / "plot.svg")

    # THEN the map is stored for this model version, F1 is unchanged, and the plot is written
    stored = json.loads((model_dir / CALIBRATION_FILE).read_text(encoding="utf-8"))
    assert stored["model_version"] == LightModel.load().version
    assert (stored["slope"], stored["threshold"]) == (figures["slope"], figures["threshold"])
    assert figures["validation_f1_after"] == figures["validation_f1_before"]
    assert "test_ece_before" not in figures  # no test file here: nothing reported for it
    assert (tmp_path / "plot.svg").read_text(encoding="utf-8").startswith("<svg")


def test_calibrating_the_compact_backend_writes_its_own_meta(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="onnxruntime not installed")
    from claims.extraction.neural_model import MODEL_DIR, NeuralModel

    # GIVEN a validation file and a copy of the compact model's files, its meta without a map
    data_dir = _validation_file(tmp_path / "data")
    model_dir = tmp_path / "models"
    model_dir.mkdir()
    for name in ("compact-minilm.int8.onnx", "compact-tokenizer.json"):
        shutil.copy(MODEL_DIR / name, model_dir / name)
    meta = json.loads((MODEL_DIR / "compact-meta.json").read_text(encoding="utf-8"))
    meta.pop("calibration")
    meta["threshold"] = 0.5
    (model_dir / "compact-meta.json").write_text(json.dumps(meta), encoding="utf-8")

    # WHEN it is calibrated
    figures = calibrate(data_dir, backend="compact", model_dir=model_dir)

    # THEN compact-meta.json (not neural's) holds the map and the mapped threshold, and the
    # model loads with them
    stored = json.loads((model_dir / "compact-meta.json").read_text(encoding="utf-8"))
    assert stored["calibration"]["model_version"] == "compact-minilm-1"
    assert stored["threshold"] == figures["threshold"] != 0.5
    assert not (model_dir / "neural-meta.json").exists()
    loaded = NeuralModel.load(model_dir, backend="compact")
    assert (loaded.threshold, loaded.raw_threshold) == (figures["threshold"], 0.5)


def _validation_file(data_dir: Path) -> Path:
    """Write a small validation file of two debates into ``data_dir``; return the folder."""
    data_dir.mkdir()
    rows = [(s, int(i < 2), f"debate-{n % 2}") for n in range(10) for i, s in enumerate(SENTENCES)]
    with (data_dir / "claimbuster_groundtruth.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Text", "Verdict", "File_id"])
        writer.writerows(rows)
    return data_dir
