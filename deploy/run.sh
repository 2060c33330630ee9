#!/usr/bin/env bash
# The quick start (README): installs what it needs, builds, starts a private redis-server
# (own port, own data dir, AOF on), the sandbox stores (emulated Shopify, WooCommerce, Magento 2
# and BigCommerce) and the gateway, creates an API key for a demo tenant and prints curls to
# paste. Ctrl-C stops everything. State lives in .run/ (delete it to reset).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$CARTGATE_ROOT"

install_deps
# The default targets: the gateway, the sandbox stores and the connector SDK (no tests).
build build/release Release -DCARTGATE_BUILD_TESTS=OFF
bin="$CARTGATE_ROOT/build/release/gateway/cartgate"
sandbox_bin="$CARTGATE_ROOT/build/release/tests/sandbox/cartgate-sandbox"

state="$CARTGATE_ROOT/.run"
mkdir -p "$state"
if [ ! -s "$state/master.key" ]; then
  (umask 077 && "$bin" master-key generate > "$state/master.key")
  say "generated a master key in .run/master.key (keep it: it decrypts stored credentials)"
fi

gateway_pid="" sandbox_pid=""
cleanup() {
  for pid in $gateway_pid $sandbox_pid; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true; done
  stop_redis
}
trap cleanup EXIT INT TERM
start_redis "$state/redis"

# Same seed, same stores and credentials on every start.
rm -f "$state/sandbox/manifest.json"
# --hook-destinations any: the local gateway is plain HTTP on a high port, which a real
# BigCommerce refuses (hooks need HTTPS on 443); the sandbox lets it deliver here.
"$sandbox_bin" --state-dir "$state/sandbox" --seed 42 --hook-destinations any \
  --stores shopify=2,woocommerce=2,bigcommerce=2,magento=2 2>> "$state/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 1 100); do [ -s "$state/sandbox/manifest.json" ] && break; sleep 0.05; done
[ -s "$state/sandbox/manifest.json" ] || die "the sandbox did not start; see .run/sandbox.log"

export CARTGATE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CARTGATE_SECURITY_MASTER_KEY_FILE="$state/master.key"
export CARTGATE_HTTP_PORT="${CARTGATE_HTTP_PORT:-$(free_port 8080)}"
export CARTGATE_HTTP_PORT_FILE="$state/port"
export CARTGATE_OUTBOUND_CA_FILE="$state/sandbox/tls-cert.pem"  # trust the sandbox's HTTPS
# Development only: the sandbox is on loopback, which the gateway otherwise refuses to call;
# Shopify's and BigCommerce's API hosts are routed to it (store URLs keep their real form);
# Magento is reached over plain http, as OAuth 1.0a allows.
sandbox_https="127.0.0.1:$(node -e "console.log(require('$state/sandbox/manifest.json').https.split(':').pop())")"
export CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST="127.0.0.1/32"
export CARTGATE_OUTBOUND_CONNECT_TO="*.myshopify.com=$sandbox_https,api.bigcommerce.com=$sandbox_https"
export CARTGATE_OUTBOUND_ALLOW_HTTP=1
# The gateway registers each store's webhooks with the sandbox, which delivers them here.
export CARTGATE_EVENTS_PUBLIC_URL="http://127.0.0.1:$CARTGATE_HTTP_PORT"
rm -f "$state/port"
"$bin" serve 2>> "$state/gateway.log" &
gateway_pid=$!
for _ in $(seq 1 100); do [ -s "$state/port" ] && break; sleep 0.05; done
[ -s "$state/port" ] || die "the gateway did not start; see .run/gateway.log"

if [ ! -s "$state/demo.key" ] || ! curl -sf -o /dev/null -H "x-api-key: $(cat "$state/demo.key")" \
     "http://127.0.0.1:$CARTGATE_HTTP_PORT/v1/store.list"; then
  "$bin" key create --tenant demo --name quickstart | sed 's/.*"api_key":"\([^"]*\)".*/\1/' > "$state/demo.key"
fi
key=$(cat "$state/demo.key")
gateway="http://127.0.0.1:$CARTGATE_HTTP_PORT"
node "$CARTGATE_ROOT/deploy/lib/register_sandbox.mjs" "$state/sandbox/manifest.json" "$gateway" "$key" ||
  die "registering the sandbox stores failed; see .run/gateway.log"

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat << EOT

cartgate is running on $gateway  (logs: .run/gateway.log)
API key of tenant "demo": $key

  # orders from every store, merged by creation time, one normalized shape for all platforms
  curl -s -H "Authorization: Bearer $key" "$gateway/v1/order.list?store_id=all&limit=3"

  curl -s -H "Authorization: Bearer $key" "$gateway/v1/store.list"
  curl -s -H "Authorization: Bearer $key" "$gateway/v1/customer.count?store_id=all"

  # every change in every store, as it happens: a feed that waits up to 30 s for the next
  # event; place an order in a sandbox store (second line, another terminal) to see one
  curl -s -H "Authorization: Bearer $key" "$gateway/v1/event.list?wait=30"
  curl -s -X POST -d '{}' $(node -e "const m=require('$state/sandbox/manifest.json');console.log(m.control+'/control/stores/'+m.stores.find((s)=>s.platform==='shopify').id+'/orders')")

  # carts created since the start, from every store; BigCommerce cannot list carts, so its
  # part comes from the carts its webhooks announced (create one with the second line)
  curl -s -H "Authorization: Bearer $key" "$gateway/v1/cart.list?store_id=all&created_from=$started"
  curl -s -X POST -d '{"email":"shopper@example.com"}' $(node -e "const m=require('$state/sandbox/manifest.json');console.log(m.control+'/control/stores/'+m.stores.find((s)=>s.platform==='bigcommerce').id+'/carts')")

The same stores straight from the emulated platform APIs:
EOT
node "$CARTGATE_ROOT/deploy/lib/sandbox_curls.mjs" "$state/sandbox/manifest.json"
echo "Press Ctrl-C to stop."
wait "$gateway_pid"
