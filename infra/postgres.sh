#!/usr/bin/env bash
# PostgreSQL from Debian's packages, started without systemd, with the role and database the fleet uses.
#   infra/postgres.sh start|stop|status|owned
# When DATABASE_URL points at a server that answers, it is used as it is and nothing is installed.
# stop acts only on the cluster this checkout started (the postmaster pid it recorded then); owned
# exits 0 while that postmaster runs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_URL="postgres://app:app@127.0.0.1:5432/app"
URL="${DATABASE_URL:-$DEFAULT_URL}"

reachable() { pg_isready -q -d "$URL" 2>/dev/null; }

wait_ready() {
  local deadline=$((SECONDS + 30))
  until pg_isready -q -h 127.0.0.1 -p 5432; do
    (( SECONDS < deadline )) || fail "PostgreSQL did not accept connections within 30 s"
    sleep 0.2
  done
}

cluster() { pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}'; }

# What start records when it starts the cluster: "<version> <name> <postmaster pid>".
MARKER="$RAPPORT_STATE/postgres.started"

postmaster_pid() { as_root head -1 "$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $6}')/postmaster.pid" 2>/dev/null; }

owned() {
  [[ -f "$MARKER" ]] || return 1
  local version name pid; read -r version name pid <"$MARKER"
  [[ -n "$pid" && "$(postmaster_pid)" == "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

SETTINGS="$(dirname "${BASH_SOURCE[0]}")/postgres/rapport.conf"

# Installs the fleet's server settings into the cluster's conf.d; exits 0 when they changed there.
install_settings() {
  local version name; read -r version name <<<"$1"
  local target="/etc/postgresql/$version/$name/conf.d/rapport.conf"
  as_root cmp -s "$SETTINGS" "$target" && return 1
  as_root install -D -m 644 "$SETTINGS" "$target"
}

start() {
  if command -v pg_isready >/dev/null && reachable; then
    info "Postgres answering at ${URL%%\?*}"
    # The local cluster picks up changed settings now (a restart: shared_buffers needs one); a server of
    # someone else's (DATABASE_URL) is left as it is.
    local c; c="$(cluster)"
    if [[ "$URL" == "$DEFAULT_URL" && -n "$c" ]] && install_settings "$c"; then
      step "Restarting PostgreSQL cluster $c for infra/postgres/rapport.conf"
      as_root pg_ctlcluster $c restart
      wait_ready
      [[ -f "$MARKER" ]] && echo "$c $(postmaster_pid)" >"$MARKER"
    fi
    ensure_app_role
    return
  fi
  if [[ -n "${DATABASE_URL:-}" && "$DATABASE_URL" != "$DEFAULT_URL" ]]; then
    fail "DATABASE_URL is set but no server answers there; unset it to use the local one"
  fi
  if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(cluster)" ]]; then
    step "Installing PostgreSQL (Debian package)"
    apt_install postgresql
  fi
  local c; c="$(cluster)"
  [[ -n "$c" ]] || fail "no PostgreSQL cluster found after install (pg_lsclusters is empty)"
  install_settings "$c" || true
  step "Starting PostgreSQL cluster $c"
  as_root pg_ctlcluster $c start 2>/dev/null || true
  wait_ready
  echo "$c $(postmaster_pid)" >"$MARKER"
  ensure_app_role
  info "Postgres ready at $DEFAULT_URL"
}

# The role may create databases: test fixtures make a fresh one per test. It may also end other sessions
# on them (pg_signal_backend): DROP DATABASE ... WITH (FORCE) refuses to end an autovacuum worker
# otherwise, and a loaded machine vacuums a test database just as its test drops it.
ensure_app_role() {
  [[ "$URL" == "$DEFAULT_URL" ]] || return 0
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
    CREATE ROLE app LOGIN CREATEDB PASSWORD 'app';
  END IF;
  IF NOT pg_has_role('app', 'pg_signal_backend', 'MEMBER') THEN
    GRANT pg_signal_backend TO app;
  END IF;
END $$;
SELECT 'CREATE DATABASE app OWNER app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\gexec
SQL
  # The view over pg_stat_statements (loaded by rapport.conf): the benchmarks' --statements read it from here.
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d app -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
}

stop() {
  if ! owned; then
    rm -f "$MARKER"
    if command -v pg_isready >/dev/null && reachable; then
      info "Postgres at ${URL%%\?*} was not started by this checkout: left running"
    fi
    return 0
  fi
  local version name pid; read -r version name pid <"$MARKER"
  step "Stopping PostgreSQL cluster $version $name"
  as_root pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
  rm -f "$MARKER"
}

status() {
  if owned && reachable; then echo "postgres: up ${URL%%\?*} (started by this checkout)"
  elif command -v pg_isready >/dev/null && reachable; then echo "postgres: ${URL%%\?*} answers, not started by this checkout"
  else echo "postgres: down"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  owned) owned ;;
  *) fail "usage: infra/postgres.sh start|stop|status|owned" ;;
esac
