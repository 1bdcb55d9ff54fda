#!/usr/bin/env bash
# Run the whole service on this machine: migrate, seed, then web + Celery workers + beat.
# Redis is used when it answers; otherwise tasks run in the web process (with a warning).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
BROKER=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
mkdir -p var

if $PY scripts/broker_answers.py "$BROKER"; then
  export CELERY_TASK_ALWAYS_EAGER=0
  use_worker=1
else
  echo "WARNING: no Redis answers at $BROKER; tasks run in-process (start Redis for a real worker)." >&2
  export CELERY_TASK_ALWAYS_EAGER=1
  use_worker=0
fi

$PY manage.py migrate --noinput -v0
$PY manage.py embed_claims  # vectors of an upgraded matcher model; writes nothing when none are stale
$PY manage.py collectstatic --noinput -v0
$PY manage.py ensure_demo_user > var/demo-login.txt

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

if [ "$use_worker" = 1 ]; then
  # Matching on its own worker: the extraction pool never maps the stored claims' index, and
  # the matching process never loads the extraction model (docs/scaling.md).
  .venv/bin/celery -A factcheck worker -Q extraction,fetching,webhooks,housekeeping \
    --loglevel=INFO --concurrency=2 -n work@%h --logfile var/worker.log &
  pids+=($!)
  .venv/bin/celery -A factcheck worker -Q matching \
    --loglevel=INFO --concurrency=1 -n match@%h --logfile var/match-worker.log &
  pids+=($!)
  .venv/bin/celery -A factcheck beat --loglevel=INFO --logfile var/beat.log &
  pids+=($!)
fi

$PY manage.py load_seeds

echo
echo "  Dashboard: http://$HOST:$PORT/      API docs: http://$HOST:$PORT/api/docs/"
echo "  Demo logins (password, API token):"
sed 's/^/    /' var/demo-login.txt
[ "$use_worker" = 1 ] && echo "  Worker logs: var/worker.log, var/match-worker.log   Beat log: var/beat.log"
echo
$PY manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
wait "${pids[-1]}"
