"""The fault-injection stack: private PostgreSQL and Redis, and helpers to drive and audit it."""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from django.conf import settings

from claims import extraction
from tests.faults.servers import (
    LOOPBACK,
    ROOT,
    PrivatePostgres,
    PrivateRedis,
    ServiceProcess,
    beat,
    free_port,
    service_env,
    wait_until,
    web,
    worker,
)

PASSWORD = "faults-suite-password-4931"
SEED = (ROOT / "seeds" / "000_674b76fd6d3d52af.txt").read_text(encoding="utf-8")

# Figures for the report: what was injected and what it cost.
FIGURES: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.write_sep("=", "fault injection figures")
        for name in (
            "faults_injected",
            "articles_submitted",
            "lost",
            "duplicate_claims",
            "slowest_submit_with_broker_down_ms",
        ):
            terminalreporter.write_line(f"{name}: {FIGURES[name]}")
        for name, value in sorted(FIGURES.items()):
            if name.startswith("fault:"):
                terminalreporter.write_line(f"  {name[6:]}: {value}")


# Copies of the seed in the "big" article that a fault hits mid-extraction: enough that the
# task runs for several seconds (so the fault lands while it is `running`), few enough that
# extracting it again after the fault stays quick.
BIG_COPIES = 30


def article_body(tag: str, *, copies: int = 1) -> str:
    """A distinct article (its own content hash) built from the seed text."""
    parts = [f"Dispatch {tag}, part {i}.\n\n{SEED}" for i in range(copies)]
    return "\n\n".join(parts)


def expected_claims(body: str) -> int:
    """How many claims a clean run stores for ``body`` (the pure extractor, no faults), with the
    backend the stack's workers run (the same settings and environment)."""
    backend = settings.EXTRACTOR_BACKEND
    return len(extraction.extract(body, threshold=None, backend=backend).claims)


