"""An article's extraction result as JSON, stored between scoring and matching.

Scoring (the extractor's model, queue ``extraction``) and matching (the sentence encoder and the
stored claims' index, queue ``matching``) run as two tasks, so a worker that scores never maps
the index and one that matches never loads the extractor. The result waits on the article row
(``Article.extraction_result``) in between; these functions write it and read it back whole.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from claims.extraction.types import CandidateClaim, Entity, Extraction, Number


def extraction_to_json(result: Extraction) -> dict[str, Any]:
    """Return ``result`` as a JSON-ready dict."""
    return asdict(result)


def extraction_from_json(data: dict[str, Any]) -> Extraction:
    """Return the :class:`Extraction` that :func:`extraction_to_json` wrote."""
    return Extraction(
        claims=tuple(_candidate(c) for c in data["claims"]),
        sentences_seen=int(data["sentences_seen"]),
        language=str(data["language"]),
        note=str(data["note"]),
        extractor_version=str(data["extractor_version"]),
        skipped=tuple(str(s) for s in data["skipped"]),
    )


def _candidate(data: dict[str, Any]) -> CandidateClaim:
    return CandidateClaim(
        **{
            **data,
            "numbers": tuple(Number(**n) for n in data["numbers"]),
            "entities": tuple(Entity(**e) for e in data["entities"]),
            "signature": tuple(data["signature"]),
            "subjects": tuple(data["subjects"]),
        }
    )
