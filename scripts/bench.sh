#!/usr/bin/env bash
# HTTP benchmark of the contacts list: builds Release, fills a demo
# organization (100 000 contacts by default), serves it on a free port and runs
# wrk against GET /api/v1/contacts with a few query shapes. Endpoints that do
# not answer 200 are reported, not benchmarked. Set SB_BENCH_MICRO=1 to also
# run the Google Benchmark suite (build/switchboard_bench).
#
#   SB_BENCH_CONTACTS  contacts to generate (100000)
#   SB_BENCH_DB        database file (/tmp/sb-bench.db, recreated)
#   SB_BENCH_BUILD     build directory (build-bench)
#   SB_BENCH_DURATION  wrk duration per endpoint (15s)
#   SB_BENCH_ENGINE    sqlite (default) or postgres: a throwaway cluster from
#                      scripts/pg-cluster.sh (fsync off), stopped at the end
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${SB_BENCH_BUILD:-build-bench}
DB=${SB_BENCH_DB:-/tmp/sb-bench.db}
CONTACTS=${SB_BENCH_CONTACTS:-100000}
DURATION=${SB_BENCH_DURATION:-15s}
JOBS=$(( $(nproc) < 2 ? $(nproc) : 2 ))

echo "== machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^model name\s*:\s*/cpu: /'
grep MemTotal /proc/meminfo | awk '{printf "ram: %.1f GiB\n", $2 / 1048576}'

echo "== build (Release)"
# GCC 12 at -O3 reports false-positive maybe-uninitialized warnings in
# std::variant code, so warnings are not errors in this build.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSWITCHBOARD_WERROR=OFF \
  -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target switchboard switchboard_bench >/dev/null

CLEANUP=()
cleanup() { for c in "${CLEANUP[@]}"; do eval "$c" || true; done; }
trap cleanup EXIT
if [[ "${SB_BENCH_ENGINE:-sqlite}" == "postgres" ]]; then
  PG_DIR=$(mktemp -d /tmp/sb-bench-pg-XXXXXX)
  ADMIN=$(./scripts/pg-cluster.sh start "$PG_DIR")
  CLEANUP+=("./scripts/pg-cluster.sh stop '$PG_DIR'")
  psql "$ADMIN" -qc "CREATE DATABASE sbbench"
  DB=${ADMIN/\/postgres\?//sbbench?}
  echo "PostgreSQL $(psql "$ADMIN" -tAc 'SHOW server_version') (test cluster: fsync off)"
else
  rm -f "$DB" "$DB-wal" "$DB-shm"
fi
echo "== demo data: $CONTACTS contacts into $DB"
start=$(date +%s.%N)
TOKEN=$("$BUILD/switchboard" demo --db "$DB" --contacts "$CONTACTS" 2>"/tmp/sb-bench.demo.log")
end=$(date +%s.%N)
tail -n 3 /tmp/sb-bench.demo.log | head -n 2
printf 'demo generation: %.1f s (wall, including schema creation)\n' "$(echo "$end - $start" | bc)"
[[ -f "$DB" ]] && ls -l "$DB" | awk '{printf "database size: %.0f MiB\n", $5 / 1048576}'

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BUILD/switchboard" serve --db "$DB" --host 127.0.0.1 --port "$PORT" 2>/tmp/sb-bench.serve.log &
SERVER=$!
CLEANUP=("kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null" "${CLEANUP[@]}")
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$BASE/" && break
  sleep 0.1
done

AUTH="Authorization: Bearer $TOKEN"
for path in "/api/v1/contacts" "/api/v1/contacts?page=500" "/api/v1/contacts?status=Active" \
            "/api/v1/contacts?search=smith"; do
  echo "== GET $path"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$path")
  if [[ "$code" != "200" ]]; then
    echo "HTTP $code: not implemented or failing, not benchmarked"
    continue
  fi
  wrk -t2 -c32 -d"$DURATION" --latency -H "$AUTH" "$BASE$path"
done

if [[ "${SB_BENCH_MICRO:-0}" == "1" ]]; then
  echo "== Google Benchmark (store level, SB_BENCH_CONTACTS=$CONTACTS)"
  SB_BENCH_CONTACTS=$CONTACTS "$BUILD/switchboard_bench"
fi
