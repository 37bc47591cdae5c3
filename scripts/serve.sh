#!/usr/bin/env bash
# Serve Concord on one machine: the web server, a task worker, and `concord sweep` every minute.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$BIN/python" manage.py db_worker --queue-name default &
pids+=($!)
( while true; do "$BIN/python" manage.py sweep || true; sleep 60; done ) &
pids+=($!)

"$BIN/python" manage.py print_demo_logins --url "http://$HOST:$PORT/"
"$BIN/python" manage.py runserver "$HOST:$PORT" --noreload
