"""The ingest section's CPU per program: a process that ends between readings still counts."""

from __future__ import annotations

import resource
import subprocess
import sys

from bench.stack import cpu_seconds_by_program


def test_a_child_that_ended_between_readings_counts_in_its_parent() -> None:
    # GIVEN a reading, then a child of this process that burns CPU and is reaped
    before = cpu_seconds_by_program()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "sum(range(20_000_000))"], check=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )

    # WHEN the programs are read again
    after = cpu_seconds_by_program()

    # THEN this process (the "load generator") carries the child's CPU: without its reaped
    # children's share the child's seconds would be gone from every program's figure
    gained = after["load generator"] - before["load generator"]
    assert spent > 0.1
    assert gained >= spent - 0.05  # clock ticks of 10 ms, both readings
