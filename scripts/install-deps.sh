#!/usr/bin/env bash
# Installs every Debian 12 package Switchboard needs to build, test and benchmark.
# Idempotent; skips apt-get when everything is already present.
set -euo pipefail
PACKAGES=(
  build-essential cmake pkg-config git clang-format clang-tidy clang libclang-rt-14-dev
  libsqlite3-dev libpq-dev postgresql
  libasio-dev libhttp-parser-dev rapidjson-dev
  libphonenumber-dev libhowardhinnant-date-dev tzdata
  libssl-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev libbenchmark-dev wrk curl
)
# Node.js and npm run the OpenAPI lint (scripts/lint-openapi.sh): Debian's packages, unless a node
# with its own npm is already there (another distribution's nodejs bundles npm, and Debian's npm
# package would conflict with it).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The OpenAPI lint's npm packages, at the versions of scripts/openapi/package-lock.json: installed
# when missing or older than the lock file.
OPENAPI_TOOLS=scripts/openapi
if [ ! -f "$OPENAPI_TOOLS/node_modules/.package-lock.json" ] ||
  [ "$OPENAPI_TOOLS/package-lock.json" -nt "$OPENAPI_TOOLS/node_modules/.package-lock.json" ]; then
  (cd "$(dirname "$0")/.." && npm ci --prefix "$OPENAPI_TOOLS" --no-audit --no-fund --loglevel=error)
fi
