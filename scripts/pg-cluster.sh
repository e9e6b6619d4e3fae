#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-cluster.sh start [DIR]   initdb into DIR (default: a new temporary
#                                       directory), start the server on a free port
#                                       with its unix socket in DIR, print the admin
#                                       URL (postgresql://postgres@/postgres?...)
#   scripts/pg-cluster.sh stop DIR      stop the server and remove DIR
#
# The cluster is for tests only: trust authentication on the socket alone (no TCP
# listener), fsync and synchronous commit off. It runs as the `postgres` user
# (initdb refuses root), so DIR is owned by that user. Collation C orders text
# bytewise, as SQLite does; the C.UTF-8 character classes let ILIKE, citext and
# pg_trgm fold non-ASCII letters.
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "pg-cluster: PostgreSQL server binaries not found (install the postgresql package)" >&2
  exit 1
fi

# Runs a command as the cluster owner (ourselves unless we are root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port nobody listens on. The server only opens a unix socket, but its
# name carries the port, and two clusters in one directory tree must not clash.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "pg-cluster: no free port found" >&2
  return 1
}

start() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pg-XXXXXX")
  else
    mkdir -p "$dir"
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  local port
  port=$(free_port)
  local opts="-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
  opts+=" -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 \
    start >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  echo "postgresql://postgres@/postgres?host=$dir&port=$port"
}

stop() {
  local dir=${1:?usage: pg-cluster.sh stop DIR}
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
