#!/usr/bin/env bash
# Benchmark of `switchboard import`: builds the optimized server, generates a
# contacts CSV (scripts/gen-contacts-csv.py: deterministic, 1 000 000 rows by
# default, with duplicates and bad rows) and imports it into a fresh store on
# each engine under /usr/bin/time -v: the command's own summary (rows/s), wall
# time and peak memory (maximum resident set size).
#
#   SB_IMPORT_ROWS     rows to generate (1000000)
#   SB_IMPORT_CSV      the CSV file (/tmp/sb-import-ROWS.csv, generated when absent)
#   SB_IMPORT_BUILD    build directory (build-bench-import)
#   SB_IMPORT_ENGINES  "sqlite postgres" (default), or one of them; PostgreSQL is
#                      a throwaway cluster from scripts/pg-cluster.sh (fsync off),
#                      stopped at the end
#   SB_IMPORT_BATCH    --batch-rows (1000)
#   SB_IMPORT_ARGS     more options for `switchboard import` (e.g. --on-duplicate update)
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${SB_IMPORT_ROWS:-1000000}
CSV=${SB_IMPORT_CSV:-/tmp/sb-import-$ROWS.csv}
BUILD=${SB_IMPORT_BUILD:-build-bench-import}
ENGINES=${SB_IMPORT_ENGINES:-sqlite postgres}
BATCH=${SB_IMPORT_BATCH:-1000}
JOBS=$(( $(nproc) < 2 ? $(nproc) : 2 ))

echo "== machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^model name\s*:\s*/cpu: /'
grep MemTotal /proc/meminfo | awk '{printf "ram: %.1f GiB\n", $2 / 1048576}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build (RelWithDebInfo)"
# GCC 12 with optimization reports false-positive maybe-uninitialized warnings
# in std::optional code, so warnings are not errors in this build (as in bench.sh).
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_WERROR=OFF \
  -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target switchboard >/dev/null

if [[ ! -f "$CSV" ]]; then
  echo "== generating $ROWS rows into $CSV"
  scripts/gen-contacts-csv.py "$ROWS" "$CSV"
fi
ls -l "$CSV" | awk '{printf "file: %s, %.0f MB\n", $9, $5 / 1e6}'

CLEANUP=()
cleanup() { for c in "${CLEANUP[@]}"; do eval "$c" || true; done; }
trap cleanup EXIT
LOGS=$(mktemp -d /tmp/sb-bench-import-XXXXXX)

for engine in $ENGINES; do
  echo "== $engine"
  if [[ "$engine" == "postgres" ]]; then
    PG_DIR=$(mktemp -d /tmp/sb-bench-pg-XXXXXX)
    ADMIN=$(./scripts/pg-cluster.sh start "$PG_DIR")
    CLEANUP+=("./scripts/pg-cluster.sh stop '$PG_DIR'")
    psql "$ADMIN" -qc "CREATE DATABASE sbimport"
    DB=${ADMIN/\/postgres\?//sbimport?}
    echo "PostgreSQL $(psql "$ADMIN" -tAc 'SHOW server_version') (test cluster: fsync off)"
  else
    DB=/tmp/sb-bench-import.db
    rm -f "$DB" "$DB-wal" "$DB-shm"
  fi
  "$BUILD/switchboard" migrate --db "$DB" 2>/dev/null
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$LOGS/$engine.time" "$BUILD/switchboard" import --db "$DB" --org Bench \
    --batch-rows "$BATCH" ${SB_IMPORT_ARGS:-} "$CSV" >"$LOGS/$engine.out" 2>"$LOGS/$engine.err" ||
    echo "exit status $?"
  sed -n '2,9p' "$LOGS/$engine.out"
  grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time' \
    "$LOGS/$engine.time" | sed 's/^\s*//'
  if [[ "$engine" == "sqlite" ]]; then
    ls -l "$DB" | awk '{printf "database size: %.0f MiB\n", $5 / 1048576}'
  else
    echo "database size: $(psql "$ADMIN" -tAc "SELECT pg_size_pretty(pg_database_size('sbimport'))")"
  fi
done
echo "(logs in $LOGS)"
