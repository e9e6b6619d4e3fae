#!/usr/bin/env bash
# What --durability costs on SQLite: the same server and data under `full`
# (synchronous=FULL, an fsync of the WAL per commit) and `normal`
# (synchronous=NORMAL), each measured with wrk for:
#   list   GET /api/v1/contacts (first page), wrk -t2 -c32
#   write  POST /api/v1/contacts, a new contact per request, wrk -t2 -c32
#   claim  POST /api/v1/campaigns/{uuid}/claim (limit 1) then the member's
#          `completed` event, each wrk connection one worker, wrk -t4 -c16;
#          claims/s counts members completed during the run; once with group
#          commit (the default) and once with --commit-batch 1 (a commit each)
# and, in the same run, nginx (when installed) serving the list's response
# bytes as a static file: the reference for "fast" (docs/BENCHMARKS.md).
#
#   SB_BENCH_CONTACTS  demo contacts (20000)
#   SB_BENCH_MEMBERS   members of the claim campaign (30000)
#   SB_BENCH_DIR       scratch directory (/tmp/sb-bench-durability, recreated)
#   SB_BENCH_BUILD     build directory (build-bench)
#   SB_BENCH_BIN       a switchboard binary to use instead of building one
#   SB_BENCH_DURATION  wrk duration per case (10s)
#   SB_BENCH_CLAIM_WORKERS  concurrent claiming workers (16)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${SB_BENCH_BUILD:-build-bench}
DIR=${SB_BENCH_DIR:-/tmp/sb-bench-durability}
CONTACTS=${SB_BENCH_CONTACTS:-20000}
MEMBERS=${SB_BENCH_MEMBERS:-30000}
DURATION=${SB_BENCH_DURATION:-10s}
CLAIM_WORKERS=${SB_BENCH_CLAIM_WORKERS:-16}
JOBS=$(( $(nproc) < 2 ? $(nproc) : 2 ))

echo "== machine"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (modified)')"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^model name\s*:\s*/cpu: /'
grep MemTotal /proc/meminfo | awk '{printf "ram: %.1f GiB\n", $2 / 1048576}'
echo "filesystem of $(dirname "$DIR"): $(df -T "$(dirname "$DIR")" | awk 'NR==2 {print $2 " on " $1}')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -n "${SB_BENCH_BIN:-}" ]]; then
  BIN=$SB_BENCH_BIN
  echo "== binary: $BIN (not built here)"
else
  echo "== build (Release)"
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSWITCHBOARD_WERROR=OFF \
    -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF >/dev/null
  cmake --build "$BUILD" -j"$JOBS" --target switchboard >/dev/null
  BIN="$BUILD/switchboard"
fi

rm -rf "$DIR"
mkdir -p "$DIR"
SERVER=""
NGINX_CONF=""
cleanup() {
  [[ -n "$SERVER" ]] && { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
  [[ -n "$NGINX_CONF" ]] && nginx -c "$NGINX_CONF" -s stop 2>/dev/null || true
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wrk scripts: a new contact per request; a worker per connection that claims
# one member and completes it, in turn.
cat >"$DIR/write.lua" <<'LUA'
local next_id = 0
function setup(thread) thread:set("id", next_id); next_id = next_id + 1 end
local n = 0
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  n = n + 1
  local body = string.format('{"name":"Bench","email":"bench-%d-%d-%d@example.com"}',
                             os.time(), id, n)
  return wrk.format("POST", "/api/v1/contacts", nil, body)
end
LUA
cat >"$DIR/claim.lua" <<'LUA'
-- wrk calls request() and response() per thread, for any of the thread's
-- connections: the members this thread holds are a list, each completed by
-- the thread's next request.
local next_id = 0
function setup(thread) thread:set("id", next_id); next_id = next_id + 1 end
local held = {}
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local worker = "bench-" .. id
  local member = table.remove(held)
  if member then
    local path = "/api/v1/pools/" .. os.getenv("SB_POOL") .. "/contacts/" .. member .. "/events"
    return wrk.format("POST", path, nil, '{"type":"completed","worker_id":"' .. worker .. '"}')
  end
  return wrk.format("POST", "/api/v1/campaigns/" .. os.getenv("SB_CAMPAIGN") .. "/claim", nil,
                    '{"worker_id":"' .. worker .. '","limit":1}')
end
function response(status, headers, body)
  if status == 200 then
    local member = body:match('"contact":{"uuid":"([^"]+)"')
    if member then table.insert(held, member) end
  end
end
LUA

# The claim campaign: an agent with one number (room for every call), a
# Parallel pool of $MEMBERS contacts in a zone where it is now about noon.
cat >"$DIR/setup_claims.py" <<'PY'
import json, os, sys, time, urllib.request
base, token, members = sys.argv[1], sys.argv[2], int(sys.argv[3])
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read())
def data(doc): return doc.get("data", doc)
offset = 12 - time.gmtime().tm_hour
zone = "Etc/GMT" if offset == 0 else ("Etc/GMT-%d" % offset if offset > 0 else "Etc/GMT+%d" % -offset)
number = data(call("POST", "/api/v1/phone-numbers", {"number": "+16285550000", "type": "mobile",
         "channel_settings": {"voice": {"channel_limit": 1000}}}))["phone_number_uuid"]
agent = data(call("POST", "/api/v1/agents", {"name": "Bench"}))["uuid"]
call("POST", "/api/v1/agents/%s/channels/call" % agent, {"phone_number_uuid": number})
pool = data(call("POST", "/api/v1/pools", {"name": "Bench claims", "description": "",
                                           "type": "Parallel", "max_parallel_items": 100}))["uuid"]
for start in range(0, members, 1000):
    items = [{"name": "Claim%d" % i, "phone_number": "+1628%07d" % (2000000 + i), "timezone": zone}
             for i in range(start, min(members, start + 1000))]
    res = data(call("POST", "/api/v1/contacts/bulk", {"upsert_by": "phone_number", "contacts": items}))
    uuids = [r["uuid"] for r in res["results"] if r.get("uuid")]
    call("POST", "/api/v1/pools/%s/contacts" % pool, {"contact_uuids": uuids})
campaign = data(call("POST", "/api/v1/campaigns", {"name": "Bench", "status": "Active",
                                                  "agent_uuid": agent}))["uuid"]
call("POST", "/api/v1/campaigns/%s/pools" % campaign, {"pool_uuids": [pool]})
print(campaign, pool)
PY

completed() {  # members of pool $1 completed so far
  curl -s -H "Authorization: Bearer $SB_TOKEN" "$BASE/api/v1/pools/$1/stats" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("data",d); print(d["by_status"]["Completed"] if "by_status" in d else d.get("completed", 0))'
}

run_wrk() {  # label, wrk args...
  local label=$1; shift
  echo "-- $label"
  wrk --latency "$@" | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|99)%'
}

