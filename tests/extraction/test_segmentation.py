"""Sentence segmentation: abbreviations and decimals survive; offsets index the text."""

from __future__ import annotations

from pathlib import Path

import pysbd
from pysbd.lang.english import English

from claims.extraction.abbreviations import FastEnglish
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


def test_the_abbreviation_pass_splits_as_pysbd_does() -> None:
    # claims.extraction.abbreviations skips pysbd's searches that cannot replace anything;
    # every line must still come out as pysbd's own pass leaves it. Abbreviations that words
    # start with ("co" in "could", "al" in "also") with and without a full stop, in every case;
    # the four letters that match ASCII ones only case-insensitively; the ones with a full stop
    # inside; and the seed articles, paragraph by paragraph.
    texts = [
        "He could also see Co. Ltd. and CO. Inc. at 5 p.m., approx. 5 km from Calif.",
        "Al. Gore met Gen. Jones in Sept. 2020. No. 5 was there. Fig. 3 shows it. Col. Brown.",
        "\u0130stanbul al. co. Co\u212a. e.g. it. i.e. that. Ph.D. work in the U.S. today.",
        "We first met at \u017ft. louis on Friday. The senate and \u017fen. jones met.",
        "She said it was art. Art. 5 says so. Ave. Maria\nSt. Louis and Mt. Hood. Ariz. and Ark.",
        "Dr. Smith arrived. Mr. Jones left at 3 p.m. on Jan. 5. The vote was 52-48, adj. rates.",
    ]
    texts += [
        paragraph
        for path in sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
        if paragraph.strip()
    ]
    plain = pysbd.Segmenter(language="en", clean=False)
    for text in texts:
        assert _segmenter().segment(text) == plain.segment(text), text
        assert FastEnglish.AbbreviationReplacer(text, FastEnglish).replace() == (
            English.AbbreviationReplacer(text, English).replace()
        ), text
