"""A small bounded HTTP load generator on the standard library (threads + http.client).

Every request is timed from just before it is sent to the end of its body. Runs are bounded by
request count and by wall time, whichever ends first.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int
    body: bytes
    sent_at: float  # time.time() just before sending
    seconds: float


@dataclass
class Client:
    """One keep-alive connection per thread to ``base_url``; ``headers`` go with every request."""

    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local)

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            parts = urlsplit(self.base_url)
            conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
            self._local.conn = conn
        return conn

    def request(self, method: str, path: str, payload: Any = None) -> Answer:
        headers = dict(self.headers)
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        sent_at = time.time()
        started = time.perf_counter()
        for attempt in (1, 2):  # gunicorn's sync workers close idle connections: reconnect once
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                answer = conn.getresponse()
                content = answer.read()
                if answer.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self._local.conn = None
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
        return Answer(answer.status, content, sent_at, time.perf_counter() - started)


def closed_loop(
    call: Callable[[], Answer], *, clients: int, requests: int, seconds: float
) -> tuple[list[Answer], float]:
    """Run ``call`` from ``clients`` threads until ``requests`` are done or ``seconds`` pass.

    Return the answers and the wall time they took.
    """
    lock = threading.Lock()
    answers: list[Answer] = []
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < deadline:
            with lock:
                if len(answers) >= requests:
                    return
            answer = call()
            with lock:
                answers.append(answer)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(loop) for _ in range(clients)]:
            future.result()
    return answers, time.perf_counter() - started
