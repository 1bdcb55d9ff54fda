"""The default extractor follows the CPU: the cascade where AMX runs it fast, light elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction.int8_weights import cpu_flags
from claims.extraction.scoring import default_backend

ROOT = Path(__file__).resolve().parents[2]
AMX = "fpu sse2 avx2 avx512f avx512_vnni amx_bf16 amx_tile amx_int8"  # Intel Sapphire Rapids
ZEN4 = "fpu sse2 avx2 fma avx512f avx512bw avx512_vnni avx512_bf16"  # AMD Zen 4


def _cpuinfo(flags: str) -> str:
    return f"processor\t: 0\nvendor_id\t: X\nflags\t\t: {flags}\n\nprocessor\t: 1\n"


@pytest.mark.parametrize(
    ("flags", "backend"),
    [
        (AMX, "cascade"),
        (ZEN4, "light"),
        ("fpu sse2 avx2 avx_vnni", "light"),  # Intel Alder Lake
        ("fpu sse2 avx2 fma", "light"),  # AMD Zen 2
    ],
)
def test_the_cascade_is_the_default_only_where_the_cpu_has_amx(flags: str, backend: str) -> None:
    assert default_backend(_cpuinfo(flags)) == backend


def test_a_machine_whose_flags_cannot_be_read_gets_the_light_model() -> None:
    assert cpu_flags("processor\t: 0\nBogoMIPS\t: 48.00\n") == frozenset()
    assert default_backend("processor\t: 0\nBogoMIPS\t: 48.00\n") == "light"


def _settings_backend(tmp_path: Path, flags: str, **env: str) -> str:
    """``settings.EXTRACTOR_BACKEND`` as a fresh process on a CPU with ``flags`` reads it."""
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(_cpuinfo(flags), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "EXTRACTOR_BACKEND"}
    environment.update(env, DJANGO_SETTINGS_MODULE="factcheck.settings")
    # Before any of the service is imported: /proc/cpuinfo reads as ``flags`` say.
    code = (
        "import pathlib, platform, sys; platform.machine = lambda: 'x86_64'; "
        "real = pathlib.Path.read_text; fake = pathlib.Path(sys.argv[1]); "
        "pathlib.Path.read_text = lambda self, *a, **k: real("
        "fake if str(self) == '/proc/cpuinfo' else self, *a, **k); "
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EXTRACTOR_BACKEND)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(cpuinfo)],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_workers_run_the_cpu_default_unless_the_environment_names_a_backend(
    tmp_path: Path,
) -> None:
    assert _settings_backend(tmp_path, AMX) == "cascade"
    assert _settings_backend(tmp_path, ZEN4) == "light"
    assert _settings_backend(tmp_path, AMX, EXTRACTOR_BACKEND="light") == "light"
    assert _settings_backend(tmp_path, ZEN4, EXTRACTOR_BACKEND="compact") == "compact"
