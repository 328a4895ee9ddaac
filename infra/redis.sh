#!/usr/bin/env bash
# Redis from Debian's packages, started in the background on loopback (no persistence: it holds
# idempotency keys and rate-limit counters, which are safe to lose on a developer machine).
#   infra/redis.sh start|stop|status|owned
# When REDIS_URL points at a server that answers, it is used as it is. stop acts only on a server this
# checkout started (its pid file); owned exits 0 when it runs one.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${REDIS_PORT:-6379}"
URL="${REDIS_URL:-redis://127.0.0.1:$PORT}"
DIR="$RAPPORT_STATE/redis-$PORT"
PID_FILE="$DIR/redis.pid"

reachable() { command -v redis-cli >/dev/null && [[ "$(redis-cli -u "$URL" ping 2>/dev/null)" == "PONG" ]]; }

start() {
  if reachable; then info "Redis answering at $URL"; return; fi
  [[ -z "${REDIS_URL:-}" || "$REDIS_URL" == "redis://127.0.0.1:$PORT" ]] \
    || fail "REDIS_URL is set but no server answers there; unset it to use the local one"
  command -v redis-server >/dev/null || { step "Installing Redis (Debian package)"; apt_install redis-server; }
  step "Starting Redis on 127.0.0.1:$PORT"
  mkdir -p "$DIR"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no \
    --dir "$DIR" --logfile "$DIR/redis.log" --pidfile "$PID_FILE" >/dev/null
  wait_port 127.0.0.1 "$PORT" 15 || fail "Redis did not start (log: $DIR/redis.log)"
  info "Redis ready at $URL"
}

stop() {
  if ! pid_of_ours "$PID_FILE" redis-server; then
    if reachable; then info "Redis at $URL was not started by this checkout: left running"; fi
    return 0
  fi
  local pid; pid="$(cat "$PID_FILE")"
  step "Stopping Redis on 127.0.0.1:$PORT (pid $pid)"
  stop_pid "$pid" 15
  rm -f "$PID_FILE"
}

owned() { pid_of_ours "$PID_FILE" redis-server; }

status() {
  if pid_of_ours "$PID_FILE" redis-server && reachable; then echo "redis: up $URL (started by this checkout, pid $(cat "$PID_FILE"))"
  elif reachable; then echo "redis: $URL answers, not started by this checkout"
  else echo "redis: down"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  owned) owned ;;
  *) fail "usage: infra/redis.sh start|stop|status|owned" ;;
esac
