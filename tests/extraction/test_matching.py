"""Matching keys: near-duplicate signatures, similarity, quantity subjects, conflicting figures."""

from __future__ import annotations

from claims.extraction.entities import EntityFinder
from claims.extraction.matching import figures_conflict, quantity_subjects, signature, similarity
from claims.extraction.numbers import find_numbers
from claims.extraction.types import Number

ORIGINAL = "Russia gained only 0.6% more Ukrainian territory over the past year, analysts said."
REWORDED = "Over the past year Russia gained only 0.6% more Ukrainian territory, say analysts."
UNRELATED = "The European Commission proposed an €800 billion fund for military capabilities."


def _subjects(text: str) -> tuple[str, ...]:
    return quantity_subjects(text, find_numbers(text), EntityFinder().find(text))


def test_near_duplicates_share_a_band_key_and_unrelated_claims_do_not() -> None:
    assert set(signature(ORIGINAL)) & set(signature(REWORDED))
    assert not set(signature(ORIGINAL)) & set(signature(UNRELATED))


def test_signature_is_stable_short_strings() -> None:
    keys = signature(ORIGINAL)
    assert keys == signature(ORIGINAL)
    assert len(keys) == 16
    assert all(k.startswith("b") and len(k) == 12 for k in keys)


def test_signature_of_no_words_is_empty() -> None:
    assert signature("... !!!") == ()


def test_similarity_is_high_for_rewording_low_for_unrelated() -> None:
    assert similarity(ORIGINAL, REWORDED) > 0.7
    assert similarity(ORIGINAL, UNRELATED) < 0.1
    assert similarity(ORIGINAL, ORIGINAL) == 1.0


def test_subject_joins_demonym_or_possessive_place_and_quantity() -> None:
    total = "Total Russian casualties may now exceed one million."
    assert _subjects(total) == ("russian casualties",)
    assert _subjects("Russia’s casualties have reached 850,000.") == ("russian casualties",)


def test_a_rate_is_a_different_subject_from_a_total() -> None:
    text = "Russia is suffering an estimated 1,500 casualties per day."
    assert _subjects(text) == ("russian casualties per day",)


def test_sentence_without_a_figure_has_no_subject() -> None:
    assert _subjects("Russian casualties are mounting in the east.") == ()


def test_different_figures_for_the_same_count_conflict() -> None:
    assert figures_conflict(find_numbers("exceed one million"), find_numbers("reached 850,000"))


def test_rounded_figures_agree() -> None:
    assert not figures_conflict(find_numbers("about 1.5 million"), find_numbers("1,480,000"))


def test_percent_and_count_do_not_compare() -> None:
    percent = (Number("21%", 21.0, "percent"),)
    count = (Number("850,000", 850_000.0, ""),)
    assert not figures_conflict(percent, count)
    assert not figures_conflict((), count)
