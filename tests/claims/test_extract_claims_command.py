"""``manage.py extract_claims``: one line per candidate, and with -v 2 what was left out."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

SEED_002 = Path(__file__).resolve().parents[2] / "seeds" / "002_32a0916f9ffec336.txt"


def test_verbose_run_lists_skipped_boilerplate_and_opinion() -> None:
    out, err = StringIO(), StringIO()
    # the light backend: the one with an opinion head, whose skips name it
    call_command(
        "extract_claims", str(SEED_002), verbosity=2, backend="light", stdout=out, stderr=err
    )
    claims = out.getvalue().splitlines()
    skipped = [line for line in err.getvalue().splitlines() if line.startswith("skipped ")]
    assert any("have reached 850,000" in line for line in claims)
    assert any("please subscribe" in line.lower() for line in skipped)
    assert any(line.startswith("skipped opinion (") for line in skipped)
    assert not any("Far from negotiating" in line for line in claims)


def test_default_run_prints_claims_and_a_summary_only() -> None:
    out, err = StringIO(), StringIO()
    call_command("extract_claims", str(SEED_002), stdout=out, stderr=err)
    assert err.getvalue().count("\n") == 1
    assert "candidate claims from" in err.getvalue()
    assert len(out.getvalue().splitlines()) >= 5
