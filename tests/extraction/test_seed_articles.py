"""The two seed articles: every concrete figure or verifiable event is a candidate; nothing else.

The candidate checks run for every backend the CPU may make the default (cascade with AMX,
light without) and for compact and neural.
"""

from __future__ import annotations

from functools import cache

import pytest

from claims.extraction import extract

CHECKABLE_000 = (
    "at least 10,000 ground combat vehicles",  # losses since 2022
    "Russia gained only 0.6% more Ukrainian territory",  # territory, casualties per day
    "Total Russian casualties may now exceed one million.",
    "The bill includes a 500% US tariff",
)
CHECKABLE_002 = (
    "have reached 850,000",
    "interest rates soaring to a punishing 21%",
    "proposing an €800 billion fund",
    "pushed previously neutral Finland and Sweden into NATO",
    "its recent offer to mediate peace between Iran and the U.S.",
)
NOT_CLAIMS_000 = (
    "US Pressure on Russia Eases",
    "Russia’s War Costs Rise",
    "What’s Next?",
    "Read More @",
)
NOT_CLAIMS_002 = (
    "please subscribe",
    "Terms of Website Use",
    "All information is provided on an as-is basis",
    "Where we allow Bloggers",
    "Far from negotiating from a position of strength",  # opinion
    "The Kremlin is desperate for the conflict to conclude",  # opinion
)


@pytest.fixture(params=["cascade", "light", "neural", "compact"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param != "light":
        pytest.importorskip("onnxruntime", reason="onnxruntime not installed")
    return str(request.param)


@cache
def _claim_texts(body: str, backend: str) -> list[str]:
    return [c.text for c in extract(body, backend=backend).claims]


@pytest.mark.parametrize("fragment", CHECKABLE_000)
def test_article_000_figures_are_candidates(article_000: str, fragment: str, backend: str) -> None:
    assert any(fragment in text for text in _claim_texts(article_000, backend))


@pytest.mark.parametrize("fragment", CHECKABLE_002)
def test_article_002_figures_and_events_are_candidates(
    article_002: str, fragment: str, backend: str
) -> None:
    assert any(fragment in text for text in _claim_texts(article_002, backend))


@pytest.mark.parametrize("fragment", NOT_CLAIMS_000)
def test_article_000_headings_and_boilerplate_are_not_candidates(
    article_000: str, fragment: str, backend: str
) -> None:
    assert not any(fragment in text for text in _claim_texts(article_000, backend))


@pytest.mark.parametrize("fragment", NOT_CLAIMS_002)
def test_article_002_boilerplate_and_opinion_are_not_candidates(
    article_002: str, fragment: str, backend: str
) -> None:
    if backend == "compact" and fragment == COMPACT_QUEUES:
        pytest.xfail("a known miss of the compact student (docs/extraction-model.md)")
    assert not any(fragment in text for text in _claim_texts(article_002, backend))


# The one editorial line the compact student queues (0.60 where its mpnet teacher says 0.15).
COMPACT_QUEUES = "The Kremlin is desperate for the conflict to conclude"


def test_the_compact_students_known_miss_is_still_queued(article_002: str) -> None:
    pytest.importorskip("onnxruntime", reason="onnxruntime not installed")
    # Kept as a fact so that a better student shows up here: drop the xfail above when it fails.
    assert any(COMPACT_QUEUES in text for text in _claim_texts(article_002, "compact"))


@pytest.mark.parametrize("name", ["article_000", "article_002"])
def test_offsets_slice_the_original_body(name: str, request: pytest.FixtureRequest) -> None:
    body: str = request.getfixturevalue(name)
    extraction = extract(body)
    assert extraction.claims
    for claim in extraction.claims:
        assert body[claim.start : claim.end] == claim.text
        for number in claim.numbers:
            assert body[number.start : number.end] == number.raw
        for entity in claim.entities:
            assert body[entity.start : entity.end] == entity.text


def test_casualty_claims_share_a_subject_and_conflict(article_000: str, article_002: str) -> None:
    from claims.extraction.matching import figures_conflict

    one_million = next(c for c in extract(article_000).claims if "exceed one million" in c.text)
    reached = next(c for c in extract(article_002).claims if "reached 850,000" in c.text)
    assert "russian casualties" in set(one_million.subjects) & set(reached.subjects)
    assert figures_conflict(one_million.numbers, reached.numbers)


def test_barrons_quote_is_attributed(article_000: str) -> None:
    quote = next(c for c in extract(article_000).claims if "unsustainably high cost" in c.text)
    assert (quote.is_quote, quote.speaker, quote.claim_type) == (
        True,
        "Richard Barrons",
        "attribution",
    )
