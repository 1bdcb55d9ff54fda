"""The processes a benchmark runs against: a fresh PostgreSQL database, gunicorn, Celery workers.

Everything listens on 127.0.0.1. Every process started here is registered and stopped (its
whole process group, TERM then KILL) when the benchmark exits, fails or is interrupted, so a
run never leaves a server behind.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
LOG_DIR = ROOT / "var" / "bench"
# The queues a worker consumes by default: all of them (factcheck/settings.py WORKER_QUEUES).
ALL_QUEUES = "extraction,matching,fetching,webhooks,housekeeping"

_started: list[Service] = []


class Service:
    """One subprocess (and its children) with its own log under var/bench/."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = LOG_DIR / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *, ready: Callable[[], bool], timeout: float = 90) -> Service:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        _stop_on_exit()
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopping it stops the pool children
            )
        _started.append(self)
        deadline = time.monotonic() + timeout
        while not ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name} not ready after {timeout:.0f} s; see {self.log_path}"
                )
            time.sleep(0.2)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        if self in _started:
            _started.remove(self)


def stop_all() -> None:
    """Stop every service this process started, newest first."""
    for service in reversed(list(_started)):
        service.stop()


def _on_signal(signum: int, _frame: Any) -> None:
    stop_all()
    sys.exit(128 + signum)


def _stop_on_exit() -> None:
    """Stop the services at exit, on SIGTERM and on Ctrl-C (installed by the first start)."""
    if not _started:
        atexit.register(stop_all)
        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGINT, _on_signal)


def database_fresh(url: str) -> None:
    """Drop and create the database named in ``url``.

    Only a benchmark's own database is dropped: its name starts with ``bench`` or, when a run
    names its own (``BENCH_E2E_DATABASE``, to run beside another), ends in ``_e2e``.
    """
    parts = urlsplit(url)
    name = parts.path.strip("/")
    if not (name.startswith("bench") or name.removesuffix("_tiny").endswith("_e2e")):
        raise ValueError(
            f"refusing to drop {name!r}: benchmark databases start with 'bench' or end in '_e2e'"
        )
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def service_env(*, database_url: str, broker_url: str, cache_url: str) -> dict[str, str]:
    """Return a production-like environment (DEBUG off) for the web and worker processes."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CACHE_URL": cache_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "FACTCHECK_VAR_DIR": str(LOG_DIR / "var"),
        "LOG_LEVEL": "WARNING",
        # The load generators submit and read from one account and one address.
        "API_THROTTLE_USER": "1000000/min",
        "API_THROTTLE_SUBMIT": "1000000/min",
        "API_THROTTLE_ANON": "1000000/min",
        "PUBLIC_THROTTLE_RATE": "1000000/min",
        "OMP_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def web_start(env: dict[str, str], *, port: int, workers: int = 2) -> Service:
    """Start gunicorn (sync workers, as deployed) and wait until /healthz answers."""

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    if port_answers(port):
        raise RuntimeError(f"port {port} is already taken")
    argv = [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", str(workers), "--timeout", "60", "--no-control-socket"]
    return Service("web", argv, env).start(ready=healthy)


def worker_start(
    env: dict[str, str], *, name: str, queues: str = ALL_QUEUES, concurrency: int = 1
) -> Service:
    """Start ``celery worker -c N -Q queues`` and wait until it consumes its queues."""
    service = Service(
        name,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--queues",
            queues,
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@bench",
        ],
        env,
    )
    return service.start(ready=lambda: "ready." in service.log_path.read_text(errors="replace"))


def process_tree(pid: int) -> list[int]:
    """Return ``pid`` and every descendant of it."""
    found = [pid]
    for child in _children(pid):
        found += process_tree(child)
    return found


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def cpu_seconds_by_program() -> dict[str, float]:
    """Return the CPU seconds (user + system) every running process has used, summed by what
    it is: a Celery worker's main and pool processes, gunicorn, PostgreSQL, Redis, this
    process (the load generator), and the rest. The difference of two readings is what each
    used in between. A process that ended meanwhile is counted in its parent, which reaped it
    (the children's CPU of ``/proc``): PostgreSQL's backends end when a worker reconnects, and
    without their parent's share, PostgreSQL's figure for a phase could come out negative."""
    tick = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, and cutime, cstime: those of the children it reaped
        seconds = sum(int(value) for value in fields[11:15]) / tick
        program = _program(int(entry.name), name, int(fields[1]))
        totals[program] = totals.get(program, 0.0) + seconds
    return totals


def _program(pid: int, name: str, parent: int) -> str:
    command = _command(pid)
    if pid == os.getpid():
        return "load generator"
    if "celery" in command:
        # The pool process, forked from the worker's main one, runs the tasks.
        return "worker pool" if "celery" in _command(parent) else "worker main"
    if "gunicorn" in command:
        return "web"
    if name.startswith("postgres"):
        return "PostgreSQL"
    if name.startswith("redis"):
        return "Redis"
    return "other"


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def peak_rss_mib(pid: int) -> float:
    """Return the peak resident set size (VmHWM) of one process in MiB, 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mib(pid: int) -> float:
    """Return the proportional set size of one process in MiB (shared pages split), 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PssWatch:
    """Sample, once a second, each watched process tree's summed PSS; keep each tree's peak.

    RSS summed over a worker's processes counts twice the pages the pool process shares with the
    main process it was forked from (the interpreter, Django, the libraries); PSS splits each
    shared page between the processes that map it, so the sum is what the tree costs the machine.
    The kernel keeps no PSS peak, hence the sampling.
    """

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, pid: int) -> None:
        self.peaks.setdefault(pid, 0.0)
        if not self._thread.is_alive():
            self._thread.start()

    def sample(self) -> None:
        for pid in list(self.peaks):
            total = sum(pss_mib(p) for p in process_tree(pid))
            self.peaks[pid] = max(self.peaks[pid], total)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()
