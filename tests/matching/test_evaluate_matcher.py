"""``manage.py evaluate_matcher`` on a tiny file set in the shared format (written here)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

VERIFIED = [
    ("0", "The Eiffel Tower was sold twice by a con man.", "Was the Eiffel Tower sold?"),
    ("1", "Eating carrots gives you night vision.", "Do carrots help you see in the dark?"),
    ("2", "The Great Wall of China is visible from the Moon.", "Great Wall from space"),
]
QUERIES = [
    ("10", "Can you really see the Great Wall of China from the moon? https://t.co/x"),
    ("11", "My grandma says carrots give you night vision #health"),
]
QRELS = ["10 0 2 1", "11 0 1 1"]


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    verified = tmp_path / "verified_claims.tsv"
    verified.write_text(
        "\tvclaim\ttitle\n" + "".join(f"{i}\t{c}\t{t}\n" for i, c, t in VERIFIED), encoding="utf-8"
    )
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        "\ttweet_content\n" + "".join(f"{i}\t{t}\n" for i, t in QUERIES), encoding="utf-8"
    )
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("\n".join(QRELS) + "\n", encoding="utf-8")
    return [str(queries), str(qrels), str(verified)]


@pytest.mark.parametrize("method", ["embedding", "hybrid", "tfidf", "bm25"])
def test_json_output_has_the_figures_and_ranks_the_right_claims_first(
    files: list[str], method: str
) -> None:
    out = io.StringIO()

    call_command("evaluate_matcher", *files, "--format", "json", "--method", method, stdout=out)

    figures = json.loads(out.getvalue())
    assert set(figures) == {"map_at_5", "map_at_1", "recall_at_5", "queries_per_second", "n"}
    assert figures["n"] == 2
    assert figures["map_at_1"] == 1.0
    assert figures["recall_at_5"] == 1.0
    assert figures["queries_per_second"] > 0


def test_the_lexical_method_finds_nothing_it_cannot_confirm(files: list[str]) -> None:
    out = io.StringIO()

    call_command("evaluate_matcher", *files, "--format", "json", "--method", "lexical", stdout=out)

    assert json.loads(out.getvalue())["map_at_5"] < 1.0


def test_text_output_names_each_figure(files: list[str]) -> None:
    out = io.StringIO()

    call_command("evaluate_matcher", *files, stdout=out)

    assert "map_at_5: " in out.getvalue()


def test_a_missing_file_is_a_clear_error(files: list[str], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a file"):
        call_command("evaluate_matcher", files[0], str(tmp_path / "nope.tsv"), files[2])
