"""A correction's changes against the version it replaces, word by word, for the editor page.

Plain data (no markup): the template escapes every piece and wraps it in ``<ins>``/``<del>``,
so text from a verdict can never become HTML.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from reviews.models import Review

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffPiece:
    op: str  # "same", "ins" or "del"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    changed: bool
    pieces: list[DiffPiece]


def text_diff(old: str, new: str) -> list[DiffPiece]:
    """Return the pieces that turn ``old`` into ``new``, compared word by word."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", "".join(before[a0:a1])))
            continue
        if a1 > a0:
            pieces.append(DiffPiece("del", "".join(before[a0:a1])))
        if b1 > b0:
            pieces.append(DiffPiece("ins", "".join(after[b0:b1])))
    return pieces


def verdict_diff(*, old: Review, new: Review) -> list[FieldDiff]:
    """Return the rating, conclusion and explanation of ``new`` compared with ``old``."""
    values = [
        ("Rating", _rating(old), _rating(new)),
        ("Conclusion", old.conclusion, new.conclusion),
        ("Explanation", old.explanation, new.explanation),
    ]
    return [
        FieldDiff(field=name, changed=before != after, pieces=text_diff(before, after))
        for name, before, after in values
    ]


def _rating(review: Review) -> str:
    return review.rating.label if review.rating else ""
