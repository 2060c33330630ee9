#!/usr/bin/env bash
# Benchmark: the gateway's hot paths against a static upstream, so nothing but the gateway is
# the bottleneck. One core each side: the gateway (http.threads=1) and its own Redis on core 0;
# the upstream nginx and wrk on core 1. The nginx baselines run in the same place, in the same
# run. Prints, as same-run ratios:
#  1. /healthz against nginx `return 200`;
#  2. order.list of a 50-order WooCommerce page (documented shape, rendered once by the sandbox
#     and then served as a file) against nginx proxy_pass of the same upstream page, and the
#     gateway's p99 at half its measured maximum rate (wrk2-style fixed rate is not in Debian, so
#     wrk with fewer connections stands in: see `half_rate`);
#  3. durable ingest of signed WooCommerce order.updated deliveries (verify, parse, dedupe, inbox
#     write; the inbox worker running on the same core) against the gateway's own /healthz.
# Figures, not assertions: it fails only if it cannot measure.
# usage: hot_paths_static.sh <cartgate> <cartgate-sandbox> <work dir> [seconds] [connections]
set -euo pipefail
cartgate=$1 sandbox=$2 work=$3 seconds=${4:-5} connections=${5:-32}
here=$(cd "$(dirname "$0")" && pwd)
for tool in wrk nginx node curl redis-server redis-cli; do
  command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work/static/woo/wp-json/wc/v3" "$work/nginx-static" "$work/nginx-proxy"
source "$here/common.sh"

# ---- the upstream page: 50 WooCommerce orders as the sandbox renders them, then a file --------
"$sandbox" --state-dir "$work/sandbox" --seed 3 --stores woocommerce=1 --orders 60 \
  2> "$work/sandbox.log" &
sandbox_pid=$!
pids+=($sandbox_pid)
wait_file "$work/sandbox/manifest.json"
manifest=$(cat "$work/sandbox/manifest.json")
https_url=$(json 'v.stores[0].https_url' <<< "$manifest")
ck=$(json 'v.stores[0].credentials.consumer_key' <<< "$manifest")
cs=$(json 'v.stores[0].credentials.consumer_secret' <<< "$manifest")
curl -sfk -u "$ck:$cs" -o "$work/static/woo/wp-json/wc/v3/orders.json" \
  "$https_url/wp-json/wc/v3/orders?per_page=50&orderby=date&order=asc"
kill "$sandbox_pid"
page_bytes=$(wc -c < "$work/static/woo/wp-json/wc/v3/orders.json")

static_port=$(free_port)
nginx_conf "$work/nginx-static" "  access_log off;
  server {
    listen 127.0.0.1:$static_port;
    # Every orders query gets the same page, with the headers WordPress sends.
    location = /woo/wp-json/wc/v3/orders {
      default_type \"application/json; charset=UTF-8\";
      add_header X-WP-Total 60;
      add_header X-WP-TotalPages 2;
      alias $work/static/woo/wp-json/wc/v3/orders.json;
    }
    location / { return 404; }
  }"
"${core1[@]}" nginx -c "$work/nginx-static/nginx.conf" -g 'daemon off;' &
pids+=($!)
upstream="http://127.0.0.1:$static_port"

proxy_port=$(free_port)
nginx_conf "$work/nginx-proxy" "  access_log off;
  upstream static { server 127.0.0.1:$static_port; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy_port;
    location = /healthz { return 200; }
    location / {
      proxy_pass http://static;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Authorization \"Basic static\";
    }
  }"
"${core0[@]}" nginx -c "$work/nginx-proxy/nginx.conf" -g 'daemon off;' &
pids+=($!)
for port in "$static_port" "$proxy_port"; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
done

# ---- the gateway and its own Redis, both on core 0 ---------------------------------------------
start_redis "$work/redis"
gateway_port=$(free_port)
export CARTGATE_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export CARTGATE_REDIS_NAMESPACE=bench
export CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export CARTGATE_HTTP_PORT=$gateway_port CARTGATE_HTTP_PORT_FILE="$work/gateway.port"
export CARTGATE_HTTP_THREADS=1
export CARTGATE_EVENTS_PUBLIC_URL="http://127.0.0.1:$gateway_port"
export CARTGATE_LOG_LEVEL=warn
export CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST=127.0.0.1/32 CARTGATE_OUTBOUND_ALLOW_HTTP=1
# One sender, one store, as fast as wrk goes: the ingest limits measure nothing here.
export CARTGATE_INGEST_RATE_PER_IP=1000000 CARTGATE_INGEST_BURST_PER_IP=1000000
export CARTGATE_INGEST_RATE_PER_STORE=1000000 CARTGATE_INGEST_BURST_PER_STORE=1000000
"${core0[@]}" "$cartgate" serve 2> "$work/gateway.log" &
gateway_pid=$!
pids+=($gateway_pid)
wait_file "$work/gateway.port"
gw="http://127.0.0.1:$gateway_port"
key=$("$cartgate" key create --tenant bench | json 'v.api_key')
"$cartgate" tenant set-limit bench --rate 100000000 --period-ms 1000 --burst 1000000 > /dev/null
webhook_secret=static-bench-webhook-secret
store=$(curl -s -H "x-api-key: $key" -H 'content-type: application/json' "$gw/v1/store.add" -d "{
  \"platform\": \"woocommerce\", \"url\": \"$upstream/woo\",
  \"credentials\": {\"consumer_key\": \"$ck\", \"consumer_secret\": \"$cs\",
                    \"webhook_secret\": \"$webhook_secret\"},
  \"settings\": {\"currency\": \"USD\", \"rate_limit_per_second\": \"100000\",
                 \"rate_limit_burst\": \"100000\"}}" | tee "$work/store.json" | json "v.data?.id ?? \"\"")
