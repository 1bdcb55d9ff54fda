"""Find the figures in a sentence: value, unit, and where they sit in the body."""

from __future__ import annotations

import re

from claims.extraction import wordlists
from claims.extraction.types import Number

_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "dozens": 24, "several": 3, "half": 0.5,
}  # fmt: skip
_SCALE = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
_CURRENCY_SYMBOL = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
}
_CURRENCY_WORD = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
    "pounds": "GBP", "yen": "JPY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "hryvnia": "UAH", "rupees": "INR", "yuan": "CNY",
}  # fmt: skip
_CURRENCY_PREFIX = {
    "US$": "USD",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "A$": "AUD",
    "C$": "CAD",
}
_MONTHS = wordlists.words("months")
# Words that end a unit: a figure's unit is the run of content words right after it.
_UNIT_STOP = wordlists.words("unit_stop_words")

_WORD_NUMBER = "|".join(sorted(_SMALL, key=len, reverse=True))
_SCALE_WORD = r"hundred|thousand|million|billion|trillion"
_FIGURE = re.compile(
    rf"""
    (?P<prefix>US\$|A\$|C\$|USD\s?|EUR\s?|GBP\s?|[€$£¥₽₴₹])?
    (?:
        (?P<digits>(?<![\w.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?)
        (?:\s?(?P<dscale>{_SCALE_WORD}|bn|mn|trn|tn|[kmb])\b)?
      | (?P<words>\b(?:{_WORD_NUMBER})(?:[\s-](?:{_WORD_NUMBER}))?)\s(?P<wscale>{_SCALE_WORD})\b
      | (?P<bare>\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|
                    thirty|forty|fifty|hundred|dozens)\b)
    )
    (?P<percent>\s?%|\s(?:percent|per\scent|percentage\spoints?)\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_UNIT_WORDS = re.compile(r"\s+([a-z][a-z-]*)")


def find_numbers(text: str, offset: int = 0) -> tuple[Number, ...]:
    """Return the figures in ``text``; offsets are shifted by ``offset`` (the sentence start)."""
    numbers = []
    for match in _FIGURE.finditer(text):
        value = _value(match)
        if value is None:
            continue
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        unit, end = _unit(match, text, end, value)
        numbers.append(Number(text[start:end], value, unit, offset + start, offset + end))
    return tuple(numbers)


def _value(match: re.Match[str]) -> float | None:
    if match.group("digits"):
        value = float(match.group("digits").replace(",", ""))
        scale = (match.group("dscale") or "").lower()
        if scale in ("m", "b", "k") and not match.group("prefix"):
            return value  # "5 m" is metres, "5 b" a grade: only money takes letter scales
        return value * _SCALE.get(scale, 1.0)
    if match.group("words"):
        parts = re.split(r"[\s-]", match.group("words").lower())
        return sum(_SMALL.get(p, 0) for p in parts) * _SCALE[match.group("wscale").lower()]
    if match.group("bare"):
        bare = match.group("bare").lower()
        return float(_SMALL.get(bare, _SCALE.get(bare, 0)))
    return None


def _unit(match: re.Match[str], text: str, end: int, value: float) -> tuple[str, int]:
    """Return the unit of a figure and the end of its raw text (a currency word extends it)."""
    prefix = (match.group("prefix") or "").strip()
    if match.group("percent"):
        return "percent", end
    if prefix:
        code = _CURRENCY_SYMBOL.get(prefix) or _CURRENCY_PREFIX.get(prefix, prefix)
        return f"currency:{code}", end
    after = _UNIT_WORDS.match(text, end)
    if after and after.group(1).lower() in _CURRENCY_WORD:
        return f"currency:{_CURRENCY_WORD[after.group(1).lower()]}", after.end()
    digits = match.group("digits") or ""
    if re.fullmatch(r"1[89]\d\d|20\d\d", digits) and not match.group("dscale"):
        return "year", end
    before = text[max(0, match.start() - 10) : match.start()].lower().split()
    if before and before[-1].strip(".,") in _MONTHS:
        return "date", end
    return _counted_noun(text, end), end


def _counted_noun(text: str, end: int) -> str:
    """Return the words a figure counts: "1,500 casualties per day" -> "casualties per day"."""
    words: list[str] = []
    pos = end
    while len(words) < 3:
        after = _UNIT_WORDS.match(text, pos)
        if not after or after.group(1).lower() in _UNIT_STOP:
            break
        words.append(after.group(1).lower())
        pos = after.end()
    rate = re.match(
        r"\s+(per|a|each)\s+(day|week|month|year|hour|capita|person|head)\b", text[pos:]
    )
    if words and rate:
        words.append(f"per {rate.group(2)}")
    return " ".join(words)
