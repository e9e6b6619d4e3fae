#!/usr/bin/env bash
# Builds Switchboard and runs every test: a build of the tests with warnings
# as errors and AddressSanitizer + UndefinedBehaviorSanitizer, every test on
# SQLite and every storage test again on PostgreSQL; then the default
# optimized build of the server (warnings as errors: some only show with
# optimization), the formatting and the clang-tidy checks. Installs what it
# needs first.
#
# PostgreSQL is a throwaway cluster started here (scripts/pg-cluster.sh) in a
# temporary directory and stopped on exit, however the script ends.
#
# The tests run as two shards per engine in parallel, each shard one process
# (a process per test costs more than most tests under the sanitizers); a
# failing shard prints its failures and the script fails. For per-test runs,
# `cd build-asan && ctest` works as well.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
JOBS=$(nproc)
BUILD=${SB_TEST_BUILD:-build-asan}

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pg-XXXXXX")
trap './scripts/pg-cluster.sh stop "$PG_DIR"' EXIT
SWITCHBOARD_TEST_PG=$(./scripts/pg-cluster.sh start "$PG_DIR")
export SWITCHBOARD_TEST_PG
echo "PostgreSQL for the pg. tests: $SWITCHBOARD_TEST_PG"

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_WERROR=ON \
  -DSWITCHBOARD_SANITIZE=ON -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS"
echo "== build done after ${SECONDS}s"

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
PG_SUITES=$(head -n1 tests/pg_suites.txt)
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-tests-XXXXXX")
# run_shards NAME FILTER [ENV...]: the filtered tests in $JOBS shards at once.
run_shards() {
  local name=$1 filter=$2
  shift 2
  local pids=() failed=0
  for ((i = 0; i < JOBS; i++)); do
    env "$@" GTEST_TOTAL_SHARDS="$JOBS" GTEST_SHARD_INDEX="$i" \
      timeout 1200 "$BUILD/switchboard_tests" --gtest_filter="$filter" --gtest_brief=1 \
      >"$LOGS/$name.$i.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      failed=1
      echo "---- $name shard $i failed:"
      grep -v -E '^\[[0-9-]+ [0-9:.]+\] \[(info|warning)\]' "$LOGS/$name.$i.log" | tail -n 200
    fi
  done
  grep -h -E '^\[  (PASSED|FAILED)  \]' "$LOGS/$name".*.log | sed "s/^/$name: /"
  return $failed
}
status=0
run_shards sqlite "-PostgresEngine*.*" SWITCHBOARD_TEST_PG= || status=1
run_shards postgres "$PG_SUITES-CliE2E.*" SWITCHBOARD_TEST_ENGINE=postgres || status=1
if [ "$status" -ne 0 ]; then
  echo "tests failed (logs in $LOGS)" >&2
  exit 1
fi
echo "== tests done after ${SECONDS}s"

cmake -S . -B build-release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_WERROR=ON \
  -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build build-release -j"$JOBS" --target switchboard
echo "== optimized build done after ${SECONDS}s"

./scripts/check-format.sh
./scripts/check-tidy.sh build-release
echo "== all tests passed after ${SECONDS}s"
