#!/usr/bin/env bash
# PostgreSQL from Debian's packages, started without systemd, with the role and database the fleet uses.
#   infra/postgres.sh start|stop|status
# When DATABASE_URL points at a server that answers, it is used as it is and nothing is installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_URL="postgres://app:app@127.0.0.1:5432/app"
URL="${DATABASE_URL:-$DEFAULT_URL}"

reachable() { pg_isready -q -d "$URL" 2>/dev/null; }

cluster() { pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}'; }

start() {
  if command -v pg_isready >/dev/null && reachable; then info "Postgres answering at ${URL%%\?*}" ; ensure_app_role; return; fi
  if [[ -n "${DATABASE_URL:-}" && "$DATABASE_URL" != "$DEFAULT_URL" ]]; then
    fail "DATABASE_URL is set but no server answers there; unset it to use the local one"
  fi
  if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(cluster)" ]]; then
    step "Installing PostgreSQL (Debian package)"
    apt_install postgresql
  fi
  local c; c="$(cluster)"
  [[ -n "$c" ]] || fail "no PostgreSQL cluster found after install (pg_lsclusters is empty)"
  step "Starting PostgreSQL cluster $c"
  as_root pg_ctlcluster $c start 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  until pg_isready -q -h 127.0.0.1 -p 5432; do
    (( SECONDS < deadline )) || fail "PostgreSQL did not accept connections within 30 s"
    sleep 0.2
  done
  ensure_app_role
  info "Postgres ready at $DEFAULT_URL"
}

# The role may create databases: test fixtures make a fresh one per test.
ensure_app_role() {
  [[ "$URL" == "$DEFAULT_URL" ]] || return 0
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
    CREATE ROLE app LOGIN CREATEDB PASSWORD 'app';
  END IF;
END $$;
SELECT 'CREATE DATABASE app OWNER app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\gexec
SQL
}

stop() {
  local c; c="$(cluster)"
  [[ -n "$c" ]] || return 0
  step "Stopping PostgreSQL cluster $c"
  as_root pg_ctlcluster $c stop 2>/dev/null || true
}

status() { if reachable; then echo "postgres: up ${URL%%\?*}"; else echo "postgres: down"; return 1; fi; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) fail "usage: infra/postgres.sh start|stop|status" ;;
esac
