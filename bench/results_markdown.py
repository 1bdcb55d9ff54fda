"""Print docs/bench/results.json as Markdown tables, one per section, for docs/benchmarks.md.

Run: .venv/bin/python bench/results_markdown.py [--section ingest ...] [PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def section_markdown(data: dict[str, Any]) -> str:
    lines = [f"| {' | '.join(data['columns'])} |", "|" + "---|" * len(data["columns"])]
    lines += [f"| {' | '.join(_cell(c) for c in row)} |" for row in data["rows"]]
    for target in data["targets"]:
        met = "met" if target["met"] else "**missed**"
        lines.append("")
        lines.append(
            f"Target {target['name']} {target['target']}: {_cell(target['value'])}, {met}."
        )
    if "load_average" in data:
        lines.append("")
        lines.append(f"Machine load average (1 min) as the section ended: {data['load_average']}.")
    for note in data["notes"]:
        lines.append("")
        lines.append(note)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=str(ROOT / "docs" / "bench" / "results.json"))
    parser.add_argument("--section", action="append", help="only these sections")
    args = parser.parse_args()
    results = json.loads(Path(args.path).read_text())
    for data in results["sections"]:
        if data["rows"] and (not args.section or data["section"] in args.section):
            print(f"<!-- {data['section']} -->\n{section_markdown(data)}\n")


if __name__ == "__main__":
    main()
