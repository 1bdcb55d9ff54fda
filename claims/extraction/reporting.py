"""Turn an extraction into text or JSON for people and scripts (used by ``extract_claims``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from claims.extraction.types import CandidateClaim, Extraction


def claim_as_dict(claim: CandidateClaim) -> dict[str, Any]:
    """Return one claim as plain JSON-ready data."""
    return asdict(claim)


def extraction_as_json(extraction: Extraction) -> str:
    """Return the claims as a JSON list of objects."""
    return json.dumps([claim_as_dict(c) for c in extraction.claims], ensure_ascii=False, indent=2)


def extraction_as_lines(extraction: Extraction) -> list[str]:
    """Return one line per claim: offsets, score, type, subjects, numbers, entities, text."""
    lines = []
    for claim in extraction.claims:
        numbers = ", ".join(
            f"{n.raw}={n.value:g}{' ' + n.unit if n.unit else ''}" for n in claim.numbers
        )
        entities = ", ".join(f"{e.text}/{e.label}" for e in claim.entities)
        quote = f" quote:{claim.speaker or '?'}" if claim.is_quote else ""
        lines.append(
            f"{claim.start}-{claim.end}\t{claim.score:.3f}\t{claim.claim_type}{quote}\t"
            f"subjects=[{'; '.join(claim.subjects)}]\tnumbers=[{numbers}]\tentities=[{entities}]\t"
            f"{' '.join(claim.text.split())}"
        )
    return lines


def extraction_summary(extraction: Extraction) -> str:
    """Return a one-line summary, with the note when there is one."""
    summary = (
        f"{len(extraction.claims)} candidate claims from {extraction.sentences_seen} sentences "
        f"({extraction.extractor_version})"
    )
    return f"{summary}: {extraction.note}" if extraction.note else summary
