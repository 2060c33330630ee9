#!/usr/bin/env bash
# Benchmark: legitimate requests' latency while 1,000 connections from another address trickle
# their request heads a byte at a time (slowloris), against the same gateway without the attack,
# in the same run. The gateway caps connections per client address (http.max_connections_per_ip)
# and bounds every head (http.header_timeout_ms), so the attacker holds only its share. Prints
# p50/p99 with and without the attack and their ratio (the goal: p99 within 1.5x).
# The gateway runs on core 0; wrk on core 1 and the attacker on core 1 at the lowest priority,
# so what the attack costs shows in the gateway, not in the load generator.
# Figures, not assertions: it fails only if it cannot measure.
# usage: slowloris_p99.sh <cartgate> <work dir> [seconds] [connections]
set -euo pipefail
cartgate=$1 work=$2 seconds=${3:-5} connections=${4:-16}
: "${CARTGATE_TEST_REDIS_URL:?run through deploy/test.sh (it starts Redis)}"
for tool in wrk node; do command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }; done
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT
json() { node -e "const v=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }

export CARTGATE_REDIS_URL=$CARTGATE_TEST_REDIS_URL
export CARTGATE_REDIS_NAMESPACE="bench$RANDOM$RANDOM"
export CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export CARTGATE_HTTP_PORT=0 CARTGATE_HTTP_PORT_FILE="$work/gateway.port" CARTGATE_HTTP_THREADS=1
export CARTGATE_HTTP_MAX_CONNECTIONS_PER_IP=100 CARTGATE_EVENTS_BACKGROUND=0
export CARTGATE_LOG_LEVEL=warn
# Command prefixes (taskset execs its command, so $! stays the process to signal).
core0=() core1=()
if [ "$(nproc)" -ge 2 ] && command -v taskset > /dev/null; then core0=(taskset -c 0) core1=(taskset -c 1); fi
"${core0[@]}" "$cartgate" serve 2> "$work/gateway.log" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/gateway.port" ] && break; sleep 0.05; done
[ -s "$work/gateway.port" ] || { cat "$work/gateway.log"; exit 1; }
port=$(cut -d: -f2 < "$work/gateway.port")
key=$("$cartgate" key create --tenant bench | json 'v.api_key')
"$cartgate" tenant set-limit bench --rate 100000000 --period-ms 1000 --burst 1000000 > /dev/null
url="http://127.0.0.1:$port/v1/store.list"

measure() {  # measure <label>: wrk from 127.0.0.1 with the API key, p50 and p99 in ms
  local out p50 p99 rps
  out=$("${core1[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "x-api-key: $key" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  printf '%-34s %10s req/s  p50 %8s  p99 %8s\n' "$1" "$rps" "$p50" "$p99" >&2
  echo "$p99"
}
to_ms() { node -e "const t=process.argv[1];const n=parseFloat(t);console.log(t.endsWith('us')?n/1000:t.endsWith('ms')?n:n*1000)" "$1"; }

echo "slowloris: 1,000 connections from 127.0.0.2 trickling heads; wrk from 127.0.0.1"
base=$(measure "store.list, no attack")
"${core1[@]}" nice -n 19 node "$here/slowloris.mjs" 127.0.0.1 "$port" 127.0.0.2 1000 1000 \
  > "$work/attacker.json" &
attacker=$!
pids+=($attacker)
sleep 3  # every attacking connection is open or refused
attacked=$(measure "store.list, under slowloris")
kill -TERM "$attacker"
wait "$attacker" 2> /dev/null || true
echo "attacker: $(cat "$work/attacker.json")"
ratio=$(node -e "console.log(($(to_ms "$attacked")/$(to_ms "$base")).toFixed(2))")
echo "ratio slowloris p99 under attack/baseline: $ratio (goal: at most 1.5)"
