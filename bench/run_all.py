"""``make bench``: run every benchmark section and publish one set of figures.

Checks that PostgreSQL and Redis answer on loopback, creates a fresh database (``bench_e2e``),
starts gunicorn (2 workers) on 127.0.0.1, runs each section script as a subprocess bounded in
time, stops everything it started (also on Ctrl-C or an error), then writes
docs/bench/results.json and one SVG chart per section, and prints a table per section and a
summary of the targets.

Sections speak one contract (bench/section.py): ``--tiny`` and ``--json PATH``. A section
whose script is missing, or does not offer ``--json`` yet, is listed as skipped.

Run: ``make bench`` (or ``BENCH_SIZE=tiny make bench``, ``.venv/bin/python bench/run_all.py
--tiny --only ingest``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import charts, stack

ROOT = stack.ROOT
BENCH = ROOT / "bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
WEB_PORT = int(os.environ.get("BENCH_WEB_PORT", "8100"))
# The database the stack's sections share (dropped and recreated); another name lets two runs
# go side by side with their own BENCH_BROKER_URL, BENCH_CACHE_URL and BENCH_WEB_PORT.
E2E_DATABASE = os.environ.get("BENCH_E2E_DATABASE", "bench_e2e")


@dataclass(frozen=True)
class Script:
    """One section script; ``stack``: it runs against the web, database and broker started here."""

    name: str
    file: str
    stack: bool
    timeout: int  # seconds, full size; a tiny run gets a fifth (at least 60 s)
    extra: tuple[str, ...] = ()  # more (section, option) outputs, e.g. ingest's memory section


SCRIPTS = [
    Script("extraction", "extraction_speed.py", stack=False, timeout=300),
    Script("ingest", "ingest.py", stack=True, timeout=1200, extra=("memory", "--memory-json")),
    Script("scaling", "webhook_burst.py", stack=True, timeout=600),
    Script("public_api", "public_api.py", stack=True, timeout=300),
    Script("lease", "lease_concurrency.py", stack=False, timeout=900),  # 6 paced minutes
    Script("matching", "matching_semantic.py", stack=False, timeout=600),
]


def speaks_contract(path: Path) -> bool:
    """Whether the script offers ``--json`` (the other owners' scripts may not yet)."""
    answer = subprocess.run(
        [sys.executable, str(path), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    return answer.returncode == 0 and "--json" in answer.stdout


def services_answer() -> None:
    """Fail early, and clearly, when PostgreSQL or Redis is not up (``make services``)."""
    if subprocess.run(
        ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False
    ).returncode:
        sys.exit("PostgreSQL does not answer on 127.0.0.1:5432; run `make services` first.")
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        sys.exit(f"Redis does not answer at {BROKER_URL}; run `make services` first.")


def stack_start(tiny: bool) -> tuple[dict[str, str], stack.Service]:
    """Create the benchmark database, migrate it and start gunicorn; return the sections' env."""
    database_url = f"{POSTGRES}/{E2E_DATABASE}{'_tiny' if tiny else ''}"
    stack.database_fresh(database_url)
    for url in (BROKER_URL, CACHE_URL):
        redis.Redis.from_url(url).flushdb()
    shutil.rmtree(stack.LOG_DIR / "var", ignore_errors=True)
    env = stack.service_env(database_url=database_url, broker_url=BROKER_URL, cache_url=CACHE_URL)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    web = stack.web_start(env, port=WEB_PORT, workers=2)
    env.update(BENCH_BASE_URL=f"http://127.0.0.1:{WEB_PORT}", BENCH_WEB_PID=str(web.pid))
    return env, web


def section_run(script: Script, *, env: dict[str, str], out: Path, tiny: bool) -> list[dict]:
    """Run one section script; return its sections, or one placeholder saying what went wrong."""
    path = BENCH / script.file
    outputs = [(script.name, "--json"), *([script.extra] if script.extra else [])]
    if not path.exists() or not speaks_contract(path):
        why = "no script" if not path.exists() else "the script does not offer --json yet"
        return [_placeholder(script.name, f"skipped: bench/{script.file}: {why}")]
    argv = [sys.executable, str(path)]
    for name, option in outputs:
        argv += [option, str(out / f"{name}.json")]
    if tiny:
        argv.append("--tiny")
    timeout = max(60, script.timeout // 5) if tiny else script.timeout
    started = time.monotonic()
    print(f"--- {script.name}: {' '.join(argv[1:])}", flush=True)
    proc = subprocess.Popen(argv, cwd=ROOT, env=env)
    try:
        failed = f"exit code {proc.returncode}" if proc.wait(timeout=timeout) else ""
    except subprocess.TimeoutExpired:
        failed = f"stopped after the {timeout} s bound"
        proc.terminate()  # SIGTERM: the section stops the workers it started (bench/stack.py)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    except BaseException:  # Ctrl-C or SIGTERM: the section stops what it started, then we do
        proc.terminate()
        proc.wait(timeout=60)
        raise
    print(f"--- {script.name}: {time.monotonic() - started:.0f} s {failed}", flush=True)
    sections = []
    for name, _ in outputs:
        file = out / f"{name}.json"
        if file.exists() and not failed:
            data = json.loads(file.read_text())
            data["seconds"] = round(time.monotonic() - started)
            # The machine's 1-minute load average as the section ended: the figures are only
            # comparable between runs on an otherwise idle machine (load below 2 on 2 cores).
            data["load_average"] = round(os.getloadavg()[0], 2)
            sections.append(data)
        else:
            sections.append(_placeholder(name, f"failed: bench/{script.file}: {failed}"))
    return sections


def _placeholder(name: str, note: str) -> dict[str, Any]:
    return {
        "section": name,
        "title": name,
        "columns": [],
        "rows": [],
        "targets": [],
        "notes": [note],
        "failed": note.startswith("failed"),
    }


def _merged(path: Path, sections: list[dict], *, size: str) -> list[dict]:
    """Return the sections of an earlier run of the same size with ``sections`` replacing theirs.

    ``--only`` re-runs some sections; the others keep their figures in results.json.
    """
    if not path.exists() or json.loads(path.read_text()).get("size") != size:
        return sections
    fresh = {s["section"]: s for s in sections}
    earlier = json.loads(path.read_text())["sections"]
    kept = [fresh.pop(s["section"], s) for s in earlier]
    return kept + list(fresh.values())


def print_section(data: dict[str, Any]) -> None:
    load = f" (load average {data['load_average']})" if "load_average" in data else ""
    print(f"\n## {data['title']}{load}")
    if data["columns"]:
        cells = [[str(c) for c in data["columns"]]] + [[str(c) for c in r] for r in data["rows"]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
        for row in cells:
            print("  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    for note in data["notes"]:
        print(f"  note: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--tiny", action="store_true", default=os.environ.get("BENCH_SIZE") == "tiny"
    )
    parser.add_argument("--only", action="append", help="run only these sections (names)")
    parser.add_argument("--out", help="results and charts (docs/bench; var/bench/tiny if tiny)")
    args = parser.parse_args()
    out = Path(args.out or (stack.LOG_DIR / "tiny" if args.tiny else ROOT / "docs" / "bench"))
    work = stack.LOG_DIR / "sections"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    services_answer()
    chosen = [s for s in SCRIPTS if not args.only or s.name in args.only]
    load_before = os.getloadavg()
    started = time.monotonic()
    env, _web = stack_start(args.tiny) if any(s.stack for s in chosen) else (dict(os.environ), None)
    sections: list[dict] = []
    try:
        for script in chosen:
            section_env = (
                env
                if script.stack
                else {
                    **os.environ,
                    "DATABASE_URL": f"{POSTGRES}/bench_{script.name}",
                }
            )
            sections += section_run(script, env=section_env, out=work, tiny=args.tiny)
    finally:
        stack.stop_all()
    size = "tiny" if args.tiny else "full"
    results: dict[str, Any] = {
        "size": size,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "seconds": round(time.monotonic() - started),
        "sections": sections,
    }
    out.mkdir(parents=True, exist_ok=True)
    if args.only:
        results["sections"] = _merged(out / "results.json", sections, size=size)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    for data in sections:
        print_section(data)
        if data["rows"]:
            charts.section_chart(data, out / f"{data['section']}.svg")
    print("\n## Targets")
    for data in sections:
        for target in data["targets"]:
            mark = "met   " if target["met"] else "MISSED"
            print(f"  {mark} {target['name']}: {target['value']} (target {target['target']})")
    print(
        f"\n{results['seconds']} s in all; load average before {load_before[0]:.2f}. "
        f"Results: {out / 'results.json'}"
    )
    if any(d.get("failed") for d in sections):
        sys.exit(1)


if __name__ == "__main__":
    main()
