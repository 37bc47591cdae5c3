#!/usr/bin/env bash
# Serve Concord on one machine: gunicorn, a task worker, and `concord sweep` every minute, kept
# running by scripts/supervise.py (a kill -9 of any of them is repaired at once). Ctrl-C or
# SIGTERM stops all of them. After the banner the console shows only requests and errors: the
# worker and the sweep log warnings and errors only, gunicorn's start-up chatter is off, and mail
# goes to the inbox page rather than the console.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Links in mail and calendar feeds point at this server, whichever port it is on.
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}

"$BIN/python" manage.py print_demo_logins --url "http://$HOST:$PORT/"
echo "Mail Concord sends is in the inbox at http://$HOST:$PORT/mail/ (never on this console)."
echo
# System checks run first, so a misconfiguration shows here before the server starts.
"$BIN/python" manage.py check --fail-level ERROR >/dev/null
exec "$BIN/python" scripts/supervise.py --bind "$HOST:$PORT" \
  --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}"
