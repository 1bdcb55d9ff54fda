"""SVG charts of the benchmark sections, drawn with pygal (docs/bench/*.svg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygal
from pygal.style import DefaultStyle


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def section_chart(data: dict[str, Any], path: Path) -> None:
    """Draw a section as horizontal bars: one series per numeric column, one group per row.

    The rows are labelled by their text cells; columns in different units share one axis, so
    each series is named with its unit and the section's table carries the exact figures.
    """
    columns, rows = data["columns"], data["rows"]
    # The first column names the row; so does every other column that is not all numbers.
    numeric = [i for i in range(1, len(columns)) if all(_number(r[i]) for r in rows)]
    labels = [i for i in range(len(columns)) if i not in numeric]
    chart = pygal.HorizontalBar(
        title=data["title"],
        style=DefaultStyle,
        width=900,
        height=max(300, 60 + 28 * len(rows) * max(1, len(numeric))),
        legend_at_bottom=True,
        print_values=True,
        disable_xml_declaration=False,
    )
    chart.x_labels = [" · ".join(str(r[i]) for i in labels) for r in rows]
    for i in numeric:
        chart.add(str(columns[i]), [r[i] for r in rows])
    path.write_bytes(chart.render())
