#!/usr/bin/env bash
# Serve Concord on one machine: the web server, a task worker, and `concord sweep` every minute.
# Ctrl-C or SIGTERM stops all three.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

pids=()
stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

"$BIN/python" manage.py db_worker --queue-name default --no-reload &
pids+=($!)
( trap 'exit 0' TERM; while true; do "$BIN/python" manage.py sweep || true; sleep 60 & wait $!; done ) &
pids+=($!)

"$BIN/python" manage.py print_demo_logins --url "http://$HOST:$PORT/"
"$BIN/python" manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
# Wait in the shell (not in a foreground child) so a signal reaches the trap at once.
wait -n "${pids[@]}"
