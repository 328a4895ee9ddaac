#!/usr/bin/env bash
# Shared by the infra scripts: paths, quiet progress lines, waiting on ports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Downloads that survive a fresh clone (Node, Kafka jars): one cache per machine.
RAPPORT_CACHE="${RAPPORT_CACHE:-$HOME/.cache/rapport}"
# Data, logs and pid files of what this checkout started.
RAPPORT_STATE="${RAPPORT_STATE:-$ROOT/.rapport}"
mkdir -p "$RAPPORT_CACHE" "$RAPPORT_STATE"

step() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
fail() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/${1}/${2}") 2>/dev/null; }

# wait_port HOST PORT SECONDS WHAT
wait_port() {
  local deadline=$((SECONDS + $3))
  until port_open "$1" "$2"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# pid_of_ours FILE TEXT: the pid file's process is alive and its command line holds TEXT
# (`kafka.Kafka`, `redis-server`, `services/<name>/src/server.ts`), so a pid reused by another
# program is never taken for ours.
pid_of_ours() {
  pid_alive "$1" && tr '\0' ' ' <"/proc/$(cat "$1")/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# stop_pid PID SECONDS: SIGTERM, wait up to SECONDS for the process to end, then SIGKILL.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + $2))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  if (( APT_UPDATED == 0 )); then
    info "apt-get update"
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  info "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
