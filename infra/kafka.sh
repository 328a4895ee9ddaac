#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft) on 127.0.0.1 without Docker: official jars from Maven Central.
#   infra/kafka.sh fetch|start|stop|status|owned
# stop acts only on a broker this checkout started (its pid file); owned exits 0 when it runs one.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR, KAFKA_LOG_DIR, KAFKA_HEAP (512m).
# Tests start private brokers on other ports with their own data dirs through the same script.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/infra/kafka/pom.xml")"
LIBS="$RAPPORT_CACHE/kafka-$KAFKA_VERSION/libs"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
DATA_DIR="${KAFKA_DATA_DIR:-$RAPPORT_STATE/kafka-$PORT/data}"
RUN_DIR="${KAFKA_LOG_DIR:-$RAPPORT_STATE/kafka-$PORT}"
PID_FILE="$RUN_DIR/kafka.pid"
LOG_FILE="$RUN_DIR/kafka.log"

fetch() {
  if [[ -f "$LIBS/.complete" ]]; then return; fi
  command -v mvn >/dev/null || fail "Maven (mvn) is needed to fetch the Kafka jars"
  command -v java >/dev/null || fail "Java 17+ is needed to run Kafka"
  step "Fetching Apache Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$LIBS"; mkdir -p "$LIBS"
  mvn -B -q -Dstyle.color=never -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$RAPPORT_STATE/kafka-fetch.log" 2>&1 \
    || { cat "$RAPPORT_STATE/kafka-fetch.log" >&2; fail "fetching the Kafka jars failed"; }
  touch "$LIBS/.complete"
}

start() {
  fetch
  mkdir -p "$RUN_DIR" "$DATA_DIR"
  # Whatever answers on the port is reused (a broker this or another checkout started), as with Postgres and Redis.
  if port_open 127.0.0.1 "$PORT"; then
    info "Kafka already answering on 127.0.0.1:$PORT"; return
  fi
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
      -e "s|@INTERNAL_PARTITIONS@|${KAFKA_INTERNAL_PARTITIONS:-1}|g" \
      "$ROOT/infra/kafka/server.properties.template" > "$RUN_DIR/server.properties"
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$RUN_DIR/server.properties" --standalone >"$RUN_DIR/format.log" 2>&1 \
      || { cat "$RUN_DIR/format.log" >&2; fail "formatting Kafka storage failed"; }
  fi
  step "Starting Kafka $KAFKA_VERSION on 127.0.0.1:$PORT"
  : > "$LOG_FILE"
  nohup java -Xms128m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -Dlog4j2.configurationFile="file:$ROOT/infra/kafka/log4j2.properties" -Dlog4j2.shutdownHookEnabled=false \
    -cp "$LIBS/*" kafka.Kafka "$RUN_DIR/server.properties" >"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
  local deadline=$((SECONDS + 60))
  until grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null && port_open 127.0.0.1 "$PORT"; do
    pid_alive "$PID_FILE" || { tail -20 "$LOG_FILE" >&2; fail "Kafka exited during start (log: $LOG_FILE)"; }
    (( SECONDS < deadline )) || { tail -20 "$LOG_FILE" >&2; fail "Kafka did not start within 60 s (log: $LOG_FILE)"; }
    sleep 0.2
  done
  info "Kafka ready (pid $(cat "$PID_FILE"), log $LOG_FILE)"
}

stop() {
  if ! pid_of_ours "$PID_FILE" kafka.Kafka; then
    rm -f "$PID_FILE"
    if port_open 127.0.0.1 "$PORT"; then info "Kafka on 127.0.0.1:$PORT was not started by this checkout: left running"; fi
    return
  fi
  local pid; pid="$(cat "$PID_FILE")"
  step "Stopping Kafka on 127.0.0.1:$PORT (pid $pid)"
  stop_pid "$pid" 30
  rm -f "$PID_FILE"
}

owned() { pid_of_ours "$PID_FILE" kafka.Kafka; }

status() {
  if pid_of_ours "$PID_FILE" kafka.Kafka && port_open 127.0.0.1 "$PORT"; then
    echo "kafka: up 127.0.0.1:$PORT (started by this checkout, pid $(cat "$PID_FILE"))"
  elif port_open 127.0.0.1 "$PORT"; then
    echo "kafka: 127.0.0.1:$PORT answers, not started by this checkout"
  else
    echo "kafka: down"; return 1
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  owned) owned ;;
  *) fail "usage: infra/kafka.sh fetch|start|stop|status|owned" ;;
esac
