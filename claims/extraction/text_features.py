"""The n-grams the light model reads, shared by training and inference.

Training hands these exact functions to scikit-learn as its analyzers, so the shipped numpy
scorer sees the same features the model was fitted on, by construction.
"""

from __future__ import annotations

import itertools
import re

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s+")
CHAR_MIN, CHAR_MAX = 2, 5


def word_ngrams(text: str) -> list[str]:
    """Return the lower-cased word unigrams and bigrams of ``text``."""
    tokens = _WORD.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def char_ngrams(text: str) -> list[str]:
    """Return the 2- to 5-character n-grams inside each padded word (scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            if n > size:
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams
