#!/usr/bin/env bash
# Serves Baton for local use: the web server always; a Celery worker and beat when Redis answers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DEBUG="${DEBUG:-1}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
if python - "$redis_url" <<'PY' 2>/dev/null
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()
PY
then
  echo "Redis answers at $redis_url: starting the web server, a Celery worker and beat."
  exec honcho -f Procfile.dev start web worker beat
else
  echo "Redis does not answer at $redis_url: background jobs (reminders, emails sent by Celery) are OFF."
  echo "The site works without them. Start Redis and run 'make run' again to turn them on."
  exec honcho -f Procfile.dev start web
fi
