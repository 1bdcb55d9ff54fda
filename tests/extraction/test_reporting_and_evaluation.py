"""What the management commands print, through the pure functions they wrap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.extraction import extract
from claims.extraction.datasets import UnknownFormatError, read_labelled
from claims.extraction.evaluation import evaluate
from claims.extraction.reporting import extraction_as_json, extraction_as_lines

EVALUATION_KEYS = [
    "precision",
    "recall",
    "f1",
    "f1_low",
    "f1_high",
    "f1_unfiltered",
    "non_factual_filtered",
    "average_precision",
    "sentences_per_second",
    "n",
]


def test_json_is_a_list_of_claims_with_offsets_score_type_and_keys(article_000: str) -> None:
    extraction = extract(article_000)
    claims = json.loads(extraction_as_json(extraction))
    assert len(claims) == len(extraction.claims)
    first = claims[0]
    assert article_000[first["start"] : first["end"]] == first["text"]
    assert {"score", "claim_type", "numbers", "entities", "subjects", "signature"} <= set(first)


def test_text_output_is_one_line_per_claim(article_000: str) -> None:
    extraction = extract(article_000)
    lines = extraction_as_lines(extraction)
    assert len(lines) == len(extraction.claims)
    assert all("\n" not in line for line in lines)
    assert lines[0].startswith(f"{extraction.claims[0].start}-{extraction.claims[0].end}\t")


def test_evaluate_reads_claimbuster_csv(tmp_path: Path) -> None:
    path = tmp_path / "sample.csv"
    path.write_text(
        "Sentence_id,Text,Verdict\n"
        "1,Unemployment fell to 3.5 percent in 2019.,1\n"
        "2,We spent $700 billion on defence last year.,1\n"
        "3,I think we all love this country.,-1\n"
        "4,Thank you very much.,0\n",
        encoding="utf-8",
    )
    figures = evaluate(path)
    assert list(figures) == EVALUATION_KEYS
    assert figures["n"] == 4
    assert figures["average_precision"] == 1.0


def test_evaluate_reads_checkthat_tsv(tmp_path: Path) -> None:
    path = tmp_path / "sample.tsv"
    path.write_text(
        "Sentence_id\tText\tclass_label\n"
        "1\tThe deficit rose by 12 percent in 2023.\tYes\n"
        "2\tWell, good evening everybody.\tNo\n",
        encoding="utf-8",
    )
    assert read_labelled(path).labels == [1, 0]
    assert evaluate(path, backend="rules")["n"] == 2


def test_file_without_known_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnknownFormatError):
        read_labelled(path)


def test_light_model_beats_the_official_baseline_on_checkthat(data_dir: Path) -> None:
    figures = evaluate(data_dir / "checkthat2023_1b_test.tsv")
    assert figures["n"] == 318
    assert figures["average_precision"] > 0.85
    assert figures["f1"] > 0.75  # the official n-gram baseline is 0.60
    assert figures["f1_low"] < figures["f1"] < figures["f1_high"]
