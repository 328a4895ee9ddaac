#!/usr/bin/env bash
# The one entry point for a developer or ops on a machine without Docker.
#   ./dev.sh up [service...]    install what is missing, start Kafka, Postgres, Redis and the fleet (or the
#                               services named), wait until ready; a service that died is started again
#   ./dev.sh down [service...]  stop the fleet and the infrastructure this checkout started (or only the services named)
#   ./dev.sh test [vitest args] run the test suite (starts the infrastructure it needs, stops what it started)
#   ./dev.sh infra up|down|status   only the infrastructure
#   ./dev.sh status             what runs, whether this checkout started it, and what answers on the ports but is not ours
#   ./dev.sh fuzz               schemathesis against every service of the running fleet (infra/fuzz.sh)
# Every command is idempotent: a second run reuses what is there. For scripts: `./dev.sh owned` lists what
# this checkout runs; `./dev.sh stop-since "<that list>"` stops what was started after it was taken.
# Env: RAPPORT_PORT_BASE (3100: services on base+1..base+5), RAPPORT_STATE (.rapport: logs, pids, data),
# RAPPORT_LOG_MAX_BYTES (10 MiB: a service log past it is rotated at start, 3 kept).
source "$(dirname "${BASH_SOURCE[0]}")/infra/lib.sh"
cd "$ROOT"

SERVICES=(ingest-loyalty ingest-social ingest-crm matcher scoring)
PORT_BASE="${RAPPORT_PORT_BASE:-3100}"
declare -A PORTS=()
for i in "${!SERVICES[@]}"; do PORTS[${SERVICES[$i]}]=$((PORT_BASE + i + 1)); done
SERVICE_DIR="$RAPPORT_STATE/services"
INFRA=(kafka postgres redis)

toolchain() { export PATH="$(infra/toolchain.sh ensure | tail -1):$PATH"; }

infra_env() {
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
  export DATABASE_URL="${DATABASE_URL:-postgres://app:app@127.0.0.1:5432/app}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6379}}"
}

infra_up() {
  # Kafka's jars come through Maven while apt installs Postgres and Redis: one does not wait for the other.
  infra/kafka.sh fetch
  infra/postgres.sh start
  infra/redis.sh start
  if [[ -z "${KAFKA_BROKERS:-}" ]]; then infra/kafka.sh start; fi
  infra_env
}

# Each script stops only what this checkout started and says so when a server it did not start answers.
infra_down() { infra/kafka.sh stop; infra/redis.sh stop; infra/postgres.sh stop; }

# Local deployments get one generated key with every scope, kept in .rapport/ (never committed).
dev_api_keys() {
  local f="$RAPPORT_STATE/api-key"
  [[ -f "$f" ]] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f")
  export API_KEYS="${API_KEYS:-dev:$(cat "$f"):ingest:write+customers:read+customers:admin+care:write}"
}

known_service() { [[ -n "${PORTS[$1]:-}" ]] || fail "no service $1 (one of: ${SERVICES[*]})"; }

service_owned() { pid_of_ours "$SERVICE_DIR/$1.pid" "services/$1/src/server.ts"; }

# A log keeps every start (crash evidence included); past RAPPORT_LOG_MAX_BYTES it moves to .1, .1 to .2...
rotate_log() {
  local log=$1 keep=3 i
  [[ -f "$log" ]] && (( $(stat -c %s "$log") > ${RAPPORT_LOG_MAX_BYTES:-10485760} )) || return 0
  for ((i = keep - 1; i >= 1; i--)); do [[ -f "$log.$i" ]] && mv -f "$log.$i" "$log.$((i + 1))"; done
  mv -f "$log" "$log.1"
}

# The flags in services/<name>/node-options (none if it has no such file), comments dropped.
service_node_options() { sed 's/#.*//' "services/$1/node-options" 2>/dev/null | xargs; }

service_up() {
  local name=$1 port=${PORTS[$1]} log="$SERVICE_DIR/$1.log"
  mkdir -p "$SERVICE_DIR"
  if service_owned "$name" && port_open 127.0.0.1 "$port"; then info "$name already running on :$port"; return; fi
  port_open 127.0.0.1 "$port" && fail "$name: 127.0.0.1:$port answers, but not a $name this checkout started (./dev.sh status)"
  rotate_log "$log"
  printf '=== %s ./dev.sh up: starting %s on :%s\n' "$(date -u +%FT%TZ)" "$name" "$port" >>"$log"
  # Loopback only: a developer machine serves nobody else. services/<name>/node-options: its Node flags.
  HOST=127.0.0.1 PORT=$port NODE_OPTIONS="$(service_node_options "$name") ${NODE_OPTIONS:-}" \
    nohup node "services/$name/src/server.ts" >>"$log" 2>&1 &
  echo $! > "$SERVICE_DIR/$name.pid"
}

wait_ready() {
  local name=$1 port=${PORTS[$1]} deadline=$((SECONDS + 60)) log="$SERVICE_DIR/$1.log"
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
    # pid_alive, not service_owned: for a moment the process is still the shell that execs node.
    pid_alive "$SERVICE_DIR/$name.pid" || { tail -20 "$log" >&2; fail "$name exited during start (log: $log)"; }
    (( SECONDS < deadline )) || { tail -20 "$log" >&2; fail "$name not ready within 60 s (log: $log)"; }
    sleep 0.2
  done
}

