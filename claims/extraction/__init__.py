"""Claim extraction: clean -> segment -> score -> type -> match keys. Pure Python, no Django.

The one entry point the Django side uses is :func:`extract`.
"""

from claims.extraction.pipeline import extract
from claims.extraction.types import CLAIM_TYPES, CandidateClaim, Entity, Extraction, Number

__all__ = [
    "CLAIM_TYPES",
    "CandidateClaim",
    "Entity",
    "Extraction",
    "Number",
    "extract",
]