[ -n "$store" ] || { echo "store.add failed: $(cat "$work/store.json")"; exit 1; }

nginx_list="http://127.0.0.1:$proxy_port/woo/wp-json/wc/v3/orders?per_page=50"
gateway_list="$gw/v1/order.list?store_id=$store&limit=50"
n=$(curl -sf "$nginx_list" | json 'v.length')
[ "$n" = 50 ] || { echo "expected 50 orders from nginx, got $n"; exit 1; }
n=$(curl -sf -H "x-api-key: $key" "$gateway_list" | json 'v.data.length')
[ "$n" = 50 ] || { echo "expected 50 orders from the gateway, got $n"; exit 1; }

# ---- measuring ---------------------------------------------------------------------------------
measure() {  # measure <name> <connections> <url> [wrk args...]: one line, requests/s in <name>.rps
  local name=$1 c=$2 url=$3 out rps p50 p99 errors accepted perf_pid=""
  shift 3
  # CARTGATE_BENCH_PROFILE=<dir>: a call-graph profile of the gateway during each gateway run,
  # read with `perf report -i <dir>/<name>.perf.data --no-children`.
  if [ -n "${CARTGATE_BENCH_PROFILE:-}" ] && [[ $name == gateway* ]]; then
    mkdir -p "$CARTGATE_BENCH_PROFILE"
    perf record -q -e cpu-clock -F 1999 --call-graph dwarf,16384 -p "$gateway_pid" \
      -o "$CARTGATE_BENCH_PROFILE/$name.perf.data" -- sleep "$seconds" 2> /dev/null &
    perf_pid=$!
  fi
  out=$("${core1[@]}" wrk -t1 -c"$c" -d"${seconds}s" --latency "$@" "$url")
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  accepted=$(awk '/^accepted/ {print "   accepted " $2 " of " $4}' <<< "$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-2xx %s%s\n' "$name" "$rps" "$p50" "$p99" \
    "${errors:-0}" "$accepted"
  echo "$rps" > "$work/$name.rps"
}
ratio() { awk -v a="$(cat "$work/$1.rps")" -v b="$(cat "$work/$2.rps")" 'BEGIN {printf "%.2f", a / b}'; }

echo "hot paths, static upstream; gateway + Redis on core 0, nginx upstream + wrk on core 1;" \
  "wrk -t1 -c$connections -d${seconds}s"
measure nginx-return-200 "$connections" "http://127.0.0.1:$proxy_port/healthz"
measure gateway-healthz "$connections" "$gw/healthz"
echo "ratio healthz gateway/nginx (requests/s): $(ratio gateway-healthz nginx-return-200)"

echo "order.list, 50 WooCommerce orders a page ($page_bytes bytes upstream)"
measure nginx-proxy_pass "$connections" "$nginx_list"
measure gateway-order.list "$connections" "$gateway_list" -H "x-api-key: $key"
echo "ratio order.list gateway/nginx (requests/s): $(ratio gateway-order.list nginx-proxy_pass)"
# Half the maximum rate: wrk is closed-loop, so a fixed rate is approximated by connections
# that each wait between requests (a Lua delay), sized to offer half the measured rate.
half=$(awk -v r="$(cat "$work/gateway-order.list.rps")" 'BEGIN {printf "%d", r / 2}')
KEY="$key" RATE="$half" CONNECTIONS=8 measure "gateway-order.list@50%" 8 "$gateway_list" \
  -s "$here/fixed_rate.lua"

# One order of the page as WooCommerce's order.updated payload (the REST shape), signed the way
# WC_Webhook::generate_signature() signs: base64 HMAC-SHA256 of the body with the secret.
node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(JSON.stringify(p[0]))' \
  "$work/static/woo/wp-json/wc/v3/orders.json" > "$work/order.json"
signature=$(node -e "const c=require('crypto');process.stdout.write(c.createHmac('sha256', process.argv[1]).update(require('fs').readFileSync(process.argv[2])).digest('base64'))" "$webhook_secret" "$work/order.json")
echo "webhook ingestion, signed WooCommerce order.updated ($(wc -c < "$work/order.json") B), a new change each"
INGEST_BODY_FILE="$work/order.json" INGEST_SIGNATURE=$signature INGEST_RUN="$RANDOM" \
  INGEST_SOURCE="$upstream/woo/" measure gateway-ingest "$connections" \
  "$gw/v1/ingest/woocommerce/$store" -s "$here/woo_webhook.lua"
echo "ratio ingest/healthz (requests/s): $(ratio gateway-ingest gateway-healthz)"
