"""Split cleaned prose into sentences with offsets into the raw body.

pysbd does the splitting: it is rule-based (no model to download), handles abbreviations such
as "U.S." and "Mr." and decimals, and is deterministic. It is the slowest step of the light
pipeline, so it only ever sees blocks of bounded size, which also bounds its worst case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from pysbd.utils import TextSpan

from claims.extraction.abbreviations import FastEnglish

# pysbd's cost grows faster than linearly on long runs without a break, so long paragraphs are
# first cut at obvious sentence ends, and failing that at whitespace.
MAX_BLOCK_CHARS = 4_000
# A "sentence" longer than this is a run-on (a list, a table flattened to text, a missing full
# stop): it is cut at clause boundaries, then at whitespace, into pieces no longer than this.
MAX_SENTENCE_CHARS = 600

_OBVIOUS_END = re.compile(r"""[.!?]["”’)]*\s+(?=["“‘(]?[A-Z])""")
_CLAUSE_BREAK = re.compile(r"""[;:]\s+|\s+[—–-]+\s+|,\s+""")


@dataclass(frozen=True)
class Span:
    """A sentence: ``start``/``end`` index the raw body; ``text`` is that slice."""

    start: int
    end: int
    text: str


# A list item's marker ("- ", "• ", "3. ", "(2) ") is not part of its sentence.
_LIST_MARKER = re.compile(r"(?:[-*•·–—]|\(?\d{1,3}[.)])\s+")


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    """pysbd's segmenter, placing its sentences back in the text without a regex each.

    pysbd finds each sentence it returns in the text with ``re.finditer(re.escape(sentence)
    + r"\\s*", text)``: a pattern compiled for every sentence, a sixth of its time on
    an article. This is the same search with ``str.find``: the first occurrence, with the
    whitespace after it, that ends after the previous sentence.
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        if not all(sentences):  # an empty pattern matches everywhere: leave it to pysbd
            return super().sentences_with_char_spans(sentences)  # type: ignore[no-any-return]
        text: str = self.original_text
        spans = []
        prior_end = 0
        for sentence in sentences:
            start = text.find(sentence)
            while start >= 0:
                end = start + len(sentence)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                start = text.find(sentence, end)  # the next match begins after this one
        return spans


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    segmenter = _Segmenter(language="en", clean=False)
    segmenter.language_module = FastEnglish  # pysbd's rules; fewer searches (abbreviations.py)
    return segmenter


def sentences(text: str, start: int, end: int) -> Iterator[Span]:
    """Yield the sentences of ``text[start:end]``, trimmed of surrounding whitespace."""
    for block_start, block_end in _blocks(text, start, end):
        block = text[block_start:block_end]
        cursor = 0
        for piece in _segmenter().segment(block):
            found = block.find(piece, cursor)
            if found < 0:  # pysbd altered the text; fall back to its length from the cursor
                found = cursor
            piece_end = min(found + len(piece), len(block))
            cursor = piece_end
            yield from _bounded(text, block_start + found, block_start + piece_end)


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_BLOCK_CHARS:
        window = text[start : start + MAX_BLOCK_CHARS]
        cut = _last_cut(window, _OBVIOUS_END) or _last_whitespace(window) or MAX_BLOCK_CHARS
        yield start, start + cut
        start += cut
    if end > start:
        yield start, end


def _bounded(text: str, start: int, end: int) -> Iterator[Span]:
    start, end = _trim(text, start, end)
    marker = _LIST_MARKER.match(text, start, end)
    if marker and marker.end() < end:
        start = marker.end()
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = (
            _last_cut(window, _CLAUSE_BREAK, minimum=MAX_SENTENCE_CHARS // 4)
            or _last_whitespace(window)
            or MAX_SENTENCE_CHARS
        )
        piece_start, piece_end = _trim(text, start, start + cut)
        if piece_end > piece_start:
            yield Span(piece_start, piece_end, text[piece_start:piece_end])
        start, end = _trim(text, start + cut, end)
    if end > start:
        yield Span(start, end, text[start:end])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _last_cut(window: str, pattern: re.Pattern[str], minimum: int = 1) -> int:
    last = 0
    for match in pattern.finditer(window):
        if match.end() >= minimum:
            last = match.end()
    return last


def _last_whitespace(window: str) -> int:
    return max(window.rfind(" "), window.rfind("\n"), window.rfind("\t")) + 1
