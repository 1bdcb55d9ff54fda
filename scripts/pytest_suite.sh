#!/usr/bin/env bash
# The whole pytest suite, as `make pytest` runs it: two runs side by side.
#
# - Every test but the fault-injection ones, on pytest-xdist workers.
# - The fault-injection tests (marker `faults`) alone, one after another, in their own pytest.
#   They kill and restart only their own PostgreSQL and Redis (127.0.0.1:5440 and 6390, see
#   tests/faults/servers.py), never the shared ones, and spend most of their time waiting on
#   them; so they can run beside the rest, but never beside each other.
#
# The fault run's report is printed after the other's; the exit status fails if either fails.
# Usage: scripts/pytest_suite.sh WORKERS (DATABASE_URL and CELERY_BROKER_URL set by make).
set -uo pipefail
cd "$(dirname "$0")/.."
workers=${1:?usage: scripts/pytest_suite.sh WORKERS}

mkdir -p var
faults_log=var/pytest-faults.log
.venv/bin/pytest -m faults >"$faults_log" 2>&1 &
faults=$!
trap 'kill "$faults" 2>/dev/null; exit 130' INT TERM

# Niced, so the fault tests' servers get the CPU at once when they need it (their deadlines are
# timed); the rest takes what they leave. worksteal: a worker that runs out takes half of the
# other's queue, so the slow tests near the end of the order do not leave one worker idle.
nice -n 10 .venv/bin/pytest -n "$workers" --dist worksteal -m "not faults"
rest=$?

wait "$faults"
faults_status=$?
echo
echo "=== The fault-injection tests (run beside the rest; log: $faults_log) ==="
cat "$faults_log"
[ "$rest" -eq 0 ] && [ "$faults_status" -eq 0 ]
