"""The cascade: compact on every sentence, neural on the band it is unsure of; its fitting."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claims.extraction.calibration import logit
from claims.extraction.cascade_fit import fit, symmetric_band
from claims.extraction.cascade_model import CascadeModel
from claims.extraction.neural_model import MODEL_DIR

pytest.importorskip("onnxruntime", reason="onnxruntime not installed")
if not (MODEL_DIR / "cascade-meta.json").exists():
    pytest.skip("no cascade band under claims/extraction/models", allow_module_level=True)

SURE = "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years."
# From seed 002: the compact model alone would queue this editorial line; neural does not.
EDITORIAL = (
    "The Kremlin is desperate for the conflict to conclude, as it has proven to be a "
    "catastrophic failure for Vladimir Putin on nearly every front."
)


def test_the_band_holds_the_budget_nearest_the_threshold_the_same_both_ways() -> None:
    scores = np.random.default_rng(0).uniform(0.001, 0.999, 10_000)
    low, high = symmetric_band(scores, 0.3, 0.2)
    inside = (scores >= low) & (scores < high)
    assert inside.mean() == pytest.approx(0.2, abs=0.002)
    assert logit(np.array([0.3]))[0] - logit(np.array([low]))[0] == pytest.approx(
        logit(np.array([high]))[0] - logit(np.array([0.3]))[0], abs=1e-4
    )


@pytest.mark.parametrize("budget", [0.0, 1.0, -0.1, 1.5])
def test_a_budget_that_is_not_a_share_is_refused(budget: float) -> None:
    with pytest.raises(ValueError, match="share of sentences"):
        symmetric_band(np.array([0.1, 0.5, 0.9]), 0.5, budget)


@pytest.fixture(scope="module")
def cascade() -> CascadeModel:
    return CascadeModel.load()


def test_a_sure_sentence_keeps_the_compact_score_and_an_unsure_one_takes_the_neural(
    cascade: CascadeModel,
) -> None:
    compact, neural = cascade.first, cascade.second
    sure, unsure = compact.score([SURE, EDITORIAL])
    # GIVEN one sentence outside the band and one inside it
    assert sure >= cascade.high
    assert cascade.low <= unsure < cascade.high

    # WHEN the cascade scores both THEN the first is compact's, the second neural's verdict
    scores = cascade.score([SURE, EDITORIAL])
    assert scores[0] == pytest.approx(sure)
    assert scores[1] == pytest.approx(neural.score([EDITORIAL])[0])
    assert scores[1] < cascade.threshold
    assert unsure >= compact.threshold


def test_a_band_that_leaves_the_neural_threshold_out_is_refused(cascade: CascadeModel) -> None:
    with pytest.raises(ValueError, match="outside the band"):
        CascadeModel.assemble(
            cascade.first, cascade.second, band=(0.6, 0.9), version="cascade-test"
        )


def test_fitting_stores_a_band_of_the_budget_and_the_cascade_loads_it(
    data_dir: Path, tmp_path: Path
) -> None:
    from claims.extraction.cascade_fit import REFERENCE_FILE
    from claims.extraction.light_training import VALIDATION_FILE

    # GIVEN a model folder with the shipped models and no band, and a data folder with 600
    # reference sentences, the validation file and no test file
    models, data = tmp_path / "models", tmp_path / "data"
    models.mkdir()
    data.mkdir()
    for shipped in MODEL_DIR.iterdir():
        if shipped.name.startswith(("compact-", "neural-")):
            (models / shipped.name).symlink_to(shipped)
    lines = (data_dir / REFERENCE_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (data / REFERENCE_FILE).write_text("".join(lines[:601]), encoding="utf-8")
    (data / VALIDATION_FILE).symlink_to(data_dir / VALIDATION_FILE)

    # WHEN the band is fitted for a budget of 20%
    figures = fit(data, model_dir=models, budget=0.2, plot=tmp_path / "reliability.svg")

    # THEN a fifth of the reference sentences fall in it, the validation figures are those of
    # the cascade, and there is no test figure to report
    meta = json.loads((models / "cascade-meta.json").read_text(encoding="utf-8"))
    assert meta["reference_share"] == pytest.approx(0.2, abs=0.005)
    assert 0 < meta["validation"]["neural_share"] < 1
    assert 0.9 < meta["validation"]["f1"] <= 1
    assert "test" not in meta
    cascade = CascadeModel.load(models)
    assert [cascade.low, cascade.high] == meta["band"] == figures["band"]
    assert cascade.version == "cascade-1+compact-minilm-1+neural-mpnet-1"
    assert "claimbuster_groundtruth.csv, cascade" in (tmp_path / "reliability.svg").read_text()
