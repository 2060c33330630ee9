#!/usr/bin/env bash
# The quick start (README): installs what it needs, builds, starts a private redis-server
# (own port, own data dir, AOF on) and the gateway, creates an API key for a demo tenant and
# prints a curl to paste. Ctrl-C stops everything. State lives in .run/ (delete it to reset).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$CARTGATE_ROOT"

install_deps
build build/release Release -DCARTGATE_BUILD_TESTS=OFF
bin="$CARTGATE_ROOT/build/release/gateway/cartgate"

state="$CARTGATE_ROOT/.run"
mkdir -p "$state"
if [ ! -s "$state/master.key" ]; then
  (umask 077 && "$bin" master-key generate > "$state/master.key")
  say "generated a master key in .run/master.key (keep it: it decrypts stored credentials)"
fi

gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2> /dev/null && wait "$gateway_pid" 2> /dev/null
  stop_redis
}
trap cleanup EXIT INT TERM
start_redis "$state/redis"

export CARTGATE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CARTGATE_SECURITY_MASTER_KEY_FILE="$state/master.key"
export CARTGATE_HTTP_PORT="${CARTGATE_HTTP_PORT:-$(free_port 8080)}"
export CARTGATE_HTTP_PORT_FILE="$state/port"
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

cat << EOT

cartgate is running on http://127.0.0.1:$CARTGATE_HTTP_PORT  (logs: .run/gateway.log)
API key of tenant "demo": $key

  curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$CARTGATE_HTTP_PORT/v1/store.list

Platform connectors and the sandbox stores are not built yet (see README, "Status"), so the
tenant has no stores to show; store.add accepts platforms whose connector is loaded.
Press Ctrl-C to stop.
EOT
wait "$gateway_pid"
