"""Keys that let the database find related claims by indexed equality, not by scanning.

* ``signature``: MinHash over the claim's normalised content words, cut into bands. Two claims
  whose word sets have Jaccard similarity s share at least one band key with probability
  1 - (1 - s**4)**16: about 0.12 at s = 0.3, 0.64 at 0.5, 0.99 at 0.7 (16 bands of 4
  rows of 32-bit MinHash values). The database looks up
  claims sharing any band key, then confirms with :func:`similarity`.
* ``subjects``: "quantity subject" keys such as "russian casualties", so claims about the same
  quantity with different figures meet; :func:`figures_conflict` then says whether they disagree.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from claims.extraction import wordlists
from claims.extraction.entities import gazetteer
from claims.extraction.types import Entity, Number

BANDS = 16
ROWS = 4
_PRIME = np.uint64(4_294_967_291)  # the largest prime below 2**32
_WORD = re.compile(r"[^\W_]+(?:[.,]\d+)*")
_STOP_WORDS = wordlists.words("stop_words")
# Relative difference under which two figures for the same quantity are taken to agree: the
# rounding news writing does ("about 1.5 million" vs "1.48 million").
AGREEMENT_TOLERANCE = 0.1

# Canonical quantity -> the ways news text names it.
_QUANTITIES = {
    "casualties": ("casualties", "casualty"),
    # Participles ("killed", "wounded") are left out: they qualify another noun more often
    # than they name the quantity ("casualties, killed and wounded, reached ...").
    "deaths": ("deaths", "death toll", "fatalities"),
    "injuries": ("injuries",),
    "losses": ("losses",),
    "troops": ("troops", "soldiers", "servicemen"),
    "tanks": ("tanks",),
    "aircraft": ("aircraft",),
    "refugees": ("refugees",),
    "unemployment": ("unemployment", "unemployment rate", "jobless rate"),
    "inflation": ("inflation", "inflation rate"),
    "interest rates": ("interest rates", "interest rate", "key rate"),
    "gdp": ("gdp", "economic growth", "economy"),
    "debt": ("debt", "national debt", "public debt"),
    "deficit": ("deficit", "budget deficit"),
    "defence spending": ("defence spending", "defense spending", "military spending"),
    "tariff": ("tariff", "tariffs"),
    "population": ("population",),
    "emissions": ("emissions",),
    "prices": ("prices",),
    "wages": ("wages", "salaries"),
    "cases": ("cases",),
    "votes": ("votes",),
    "territory": ("territory",),
    "exports": ("exports",),
    "imports": ("imports",),
    "sovereign wealth fund": ("sovereign wealth fund",),
}
_QUANTITY_NOUNS = {
    variant: canonical for canonical, variants in _QUANTITIES.items() for variant in variants
}
_QUANTITY = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _QUANTITY_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_IGNORED_MODIFIERS = frozenset(
    ["total", "estimated", "overall", "official", "reported", "confirmed", "combined"]
)


def content_words(text: str) -> list[str]:
    """Return the normalised content words of ``text``: the basis of every key here."""
    words = []
    for raw in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        word = raw.replace(",", "") if raw[0].isdigit() else raw
        if word in _STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        if (
            len(word) > 3
            and word.endswith("s")
            and not word.endswith("ss")
            and not word[0].isdigit()
        ):
            word = word[:-1]  # plural and plain forms meet: "casualties"/"casualtie" stay apart
        words.append(word)
    return words


def signature(text: str) -> tuple[str, ...]:
    """Return the MinHash band keys of ``text`` ("b03:9f2a6c1d"), empty when it has no words."""
    tokens = np.fromiter({_token_hash(w) for w in content_words(text)}, dtype=np.uint64)
    if not tokens.size:
        return ()
    a, b = _permutations()
    # a < 2**31 and tokens < 2**32, so a * token + b stays below 2**64: no overflow.
    mins = ((a[:, None] * tokens[None, :] + b[:, None]) % _PRIME).min(axis=1)
    keys = []
    for band in range(BANDS):
        rows = mins[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"b{band:02d}:{hashlib.blake2b(rows, digest_size=4).hexdigest()}")
    return tuple(keys)


def similarity(a_text: str, b_text: str) -> float:
    """Return the Jaccard similarity (0..1) of the content words of two claims."""
    a, b = set(content_words(a_text)), set(content_words(b_text))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def quantity_subjects(
    text: str, numbers: Sequence[Number], entities: Sequence[Entity], offset: int = 0
) -> tuple[str, ...]:
    """Return the quantities a sentence puts a figure on, such as "russian casualties".

    Only sentences with a figure (not a year) have subjects. The qualifier is the demonym or
    possessive place right before the noun ("Russian casualties", "Russia's casualties"),
    failing that the first place named in the sentence.
    """
    figures = [n for n in numbers if n.unit not in ("year", "date")]
    if not figures:
        return ()
    gaz = gazetteer()
    default_qualifier = next((_qualifier(e.text) for e in entities if e.label == "place"), "")
    subjects: list[str] = []
    for match in _QUANTITY.finditer(text):
        noun = _QUANTITY_NOUNS[match.group(1).lower()]
        rate = next(
            (
                n.unit
                for n in figures
                if n.end - offset <= match.start()
                and "per " in n.unit
                and text[n.end - offset : match.start()].strip() == ""
            ),
            "",
        )
        before = re.split(r"[\s—–]+", text[max(0, match.start() - 40) : match.start()])
        words = [w.strip("“”\"'(),") for w in before]
        words = [w for w in words if w and w.lower() not in _IGNORED_MODIFIERS]
        qualifier = ""
        if words:
            last = re.sub(r"[’']s$", "", words[-1])
            if last.lower() in gaz.demonyms or last.lower() in gaz.places:
                qualifier = _qualifier(last)
        qualifier = qualifier or default_qualifier
        # A rate ("1,500 casualties per day") is a different quantity from a total.
        subject = f"{noun} per {rate.rsplit(' per ', 1)[1]}" if rate else noun
        subjects.append(f"{qualifier} {subject}".strip())
    return tuple(dict.fromkeys(subjects))


def figures_conflict(numbers_a: Iterable[Number], numbers_b: Iterable[Number]) -> bool:
    """Return whether two claims give different figures for a comparable quantity.

    Meant for claims that share a subject key. Figures compare when their units do (percent
    with percent, euros with euros, counts with counts of the same thing or of an unnamed
    thing); they agree within ``AGREEMENT_TOLERANCE``. Two claims conflict when they have
    comparable figures and none of them agree.
    """
    a = [n for n in numbers_a if n.unit not in ("year", "date")]
    b = [n for n in numbers_b if n.unit not in ("year", "date")]
    comparable = [(x, y) for x in a for y in b if _same_kind(x.unit, y.unit)]
    if not comparable:
        return False
    return not any(_agree(x.value, y.value) for x, y in comparable)


def _same_kind(unit_a: str, unit_b: str) -> bool:
    if unit_a == unit_b:
        return True
    special = ("percent", "currency:")
    if any(u.startswith(special) or " per " in f" {u}" for u in (unit_a, unit_b)):
        return False
    return not unit_a or not unit_b


def _agree(x: float, y: float) -> bool:
    largest = max(abs(x), abs(y))
    return largest == 0 or abs(x - y) / largest <= AGREEMENT_TOLERANCE


def _qualifier(name: str) -> str:
    """Return the adjective for a place or demonym: "Russia" and "Russian" both give "russian"."""
    gaz = gazetteer()
    lowered = name.lower()
    if lowered in gaz.demonyms:
        return lowered
    for demonym, place in gaz.demonyms.items():
        if place.lower() == lowered:
            return demonym
    return lowered


def _token_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Seeded, not secret: keys must be identical across processes and releases.
    rng = random.Random(20261123)  # noqa: S311
    a = [rng.randrange(1, 1 << 31) for _ in range(BANDS * ROWS)]
    b = [rng.randrange(0, int(_PRIME)) for _ in range(BANDS * ROWS)]
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)
