"""A quote's speaker is a person or organisation named in its sentence or the one before."""

from __future__ import annotations

import pytest

from claims.extraction.claim_types import quote_speaker
from claims.extraction.entities import EntityFinder, speaker_kind
from claims.extraction.pipeline import extract

COUNCIL = "Bristol City Council approved £4 million for road repairs on Tuesday."
MAYOR = "Mayor Jane Smith defended the £4 million budget on Tuesday."


def _speaker(previous: str, sentence: str) -> str:
    finder = EntityFinder()
    before = finder.find(previous)
    return quote_speaker(sentence, finder.find(sentence), 0, before)[1]


@pytest.mark.parametrize(
    ("previous", "sentence", "speaker"),
    [
        (COUNCIL, "“We will fill every pothole by spring,” a Council spokesperson said.",
         "Bristol City Council"),
        (COUNCIL, "“We will fill every pothole by spring,” said a council spokesperson.",
         "Bristol City Council"),
        (COUNCIL, "“Repairs will cost £4 million this year,” the council said.",
         "Bristol City Council"),
        (MAYOR, "“We have cut waste by 12%,” she said.", "Jane Smith"),
        (MAYOR, "“Crime fell 8% last year,” the mayor told reporters.", "Jane Smith"),
        ("The Ministry of Health published figures on Monday.",
         "“Admissions rose 9%,” the ministry said in a statement.", "Ministry of Health"),
        ("The budget was debated on Tuesday.",
         "“Repairs will cost £4 million,” a spokesperson for Leeds City Council said.",
         "Leeds City Council"),
    ],
)  # fmt: skip
def test_an_unnamed_attribution_takes_the_name_from_the_sentence_before(
    previous: str, sentence: str, speaker: str
) -> None:
    assert _speaker(previous, sentence) == speaker


@pytest.mark.parametrize(
    ("previous", "sentence"),
    [
        # Nobody named before: "Council" alone names no one, so there is no speaker.
        ("The budget was debated on Tuesday.",
         "“We will fill every pothole by spring,” a Council spokesperson said."),
        # Two people before: "she" could be either, so no guess.
        ("Jane Smith and Tom Brown debated the budget on Tuesday.",
         "“We have cut waste by 12%,” she said."),
        # A person before, but an organisation speaks: not her.
        (MAYOR, "“Repairs will cost £4 million,” a council spokesperson said."),
    ],
)  # fmt: skip
def test_no_speaker_is_guessed_when_no_fitting_name_is_near(previous: str, sentence: str) -> None:
    assert _speaker(previous, sentence) == ""


def test_a_council_spokespersons_quote_in_an_article_is_the_councils() -> None:
    # GIVEN an article naming the council, then quoting its spokesperson
    body = (
        "Bristol City Council approved £4.2 million for road repairs on Tuesday. "
        "“We will fill 12,000 potholes by the end of March,” a Council spokesperson said."
    )

    # WHEN it is extracted
    quotes = [c for c in extract(body).claims if c.is_quote]

    # THEN the quote's speaker is the council, not the bare word "Council"
    assert [(q.speaker, speaker_kind(q.speaker)) for q in quotes] == [
        ("Bristol City Council", "organisation")
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Bristol City Council", "organisation"),
        ("Ministry of Health", "organisation"),
        ("Moscow", "organisation"),
        ("Jane Smith", "person"),
        ("Richard Barrons", "person"),
    ],
)
def test_a_speakers_kind_follows_its_name(name: str, kind: str) -> None:
    assert speaker_kind(name) == kind
