#!/usr/bin/env bash
# Serve the dashboard as N Streamlit replicas behind nginx, on this machine's loopback (docs/deploy.md).
#
#   deploy/scale_out.sh start [REPLICAS]     # default 2 replicas; nginx on 127.0.0.1:$YREB_PROXY_PORT (8080)
#   deploy/scale_out.sh status               # each replica's /_stcore/health, and nginx's
#   deploy/scale_out.sh bench [load.py args] # bench/load.py through nginx, e.g. --sessions 20 --rounds 1
#   deploy/scale_out.sh stop                 # stops what start started (by the process ids it recorded)
#
# Needs nginx (Debian: apt-get install nginx) and the project's .venv (./run.sh or ./test.sh once).
# Everything it writes (config, logs, process ids, the shared cookie secret) goes to $YREB_RUN_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${YREB_RUN_DIR:-/tmp/yreb-scale-out}
PROXY_PORT=${YREB_PROXY_PORT:-8080}
BASE_PORT=${YREB_REPLICA_BASE_PORT:-8601}
PY="$ROOT/.venv/bin/python"

die() { echo "scale_out.sh: $*" >&2; exit 1; }

healthy() { # URL -> 0 when it answers "ok"
  "$PY" - "$1" <<'PY' 2>/dev/null
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=3).read() == b"ok" else 1)
PY
}

wait_healthy() { # URL SECONDS WHAT
  local deadline=$((SECONDS + $2))
  until healthy "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || die "$3 did not become healthy at $1 within $2 s (see $RUN)"
    sleep 0.5
  done
}

replica_pids() { cat "$RUN"/replica-*.pid 2>/dev/null || true; }

start() {
  local replicas=${1:-2}
  command -v nginx >/dev/null || die "nginx not found. Hint: apt-get install nginx"
  [ -x "$PY" ] || die "$PY not found. Hint: run ./run.sh or ./test.sh once"
  [ -z "$(replica_pids)" ] || die "already started (see $RUN); run: $0 stop"
  mkdir -p "$RUN"
  # One cookie secret for every replica: the XSRF cookie one replica sets is then valid on the others (a
  # browser moved to another replica when its own fails can still upload).
  umask 077
  [ -s "$RUN/cookie-secret" ] || head -c 32 /dev/urandom | base64 > "$RUN/cookie-secret"
  umask 022
  local upstreams="" port i
  for i in $(seq 1 "$replicas"); do
    port=$((BASE_PORT + i - 1))
    ! healthy "http://127.0.0.1:$port/_stcore/health" || die "port $port already serves something; set YREB_REPLICA_BASE_PORT"
    # exec all the way down, so that the recorded pid is the replica's own (stop and memory readings use it).
    (cd "$ROOT" && exec env STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$RUN/cookie-secret")" PYTHONUNBUFFERED=1 \
      "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true > "$RUN/replica-$i.log" 2>&1 < /dev/null) &
    echo $! > "$RUN/replica-$i.pid"
    upstreams+="server 127.0.0.1:$port max_fails=2 fail_timeout=10s; "
  done
  for i in $(seq 1 "$replicas"); do
    wait_healthy "http://127.0.0.1:$((BASE_PORT + i - 1))/_stcore/health" 90 "replica $i"
  done
  YREB_RUN_DIR="$RUN" YREB_LISTEN="127.0.0.1:$PROXY_PORT" YREB_STATIC_DIR="$ROOT/static" \
    YREB_UPSTREAM_SERVERS="$upstreams" \
    envsubst '${YREB_RUN_DIR} ${YREB_LISTEN} ${YREB_STATIC_DIR} ${YREB_UPSTREAM_SERVERS}' \
    < "$ROOT/deploy/nginx.conf.template" > "$RUN/nginx.conf"
  nginx -t -q -p "$RUN" -c "$RUN/nginx.conf"
  nginx -p "$RUN" -c "$RUN/nginx.conf"
  wait_healthy "http://127.0.0.1:$PROXY_PORT/_stcore/health" 30 "nginx"
  echo "serving http://127.0.0.1:$PROXY_PORT/ : nginx (pid $(cat "$RUN/nginx.pid")) in front of $replicas replicas" \
    "(pids $(replica_pids | paste -sd, -), ports $BASE_PORT-$((BASE_PORT + replicas - 1))); logs in $RUN"
}

status() {
  local i=0 pid rc=0
  for pidfile in "$RUN"/replica-*.pid; do
    [ -e "$pidfile" ] || { echo "not started"; return 1; }
    i=$((i + 1)); pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null && healthy "http://127.0.0.1:$((BASE_PORT + i - 1))/_stcore/health"; then
      echo "replica $i (pid $pid, port $((BASE_PORT + i - 1))): ok"
    else
      echo "replica $i (pid $pid, port $((BASE_PORT + i - 1))): NOT healthy"; rc=1
    fi
  done
  if healthy "http://127.0.0.1:$PROXY_PORT/_stcore/health"; then echo "nginx (port $PROXY_PORT): ok"
  else echo "nginx (port $PROXY_PORT): NOT healthy"; rc=1; fi
  return $rc
}

stop() {
  if [ -s "$RUN/nginx.pid" ]; then
    nginx -s quit -p "$RUN" -c "$RUN/nginx.conf" 2>/dev/null || kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  fi
  local pidfile pid
  for pidfile in "$RUN"/replica-*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "stopped"
}

bench() {
  [ -n "$(replica_pids)" ] || die "not started; run: $0 start"
  local logs
  logs=$(ls "$RUN"/replica-*.log | paste -sd, -)
  cd "$ROOT"
  exec "$PY" bench/load.py --url "http://127.0.0.1:$PROXY_PORT/" --pids "$(replica_pids | paste -sd, -)" \
    --server-log "$logs" "$@"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  bench) shift; bench "$@" ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
