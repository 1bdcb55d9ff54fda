"""Figures: value, unit and offsets, including words, currencies, percents and rates."""

from __future__ import annotations

import pytest

from claims.extraction.numbers import find_numbers


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("proposing an €800 billion fund", "€800 billion", 800e9, "currency:EUR"),
        ("The bill includes a 500% US tariff", "500%", 500.0, "percent"),
        ("casualties may now exceed one million.", "one million", 1e6, ""),
        ("have reached 850,000, surpassing", "850,000", 850_000.0, ""),
        ("Russia gained only 0.6% more territory", "0.6%", 0.6, "percent"),
        ("an estimated 1,500 casualties per day.", "1,500", 1500.0, "casualties per day"),
        ("over 3,000 tanks, 250 aircraft", "3,000", 3000.0, "tanks"),
        ("it cost $1.2bn last year", "$1.2bn", 1.2e9, "currency:USD"),
        ("a fee of 30 euros each", "30 euros", 30.0, "currency:EUR"),
        ("inflation hit 3 percent", "3 percent", 3.0, "percent"),
        ("since 2022 the army", "2022", 2022.0, "year"),
        ("launched 90 drones overnight, officials said", "90", 90.0, "drones"),
        ("fired 40 shells daily", "40", 40.0, "shells"),
        ("sold 12 tanks last year", "12", 12.0, "tanks"),
    ],
)
def test_figure_is_read_with_its_unit(text: str, raw: str, value: float, unit: str) -> None:
    number = find_numbers(text)[0]
    assert (number.raw, number.value, number.unit) == (raw, value, unit)
    assert text[number.start : number.end] == raw


def test_offsets_are_shifted_by_the_sentence_start() -> None:
    (number,) = find_numbers("rates at 21% now", offset=100)
    assert (number.start, number.end) == (109, 112)


def test_text_without_figures_has_none() -> None:
    assert find_numbers("Experts say the war is going badly for the Kremlin.") == ()
