"""The data passed between extraction steps and handed to the Django side.

Plain dataclasses: this package never imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Number:
    """A figure mentioned in a claim: ``raw`` is ``body[start:end]``."""

    raw: str
    value: float
    unit: str = ""  # "percent", "currency:EUR", "tanks", ... ("" when none)
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Entity:
    """A named entity: ``label`` is one of "person", "organisation", "place", "other"."""

    text: str
    label: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class CandidateClaim:
    """One sentence worth checking; ``body[start:end] == text`` always holds."""

    text: str
    start: int
    end: int
    score: float
    claim_type: str  # one of CLAIM_TYPES
    numbers: tuple[Number, ...] = ()
    entities: tuple[Entity, ...] = ()
    is_quote: bool = False
    speaker: str = ""
    # Keys for matching across articles (see matching.py): near-duplicate signature bands and
    # "quantity subjects" such as "russian casualties".
    signature: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """The result of running the pipeline on one article body."""

    claims: tuple[CandidateClaim, ...]
    sentences_seen: int
    language: str = "und"  # detected (ISO 639-1), "und" when it cannot be told
    # Why nothing (or less than usual) was extracted, in words a reviewer can read; "" when normal.
    note: str = ""
    extractor_version: str = ""
    skipped: tuple[str, ...] = field(default=())  # "reason: line" for each line left out


CLAIM_TYPES = (
    "statistic",
    "comparison",
    "attribution",
    "prediction",
    "causal",
    "policy",
    "other",
)
