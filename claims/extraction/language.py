"""Tell English prose from everything else, cheaply.

The check-worthiness models are trained on English only, so scoring other languages would
produce confident nonsense. Instead of a language-ID model we count function words: in English
news roughly 40% of the words are from the short list below, in other languages almost none
are. A handful of other languages' lists let the note name the language it saw.
"""

from __future__ import annotations

import re

from claims.extraction import wordlists

_WORD = re.compile(r"[^\W\d_]+")
# Below this many words the ratio is noise; a short text is assumed to be English.
MIN_WORDS = 12
MIN_ENGLISH_RATIO = 0.15
MIN_LATIN_RATIO = 0.6

_FUNCTION_WORDS = wordlists.words_by_language("function_words")


def detect(text: str) -> tuple[str, float]:
    """Return a language code ("en", a guess such as "fr", or "und") and the English ratio."""
    words = _WORD.findall(text[:20_000].lower())
    if len(words) < MIN_WORDS:
        return "en", 1.0
    letters = "".join(words)
    latin = sum(1 for ch in letters if ch < "\u0250")
    counts = {code: sum(1 for w in words if w in vocab) for code, vocab in _FUNCTION_WORDS.items()}
    english_ratio = counts["en"] / len(words)
    if latin / len(letters) >= MIN_LATIN_RATIO and english_ratio >= MIN_ENGLISH_RATIO:
        return "en", english_ratio
    best = max(counts, key=lambda code: counts[code])
    if best != "en" and counts[best] / len(words) >= MIN_ENGLISH_RATIO:
        return best, english_ratio
    return "und", english_ratio
