#!/usr/bin/env bash
# Run Commons as in production on this machine: gunicorn (deploy/gunicorn.conf.py) on
# 127.0.0.1:8000 behind nginx (deploy/nginx.conf) on 127.0.0.1:8080.
#   deploy/prod.sh start    (make prod)       deploy/prod.sh stop    (make prod-stop)
# DATABASE_URL, REDIS_URL, BOARD_SECRET_KEY, WEB_CONCURRENCY and COMMONS_THREADS are read from the
# environment; APP_PORT and PROXY_PORT change the ports. Logs and pid files go to instance/prod/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN=${COMMONS_RUN_DIR:-$ROOT/instance/prod}
APP_PORT=${APP_PORT:-8000}
PROXY_PORT=${PROXY_PORT:-8080}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$RUN"

start() {
  export BOARD_ENV=production
  # nginx is the one proxy in front: believe the address it appends, and nothing before it.
  export BOARD_PROXY_HOPS=${BOARD_PROXY_HOPS:-1}
  if [ -z "${BOARD_SECRET_KEY:-}" ]; then
    # For a trial on this machine only; a server sets BOARD_SECRET_KEY in its service file.
    if [ ! -s "$RUN/secret_key" ]; then
      (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))' > "$RUN/secret_key")
    fi
    BOARD_SECRET_KEY=$(cat "$RUN/secret_key")
    export BOARD_SECRET_KEY
  fi
  if [ -z "${REDIS_URL:-}" ]; then
    # Without Redis, processes cannot share a pad's editors: one process, with threads.
    export WEB_CONCURRENCY=1
    echo "REDIS_URL is not set: running one worker process."
  fi
  [ -x "$NGINX" ] || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }

  .venv/bin/flask --app app db upgrade
  # Not --daemon: a daemon's stderr is /dev/null, where a worker's crash dump (faulthandler) would
  # be lost. setsid keeps it running after this shell and out of reach of the terminal's Ctrl+C.
  setsid .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:$APP_PORT" \
    --pid "$RUN/gunicorn.pid" --access-logfile "$RUN/access.log" app:app \
    >>"$RUN/gunicorn.log" 2>&1 </dev/null &
  for _ in $(seq 150); do
    if .venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', $APP_PORT), 0.2)" 2>/dev/null; then break; fi
    sleep 0.1
  done
  [ -s "$RUN/gunicorn.pid" ] || { echo "gunicorn did not start; see $RUN/gunicorn.log" >&2; tail -20 "$RUN/gunicorn.log" >&2; exit 1; }
  conf=$(.venv/bin/python deploy/render_nginx.py "$RUN" --listen "127.0.0.1:$PROXY_PORT" --upstream "127.0.0.1:$APP_PORT")
  "$NGINX" -c "$conf"
  echo "Commons is at http://127.0.0.1:$PROXY_PORT (nginx) -> 127.0.0.1:$APP_PORT (gunicorn). Logs: $RUN/"
  echo "Stop it with: make prod-stop"
}

stop() {
  if [ -s "$RUN/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx.pid")" 2>/dev/null; then
    "$NGINX" -c "$RUN/nginx.conf" -s quit
  fi
  if [ -s "$RUN/gunicorn.pid" ] && kill -0 "$(cat "$RUN/gunicorn.pid")" 2>/dev/null; then
    # TERM: workers finish what they are serving (graceful_timeout), then stop.
    pid=$(cat "$RUN/gunicorn.pid")
    kill -TERM "$pid"
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  echo "Commons (nginx and gunicorn) stopped."
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
