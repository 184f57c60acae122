#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and CI.
#   scripts/pg-cluster.sh start   → prints `export DATABASE_URL_PG=postgresql://…` (eval it)
#   scripts/pg-cluster.sh stop    → stops the cluster and deletes its files
# The cluster lives in $PG_DIR (default /tmp/reassure-pg), listens on 127.0.0.1 only, on a free port.
set -euo pipefail
PG_DIR=${PG_DIR:-/tmp/reassure-pg}
bin_dir() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1
}
# initdb refuses to run as root: run the server as an unprivileged user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then su nobody -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

case "${1:-}" in
  start)
    BIN=$(bin_dir)
    PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown nobody "$PG_DIR"
    as_pg "'$BIN/initdb' -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$PG_DIR/initdb.log' 2>&1"
    as_pg "'$BIN/pg_ctl' -D '$PG_DIR/data' -w -l '$PG_DIR/server.log' -o \"-p $PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
    echo "$PORT" > "$PG_DIR/port"
    echo "export DATABASE_URL_PG=postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN=$(bin_dir)
    [ -d "$PG_DIR/data" ] && as_pg "'$BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop >/dev/null 2>&1" || true
    rm -rf "$PG_DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
