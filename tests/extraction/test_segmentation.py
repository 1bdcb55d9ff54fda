"""Sentence segmentation: abbreviations and decimals survive; offsets index the text."""

from __future__ import annotations

import pysbd

from claims.extraction.segmentation import MAX_SENTENCE_CHARS, _segmenter, sentences


def _split(text: str) -> list[str]:
    return [span.text for span in sentences(text, 0, len(text))]


def test_abbreviations_and_decimals_do_not_end_a_sentence() -> None:
    text = (
        "The U.S. economy grew 2.5% in 2023. Mr. Smith disagreed. "
        "Dr. Jones left at 3 p.m. on Friday."
    )
    assert _split(text) == [
        "The U.S. economy grew 2.5% in 2023.",
        "Mr. Smith disagreed.",
        "Dr. Jones left at 3 p.m. on Friday.",
    ]


def test_spans_slice_the_text_with_a_start_offset() -> None:
    text = "Heading line\nFirst sentence here. Second one follows."
    spans = list(sentences(text, 13, len(text)))
    assert [text[s.start : s.end] for s in spans] == ["First sentence here.", "Second one follows."]


def test_list_markers_are_not_part_of_the_sentence() -> None:
    text = (
        "- Russia has lost 9,500 tanks.\n* Over 10 million people fled.\n"
        "1. The EU has provided €50 billion.\n(2) Prices rose 4%.\n• -5 degrees was the low."
    )
    spans = list(sentences(text, 0, len(text)))
    assert [s.text for s in spans] == [
        "Russia has lost 9,500 tanks.",
        "Over 10 million people fled.",
        "The EU has provided €50 billion.",
        "Prices rose 4%.",
        "-5 degrees was the low.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_a_run_on_sentence_is_cut_at_clause_breaks_into_bounded_pieces() -> None:
    text = "; ".join(f"clause number {i} says something about taxes" for i in range(100))
    spans = list(sentences(text, 0, len(text)))
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_a_word_longer_than_the_cap_is_cut_hard() -> None:
    text = "x" * (3 * MAX_SENTENCE_CHARS)
    spans = list(sentences(text, 0, len(text)))
    assert "".join(s.text for s in spans) == text


def test_sentences_are_placed_where_pysbd_places_them() -> None:
    # A repeated sentence, unusual whitespace after a sentence, and a sentence that pysbd
    # keeps with its quote: each is found where pysbd's own regular expression finds it.
    texts = [
        "Yes! Yes! Yes! It rose 3.5% in the U.S. last year.\u2028Mr. Smith said so.",
        'He said "Prices fell." Then they rose.\xa0\xa0Prices fell. Prices fell.',
        "No.\n\n(a) One item; (b) another.  e.g. this one. No.",
    ]
    for text in texts:
        assert _segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(
            text
        )