start_server() {  # durability, extra serve flags...
  local mode=$1; shift
  PORT=$(free_port)
  "$BIN" serve --db "$DB" --durability "$mode" --host 127.0.0.1 --port "$PORT" "$@" \
    2>>"$DIR/serve-$mode.log" &
  SERVER=$!
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/healthz" && break; sleep 0.1; done
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

run_claims() {  # label: $CLAIM_WORKERS workers claim and complete members
  local before start end after
  before=$(completed "$SB_POOL")
  start=$(date +%s.%N)
  run_wrk "$1" -t4 -c"$CLAIM_WORKERS" -d"$DURATION" -s "$DIR/claim.lua" "$BASE"
  end=$(date +%s.%N)
  after=$(completed "$SB_POOL")
  printf 'claims completed: %d in %.1f s = %.0f claims/s\n' "$((after - before))" \
    "$(echo "$end - $start" | bc)" "$(echo "($after - $before) / ($end - $start)" | bc -l)"
}

for MODE in full normal; do
  echo "== durability $MODE"
  DB="$DIR/$MODE.db"
  export SB_TOKEN
  SB_TOKEN=$("$BIN" demo --db "$DB" --durability "$MODE" --contacts "$CONTACTS" 2>"$DIR/demo-$MODE.log")
  start_server "$MODE"
  read -r SB_CAMPAIGN SB_POOL < <(python3 "$DIR/setup_claims.py" "$BASE" "$SB_TOKEN" "$MEMBERS")
  export SB_CAMPAIGN SB_POOL
  curl -s -H "Authorization: Bearer $SB_TOKEN" "$BASE/api/v1/contacts" >"$DIR/list.json"
  run_wrk "list: GET /api/v1/contacts" -t2 -c32 -d"$DURATION" \
    -H "Authorization: Bearer $SB_TOKEN" "$BASE/api/v1/contacts"
  run_wrk "write: POST /api/v1/contacts" -t2 -c32 -d"$DURATION" -s "$DIR/write.lua" "$BASE"
  run_claims "claim: claim + completed event, $CLAIM_WORKERS workers, group commit (default)"
  stop_server
  # The same claims with a commit each: what grouping concurrent claims and
  # events into shared transactions (--commit-batch, default 32) saves.
  start_server "$MODE" --commit-batch 1
  run_claims "claim: claim + completed event, $CLAIM_WORKERS workers, --commit-batch 1"
  stop_server
done

echo "== nginx: the list's response bytes as a static file"
if command -v nginx >/dev/null; then
  PORT=$(free_port)
  mkdir -p "$DIR/www"
  cp "$DIR/list.json" "$DIR/www/list.json"
  NGINX_CONF="$DIR/nginx.conf"
  cat >"$NGINX_CONF" <<CONF
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-tmp;
  proxy_temp_path $DIR/nginx-tmp;
  fastcgi_temp_path $DIR/nginx-tmp;
  uwsgi_temp_path $DIR/nginx-tmp;
  scgi_temp_path $DIR/nginx-tmp;
  server { listen 127.0.0.1:$PORT; root $DIR/www; }
}
CONF
  nginx -c "$NGINX_CONF"
  sleep 0.5
  run_wrk "nginx: GET /list.json" -t2 -c32 -d"$DURATION" "http://127.0.0.1:$PORT/list.json"
else
  echo "nginx is not installed: no reference in this run"
fi
