"""Bad input: every case has a defined outcome, never a crash, a hang, or a wrong offset."""

from __future__ import annotations

import unicodedata

import pytest

from claims.extraction import extract
from claims.extraction.cleaning import boilerplate_reason
from claims.extraction.pipeline import MAX_BODY_CHARS, MAX_SENTENCES
from claims.extraction.segmentation import MAX_SENTENCE_CHARS
from claims.extraction.types import Extraction

FACT = "Russia lost more than 3,000 tanks in Ukraine since 2022, according to a DIA assessment."


def _assert_offsets_valid(body: str, extraction: Extraction) -> None:
    for claim in extraction.claims:
        assert body[claim.start : claim.end] == claim.text
        for number in claim.numbers:
            assert body[number.start : number.end] == number.raw
        for entity in claim.entities:
            assert body[entity.start : entity.end] == entity.text


@pytest.mark.parametrize("body", ["", "   \n\t\n  "])
def test_empty_text_gives_no_claims_and_says_why(body: str) -> None:
    extraction = extract(body)
    assert (extraction.claims, extraction.sentences_seen) == ((), 0)
    assert extraction.note == "The text is empty."


def test_only_boilerplate_gives_no_claims_and_says_why() -> None:
    body = "**Breaking News**\nRead More @ example.com\nTerms of Website Use\nShare this\n"
    extraction = extract(body)
    assert extraction.claims == ()
    assert "boilerplate" in extraction.note
    assert len(extraction.skipped) == 4


def test_five_megabytes_is_read_up_to_the_cap_and_noted(article_002: str) -> None:
    body = (article_002 + "\n") * (5_000_000 // len(article_002) + 1)
    extraction = extract(body)
    assert "only the first" in extraction.note
    assert extraction.claims
    assert max(c.end for c in extraction.claims) <= MAX_BODY_CHARS
    _assert_offsets_valid(body, extraction)


def test_text_without_sentence_breaks_is_cut_into_bounded_pieces() -> None:
    body = (FACT.rstrip(".") + " and ") * 2_000
    extraction = extract(body)
    assert extraction.claims
    assert all(len(c.text) <= MAX_SENTENCE_CHARS for c in extraction.claims)
    _assert_offsets_valid(body, extraction)


def test_thousands_of_tiny_sentences_stop_at_the_sentence_cap() -> None:
    extraction = extract("It is. We go. Is it? He ran! " * 50_000)
    assert extraction.sentences_seen == MAX_SENTENCES
    assert "more than 2,000 sentences" in extraction.note


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (
            "La Commission européenne a proposé un fonds de 800 milliards d'euros pour la défense. "
            "Les dirigeants européens veulent renforcer leurs capacités militaires dans les années "
            "qui viennent, selon le président de la Commission.",
            "fr",
        ),
        (
            "Die Europäische Kommission hat einen Fonds von 800 Milliarden Euro vorgeschlagen. "
            "Die Staaten wollen ihre Verteidigung stärken, und das ist nicht nur eine Frage des "
            "Geldes, sagte der Präsident auf der Konferenz.",
            "de",
        ),
        (
            "Европейская комиссия предложила создать оборонный фонд в размере 800 миллиардов евро. "
            "Лидеры стран заявили, что это необходимо для укрепления безопасности континента.",
            "ru",
        ),
    ],
)
def test_non_english_text_gives_no_claims_and_a_note(body: str, language: str) -> None:
    extraction = extract(body)
    assert extraction.claims == ()
    assert extraction.language == language
    assert "only handles English" in extraction.note


def test_control_characters_do_not_change_what_is_found(article_002: str) -> None:
    noisy = article_002.replace(" the ", " the\x00\x07 ").replace("Ukraine", "Ukr\u200baine")
    clean_texts = [" ".join(c.text.split()) for c in extract(article_002).claims]
    extraction = extract(noisy)
    assert len(extraction.claims) == len(clean_texts)
    _assert_offsets_valid(noisy, extraction)


def test_html_and_script_are_never_claim_content() -> None:
    script = (
        "<script>alert('Total casualties reached 5,000,000 people in Kyiv yesterday.')</script>"
    )
    body = (
        f"<p>{FACT}</p>\n{script}\n<p>Officials said the losses were 40% higher than in 2023.</p>"
    )
    extraction = extract(body)
    assert len(extraction.claims) == 2
    assert not any("alert" in c.text or "5,000,000" in c.text for c in extraction.claims)
    _assert_offsets_valid(body, extraction)


def test_decomposed_unicode_keeps_offsets_into_the_raw_body() -> None:
    body = unicodedata.normalize(
        "NFD", "Le Café Crème in Zürich said prices rose 12% in 2024 after the merger."
    )
    extraction = extract(body, threshold=0.0)
    (claim,) = extraction.claims
    assert claim.numbers[0].raw == "12%"
    _assert_offsets_valid(body, extraction)


def test_hard_wrapped_paragraph_is_one_sentence_not_headings() -> None:
    body = (
        "**Newsletter**\n"
        "The central bank raised its key rate to 21 percent on Friday, the\n"
        "highest level since 2003, after inflation reached 9.5 percent in\n"
        "October, officials said.\n"
        "\n"
        "Thanks for reading\n"
    )
    extraction = extract(body)
    (claim,) = extraction.claims
    assert claim.text.startswith("The central bank")
    assert claim.text.endswith("officials said.")
    assert [n.raw for n in claim.numbers] == ["21 percent", "2003", "9.5 percent"]
    assert extraction.skipped == ("heading: **Newsletter**", "heading: Thanks for reading")
    _assert_offsets_valid(body, extraction)


def test_a_line_shaped_to_make_the_boilerplate_patterns_backtrack_is_read_at_once() -> None:
    # GIVEN a run-on line of wire-credit fragments that never completes a credit line (an
    # ambiguous pattern would backtrack over it for longer than the suite's timeout)
    line = "reporting by a " * 2_000 + "!x"

    # WHEN it is classified, THEN it is prose, like any long line without a sentence end
    assert boilerplate_reason(line) == ""
