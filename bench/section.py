"""The contract between bench/run_all.py and every section script.

A section script accepts ``--tiny`` (a run of seconds, for the test) and ``--json PATH``, and
writes to PATH::

    {"section": str, "title": str, "columns": [...], "rows": [[...], ...],
     "targets": [{"name": str, "value": float, "target": str, "met": bool}], "notes": [str]}
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Target:
    name: str
    value: float
    target: str
    met: bool


@dataclass
class Section:
    section: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def write(self, path: str | None) -> None:
        """Write the JSON the orchestrator reads, and print the table for a standalone run."""
        data = asdict(self)
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(data, indent=2) + "\n")
        print(f"{self.title}\n  {self.columns}")
        for row in self.rows:
            print(f"  {row}")
        for target in self.targets:
            print(f"  target {target.name}: {target.value} ({target.target}) met={target.met}")


def arguments(description: str | None) -> argparse.ArgumentParser:
    """Return a parser with the contract's two options; a section adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tiny", action="store_true", help="a run of seconds (for the test)")
    parser.add_argument("--json", metavar="PATH", help="write the section's results here")
    return parser


def percentile(values: list[float], q: float) -> float:
    """Return the ``q``-th percentile (0-100) of ``values``, interpolated; 0 for none."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def rounded(value: float, digits: int = 1) -> float:
    return round(float(value), digits)
