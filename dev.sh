#!/usr/bin/env bash
# The one entry point for a developer or ops on a machine without Docker.
#   ./dev.sh up       install what is missing, start Kafka, Postgres, Redis and the whole fleet, wait until ready
#   ./dev.sh down     stop the fleet and the infrastructure
#   ./dev.sh test     run the whole test suite (starts the infrastructure it needs)
#   ./dev.sh infra up|down|status   only the infrastructure
#   ./dev.sh status   what is running
# Every command is idempotent: a second run reuses what is there.
source "$(dirname "${BASH_SOURCE[0]}")/infra/lib.sh"
cd "$ROOT"

SERVICES=(ingest-loyalty ingest-social ingest-crm matcher scoring)
declare -A PORTS=([ingest-loyalty]=3101 [ingest-social]=3102 [ingest-crm]=3103 [matcher]=3104 [scoring]=3105)

toolchain() { export PATH="$(infra/toolchain.sh ensure | tail -1):$PATH"; }

infra_env() {
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
  export DATABASE_URL="${DATABASE_URL:-postgres://app:app@127.0.0.1:5432/app}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
}

infra_up() {
  # Kafka's jars come through Maven while apt installs Postgres and Redis: one does not wait for the other.
  infra/kafka.sh fetch
  infra/postgres.sh start
  infra/redis.sh start
  if [[ -z "${KAFKA_BROKERS:-}" ]]; then infra/kafka.sh start; fi
  infra_env
}

infra_down() { infra/kafka.sh stop; infra/redis.sh stop; infra/postgres.sh stop; }

# Local deployments get one generated key with every scope, kept in .rapport/ (never committed).
dev_api_keys() {
  local f="$RAPPORT_STATE/api-key"
  [[ -f "$f" ]] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f")
  export API_KEYS="${API_KEYS:-dev:$(cat "$f"):ingest:write+customers:read+customers:admin}"
}

service_up() {
  local name=$1 port=${PORTS[$1]} dir="$RAPPORT_STATE/services"
  mkdir -p "$dir"
  if pid_alive "$dir/$name.pid" && port_open 127.0.0.1 "$port"; then info "$name already running on :$port"; return; fi
  # Loopback only: a developer machine serves nobody else. kafkajs 2.2.4 trips a harmless Node 24 timer warning.
  HOST=127.0.0.1 PORT=$port nohup node --disable-warning=TimeoutNegativeWarning "services/$name/src/server.ts" >"$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
}

wait_ready() {
  local name=$1 port=${PORTS[$1]} deadline=$((SECONDS + 60)) dir="$RAPPORT_STATE/services"
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
    pid_alive "$dir/$name.pid" || { tail -20 "$dir/$name.log" >&2; fail "$name exited during start (log: $dir/$name.log)"; }
    (( SECONDS < deadline )) || { tail -20 "$dir/$name.log" >&2; fail "$name not ready within 60 s (log: $dir/$name.log)"; }
    sleep 0.3
  done
}

fleet_up() {
  step "Creating topics and applying migrations (rapport setup)"
  node --disable-warning=TimeoutNegativeWarning packages/cli/src/main.ts setup
  dev_api_keys
  step "Starting the fleet"
  for s in "${SERVICES[@]}"; do service_up "$s"; done
  for s in "${SERVICES[@]}"; do wait_ready "$s"; done
  step "Rapport is up"
  for s in "${SERVICES[@]}"; do
    printf '    %-15s http://127.0.0.1:%s   docs http://127.0.0.1:%s/docs\n' "$s" "${PORTS[$s]}" "${PORTS[$s]}" >&2
  done
  info "API key (header x-api-key): $(cat "$RAPPORT_STATE/api-key")"
  info "logs: $RAPPORT_STATE/services/<name>.log   stop: ./dev.sh down"
}

fleet_down() {
  local dir="$RAPPORT_STATE/services"
  for s in "${SERVICES[@]}"; do
    if pid_alive "$dir/$s.pid"; then step "Stopping $s"; kill -TERM "$(cat "$dir/$s.pid")"; fi
  done
  for s in "${SERVICES[@]}"; do
    local deadline=$((SECONDS + 20))
    while pid_alive "$dir/$s.pid" && (( SECONDS < deadline )); do sleep 0.2; done
    pid_alive "$dir/$s.pid" && kill -KILL "$(cat "$dir/$s.pid")" 2>/dev/null
    rm -f "$dir/$s.pid"
  done
}

run_tests() {
  step "Running the test suite (vitest: unit and integration projects)"
  local report="$RAPPORT_STATE/vitest-report.json" code=0
  rm -f "$report"
  pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || code=$?
  [[ -f "$report" ]] || fail "vitest wrote no report (exit $code)"
  node packages/testing/src/summary.ts "$report"
  return $code
}

status() {
  infra/kafka.sh status || true; infra/postgres.sh status || true; infra/redis.sh status || true
  for s in "${SERVICES[@]}"; do
    if curl -fs "http://127.0.0.1:${PORTS[$s]}/readyz" >/dev/null; then echo "$s: ready :${PORTS[$s]}"; else echo "$s: down"; fi
  done
}

case "${1:-}" in
  up) toolchain; infra_up; fleet_up ;;
  down) fleet_down; infra_down ;;
  test) shift; toolchain; infra_up; run_tests "$@" ;;
  infra)
    case "${2:-}" in
      up) infra_up; printf 'export KAFKA_BROKERS=%s DATABASE_URL=%s REDIS_URL=%s\n' "$KAFKA_BROKERS" "$DATABASE_URL" "$REDIS_URL" ;;
      down) infra_down ;;
      status) status ;;
      *) fail "usage: ./dev.sh infra up|down|status" ;;
    esac ;;
  status) status ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
