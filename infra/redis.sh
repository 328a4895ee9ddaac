#!/usr/bin/env bash
# Redis from Debian's packages, started in the background on loopback (no persistence: it holds
# idempotency keys and rate-limit counters, which are safe to lose on a developer machine).
#   infra/redis.sh start|stop|status
# When REDIS_URL points at a server that answers, it is used as it is.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${REDIS_PORT:-6379}"
URL="${REDIS_URL:-redis://127.0.0.1:$PORT}"
DIR="$RAPPORT_STATE/redis-$PORT"

reachable() { command -v redis-cli >/dev/null && [[ "$(redis-cli -u "$URL" ping 2>/dev/null)" == "PONG" ]]; }

start() {
  if reachable; then info "Redis answering at $URL"; return; fi
  [[ -z "${REDIS_URL:-}" || "$REDIS_URL" == "redis://127.0.0.1:$PORT" ]] \
    || fail "REDIS_URL is set but no server answers there; unset it to use the local one"
  command -v redis-server >/dev/null || { step "Installing Redis (Debian package)"; apt_install redis-server; }
  step "Starting Redis on 127.0.0.1:$PORT"
  mkdir -p "$DIR"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no \
    --dir "$DIR" --logfile "$DIR/redis.log" --pidfile "$DIR/redis.pid" >/dev/null
  wait_port 127.0.0.1 "$PORT" 15 || fail "Redis did not start (log: $DIR/redis.log)"
  info "Redis ready at $URL"
}

stop() {
  reachable || return 0
  step "Stopping Redis on 127.0.0.1:$PORT"
  redis-cli -u "$URL" shutdown nosave >/dev/null 2>&1 || true
}

status() { if reachable; then echo "redis: up $URL"; else echo "redis: down"; return 1; fi; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) fail "usage: infra/redis.sh start|stop|status" ;;
esac
