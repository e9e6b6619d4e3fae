#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format's layout.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp')
clang-format --dry-run --Werror $files
