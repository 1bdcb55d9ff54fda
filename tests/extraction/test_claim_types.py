"""Claim typing and quote attribution."""

from __future__ import annotations

import pytest

from claims.extraction.claim_types import claim_type, quote_speaker
from claims.extraction.entities import EntityFinder
from claims.extraction.numbers import find_numbers


def _type(text: str) -> str:
    is_quote, _ = quote_speaker(text, EntityFinder().find(text), 0)
    return claim_type(text, find_numbers(text), is_quote)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total Russian casualties may now exceed one million.", "comparison"),
        ("Over the past year, Russia gained only 0.6% more Ukrainian territory.", "statistic"),
        ("The bill includes a 500% US tariff on imports of Russian oil.", "policy"),
        ("Experts expect intensified Russian assaults this summer.", "prediction"),
        ("The invasion pushed Finland and Sweden into NATO because of fear.", "causal"),
        ("“It is culminating,” Barrons said.", "attribution"),
        ("The Kremlin is unhappy about the talks in Geneva.", "other"),
        ("Unemployment is higher than it was in 2019.", "comparison"),
    ],
)
def test_claim_type(text: str, expected: str) -> None:
    assert _type(text) == expected


def test_quote_with_speech_verb_names_the_speaker() -> None:
    text = "“Russia is taking territory at a high cost,” said Richard Barrons, a former commander."
    assert quote_speaker(text, EntityFinder().find(text), 0) == (True, "Richard Barrons")


def test_scare_quotes_without_a_speaker_are_not_a_quote() -> None:
    text = "Reports suggest the Kremlin believes it holds “all the cards” in the talks."
    assert quote_speaker(text, EntityFinder().find(text), 0) == (False, "")


def test_a_possessive_is_not_the_speaker() -> None:
    text = "Officials seized on Trump’s overtures, claiming that Washington now “aligns with us.”"
    assert quote_speaker(text, EntityFinder().find(text), 0) == (True, "")


def test_a_capital_can_speak_for_its_government() -> None:
    text = "Moscow dismissed this as “confrontational,” underscoring its anxiety."
    assert quote_speaker(text, EntityFinder().find(text), 0) == (True, "Moscow")
