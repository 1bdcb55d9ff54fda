"""``manage.py distil_matcher`` on a tiny file set: the static table from the shipped MiniLM."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from claims.extraction import matcher_distillation
from claims.extraction.matcher_distillation import (
    StaticTrainingConfig,
    distillation_texts,
    principal_directions,
)
from claims.extraction.static_encoder import META_FILE, StaticEncoder

pytestmark = [pytest.mark.training]

# Written for these tests, in the shared CLEF format and ClaimBuster's CSV.
VERIFIED = [
    ("0", "The Eiffel Tower was sold twice by a con man.", "Was the Eiffel Tower sold?"),
    ("1", "Eating carrots gives you night vision.", "Carrots and night vision"),
    ("2", "The Great Wall of China is visible from the Moon.", "Great Wall from space"),
]
TRAIN = [("10", "A con man sold the Eiffel Tower, twice!"), ("11", "carrots = night vision?")]
DEV = [("20", "Can you see the Great Wall of China from the moon?")]
DEBATE = "Text,Speaker\nWe cut taxes for 95% of working families.,A\nThank you all.,B\n"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    clef = tmp_path / "claim-matching"
    clef.mkdir()
    (clef / "verified_claims.tsv").write_text(
        "\tvclaim\ttitle\n" + "".join(f"{i}\t{c}\t{t}\n" for i, c, t in VERIFIED),
        encoding="utf-8",
    )
    for split, rows in (("train", TRAIN), ("dev", DEV)):
        (clef / f"{split}_queries.tsv").write_text(
            "\ttweet_content\n" + "".join(f"{i}\t{t}\n" for i, t in rows), encoding="utf-8"
        )
    (clef / "train_qrels.tsv").write_text("10 0 0 1\n11 0 1 1\n", encoding="utf-8")
    (clef / "dev_qrels.tsv").write_text("20 0 2 1\n", encoding="utf-8")
    (tmp_path / "checkworthiness").mkdir()
    (tmp_path / "checkworthiness" / "claimbuster_groundtruth.csv").write_text(DEBATE)
    return clef


def test_the_texts_are_the_train_split_verified_claims_and_debate_lines_never_dev(
    data_dir: Path,
) -> None:
    texts = distillation_texts(data_dir, data_dir.parent / "checkworthiness")

    assert "We cut taxes for 95% of working families." in texts
    assert TRAIN[0][1] in texts
    assert any(VERIFIED[2][1] in text for text in texts)
    assert DEV[0][1] not in texts


def test_the_command_writes_a_table_that_loads_and_ranks_the_dev_claim_first(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        matcher_distillation,
        "StaticTrainingConfig",
        lambda: StaticTrainingConfig(distil_epochs=1, tune_epochs=1),
    )
    out = tmp_path / "model"

    call_command("distil_matcher", str(data_dir), "--out", str(out), stdout=io.StringIO())

    encoder = StaticEncoder.load(out)
    meta = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    assert meta["version"] == encoder.name
    assert encoder.dimensions == meta["dimensions"] == StaticTrainingConfig().dimensions
    assert meta["dev"]["hybrid"]["map_at_1"] == 1.0
    vectors = encoder.encode([TRAIN[0][1], VERIFIED[0][1], VERIFIED[1][1]])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_projection_keeps_the_directions_the_vectors_vary_most_along() -> None:
    rng = np.random.default_rng(0)
    # Most of the spread along axis 3, then axis 0; the rest small.
    vectors = rng.standard_normal((500, 8)) * np.array([2.0, 0.1, 0.1, 5.0, 0.1, 0.1, 0.1, 0.1])

    projection = principal_directions(vectors, 2)

    assert projection.shape == (8, 2)
    assert np.allclose(projection.T @ projection, np.eye(2), atol=1e-5)
    assert abs(projection[3, 0]) > 0.99
    assert abs(projection[0, 1]) > 0.99


def test_the_projection_has_the_asked_width_even_from_fewer_vectors_than_dimensions() -> None:
    vectors = np.random.default_rng(1).standard_normal((3, 16))

    projection = principal_directions(vectors, 10)

    assert projection.shape == (16, 10)
    assert np.allclose(projection.T @ projection, np.eye(10), atol=1e-5)


@pytest.mark.parametrize("dimensions", [0, 17])
def test_a_width_outside_the_vectors_is_refused(dimensions: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 16"):
        principal_directions(np.ones((4, 16)), dimensions)
