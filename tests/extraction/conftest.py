"""Fixtures for the extraction tests: the seed articles and the shared labelled data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DATA = ROOT.parent / "shared" / "data" / "checkworthiness"


@pytest.fixture(scope="session")
def article_000() -> str:
    return (SEEDS / "000_674b76fd6d3d52af.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article_002() -> str:
    return (SEEDS / "002_32a0916f9ffec336.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA / "claimbuster_crowdsourced.csv").exists():
        pytest.skip(f"labelled check-worthiness data not found at {DATA} (shared/ is absent)")
    return DATA
