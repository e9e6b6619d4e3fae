#!/usr/bin/env bash
# Builds Switchboard and runs every test: a build of the tests with warnings
# as errors and AddressSanitizer + UndefinedBehaviorSanitizer, every test on
# SQLite and every storage test again on PostgreSQL, the hostile-input tests
# against the default optimized build of the server (built first, warnings as
# errors: some only show with optimization); then the formatting and the
# clang-tidy checks, and a short run of each fuzz target (clang, libFuzzer).
# Installs what it needs first.
#
# PostgreSQL is a throwaway cluster started here (scripts/pg-cluster.sh) in a
# temporary directory and stopped on exit, however the script ends.
#
# The tests run as $(nproc) shards per engine, both engines at once, each shard
# one process (a process per test costs more than most tests under the
# sanitizers); a failing shard prints its failures and the script fails. For
# per-test runs, `cd build-asan && ctest` works as well.
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
  -DSWITCHBOARD_SANITIZE=ON -DSWITCHBOARD_PCH=ON -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS"
echo "== build done after ${SECONDS}s"

# The default build's optimization (-O2 -DNDEBUG) without its debug information:
# the compiler's warnings are the same, and -g nearly doubles the compile time
# at -O2. Built before the tests: the end-to-end tests of hostile input
# (tests/e2e/hostile_input_e2e_test.cpp) spawn this server, not the sanitizer
# build's, and find it in SWITCHBOARD_RELEASE_BINARY.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_WERROR=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DSWITCHBOARD_PCH=OFF -DSWITCHBOARD_TESTS=OFF \
  -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build build-release -j"$JOBS" --target switchboard
SWITCHBOARD_RELEASE_BINARY="$PWD/build-release/switchboard"
export SWITCHBOARD_RELEASE_BINARY
echo "== optimized build done after ${SECONDS}s"

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
PG_SUITES=$(head -n1 tests/pg_suites.txt)
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-tests-XXXXXX")
# start_shards NAME FILTER [ENV...]: the filtered tests in $JOBS shards, in the
# background. Both engines' shards run at once: the tests spend much of their
# time waiting (on PostgreSQL, on child processes, on sockets), so 2 x $JOBS
# processes keep the cores busier than one engine after the other.
SHARD_PIDS=()
SHARD_NAMES=()
start_shards() {
  local name=$1 filter=$2
  shift 2
  for ((i = 0; i < JOBS; i++)); do
    env "$@" GTEST_TOTAL_SHARDS="$JOBS" GTEST_SHARD_INDEX="$i" \
      timeout 1200 "$BUILD/switchboard_tests" --gtest_filter="$filter" --gtest_brief=1 \
      >"$LOGS/$name.$i.log" 2>&1 &
    SHARD_PIDS+=($!)
    SHARD_NAMES+=("$name.$i")
  done
}
start_shards sqlite "-PostgresEngine*.*" SWITCHBOARD_TEST_PG=
start_shards postgres "$PG_SUITES-CliE2E.*" SWITCHBOARD_TEST_ENGINE=postgres
status=0
for i in "${!SHARD_PIDS[@]}"; do
  if ! wait "${SHARD_PIDS[$i]}"; then
    status=1
    echo "---- shard ${SHARD_NAMES[$i]} failed:"
    grep -v -E '^\[[0-9-]+ [0-9:.]+\] \[(info|warning)\]' "$LOGS/${SHARD_NAMES[$i]}.log" | tail -n 200
  fi
done
for name in sqlite postgres; do
  grep -h -E '^\[  (PASSED|FAILED)  \]' "$LOGS/$name".*.log | sed "s/^/$name: /"
done
if [ "$status" -ne 0 ]; then
  echo "tests failed (logs in $LOGS)" >&2
  exit 1
fi
echo "== tests done after ${SECONDS}s"

./scripts/check-format.sh
# clang-tidy cannot read GCC's precompiled headers: it takes its compile
# commands from a configuration without them (configured only, never built).
cmake -S . -B build-tidy -DSWITCHBOARD_PCH=OFF -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF \
  >/dev/null
./scripts/check-tidy.sh build-tidy

# Fuzzing (docs/FUZZING.md): the libFuzzer targets, built with clang (the
# parsers and what they need, not the server), each run for SB_FUZZ_SECONDS
# (default 30) on a copy of its seed corpus. A crash, a leak, a sanitizer
# report, a broken invariant or a timeout fails the script; the input that did
# it is left in the temporary directory named.
FUZZ_SECONDS=${SB_FUZZ_SECONDS:-30}
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_FUZZ=ON \
  -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$JOBS" --target fuzz
FUZZ_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-fuzz-XXXXXX")
for target in http_request multipart csv json query; do
  mkdir -p "$FUZZ_DIR/$target/corpus"
  cp "tests/fuzz/$target"/* "$FUZZ_DIR/$target/corpus/"
  if ! "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/$target/" \
    "$FUZZ_DIR/$target/corpus" >"$FUZZ_DIR/$target.log" 2>&1; then
    grep -v -E '^#[0-9]+' "$FUZZ_DIR/$target.log" | tail -n 80
    echo "fuzz_$target found a problem (its input and log are in $FUZZ_DIR)" >&2
    exit 1
  fi
  echo "fuzz_$target: $(grep -h '^stat::number_of_executed_units' "$FUZZ_DIR/$target.log" |
    tr -dc '0-9') executions, no finding"
done
rm -rf "$FUZZ_DIR"
echo "== fuzzing done after ${SECONDS}s"
echo "== all tests passed after ${SECONDS}s"
