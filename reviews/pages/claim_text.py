"""Cut an article body into plain runs and claim spans, for marking claims in its text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Span(Protocol):
    pk: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A run of the body: plain text, another candidate claim, or the claim on the page."""

    text: str
    claim_id: int | None = None
    is_current: bool = False


def body_segments(*, body: str, spans: Iterable[Span], current_id: int) -> list[Segment]:
    """Return the body as consecutive segments; each claim span becomes one segment.

    Offsets index the stored body in code points (``body[start:end] == claim.text``). A span
    that overlaps one already placed, or falls outside the body, is left unmarked rather than
    cutting the text twice: the text itself is always shown whole.
    """
    segments: list[Segment] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start < cursor or span.end > len(body) or span.end <= span.start:
            continue
        if span.start > cursor:
            segments.append(Segment(text=body[cursor : span.start]))
        segments.append(
            Segment(
                text=body[span.start : span.end],
                claim_id=span.pk,
                is_current=span.pk == current_id,
            )
        )
        cursor = span.end
    if cursor < len(body):
        segments.append(Segment(text=body[cursor:]))
    return segments
