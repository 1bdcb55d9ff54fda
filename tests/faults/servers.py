"""Throwaway Redis and PostgreSQL servers, and real worker/beat/web processes against them.

The fault tests stop and kill these for real. They never touch the shared instances on
6379/5432: Redis runs on 6390 and PostgreSQL on 5440, both bound to 127.0.0.1 only, both
deleted at the end of the session.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "5440"))
LOOPBACK = "127.0.0.1"


def wait_until(predicate: Callable[[], Any], *, what: str, timeout: float = 60) -> Any:
    """Return the first truthy ``predicate()``; fail the test after ``timeout`` (a hang guard)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {timeout}s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOOPBACK, port)) == 0


class PrivateRedis:
    """``redis-server`` on a private port, without persistence: a restart loses every message."""

    def __init__(self, port: int = REDIS_PORT) -> None:
        self.port = port
        self.url = f"redis://{LOOPBACK}:{port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if port_open(self.port):
            pytest.fail(f"port {self.port} is taken; the fault suite needs it for its own Redis")
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                LOOPBACK,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, what="private Redis start", timeout=30)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(host=LOOPBACK, port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None


class PrivatePostgres:
    """A private PostgreSQL 15 cluster in a temporary folder, run as the ``postgres`` user."""

    def __init__(self, port: int = PG_PORT) -> None:
        self.port = port
        self.datadir = Path(tempfile.mkdtemp(prefix="factcheck-faults-pg-"))
        self.url = f"postgres://postgres@{LOOPBACK}:{port}/faults"
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_postgres:
            shutil.chown(self.datadir, user="postgres", group="postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_postgres, *args], check=True, stdout=subprocess.DEVNULL, cwd="/")

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.datadir), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        if port_open(self.port):
            pytest.fail(f"port {self.port} is taken; the fault suite needs it for PostgreSQL")
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses={LOOPBACK} -c fsync=off"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.datadir / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        # "fast" disconnects every client at once, as a crash or a failover would.
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        admin = f"postgres://postgres@{LOOPBACK}:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE faults")

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.datadir, ignore_errors=True)


class ServiceProcess:
    """A real subprocess of this project (celery worker, beat, or gunicorn) with its own log."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *, ready: Callable[[], bool]) -> None:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so the whole group (pool children) can be signalled
        )
        wait_until(lambda: self._alive() and ready(), what=f"{self.name} start", timeout=90)

    def _alive(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            pytest.fail(f"{self.name} exited early:\n{self.log_text()[-3000:]}")
        return True

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def children(self) -> list[int]:
        assert self.proc is not None
        found = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_group(self) -> None:
        """SIGKILL the process and its children, as a machine dying would."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def service_env(*, database_url: str, broker_url: str, var_dir: Path) -> dict[str, str]:
    """Environment of a production-like process against the private servers."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_DEBUG": "0",  # production error pages: no tracebacks
        "DJANGO_SECRET_KEY": "faults-suite-secret-key-not-used-anywhere-else-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections: they must survive a restart
        "FACTCHECK_VAR_DIR": str(var_dir),
        # Short deadlines so the sweep recovers lost work within the test's bounds.
        # Long enough that the sweep does not re-send the big mid-task article while a loaded
        # machine is still extracting it (which would only pile up duplicate work).
        "EXTRACTION_STUCK_SECONDS": "20",
        "EXTRACTION_SWEEP_SECONDS": "5",
        "CELERY_VISIBILITY_TIMEOUT": "60",
        "EXTRACTION_MAX_ATTEMPTS": "20",
        # Short leases, swept often, so lease expiry is seen within the test's bounds.
        "REVIEW_LEASE_SECONDS": "30",
        "REVIEW_LEASE_SWEEP_SECONDS": "5",
        "LOG_LEVEL": "INFO",
        # The tests poll and submit fast from one account; rate limits are not under test here.
        "API_THROTTLE_USER": "100000/min",
        "API_THROTTLE_SUBMIT": "100000/min",
    }


def worker(
    env: dict[str, str], log_dir: Path, name: str = "worker", queues: str = ""
) -> ServiceProcess:
    """A ``celery worker -c 1``: every queue, or only the comma-separated ``queues``."""
    return ServiceProcess(
        name,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"faults-{name}-{os.getpid()}@%h",
            *(["--queues", queues] if queues else []),
        ],
        env,
        log_dir,
    )


def beat(env: dict[str, str], log_dir: Path) -> ServiceProcess:
    return ServiceProcess(
        "beat",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "beat",
            "--loglevel=INFO",
            "-s",
            env["FACTCHECK_VAR_DIR"] + "/celerybeat-schedule",
        ],
        env,
        log_dir,
    )


def web(env: dict[str, str], log_dir: Path, port: int) -> ServiceProcess:
    return ServiceProcess(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        env,
        log_dir,
    )
