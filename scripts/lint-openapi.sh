#!/usr/bin/env bash
# Lints docs/openapi.json with Redocly's CLI (pinned in scripts/openapi/package-lock.json, installed
# by scripts/install-deps.sh) under the rules of redocly.yaml: every recommended rule, each problem
# an error. A few seconds; scripts/test.sh runs it before the build, so a broken document fails
# the run early.
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY=scripts/openapi/node_modules/.bin/redocly
if [ ! -x "$REDOCLY" ]; then
  echo "$REDOCLY is missing: run scripts/install-deps.sh" >&2
  exit 1
fi
"$REDOCLY" lint --config redocly.yaml --format=codeframe docs/openapi.json
