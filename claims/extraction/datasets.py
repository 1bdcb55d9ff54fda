"""Read labelled check-worthiness sentences: ClaimBuster CSV or CheckThat TSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LabelledSentences:
    """Sentences and whether each is check-worthy."""

    texts: list[str]
    labels: list[int]


class UnknownFormatError(ValueError):
    """The file is neither ClaimBuster (`Text`, `Verdict`) nor CheckThat (`Text`, `class_label`)."""


def read_labelled(path: Path) -> LabelledSentences:
    """Read a labelled file; ClaimBuster ``Verdict`` 1 and CheckThat ``Yes`` are check-worthy."""
    with path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = "\t" if "\t" in first else ","
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    columns = set(rows[0]) if rows else set()
    if {"Text", "Verdict"} <= columns:
        labels = [int(row["Verdict"].strip() == "1") for row in rows]
    elif {"Text", "class_label"} <= columns:
        labels = [int(row["class_label"].strip().lower() == "yes") for row in rows]
    else:
        raise UnknownFormatError(f"{path}: expected columns Text + Verdict or Text + class_label")
    return LabelledSentences([row["Text"] for row in rows], labels)
