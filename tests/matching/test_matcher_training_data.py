"""What the matcher's training reads: hard negatives and the idf table (no torch needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction.matcher_training import hard_negatives, idf_table

# Written for these tests, in the shared CLEF format.
VERIFIED = [
    ("0", "The Eiffel Tower was sold twice by a con man.", "Was the Eiffel Tower sold?"),
    ("1", "The Eiffel Tower grows 15 cm in summer heat.", "Does the Eiffel Tower grow?"),
    ("2", "Eating carrots gives you night vision.", "Carrots and night vision"),
]
TRAIN = [("10", "A con man sold the Eiffel Tower, twice!"), ("11", "carrots = night vision?")]
DEV = [("20", "Zanzibar zanzibar zanzibar")]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "verified_claims.tsv").write_text(
        "\tvclaim\ttitle\n" + "".join(f"{i}\t{c}\t{t}\n" for i, c, t in VERIFIED),
        encoding="utf-8",
    )
    for split, rows in (("train", TRAIN), ("dev", DEV)):
        (tmp_path / f"{split}_queries.tsv").write_text(
            "\ttweet_content\n" + "".join(f"{i}\t{t}\n" for i, t in rows), encoding="utf-8"
        )
    (tmp_path / "train_qrels.tsv").write_text("10 0 0 1\n11 0 2 1\n", encoding="utf-8")
    (tmp_path / "dev_qrels.tsv").write_text("20 0 1 1\n", encoding="utf-8")
    return tmp_path


def test_a_hard_negative_is_the_closest_claim_the_query_does_not_repeat(data_dir: Path) -> None:
    mined = hard_negatives(data_dir, 1)

    tweet = TRAIN[0][1]
    assert mined[tweet] == [f"{VERIFIED[1][1]} {VERIFIED[1][2]}"]


def test_the_idf_table_counts_train_queries_and_never_dev(data_dir: Path) -> None:
    table = idf_table(data_dir)

    # "carrots" is in a verified claim, its title and a train query: a common word here.
    assert table.idf["carrots"] < table.unknown
    assert "zanzibar" not in table.idf
