#!/usr/bin/env bash
# Builds Switchboard, fills ./switchboard.db with demo data (once), prints a
# token and a sample curl, and serves on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target switchboard
DB=${SWITCHBOARD_DB:-./switchboard.db}
TOKEN=$(./build/switchboard demo --db "$DB")
cat <<TXT

Demo organization ready. Your token:

  $TOKEN

Try:

  curl -s -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:8080/api/v1/contacts?per_page=2'

TXT
exec ./build/switchboard serve --db "$DB" --host 127.0.0.1 --port 8080
