#!/usr/bin/env bash
# Benchmark: webhook ingestion. In one run, on one machine:
#  1. end to end: orders created in a sandbox Shopify store at a fixed moderate rate; the store
#     sends its orders/create webhooks to the gateway, which verifies, enqueues, enriches (a
#     GraphQL read), writes the event and delivers it, signed, to a local subscriber that
#     verifies it with the `standardwebhooks` library. p50/p99 from change to verified delivery.
#  2. throughput: wrk posts signed Shopify order webhooks (a new delivery id each) at full
#     speed; every one answered "accepted" was durably enqueued in Redis (Lua: SET NX + XADD).
#     Baseline: redis-benchmark XADD of a payload of the same size with the same concurrency.
#     Prints deliveries/s, p50/p99 ingest latency and the ratio gateway/XADD.
# Figures, not assertions: it fails only if it cannot measure.
# usage: ingest_vs_redis_xadd.sh <cartgate> <cartgate-sandbox> <work dir> [seconds] [connections]
set -euo pipefail
cartgate=$1 sandbox=$2 work=$3 seconds=${4:-5} connections=${5:-32}
here=$(cd "$(dirname "$0")" && pwd)
: "${CARTGATE_TEST_REDIS_URL:?run through deploy/test.sh (it starts Redis)}"
for tool in wrk redis-benchmark redis-cli node curl; do
  command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  # The run's keys (tens of thousands of inbox entries) leave the shared Redis with it.
  if [ -n "${CARTGATE_REDIS_NAMESPACE:-}" ]; then
    redis-cli -u "$CARTGATE_TEST_REDIS_URL" --scan --pattern "$CARTGATE_REDIS_NAMESPACE:*" |
      xargs -r -n 500 redis-cli -u "$CARTGATE_TEST_REDIS_URL" UNLINK > /dev/null || true
  fi
}
trap cleanup EXIT
json() { node -e "const v=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_file() { for _ in $(seq 1 200); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "no $1"; exit 1; }
post() { curl -sf -H "x-api-key: $key" -H 'content-type: application/json' "$gw/v1/$1" -d "$2"; }

"$sandbox" --state-dir "$work/sandbox" --seed 5 --stores shopify=1 --orders 20 --customers 5 \
  --products 5 --carts 0 2> "$work/sandbox.log" &
pids+=($!)
wait_file "$work/sandbox/manifest.json"
manifest=$(cat "$work/sandbox/manifest.json")
control=$(json 'v.control' <<< "$manifest")
shop=$(json 'v.stores[0].id' <<< "$manifest")
https_port=$(json 'v.https.split(":").pop()' <<< "$manifest")
access_token=$(json 'v.stores[0].credentials.access_token' <<< "$manifest")
api_secret=$(json 'v.stores[0].credentials.api_secret' <<< "$manifest")
# A Shopify Plus-sized cost bucket (1000 points/s), so the end-to-end rate is not throttled.
curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"bucket_size":"20000","restore_rate":"1000"}' "$control/control/stores/$shop/settings"

node "$here/../events/subscriber.mjs" "$work/subscriber.port" &
pids+=($!)
wait_file "$work/subscriber.port"
subscriber="http://127.0.0.1:$(cat "$work/subscriber.port")"

port=$(free_port)
export CARTGATE_REDIS_URL=$CARTGATE_TEST_REDIS_URL
export CARTGATE_REDIS_NAMESPACE="bench$RANDOM$RANDOM"
export CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export CARTGATE_HTTP_PORT=$port CARTGATE_HTTP_PORT_FILE="$work/gateway.port" CARTGATE_HTTP_THREADS=2
export CARTGATE_EVENTS_PUBLIC_URL="http://127.0.0.1:$port"
# The sandbox and the subscriber are on loopback; Shopify's host is routed to the sandbox.
export CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST=127.0.0.1/32
export CARTGATE_OUTBOUND_CONNECT_TO="*.myshopify.com=127.0.0.1:$https_port"
export CARTGATE_OUTBOUND_CA_FILE="$work/sandbox/tls-cert.pem"
export CARTGATE_LOG_LEVEL=warn
# One sender, one store, as fast as wrk goes: the ingest limits measure nothing here.
export CARTGATE_INGEST_RATE_PER_IP=1000000 CARTGATE_INGEST_BURST_PER_IP=1000000
export CARTGATE_INGEST_RATE_PER_STORE=1000000 CARTGATE_INGEST_BURST_PER_STORE=1000000
"$cartgate" serve 2> "$work/gateway.log" &
pids+=($!)
wait_file "$work/gateway.port"
gw="http://127.0.0.1:$port"
key=$("$cartgate" key create --tenant bench | json 'v.api_key')
"$cartgate" tenant set-limit bench --rate 100000000 --period-ms 1000 --burst 1000000 > /dev/null
secret=$(post webhook.create "{\"url\": \"$subscriber\", \"event_types\": \"order.add\"}" | json 'v.data.secret')
curl -sf -o /dev/null -X POST "$subscriber/control/config" -d "{\"secret\": \"$secret\"}"
store=$(post store.add "{\"platform\": \"shopify\", \"shop\": \"$shop\",
  \"credentials\": {\"access_token\": \"$access_token\", \"api_secret\": \"$api_secret\"},
  \"settings\": {\"rate_limit_per_second\": \"1000\", \"rate_limit_burst\": \"20000\"}}" |
  json 'v.data.id')
