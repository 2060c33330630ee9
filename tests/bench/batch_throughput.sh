#!/usr/bin/env bash
# Benchmark: a batch job's throughput against the rate the store allows. The store is a static
# WooCommerce host (nginx) that enforces its own limit with limit_req (<rate> requests a second,
# a burst of <rate>, 429 beyond: the WAF a WooCommerce host puts in front of wp-json), and the
# store's budget in the gateway is set to the same figures, as a merchant would. One batch of
# 250 stock updates (product.update.batch) runs to the end. From the host's own log: the
# updates it answered per second over the job, as a fraction of its limit (goal >= 0.90), and
# how many it refused with 429 (goal 0). The job's own time is printed beside them.
# Figures, not assertions: it fails only if it cannot measure.
# usage: batch_throughput.sh <cartgate> <work dir> [rate] [operations]
set -euo pipefail
cartgate=$1 work=$2 rate=${3:-20} operations=${4:-250}
here=$(cd "$(dirname "$0")" && pwd)
for tool in nginx node curl redis-server redis-cli; do
  command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }
done
source "$here/common.sh"
rm -rf "$work" && mkdir -p "$work/nginx" "$work/static"

# What the host answers for a product update: a simple product that manages its stock.
cat > "$work/static/product.json" << 'JSON'
{"id":1,"name":"Bench mug","sku":"BENCH-1","type":"simple","status":"publish","price":"10.00","regular_price":"10.00","sale_price":"","on_sale":false,"manage_stock":true,"stock_quantity":7,"date_created_gmt":"2026-01-01T00:00:00","date_modified_gmt":"2026-01-01T00:00:01","variations":[]}
JSON
static_port=$(free_port)
# limit_req runs before the content phase; nginx's static module answers PUT with 405, which
# error_page turns into the product (limit_req counts a request once, not again after that).
nginx_conf "$work/nginx" "  log_format host '\$msec \$status \$request';
  access_log $work/nginx/access.log host buffer=64k flush=1s;
  limit_req_zone \$server_port zone=host:1m rate=${rate}r/s;
  server {
    listen 127.0.0.1:$static_port;
    limit_req zone=host burst=$rate nodelay;
    limit_req_status 429;
    root $work/static;
    location ~ ^/s0/wp-json/wc/v3/products/[0-9]+\$ {
      default_type \"application/json; charset=UTF-8\";
      try_files /product.json =404;
      error_page 405 =200 /product.json;
    }
    location = /product.json { default_type \"application/json; charset=UTF-8\"; }
    location ~ ^/s0/wp-json/wc/v3/(orders|customers|products)\$ {
      default_type \"application/json; charset=UTF-8\";
      add_header X-WP-Total 0;
      add_header X-WP-TotalPages 0;
      return 200 '[]';
    }
    location / { return 404; }
  }"
"${core1[@]}" nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
start_redis "$work/redis"
redis_url="redis://127.0.0.1:$redis_port/0"
CARTGATE_REDIS_URL=$redis_url CARTGATE_REDIS_NAMESPACE=bench \
  CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64) \
  CARTGATE_HTTP_PORT=0 CARTGATE_HTTP_PORT_FILE="$work/gateway.port" \
  CARTGATE_HTTP_THREADS=1 CARTGATE_LOG_LEVEL=warn \
  CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST=127.0.0.1/32 CARTGATE_OUTBOUND_ALLOW_HTTP=1 \
  "${core0[@]}" "$cartgate" serve 2> "$work/gateway.log" &
pids+=($!)
wait_file "$work/gateway.port"
gw="http://$(cat "$work/gateway.port")"
key=$(CARTGATE_REDIS_URL=$redis_url CARTGATE_REDIS_NAMESPACE=bench \
  "$cartgate" key create --tenant bench | json 'v.api_key')
call() {  # call <method> <json body>
  curl -sS -X POST -H "x-api-key: $key" -H 'content-type: application/json' -d "$2" "$gw/v1/$1"
}
store=$(call store.add "{\"platform\":\"woocommerce\",\"url\":\"http://127.0.0.1:$static_port/s0\",
  \"credentials\":{\"consumer_key\":\"ck_$(printf '%040d' 0)\",\"consumer_secret\":\"cs_$(printf '%040d' 0)\"},
  \"settings\":{\"currency\":\"USD\",\"rate_limit_per_second\":\"$rate\",\"rate_limit_burst\":\"$rate\"}}" |
  json 'v.data.id')
# The store's first polls (due when it is added) go before the job starts.
sleep 2
batch=$(node -e "const ops=[];for(let i=1;i<=$operations;i++)ops.push({store_id:'$store',id:String(i),stock_quantity:i});console.log(JSON.stringify({operations:ops}))")
t0=$(date +%s.%N)
job=$(call product.update.batch "$batch" | json 'v.data.id')
status=queued
for _ in $(seq 1 1200); do
  status=$(call job.info "{\"id\":\"$job\"}" | json '`${v.data.status} ${v.data.succeeded} ${v.data.failed}`')
  [ "${status%% *}" = done ] && break
  sleep 0.1
done
t1=$(date +%s.%N)
[ "${status%% *}" = done ] || { echo "job not done: $status"; tail "$work/gateway.log"; exit 1; }
sleep 1.5  # nginx flushes its log every second
read -r ok refused first last <<< "$(awk '$3 == "PUT" && $4 ~ /products\/[0-9]+([?]|$)/ {
    if ($2 == 200) { ok++; if (!first) first = $1; last = $1 } else if ($2 == 429) refused++ }
  END { printf "%d %d %s %s", ok, refused, first, last }' "$work/nginx/access.log")"
[ "$ok" -gt 1 ] || { echo "the host saw $ok updates"; exit 1; }
printf '%-32s %s updates, host limit %s/s: %.1f/s = %.2f of the limit (goal >= 0.90), 429s %d (goal 0), job %.1f s, result %s\n' \
  "batch, product.update.batch" "$ok" "$rate" \
  "$(awk -v n="$ok" -v a="$first" -v b="$last" 'BEGIN {print (n - 1) / (b - a)}')" \
  "$(awk -v n="$ok" -v a="$first" -v b="$last" -v r="$rate" 'BEGIN {print (n - 1) / (b - a) / r}')" \
  "$refused" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" "${status#* }"
