"""Cleaning: boilerplate and headings are recognised; blanking never moves a character."""

from __future__ import annotations

import pytest

from claims.extraction.cleaning import blank, boilerplate_reason, normalise, split_lines


@pytest.mark.parametrize(
    "line",
    [
        "Read More @ euromaidanpress.com",
        "If anyone reads this article found it useful? Then please subscribe www.share-talk.com",
        "Terms of Website Use",
        "All information is provided on an as-is basis. Where we allow Bloggers to publish...",
        "By John Smith",
        "Published on 12 March 2025",
        "Share this article",
        "Photo: Reuters",
        "Advertisement",
        "Follow us on Twitter for more.",
        "© 2025 Example Media. All rights reserved.",
        "Sign up here.",
        "Reporting by Olena Harmash; Editing by Mark Heinrich",
        "Additional reporting by Anna Smith and Tom Balmforth; editing by Alex Richardson",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Advertisement · Scroll to continue",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_reason(line) == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "**US Pressure on Russia Eases as Ukraine War Falters**",
        "## Markets",
        "What’s Next?",
        "Russia’s War Costs Rise",
    ],
)
def test_headings_are_recognised(line: str) -> None:
    assert boilerplate_reason(line) == "heading"


@pytest.mark.parametrize(
    "line",
    [
        "Total Russian casualties may now exceed one million.",
        "By the end of 2024, Russia had lost more than 3,000 tanks, officials said.",
        "Share prices fell 4% on Monday after the central bank raised rates.",
        "Reporting by the agency found that 40% of the grain never left port.",
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert boilerplate_reason(line) == ""


def test_blank_keeps_length_and_removes_markup_and_controls() -> None:
    raw = "A\x00B <b>bold</b> <script>var x = 'Russia lost 5 tanks.';</script>\u200bend"
    cleaned = blank(raw)
    assert len(cleaned) == len(raw)
    assert cleaned == "A B    bold" + " " * 54 + "end"


def test_split_lines_keeps_offsets_for_every_line_break_style() -> None:
    text = "one\r\ntwo\nthree\rfour"
    assert [(text[line.start : line.end], line.text) for line in split_lines(text)] == [
        ("one", "one"),
        ("two", "two"),
        ("three", "three"),
        ("four", "four"),
    ]


def test_normalise_maps_composed_characters_back_to_raw_offsets() -> None:
    raw = "Zu\u0308rich 12%"  # u + combining diaeresis
    normal, offsets = normalise(raw)
    assert normal == "Zürich 12%"
    start = normal.index("12%")
    assert raw[offsets[start] : offsets[start + 3]] == "12%"
