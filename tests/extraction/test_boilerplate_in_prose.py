"""Boilerplate is judged per sentence inside prose and per line for lines that stand alone."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import extract

FIGURES = (
    "The council spent £4.2 million on road repairs in 2023, up from £3.1 million in 2022. "
    "Potholes reported by residents rose 38% to 11,200 over the same period."
)
FIGURE_SENTENCES = [
    "The council spent £4.2 million on road repairs in 2023, up from £3.1 million in 2022.",
    "Potholes reported by residents rose 38% to 11,200 over the same period.",
]

# One sentence per pattern that cleaning.boilerplate_reason knows, in the order of its regex.
FOOTERS = [
    "Read more @ www.localnews.com",
    "Please subscribe to support local journalism.",
    "Subscribe to our newsletter for more local news.",
    "Terms of Use.",
    "Privacy Policy.",
    'All content is provided on an "as is" basis.',
    "The views expressed are not necessarily our views.",
    "Disclaimer: figures are provisional.",
    "All rights reserved.",
    "© 2025 Local News Ltd.",
    "Share this article.",
    "Follow us on Twitter for more updates.",
    "Click here to read the full report.",
    "Sign up for our daily briefing.",
    "Scroll to continue reading.",
    "Our standards: The Thomson Reuters Trust Principles.",
    "Advertisement.",
    "By Jane Smith.",
    "Reporting by Jane Smith; editing by Tom Brown.",
    "Published on 12 March 2025.",
    "Photo: Reuters.",
    "Related: more council news.",
]


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_footer_sentence_ending_a_claim_paragraph_drops_only_itself(footer: str) -> None:
    # GIVEN a paragraph of figures whose last sentence is boilerplate, all on one line
    body = f"{FIGURES} {footer}"

    # WHEN it is extracted
    extraction = extract(body)

    # THEN the figures are claims and only the footer sentence is skipped, with its reason
    assert [c.text for c in extraction.claims] == FIGURE_SENTENCES
    assert extraction.skipped == (f"boilerplate: {footer}",)


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_footer_standing_alone_on_its_line_is_dropped_with_its_reason(footer: str) -> None:
    # GIVEN the footer on a line of its own after the paragraph
    body = f"{FIGURES}\n\n{footer}\n"

    # WHEN it is extracted
    extraction = extract(body)

    # THEN the line is skipped as boilerplate and the paragraph's claims are untouched
    assert [c.text for c in extraction.claims] == FIGURE_SENTENCES
    assert extraction.skipped == (f"boilerplate: {footer}",)


def test_the_six_figure_paragraph_ending_with_a_newsletter_plug_keeps_its_claims() -> None:
    # GIVEN the paragraph from issue 16: six figure-laden sentences, then a newsletter plug
    sentences = [
        "The city recorded 1,240 burglaries in 2024, 18% more than in 2023.",
        "Police response times rose from 11 to 17 minutes on average.",
        "The force lost 95 officers over the year, leaving 1,310 in post.",
        "Overtime spending reached £6.8 million, double the budgeted amount.",
        "Only 4% of burglaries led to a charge, down from 7% five years ago.",
        "The mayor's office has pledged £2 million for 40 new officers by March.",
    ]
    body = " ".join([*sentences, "Subscribe to our newsletter for more local news."])

    # WHEN it is extracted
    extraction = extract(body)

    # THEN every figure sentence is a claim and nothing says "only headings or boilerplate"
    assert [c.text for c in extraction.claims] == sentences
    assert extraction.note == ""


def test_a_line_made_only_of_boilerplate_sentences_is_dropped_whole() -> None:
    # GIVEN a footer line of two boilerplate sentences after the article
    footer = "© 2025 Local News Ltd. All rights reserved."

    # WHEN it is extracted
    extraction = extract(f"{FIGURES}\n{footer}")

    # THEN the whole line is one skipped entry
    assert extraction.skipped == (f"boilerplate: {footer}",)
