#!/usr/bin/env bash
# Serve Concord on one machine: the web server, a task worker, and `concord sweep` every minute.
# Ctrl-C or SIGTERM stops all three. After the banner the console shows only requests and
# errors: the worker and the sweep log warnings and errors only, the web server's start-up chatter
# goes nowhere, and mail goes to the inbox page rather than the console.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Links in mail and calendar feeds point at this server, whichever port it is on.
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}

pids=()
stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

LOG_CONSOLE_LEVEL=WARNING "$BIN/python" manage.py db_worker --queue-name default --no-reload &
pids+=($!)
( trap 'exit 0' TERM; while true; do LOG_CONSOLE_LEVEL=WARNING "$BIN/python" manage.py sweep || true; sleep 60 & wait $!; done ) &
pids+=($!)

"$BIN/python" manage.py print_demo_logins --url "http://$HOST:$PORT/"
echo "Mail Concord sends is in the inbox at http://$HOST:$PORT/mail/ (never on this console)."
echo
# Requests and errors are logged on stderr; stdout holds only the start-up notices. System checks
# run first, so a misconfiguration shows here before any request.
"$BIN/python" manage.py runserver "$HOST:$PORT" --noreload >/dev/null &
pids+=($!)
# Wait in the shell (not in a foreground child) so a signal reaches the trap at once.
wait -n "${pids[@]}"
