"""`make bench` at its tiny size: every section runs and reports figures (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run_all import SCRIPTS, speaks_contract
from tests.conftest import ROOT

# It starts gunicorn and Celery workers beside pytest, like the other server tests.
pytestmark = pytest.mark.servers


def _has_a_number(row: list[object]) -> bool:
    return any(isinstance(cell, int | float) and not isinstance(cell, bool) for cell in row)


def test_the_tiny_benchmark_reports_every_section_with_numbers(tmp_path: Path) -> None:
    # GIVEN the section scripts that speak the orchestrator's contract (--json, --tiny)
    expected = {s.name for s in SCRIPTS if (ROOT / "bench" / s.file).exists()}
    expected = {
        s.name for s in SCRIPTS if s.name in expected and speaks_contract(ROOT / "bench" / s.file)
    }
    expected |= {"ingest", "memory", "scaling", "public_api"}  # ours: always there
    # WHEN the orchestrator runs them at the tiny size
    run = subprocess.run(
        [sys.executable, "bench/run_all.py", "--tiny", "--out", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "BENCH_SIZE": "tiny"},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    # THEN it succeeds, and every section has rows with figures and its charts are drawn
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    sections = {s["section"]: s for s in results["sections"]}
    assert expected <= set(sections)
    for name in expected:
        assert sections[name]["rows"], f"{name}: no rows"
        assert all(_has_a_number(row) for row in sections[name]["rows"]), name
        assert (tmp_path / f"{name}.svg").exists(), name
    targets = [t for s in results["sections"] for t in s["targets"]]
    assert all(isinstance(t["value"], int | float) and isinstance(t["met"], bool) for t in targets)