@dataclass
class Stack:
    """The private servers, the processes started on them, and an API client."""

    pg: PrivatePostgres
    broker: PrivateRedis
    log_dir: Path
    token: str
    processes: list[ServiceProcess] = field(default_factory=list)
    web_port: int = 0
    submitted: dict[int, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return service_env(
            database_url=self.pg.url, broker_url=self.broker.url, var_dir=self.log_dir
        )

    def start_worker(self, name: str = "worker", queues: str = "") -> ServiceProcess:
        proc = worker(self.env, self.log_dir, name, queues)
        proc.start(ready=lambda: " ready." in proc.log_text())
        self.processes.append(proc)
        return proc

    def start_beat(self) -> ServiceProcess:
        proc = beat(self.env, self.log_dir)
        proc.start(ready=lambda: "beat: Starting" in proc.log_text())
        self.processes.append(proc)
        return proc

    def start_web(self) -> ServiceProcess:
        self.web_port = free_port()
        proc = web(self.env, self.log_dir, self.web_port)
        proc.start(ready=lambda: self._healthz())
        self.processes.append(proc)
        return proc

    def _healthz(self) -> bool:
        try:
            return requests.get(self.url("/healthz"), timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.web_port}{path}"

    def log_in(self) -> requests.Response:
        """Post the dashboard's login form (an HTML page that needs the database).

        Production cookies are Secure and these requests are plain http, so the CSRF cookie
        is sent by hand: any 64-character token, the same in the cookie and the form.
        """
        csrf = secrets.token_hex(32)
        return requests.post(
            self.url("/login/"),
            data={"username": "faults", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Cookie": f"csrftoken={csrf}"},
            allow_redirects=False,
            timeout=30,
        )

    def post_article(self, body: str) -> requests.Response:
        # The timeout is a hang guard: an enqueue that blocks on a dead broker fails the test.
        return requests.post(
            self.url("/api/v1/articles/"),
            json={"title": "Fault test", "body": body},
            headers={"Authorization": f"Token {self.token}"},
            timeout=30,
        )

    def submit(self, body: str) -> int:
        response = self.post_article(body)
        assert response.status_code == 201, response.text
        article_id = int(response.json()["id"])
        self.submitted[article_id] = body
        FIGURES["articles_submitted"] += 1
        return article_id

    def status(self, article_id: int) -> str:
        rows = self.pg.query(
            "SELECT extraction_status FROM claims_article WHERE id = %s", article_id
        )
        return str(rows[0][0])

    def wait_done(self, ids: list[int], *, timeout: float = 420) -> None:
        def all_done() -> bool:
            rows = self.pg.query(
                "SELECT count(*) FROM claims_article "
                "WHERE id = ANY(%s) AND extraction_status = 'done'",
                ids,
            )
            return int(rows[0][0]) == len(ids)

        wait_until(all_done, what=f"articles {ids} done", timeout=timeout)

    def assert_each_extracted_exactly_once(self) -> None:
        """Every submitted article is done once, with a clean run's claims and all its events."""
        ids = sorted(self.submitted)
        statuses = dict(
            self.pg.query(
                "SELECT id, extraction_status FROM claims_article WHERE id = ANY(%s)", ids
            )
        )
        lost = [i for i in ids if statuses.get(i) != "done"]
        FIGURES["lost"] += len(lost)
        stored = dict(
            self.pg.query(
                "SELECT article_id, count(*) FROM claims_claim WHERE article_id = ANY(%s) "
                "GROUP BY article_id",
                ids,
            )
        )
        spans = self.pg.query(
            'SELECT count(*) - count(DISTINCT (article_id, start, "end")) FROM claims_claim '
            "WHERE article_id = ANY(%s)",
            ids,
        )
        FIGURES["duplicate_claims"] += int(spans[0][0])
        events = Counter(
            (article_id, action)
            for article_id, action in self.pg.query(
                "SELECT article_id, action FROM reviews_event WHERE article_id = ANY(%s)", ids
            )
        )
        expected = {i: expected_claims(self.submitted[i]) for i in ids}

        assert lost == []
        assert int(spans[0][0]) == 0
        assert {i: stored.get(i, 0) for i in ids} == expected
        assert all(events[(i, "article.submitted")] == 1 for i in ids), events
        assert all(events[(i, "article.extracted")] == 1 for i in ids), events

    def stop_all(self) -> None:
        for proc in reversed(self.processes):
            proc.stop()
        self.processes.clear()


def manage_command(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="session")
def private_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Start a private PostgreSQL (migrated) and Redis for the whole fault session."""
    log_dir = tmp_path_factory.mktemp("faults")
    pg = PrivatePostgres()
    broker = PrivateRedis()
    try:
        pg.init()
        pg.start()
        pg.create_database()
        broker.start()
        stack = Stack(pg=pg, broker=broker, log_dir=log_dir, token="")
        manage_command(stack.env, "migrate", "--noinput")
        stack.token = manage_command(
            stack.env,
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User\n"
            "from rest_framework.authtoken.models import Token\n"
            "user, _ = User.objects.get_or_create(username='faults')\n"
            f"user.set_password('{PASSWORD}')\n"
            "user.save()\n"
            # submitting and reading articles takes a reviewing role
            "user.groups.add(Group.objects.get(name='reviewer'))\n"
            "print(Token.objects.get_or_create(user=user)[0].key)",
        ).split()[-1]  # the last word: shell may print a banner first
        yield stack
    finally:
        broker.stop()
        pg.destroy()


@pytest.fixture
def stack(private_servers: Stack) -> Iterator[Stack]:
    """The private stack with both servers up and an empty broker; processes stop afterwards."""
    if private_servers.broker.proc is None:
        private_servers.broker.start()
    try:
        private_servers.pg.query("SELECT 1")
    except Exception:
        private_servers.pg.start()
    redis.Redis.from_url(private_servers.broker.url).flushdb()  # our private server only
    # An earlier test's unfinished articles would be swept back onto this test's worker and
    # compete with its work; this test audits only its own articles, so retire them.
    private_servers.pg.query(
        "UPDATE claims_article SET extraction_status = 'failed' "
        "WHERE extraction_status IN ('pending', 'running', 'fetching') RETURNING id"
    )
    private_servers.submitted = {}
    yield private_servers
    private_servers.stop_all()
    for proc in private_servers.log_dir.glob("*.log"):
        print(f"--- {proc.name} (last lines)\n{proc.read_text(errors='replace')[-1500:]}")
