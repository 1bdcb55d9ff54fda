"""Read labelled check-worthiness sentences: ClaimBuster CSV or CheckThat TSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LabelledSentences:
    """Sentences, whether each is check-worthy, and the document each came from."""

    texts: list[str]
    labels: list[int]
    # ClaimBuster's File_id (one debate) per sentence; empty when the file has none. Used to
    # validate on whole unseen debates, as new articles are never from the training debates.
    groups: list[str] = field(default_factory=list)
    # 1 where ClaimBuster says non-factual (Verdict -1: opinion, belief, question); empty when
    # the file does not tell (CheckThat only says check-worthy or not).
    non_factual: list[int] = field(default_factory=list)

    def rows(self, rows: Iterable[int]) -> LabelledSentences:
        """Return the sentences at ``rows``, in that order."""
        at = list(rows)

        def pick(values: list[Any]) -> list[Any]:
            return [values[i] for i in at] if values else []

        return LabelledSentences(
            pick(self.texts), pick(self.labels), pick(self.groups), pick(self.non_factual)
        )

    def head(self, n: int) -> LabelledSentences:
        """Return the first ``n`` sentences."""
        return self.rows(range(min(n, len(self.texts))))


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
    groups = [row["File_id"] for row in rows] if "File_id" in columns else []
    non_factual = (
        [int(row["Verdict"].strip() == "-1") for row in rows] if "Verdict" in columns else []
    )
    return LabelledSentences([row["Text"] for row in rows], labels, groups, non_factual)
