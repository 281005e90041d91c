#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: scripts/postgres.sh start|stop|url
# Data lives in $LIFELINE_PG_DIR (default /tmp/lifeline-pg), port $LIFELINE_PG_PORT (default 54329),
# owned by the `postgres` system user. Prints nothing on success except for `url`.
set -euo pipefail
dir=${LIFELINE_PG_DIR:-/tmp/lifeline-pg}
port=${LIFELINE_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

case "${1:-}" in
  start)
    if [ ! -s "$dir/PG_VERSION" ]; then
      mkdir -p "$dir" && chown postgres:postgres "$dir"
      as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >/dev/null
    fi
    as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -qtAc \
      "SELECT 1 FROM pg_roles WHERE rolname='lifeline'" | grep -q 1 || \
      as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -qc "CREATE ROLE lifeline LOGIN SUPERUSER PASSWORD 'lifeline'"
    as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname='lifeline'" | grep -q 1 || \
      as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -qc "CREATE DATABASE lifeline OWNER lifeline"
    ;;
  stop)
    if [ -s "$dir/PG_VERSION" ]; then as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true; fi
    ;;
  url)
    echo "postgres://lifeline:lifeline@127.0.0.1:$port/lifeline"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
