"""The service's match score: cosine candidates re-ranked with TF-IDF (pure Python)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction.rerank import (
    IDF_FILE,
    IdfTable,
    default_idf,
    hybrid_score,
    lexical_cosine,
    rerank,
)
from claims.extraction.sentence_encoder import MODEL_DIR

# Sentences written for these tests.
DOCUMENTS = [
    "The minister said the bridge will open in May.",
    "The minister said taxes will rise in May.",
    "The minister said the Kessler bridge cost 40 million.",
    "Farmers said the harvest was poor this year.",
]


def test_a_word_in_many_documents_weighs_less_than_a_rare_one() -> None:
    table = IdfTable.build(DOCUMENTS)

    assert table.idf["minister"] < table.idf["bridge"]
    # Seen once: left out of the table and weighed as unknown, the rarest there is.
    assert "kessler" not in table.idf
    assert table.unknown > table.idf["bridge"]


def test_the_table_reads_back_what_it_wrote(tmp_path: Path) -> None:
    table = IdfTable.build(DOCUMENTS)

    table.save(tmp_path / IDF_FILE)

    assert IdfTable.load(tmp_path / IDF_FILE) == table


def test_lexical_cosine_is_one_for_the_same_text_and_zero_without_shared_words() -> None:
    table = IdfTable.build(DOCUMENTS)
    bridge = table.vector(DOCUMENTS[0])

    assert lexical_cosine(bridge, bridge) == pytest.approx(1.0)
    assert lexical_cosine(bridge, table.vector("Farmers had a poor harvest.")) == 0.0


def test_the_hybrid_score_stays_between_minus_one_and_one() -> None:
    assert hybrid_score(1.0, 1.0) == pytest.approx(1.0)
    assert hybrid_score(-1.0, 0.0) >= -1.0
    assert hybrid_score(0.7, 0.0) < 0.7 < hybrid_score(0.7, 0.9)


def test_shared_rare_words_lift_a_candidate_above_a_closer_cosine() -> None:
    table = IdfTable.build(DOCUMENTS)
    candidates = [
        ("taxes", 0.70, DOCUMENTS[1]),
        ("kessler", 0.66, DOCUMENTS[2]),
    ]

    ranked = rerank("The Kessler bridge cost 40 million, the minister said.", candidates, table)

    assert [key for key, _ in ranked] == ["kessler", "taxes"]
    assert ranked[0][1] > ranked[1][1]


def test_the_shipped_table_knows_common_words_and_is_the_one_loaded() -> None:
    table = default_idf()

    assert table == IdfTable.load(MODEL_DIR / IDF_FILE)
    assert table.idf["the"] < table.idf["vaccine"] < table.unknown
