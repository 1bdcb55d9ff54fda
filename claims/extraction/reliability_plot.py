"""Draw a reliability diagram as a small self-contained SVG (no plotting library needed)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from claims.extraction.calibration import ReliabilityBin

_SIZE = 320  # the plot square, in pixels
_MARGIN = 48
_COLOURS = ("#b2182b", "#2166ac", "#1b7837", "#762a83")


def reliability_svg(
    title: str, series: Sequence[tuple[str, Sequence[ReliabilityBin]]], *, width: int = 560
) -> str:
    """Return an SVG: mean score (x) against the share of check-worthy sentences (y) per bin.

    A calibrated model's points lie on the diagonal; a dot's area follows its bin's size.
    """
    height = _SIZE + 2 * _MARGIN
    left, top = _MARGIN, _MARGIN

    def x(value: float) -> float:
        return round(left + value * _SIZE, 1)

    def y(value: float) -> float:
        return round(top + (1 - value) * _SIZE, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="{top - 20}" font-size="14">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{_SIZE}" height="{_SIZE}" fill="none" stroke="#999"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#bbb" '
        'stroke-dasharray="4 4"/>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text x="{x(tick)}" y="{y(0) + 16}" text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4}" text-anchor="end">{tick:g}</text>')
    parts.append(
        f'<text x="{x(0.5)}" y="{y(0) + 34}" text-anchor="middle">mean score in bin</text>'
    )
    parts.append(
        f'<text x="14" y="{y(0.5)}" text-anchor="middle" transform="rotate(-90 14 {y(0.5)})">'
        "share check-worthy</text>"
    )
    total = max(1, max(sum(b.count for b in bins) for _, bins in series))
    for i, (label, bins) in enumerate(series):
        colour = _COLOURS[i % len(_COLOURS)]
        filled = [b for b in bins if b.count]
        path = " ".join(f"{x(b.mean_score)},{y(b.positive_rate)}" for b in filled)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
        )
        for b in filled:
            radius = round(2 + 10 * (b.count / total) ** 0.5, 1)
            parts.append(
                f'<circle cx="{x(b.mean_score)}" cy="{y(b.positive_rate)}" r="{radius}" '
                f'fill="{colour}" fill-opacity="0.35" stroke="{colour}">'
                f"<title>{escape(label)}: {b.count} sentences, mean score {b.mean_score:.2f}, "
                f"{b.positive_rate:.0%} check-worthy</title></circle>"
            )
        legend_y = top + 14 + 18 * i
        parts.append(
            f'<rect x="{left + _SIZE + 16}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + _SIZE + 32}" y="{legend_y}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
