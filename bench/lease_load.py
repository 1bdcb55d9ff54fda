"""Reviewers as HTTP clients of the lease API: closed-loop (saturation) and paced (latency).

Each reviewer is a thread with its own keep-alive connection and API token. One cycle is what
a reviewer at the desk does: ``POST /api/v1/queues/<slug>/lease-next/``, hold the claim, then
``POST /api/v1/claims/<id>/release/`` (so the queue keeps its size and every cycle leases). Only
the lease-next request is timed.

- ``closed``: no think time, no hold; each reviewer sends its next request as soon as the last
  one answered. With more reviewers than cores this measures the server's saturation
  throughput; its latency is mostly time spent queued behind the other reviewers.
- ``paced``: each reviewer starts a cycle every ``interval`` seconds (start times spread at
  random) and holds the claim for ``hold`` seconds. Latency is counted from the moment the
  request was due, not from when it was sent, so a server that falls behind is charged for
  the wait (no coordinated omission).
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    """Lease-next latencies (ms) and what went wrong, for one run."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    empty: int = 0
    cpu_seconds: float = 0.0  # CPU the server (or this process) spent on these leases

    @property
    def leases_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class _Reviewer:
    def __init__(self, *, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.headers = {"Authorization": f"Token {token}", "Content-Length": "0"}
        self.connection = http.client.HTTPConnection(host, port, timeout=30)

    def post(self, path: str) -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                self.connection.request("POST", path, headers=self.headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-alive connection; open a new one once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def _cycle(reviewer: _Reviewer, slug: str, result: LoadResult, lock: threading.Lock) -> float:
    """Lease, then release; return the lease-next latency in ms (or -1 when it failed)."""
    began = time.perf_counter()
    status, body = reviewer.post(f"/api/v1/queues/{slug}/lease-next/")
    elapsed = (time.perf_counter() - began) * 1000
    if status == 204:
        with lock:
            result.empty += 1
        return -1
    if status != 200:
        with lock:
            result.errors.append(f"lease-next {status}: {body[:200]!r}")
        return -1
    return elapsed if _release(reviewer, json.loads(body)["id"], result, lock) else -1


def _release(reviewer: _Reviewer, claim_id: int, result: LoadResult, lock: threading.Lock) -> bool:
    status, body = reviewer.post(f"/api/v1/claims/{claim_id}/release/")
    if status != 200:
        with lock:
            result.errors.append(f"release {status}: {body[:200]!r}")
    return status == 200


def run_closed(*, host: str, port: int, slug: str, tokens: list[str], seconds: float) -> LoadResult:
    """Every reviewer leases and releases back to back for ``seconds``."""
    result, lock = LoadResult(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(token: str) -> None:
        reviewer = _Reviewer(host=host, port=port, token=token)
        while time.perf_counter() < deadline and len(result.errors) < 20:
            latency = _cycle(reviewer, slug, result, lock)
            if latency >= 0:
                with lock:
                    result.latencies.append(latency)

    began = time.perf_counter()
    _run_threads(work, tokens)
    result.seconds = time.perf_counter() - began
    return result


def run_paced(
    *,
    host: str,
    port: int,
    slug: str,
    tokens: list[str],
    seconds: float,
    interval: float,
    hold: float,
) -> LoadResult:
    """Each reviewer starts a lease-hold-release cycle every ``interval`` seconds."""
    result, lock = LoadResult(), threading.Lock()
    rng = random.Random(7)
    began = time.perf_counter()
    offsets = [rng.uniform(0, interval) for _ in tokens]

    def work(token: str, offset: float) -> None:
        reviewer = _Reviewer(host=host, port=port, token=token)
        due = began + offset
        while due < began + seconds and len(result.errors) < 20:
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            status, body = reviewer.post(f"/api/v1/queues/{slug}/lease-next/")
            latency = (time.perf_counter() - due) * 1000  # from when it was due
            if status == 200:
                time.sleep(hold)
                if _release(reviewer, json.loads(body)["id"], result, lock):
                    with lock:
                        result.latencies.append(latency)
            else:
                with lock:
                    result.empty += status == 204
                    if status != 204:
                        result.errors.append(f"lease-next {status}: {body[:200]!r}")
            due += interval

    threads = [
        threading.Thread(target=work, args=(token, offset), daemon=True)
        for token, offset in zip(tokens, offsets, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def _run_threads(work, tokens: list[str]) -> None:  # type: ignore[no-untyped-def]
    threads = [threading.Thread(target=work, args=(token,), daemon=True) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
