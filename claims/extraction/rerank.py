"""The score the service matches with: embedding cosine, re-ranked with TF-IDF. Pure Python.

The vector index finds the ``RERANK_CANDIDATES`` nearest stored texts by cosine; each is then
scored ``(cosine + LEXICAL_WEIGHT x tfidf) / (1 + LEXICAL_WEIGHT)``, where ``tfidf`` is the
TF-IDF cosine of the two texts. Shared words that are rare (names, figures, places) are what
the encoder blurs and the lexical half restores. Re-scoring only the semantic candidates keeps
the index's latency at any store size; the idf table is shipped beside the encoder
(``matcher-idf.json``, built from the training data by ``manage.py train_matcher``), so no
pass over the store is needed. The weight and thresholds were chosen on the train split of the
CLEF data (docs/matching.md).
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from claims.extraction.retrieval import tokens
from claims.extraction.sentence_encoder import MODEL_DIR

IDF_FILE = "matcher-idf.json"
# How many cosine neighbours are re-scored. On the CLEF dev tweets, 30 against 50: MAP@5
# 0.863 against 0.866 with the static encoder, 0.889 against 0.886 with MiniLM
# (docs/matching.md); each stored claim re-scored is a row an article's matching reads, and
# 30 made a generated article 8% cheaper to extract.
RERANK_CANDIDATES = 30
LEXICAL_WEIGHT = 0.4
# Texts whose vectors a table keeps (1.3 KB each, their words interned): an article's
# claims re-score mostly the same stored neighbours, and the next article's neighbours are
# mostly the last ones', so tokenizing each text once pays. Over 45 articles of the ingest
# benchmark (bench/ingest.py) an article's 930 lookups met 7,735 distinct texts in all: 2,000
# left 410 an article to compute, 10,000 leaves only its new ones (about 170).
VECTOR_MEMO_SIZE = 10_000

Key = TypeVar("Key")


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies; a word the table lacks counts as one seen once."""

    idf: dict[str, float]
    unknown: float
    _vectors: dict[str, dict[str, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, documents: Iterable[str]) -> IdfTable:
        """Count document frequencies (smooth idf); words seen once are left to ``unknown``."""
        frequency: Counter[str] = Counter()
        size = 0
        for text in documents:
            frequency.update(set(tokens(text)))
            size += 1
        unknown = math.log((1 + size) / 2) + 1
        return cls(
            idf={
                word: round(math.log((1 + size) / (1 + n)) + 1, 4)
                for word, n in sorted(frequency.items())
                if n > 1
            },
            unknown=round(unknown, 4),
        )

    @classmethod
    def load(cls, path: Path) -> IdfTable:
        """Read a table written by :meth:`save`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(idf=dict(data["idf"]), unknown=float(data["unknown"]))

    def save(self, path: Path) -> None:
        """Write the table as JSON."""
        path.write_text(
            json.dumps({"unknown": self.unknown, "idf": self.idf}, separators=(",", ":")),
            encoding="utf-8",
        )

    def vector(self, text: str) -> dict[str, float]:
        """Return the unit TF-IDF vector (sublinear tf) of ``text``; do not change it.

        Vectors are remembered (up to ``VECTOR_MEMO_SIZE`` texts, then forgotten at once).
        """
        found = self._vectors.get(text)
        if found is None:
            if len(self._vectors) >= VECTOR_MEMO_SIZE:
                self._vectors.clear()
            found = self._vectors[text] = self._vector(text)
        return found

    def _vector(self, text: str) -> dict[str, float]:
        counts = Counter(tokens(text))
        weights = {
            sys.intern(word): (1 + math.log(n)) * self.idf.get(word, self.unknown)
            for word, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {word: w / norm for word, w in weights.items()}


@lru_cache(maxsize=1)
def default_idf() -> IdfTable:
    """Return the shipped idf table, loaded once per process."""
    path = MODEL_DIR / IDF_FILE
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: rebuild it with `manage.py train_matcher DATA_DIR`"
        )
    return IdfTable.load(path)


def lexical_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two unit TF-IDF vectors."""
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b.get(word, 0.0) for word, w in a.items())


def hybrid_score(cosine: float, lexical: float, weight: float = LEXICAL_WEIGHT) -> float:
    """Return the matching score: cosine and TF-IDF cosine, weighted, scaled back to [-1, 1]."""
    return (cosine + weight * lexical) / (1 + weight)


def rerank(
    query: str,
    candidates: Sequence[tuple[Key, float, str]],
    idf: IdfTable,
    weight: float = LEXICAL_WEIGHT,
) -> list[tuple[Key, float]]:
    """Return (key, hybrid score) of each (key, cosine, text) candidate, best first."""
    mine = idf.vector(query)
    scored = [
        (key, hybrid_score(cosine, lexical_cosine(mine, idf.vector(text)), weight))
        for key, cosine, text in candidates
    ]
    return sorted(scored, key=lambda pair: -pair[1])
