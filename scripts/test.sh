#!/usr/bin/env bash
# Builds Switchboard and runs every test: a warnings-as-errors build, then an
# AddressSanitizer + UndefinedBehaviorSanitizer build of the same tests, then the
# formatting and clang-tidy checks. Installs what it needs first.
#
# Every storage test runs on both engines: on SQLite, and (as pg.<name>) on a
# throwaway PostgreSQL cluster started here (scripts/pg-cluster.sh) in a
# temporary directory and stopped on exit, however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
JOBS=$(nproc)

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pg-XXXXXX")
trap './scripts/pg-cluster.sh stop "$PG_DIR"' EXIT
SWITCHBOARD_TEST_PG=$(./scripts/pg-cluster.sh start "$PG_DIR")
export SWITCHBOARD_TEST_PG
echo "PostgreSQL for the pg. tests: $SWITCHBOARD_TEST_PG"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_WERROR=ON >/dev/null
cmake --build build -j"$JOBS"
(cd build && ctest --output-on-failure -j"$JOBS")
echo "== release build and tests done after ${SECONDS}s"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_WERROR=ON \
  -DSWITCHBOARD_SANITIZE=ON -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$JOBS" --target switchboard_tests
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$JOBS")
echo "== sanitizer build and tests done after ${SECONDS}s"

./scripts/check-format.sh
./scripts/check-tidy.sh build
echo "all tests passed"
