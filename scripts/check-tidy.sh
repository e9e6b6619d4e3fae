#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy: every check is an error) over the library
# sources, using the compile commands of the given build directory.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
git ls-files 'src/*.cpp' | grep -v '_test\.cpp$' |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$BUILD" --quiet --extra-arg=-Wno-ambiguous-reversed-operator 2>&1 |
  grep -v -E '^[0-9]+ warnings? generated|^Suppressed [0-9]+ warnings|^Use -header-filter'
status=${PIPESTATUS[2]}
if [ "$status" -ne 0 ]; then
  echo "clang-tidy found problems (see above)" >&2
  exit 1
fi
echo "clang-tidy: clean"