# The gateway registers the store's eight webhook topics on its first poll run.
registered=0
for _ in $(seq 1 100); do
  registered=$(curl -sf "$control/control/stores/$shop/subscriptions" |
    json 'v.filter((s) => s.status === "active").length')
  [ "$registered" = 8 ] && break
  sleep 0.1
done
[ "$registered" = 8 ] || { echo "webhooks not registered ($registered)"; exit 1; }
sleep 1  # the first poll marks where history ends

echo "webhook ingestion; one Shopify sandbox store; gateway with 2 HTTP threads"
node "$here/order_changes_e2e.mjs" "$control" "$shop" "$subscriber" 20 10

# A REST-shaped orders/updated payload of realistic size, for an order the store does not have
# (its enrichment finds nothing, so the inbox worker does not flood the subscriber).
node -e '
const money = (a) => ({ shop_money: { amount: a, currency_code: "USD" },
                        presentment_money: { amount: a, currency_code: "USD" } });
const address = { first_name: "Mei", last_name: "Tanaka", address1: "1 Main St", city: "Springfield",
                  zip: "12345", country_code: "US", province_code: "IL", phone: "+15555550123" };
const line = (i) => ({ id: 100 + i, product_id: 7000 + i, variant_id: 8000 + i, sku: "SKU-" + i,
  title: "Product " + i, quantity: 1 + (i % 3), price: "19.99", price_set: money("19.99"),
  total_discount: "0.00", tax_lines: [{ title: "State tax", rate: 0.0625, price: "1.25" }] });
const order = { id: 999999001, admin_graphql_api_id: "gid://shopify/Order/999999001",
  name: "#9001", email: "mei@example.com", created_at: "2026-11-24T10:00:00Z",
  updated_at: "2026-11-24T10:05:00Z", currency: "USD", financial_status: "paid",
  total_price: "63.72", subtotal_price: "59.97", total_tax: "3.75",
  total_price_set: money("63.72"), billing_address: address, shipping_address: address,
  customer: { id: 7210000000002, email: "mei@example.com", first_name: "Mei", last_name: "Tanaka" },
  line_items: [0, 1, 2].map(line) };
process.stdout.write(JSON.stringify(order));' > "$work/order.json"
hmac=$(node -e "const c=require('crypto');process.stdout.write(c.createHmac('sha256', process.argv[1]).update(require('fs').readFileSync(process.argv[2])).digest('base64'))" "$api_secret" "$work/order.json")
size=$(wc -c < "$work/order.json")

out=$(INGEST_BODY_FILE="$work/order.json" INGEST_HMAC=$hmac INGEST_RUN="$RANDOM$RANDOM" \
  INGEST_SHOP_DOMAIN="$shop.myshopify.com" \
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/shopify_webhook.lua" \
  "$gw/v1/ingest/shopify/$store")
rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
accepted=$(awk '/^accepted/ {print $2 " of " $4}' <<< "$out")
[ -n "$rps" ] || { echo "$out"; exit 1; }
printf '%-34s %10s req/s   p50 %8s   p99 %8s   accepted %s\n' \
  "gateway ingest (${size} B body)" "$rps" "$p50" "$p99" "$accepted"

# The baseline: XADD of a payload of the same size, same concurrency, against the same Redis.
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname)' "$CARTGATE_TEST_REDIS_URL")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$CARTGATE_TEST_REDIS_URL")
xadd=$(redis-benchmark -h "$redis_host" -p "$redis_port" -c "$connections" -n 200000 -q \
  XADD "$CARTGATE_REDIS_NAMESPACE:xadd" MAXLEN '~' 20000 '*' p "$(cat "$work/order.json")" | tr '\r' '\n' | tail -1)
xadd_rps=$(grep -oE '[0-9.]+ requests per second' <<< "$xadd" | awk '{print $1}')
xadd_p50=$(grep -oE 'p50=[0-9.]+' <<< "$xadd" | sed 's/^p50=/0/; s/^00/0/' || true)
[ -n "$xadd_rps" ] || { echo "redis-benchmark: $xadd"; exit 1; }
printf '%-34s %10s req/s   p50 %6sms\n' "redis-benchmark XADD (${size} B)" "$xadd_rps" "${xadd_p50:-?}"
ratio=$(awk -v g="$rps" -v r="$xadd_rps" 'BEGIN {printf "%.2f", g / r}')
echo "ratio gateway ingest/XADD (deliveries/s): $ratio"
