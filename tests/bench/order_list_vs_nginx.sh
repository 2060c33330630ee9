#!/usr/bin/env bash
# Benchmark: order.list (50 orders a page) through the gateway against the same upstream
# request through nginx's proxy_pass (Debian's nginx), both driven by wrk in the same run on
# the same machine. The upstream is one sandbox Magento store; nginx forwards a fixed request
# with a static Bearer token, the gateway authenticates the caller, charges both rate limits
# in Redis, signs, calls, maps to schema v1 and seals a cursor. Prints requests/s, p50/p99
# and the ratio gateway/nginx. Figures, not assertions: it fails only if it cannot measure.
# usage: order_list_vs_nginx.sh <cartgate> <cartgate-sandbox> <work dir> [seconds] [connections]
set -euo pipefail
cartgate=$1 sandbox=$2 work=$3 seconds=${4:-5} connections=${5:-16}
: "${CARTGATE_TEST_REDIS_URL:?run through deploy/test.sh (it starts Redis)}"
for tool in wrk nginx node curl; do command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }; done
rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT
json() { node -e "const v=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

"$sandbox" --state-dir "$work/sandbox" --seed 3 --stores magento=1 --orders 500 2> "$work/sandbox.log" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/sandbox/manifest.json" ] && break; sleep 0.05; done
manifest=$(cat "$work/sandbox/manifest.json")
store_url=$(json 'v.stores[0].url' <<< "$manifest")
control=$(json 'v.control' <<< "$manifest")
upstream=$(json 'v.http' <<< "$manifest")
store_path=${store_url#"$upstream"}
creds=$(json 'JSON.stringify(v.stores[0].credentials)' <<< "$manifest")
token=$(json 'v.access_token' <<< "$creds")
# The integration token as a Bearer token (Magento's setting), so nginx can replay one header.
curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"integration_as_bearer":"true"}' "$control/control/stores/mage-1/settings"

export CARTGATE_REDIS_URL=$CARTGATE_TEST_REDIS_URL
export CARTGATE_REDIS_NAMESPACE="bench$RANDOM$RANDOM"
export CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export CARTGATE_HTTP_PORT=0 CARTGATE_HTTP_PORT_FILE="$work/gateway.port" CARTGATE_HTTP_THREADS=2
export CARTGATE_LOG_LEVEL=warn
export CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST=127.0.0.1/32 CARTGATE_OUTBOUND_ALLOW_HTTP=1
"$cartgate" serve 2> "$work/gateway.log" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/gateway.port" ] && break; sleep 0.05; done
gw="http://$(cat "$work/gateway.port")"
key=$("$cartgate" key create --tenant bench | json 'v.api_key')
"$cartgate" tenant set-limit bench --rate 100000000 --period-ms 1000 --burst 1000000 > /dev/null
store=$(curl -sf -H "x-api-key: $key" -H 'content-type: application/json' "$gw/v1/store.add" -d "{
  \"platform\": \"magento\", \"url\": \"$store_url\",
  \"credentials\": $(json 'JSON.stringify({consumer_key:v.consumer_key,consumer_secret:v.consumer_secret,access_token:v.access_token,access_token_secret:v.access_token_secret})' <<< "$creds"),
  \"settings\": {\"auth\": \"bearer\", \"rate_limit_per_second\": \"100000\", \"rate_limit_burst\": \"100000\"}}" |
  json 'v.data.id')

nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" << NGINX
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  upstream sandbox { server ${upstream#http://}; keepalive 32; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer $token";
    }
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.05; done

# The same upstream request the gateway makes for order.list?limit=50.
nginx_url="http://127.0.0.1:$nginx_port$store_path/rest/V1/orders?searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=created_at&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2030-01-01%2000%3A00%3A00&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=lteq&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=entity_id&searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC&searchCriteria%5BpageSize%5D=50&searchCriteria%5BcurrentPage%5D=1"
gateway_url="$gw/v1/order.list?store_id=$store&limit=50"
for url in "$nginx_url" "$gateway_url"; do  # both must return 50 orders
  n=$(curl -sf -H "x-api-key: $key" "$url" | json '(v.items ?? v.data).length')
  [ "$n" = 50 ] || { echo "expected 50 orders from $url, got $n"; exit 1; }
done

measure() {  # measure <name> <url> [header]
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency ${3:+-H "$3"} "$2")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
  echo "$rps" > "$work/$1.rps"
}
echo "order.list, 50 orders a page; wrk -t2 -c$connections -d${seconds}s; one Magento sandbox store"
measure nginx-proxy_pass "$nginx_url"
measure gateway "$gateway_url" "x-api-key: $key"
ratio=$(awk -v g="$(cat "$work/gateway.rps")" -v n="$(cat "$work/nginx-proxy_pass.rps")" 'BEGIN {printf "%.2f", g / n}')
echo "ratio gateway/nginx (requests/s): $ratio"
