"""Clean an article body without moving a single character.

Every step here keeps the text the same length as the raw body, so an offset found in the
cleaned text is an offset into the body the caller gave us. That is what lets the Django side
store ``body[start:end]`` and highlight it later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Markup is blanked, not removed, so offsets survive. Script and style bodies go with their tags:
# they are code, never prose, and must never reach a reader as a "claim".
_SCRIPT_OR_STYLE = re.compile(
    r"<(script|style)\b[^>]{0,1000}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(\s[^<>]{0,1000})?/?>")
# C0/C1 controls except tab/newline/carriage return, plus zero-width and bidi marks, which
# split words invisibly and break tokenisation.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)

# Lines that are never part of the article: promotion, share prompts, legal footers, bylines.
_BOILERPLATE_LINE = re.compile(
    r"""
    ^\W*read\s+(more|the\s+full\s+(story|article))\b.{0,80}(@|https?://|www\.|\.com\b)
    | \bplease\s+subscribe\b
    | \bsubscribe\s+(to|for)\s+(our|the)\s+(newsletter|channel|updates)
    | ^\W*terms\s+(of\s+(website\s+)?use|and\s+conditions)\W*$
    | ^\W*privacy\s+policy\W*$
    | \bprovided\s+on\s+an\s+["“]?as[\s-]is["”]?\s+basis
    | \bnot\s+(necessarily\s+)?our\s+(opinions|views)\b
    | \bdisclaimer\s*:
    | \ball\s+rights\s+reserved\b
    | ^\W*(copyright|©)\s
    | ^\W*(share|tweet|email|print)(\s+(this|on|via)\b.{0,60})?\W*$
    | ^\W*(follow\s+us|like\s+us)\s+on\b
    | ^\W*(click|tap)\s+here\b
    | ^\W*sign\s+up\s+(for|to|here|now|today)\b
    | \bscroll\s+to\s+continue\b
    | ^\W*our\s+standards\s*:
    | ^\W*(advertisement|sponsored(\s+content)?)\W*$
    | ^\W*(by|written\s+by|reporting\s+by|posted\s+by)\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\W*$
    | ^\W*(additional\s+)?(reporting|writing|editing)\s+by\s[^;.!?]{1,80}
      (;\s*(additional\s+)?(reporting|writing|editing)\s+by\s[^;.!?]{1,80}){1,3}\W*$
    | ^\W*(posted|published|updated|last\s+updated)\s*(on|at|:)\s
    | ^\W*(photo|image|video|source|credit)s?\s*:
    | ^\W*(related|see\s+also|also\s+read|more\s+from)\s*:?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BOLD_HEADING = re.compile(r"^\s*(\*\*|__)[^\n]{1,300}(\*\*|__)\s*$")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s")
_SENTENCE_END = re.compile(r"""[.!?…]["”’')\]]*\s*$""")
# A heading is short and does not end like a sentence ("What's Next?" does, so questions of a
# few words are treated as headings too).
_HEADING_MAX_WORDS = 12
_QUESTION_HEADING_MAX_WORDS = 5


@dataclass(frozen=True)
class Line:
    """One line of the body: ``start``/``end`` exclude the line break."""

    start: int
    end: int
    text: str


def blank(text: str) -> str:
    """Return ``text`` with markup and invisible characters replaced by spaces.

    The result has exactly the length of ``text``.
    """
    text = _INVISIBLE.sub(" ", text)
    if "<" in text:
        for pattern in (_SCRIPT_OR_STYLE, _HTML_COMMENT, _HTML_TAG):
            text = pattern.sub(_spaces_keeping_newlines, text)
    return text


def _spaces_keeping_newlines(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def split_lines(text: str) -> list[Line]:
    """Split ``text`` on line breaks, keeping offsets."""
    lines = []
    start = 0
    for match in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        lines.append(Line(start, match.start(), text[start : match.start()]))
        start = match.end()
    lines.append(Line(start, len(text), text[start:]))
    return lines


def boilerplate_reason(line: str) -> str:
    """Return why ``line`` is not article prose ("" when it is prose)."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _BOLD_HEADING.match(stripped) or _MARKDOWN_HEADING.match(stripped):
        return "heading"
    if _BOILERPLATE_LINE.search(stripped):
        return "boilerplate"
    words = stripped.split()
    if not _SENTENCE_END.search(stripped) and len(words) <= _HEADING_MAX_WORDS:
        return "heading"
    if stripped.endswith("?") and len(words) <= _QUESTION_HEADING_MAX_WORDS:
        return "heading"
    return ""


def continues_on_next_line(line: str, next_line: str, *, continued: bool = False) -> bool:
    """Return whether ``line`` is hard-wrapped prose whose sentence goes on in ``next_line``.

    Plain-text sources (newsletters, e-mail) wrap paragraphs at a fixed width; such a line
    looks like a heading (short, no full stop) but the next line starts in lower case, or the
    line itself continues a wrapped one (``continued``) and the next line is not blank.
    """
    stripped = line.strip()
    if not stripped or _BOLD_HEADING.match(stripped) or _MARKDOWN_HEADING.match(stripped):
        return False
    if _SENTENCE_END.search(stripped):
        return False
    following = next_line.lstrip()[:1]
    return following.islower() or following.isdigit() or (continued and bool(following))


def normalise(text: str) -> tuple[str, list[int]]:
    """Return the NFC form of ``text`` and, for each of its characters, the offset in ``text``.

    The map has one extra entry (``len(text)``) so an end offset maps too. NFC can merge a letter
    and its combining accents into one character, which is why a plain offset would drift.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    cluster_start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            piece = unicodedata.normalize("NFC", text[cluster_start:i])
            pieces.append(piece)
            offsets.extend([cluster_start] * len(piece))
            cluster_start = i
    offsets.append(len(text))
    return "".join(pieces), offsets
