"""Load the word lists shipped in ``data/wordlists.json``: data, not code, so they stay readable."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_PATH = Path(__file__).with_name("data") / "wordlists.json"


@lru_cache(maxsize=1)
def _all() -> dict[str, object]:
    data: dict[str, object] = json.loads(_PATH.read_text(encoding="utf-8"))
    return data


def words(name: str) -> frozenset[str]:
    """Return the word list ``name`` as a set."""
    value = _all()[name]
    assert isinstance(value, list)
    return frozenset(value)
