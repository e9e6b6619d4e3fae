#!/usr/bin/env bash
# Builds Switchboard and runs every test: a build of the tests with warnings
# as errors and AddressSanitizer + UndefinedBehaviorSanitizer, every test on
# SQLite and every storage and end-to-end test again on PostgreSQL; the formatting and the
# clang-tidy checks; the OpenAPI document's lint (scripts/lint-openapi.sh); and a short run of
# each fuzz target (clang, libFuzzer).
# Installs what it needs first.
#
# PostgreSQL is a throwaway cluster started here (scripts/pg-cluster.sh) in a
# temporary directory and stopped on exit, however the script ends.
#
# The tests run as 4 x $(nproc) shards, each shard one process (a process per
# test costs more than most tests under the sanitizers) running its share of
# all tests, both instances of the engine-parameterized ones among them
# (tests/support/engine_test.hpp); a failing shard prints its failures and the
# script fails. The
# tests spend much of their time waiting (on PostgreSQL, child processes,
# sockets), so clang-tidy and the fuzz build run beside them at the lowest
# priority, on what the tests leave of the cores. For per-test runs,
# `cd build-asan && ctest` works as well.
#
# The end-to-end tests that spawn a server (hostile input, load) run it from
# SWITCHBOARD_RELEASE_BINARY when set (an optimized build: memory and latency
# as in production); here they spawn the sanitizer build's own server, with
# the memory bounds those tests relax for it. An optimized build would double
# the compile time of a run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# The OpenAPI document (docs/openapi.json) lints clean: a few seconds, before the build.
./scripts/lint-openapi.sh
JOBS=$(nproc)
BUILD=${SB_TEST_BUILD:-build-asan}

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pg-XXXXXX")
trap './scripts/pg-cluster.sh stop "$PG_DIR"' EXIT
SWITCHBOARD_TEST_PG=$(./scripts/pg-cluster.sh start "$PG_DIR")
export SWITCHBOARD_TEST_PG
echo "PostgreSQL for the Engines/*/postgres tests: $SWITCHBOARD_TEST_PG"

# -g1: line tables for the sanitizers' reports, without the full debug
# information that slows every compile.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DSWITCHBOARD_WERROR=ON \
  -DSWITCHBOARD_SANITIZE=ON -DSWITCHBOARD_PCH=ON -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS"
echo "== build done after ${SECONDS}s"
# The layering (CMakeLists.txt, tests/layers): a header of a layer a layer may
# not use does not compile there. A few seconds: one small file per probe.
ctest --test-dir "$BUILD" -R '^layers\.' --output-on-failure

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-tests-XXXXXX")
# The side lane: clang-tidy, then the fuzz targets' build, at the lowest
# priority while the tests run. clang-tidy cannot read GCC's precompiled
# headers: it takes its compile commands from a configuration without them
# (configured only, never built).
cmake -S . -B build-tidy -DSWITCHBOARD_PCH=OFF -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF \
  >/dev/null
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_FUZZ=ON \
  -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
(
  set +e
  nice -n 19 ./scripts/check-tidy.sh build-tidy >"$LOGS/tidy.log" 2>&1
  echo $? >"$LOGS/tidy.rc"
  nice -n 19 cmake --build build-fuzz -j"$JOBS" --target fuzz >"$LOGS/fuzz-build.log" 2>&1
  echo $? >"$LOGS/fuzz-build.rc"
) &
SIDE_PID=$!
# (errexit holds inside the trap: a kill of a side lane that already ended
# must not turn a passing run into a failing one.)
trap 'kill "$SIDE_PID" 2>/dev/null || true; ./scripts/pg-cluster.sh stop "$PG_DIR"' EXIT

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
# As many shards as there were processes when each engine had its own set
# (2 x $(nproc) each): the tests spend much of their time waiting, so more
# processes than cores keep the cores busy. gtest deals the tests out in
# turn, so every shard gets tests of both engines.
SHARDS=$((4 * JOBS))
SHARD_PIDS=()
SHARD_NAMES=()
for ((i = 0; i < SHARDS; i++)); do
  GTEST_TOTAL_SHARDS="$SHARDS" GTEST_SHARD_INDEX="$i" \
    timeout 1200 "$BUILD/switchboard_tests" --gtest_brief=1 >"$LOGS/shard.$i.log" 2>&1 &
  SHARD_PIDS+=($!)
  SHARD_NAMES+=("shard.$i")
done
status=0
for i in "${!SHARD_PIDS[@]}"; do
  if ! wait "${SHARD_PIDS[$i]}"; then
    status=1
    echo "---- shard ${SHARD_NAMES[$i]} failed:"
    grep -v -E '^\[[0-9-]+ [0-9:.]+\] \[(info|warning)\]' "$LOGS/${SHARD_NAMES[$i]}.log" | tail -n 200
  fi
done
# The totals over the shards: passed, skipped (the few tests that cannot run
# on this machine; PostgreSQL ones do not skip here, SWITCHBOARD_TEST_PG is
# set) and failed.
grep -h -E '^\[  (PASSED|SKIPPED|FAILED) *\] [0-9]+ tests?' "$LOGS"/shard.*.log |
  awk '{ n[$2] += $4 } END { for (k in n) print k ": " n[k] }' || true
if [ "$status" -ne 0 ]; then
  echo "tests failed (logs in $LOGS)" >&2
  exit 1
fi
echo "== tests done after ${SECONDS}s"

./scripts/check-format.sh
wait "$SIDE_PID" || true
if [ "$(cat "$LOGS/tidy.rc" 2>/dev/null)" != 0 ]; then
  cat "$LOGS/tidy.log"
  exit 1
fi
tail -n 1 "$LOGS/tidy.log"
if [ "$(cat "$LOGS/fuzz-build.rc" 2>/dev/null)" != 0 ]; then
  tail -n 80 "$LOGS/fuzz-build.log"
  echo "the fuzz targets did not build" >&2
  exit 1
fi
echo "== tidy and fuzz build done after ${SECONDS}s"

# Fuzzing (docs/FUZZING.md): each libFuzzer target (the parsers and what they
# need, not the server) runs for SB_FUZZ_SECONDS (default 30) on a copy of its
# seed corpus, all at once, from a fixed seed (SB_FUZZ_SEED, default 1): a run
# here checks that nothing regressed on the inputs such a run reaches, and
# does not fail on whatever a new random walk turns up (longer exploring runs:
# docs/FUZZING.md). A crash, a leak, a sanitizer report, a broken invariant
# or a timeout fails the script; the input that did it is left in the
# temporary directory named.
FUZZ_SECONDS=${SB_FUZZ_SECONDS:-30}
FUZZ_SEED=${SB_FUZZ_SEED:-1}
FUZZ_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-fuzz-XXXXXX")
FUZZ_TARGETS=(http_request multipart csv json query)
FUZZ_PIDS=()
for target in "${FUZZ_TARGETS[@]}"; do
  mkdir -p "$FUZZ_DIR/$target/corpus"
  cp "tests/fuzz/$target"/* "$FUZZ_DIR/$target/corpus/"
  "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$FUZZ_SECONDS" -seed="$FUZZ_SEED" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/$target/" \
    "$FUZZ_DIR/$target/corpus" >"$FUZZ_DIR/$target.log" 2>&1 &
  FUZZ_PIDS+=($!)
done
for i in "${!FUZZ_TARGETS[@]}"; do
  target=${FUZZ_TARGETS[$i]}
  if ! wait "${FUZZ_PIDS[$i]}"; then
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