fleet_up() {
  local names=("$@") s restart=1 setup_pid
  # Every service named runs, or left its pid file behind (it crashed): the fleet was set up when it
  # started, so setup (idempotent) runs beside the restart instead of before it.
  for s in "${names[@]}"; do [[ -f "$SERVICE_DIR/$s.pid" ]] || restart=0; done
  if (( restart )); then
    node packages/cli/src/main.ts setup >"$RAPPORT_STATE/setup.log" 2>&1 &
    setup_pid=$!
  else
    step "Creating topics and applying migrations (rapport setup)"
    node packages/cli/src/main.ts setup
  fi
  dev_api_keys
  step "Starting ${names[*]}"
  for s in "${names[@]}"; do service_up "$s"; done
  if (( restart )); then
    wait "$setup_pid" || { cat "$RAPPORT_STATE/setup.log" >&2; fail "rapport setup failed"; }
  fi
  for s in "${names[@]}"; do wait_ready "$s"; done
  step "Rapport is up"
  for s in "${names[@]}"; do
    printf '    %-15s http://127.0.0.1:%s   docs http://127.0.0.1:%s/docs\n' "$s" "${PORTS[$s]}" "${PORTS[$s]}" >&2
  done
  info "API key (header x-api-key): $(cat "$RAPPORT_STATE/api-key")"
  info "logs: $SERVICE_DIR/<name>.log   stop: ./dev.sh down"
}

fleet_down() {
  local s
  for s in "$@"; do
    if service_owned "$s"; then
      step "Stopping $s"; kill -TERM "$(cat "$SERVICE_DIR/$s.pid")"
    elif port_open 127.0.0.1 "${PORTS[$s]}"; then
      info "$s: 127.0.0.1:${PORTS[$s]} answers, not started by this checkout: left running"
    fi
  done
  for s in "$@"; do
    local deadline=$((SECONDS + 20))
    while service_owned "$s" && (( SECONDS < deadline )); do sleep 0.2; done
    service_owned "$s" && kill -KILL "$(cat "$SERVICE_DIR/$s.pid")" 2>/dev/null
    rm -f "$SERVICE_DIR/$s.pid"
  done
}

# What this checkout runs now: its services and infrastructure, one name a line.
owned() {
  local s
  for s in "${SERVICES[@]}"; do service_owned "$s" && echo "$s"; done
  for s in "${INFRA[@]}"; do infra/$s.sh owned && echo "$s"; done
  return 0
}

# Stops what this checkout runs now but did not when `before` (an `owned` list) was taken.
stop_since() {
  local before=$1 s services=() infra=()
  for s in $(owned); do
    grep -qx "$s" <<<"$before" && continue
    if [[ -n "${PORTS[$s]:-}" ]]; then services+=("$s"); else infra+=("$s"); fi
  done
  (( ${#services[@]} == 0 )) || fleet_down "${services[@]}"
  for s in kafka redis postgres; do [[ " ${infra[*]} " == *" $s "* ]] && infra/$s.sh stop; done
  return 0
}

# The suite, then the infrastructure it started is stopped (also when interrupted), then the summary,
# so that the run ends with `N passed, N failed`.
run_tests() {
  local report="$RAPPORT_STATE/vitest-report.json" code=0 before
  before="$(owned)"
  trap 'stop_since "$before"' EXIT
  infra_up
  step "Running the test suite (vitest: unit and integration projects)"
  rm -f "$report"
  pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || code=$?
  trap - EXIT
  stop_since "$before"
  [[ -f "$report" ]] || fail "vitest wrote no report (exit $code)"
  node packages/testing/src/summary.ts "$report"
  return $code
}

status() {
  infra/kafka.sh status || true; infra/postgres.sh status || true; infra/redis.sh status || true
  local s port
  for s in "${SERVICES[@]}"; do
    port=${PORTS[$s]}
    if service_owned "$s"; then
      if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; then echo "$s: ready :$port (pid $(cat "$SERVICE_DIR/$s.pid"))"
      else echo "$s: running, not ready :$port (pid $(cat "$SERVICE_DIR/$s.pid"))"; fi
    elif port_open 127.0.0.1 "$port"; then echo "$s: 127.0.0.1:$port answers, not started by this checkout"
    else echo "$s: down"; fi
  done
}

# Every service's OpenAPI document fuzzed against the running fleet (infra/fuzz.sh): the ingest
# services, whose documents are large, get FUZZ_SECONDS (60) each, the others 20 s.
fuzz() {
  local s code=0 seconds
  for s in "${SERVICES[@]}"; do
    if [[ $s == ingest-* ]]; then seconds=${FUZZ_SECONDS:-60}; else seconds=20; fi
    infra/fuzz.sh run "$s" "http://127.0.0.1:${PORTS[$s]}" "$seconds" || code=1
  done
  return $code
}

selected() { if (( $# == 0 )); then echo "${SERVICES[@]}"; else for s in "$@"; do known_service "$s"; echo "$s"; done; fi; }

case "${1:-}" in
  up) shift; names=($(selected "$@")); toolchain; infra_up; fleet_up "${names[@]}" ;;
  down)
    shift; names=($(selected "$@"))
    fleet_down "${names[@]}"
    if (( $# == 0 )); then infra_down; fi ;;
  test) shift; toolchain; run_tests "$@" ;;
  infra)
    case "${2:-}" in
      up) infra_up; printf 'export KAFKA_BROKERS=%s DATABASE_URL=%s REDIS_URL=%s\n' "$KAFKA_BROKERS" "$DATABASE_URL" "$REDIS_URL" ;;
      down) infra_down ;;
      status) status ;;
      *) fail "usage: ./dev.sh infra up|down|status" ;;
    esac ;;
  status) status ;;
  fuzz) fuzz ;;
  owned) owned ;;
  stop-since) stop_since "${2:-}" ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
