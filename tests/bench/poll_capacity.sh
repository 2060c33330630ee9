#!/usr/bin/env bash
# Benchmark: polling capacity. One gateway process (its own Redis) polls N WooCommerce stores
# against an upstream that answers at once (nginx: an empty page for every list), with no
# public URL, so every store's orders and products are due every poll interval. From the order
# polls the upstream logged in a window after the first round: polls made / polls due (per
# store, interval x (polls - 1) / time between its first and last; the goal is >= 0.95 for
# 1,000 and 10,000 stores), how many stores were polled at all, and how late polls started
# past their interval (p50/p99), with the gateway's CPU and RSS.
# Figures, not assertions: it fails only if it cannot measure.
# usage: poll_capacity.sh <cartgate> <work dir> <stores...>  (env: INTERVAL_S, WINDOW_S)
set -euo pipefail
cartgate=$1 work=$2
shift 2
interval_s=${INTERVAL_S:-10} window_s=${WINDOW_S:-25}  # window >= 2 intervals
here=$(cd "$(dirname "$0")" && pwd)
for tool in nginx node curl redis-server redis-cli; do
  command -v "$tool" > /dev/null || { echo "$tool missing"; exit 1; }
done
source "$here/common.sh"

run() {  # run <stores>
  local stores=$1 dir="$work/$1"
  rm -rf "$dir" && mkdir -p "$dir/nginx"
  local static_port gateway_port
  static_port=$(free_port)
  nginx_conf "$dir/nginx" "  log_format uri '\$msec \$request_uri';
  access_log $dir/nginx/access.log uri buffer=256k flush=1s;
  server {
    listen 127.0.0.1:$static_port backlog=4096;
    location ~ ^/s[0-9]+/wp-json/wc/v3/(orders|customers|products)\$ {
      default_type \"application/json; charset=UTF-8\";
      add_header X-WP-Total 0;
      add_header X-WP-TotalPages 0;
      return 200 '[]';
    }
    location / { return 404; }
  }"
  "${core1[@]}" nginx -c "$dir/nginx/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  start_redis "$dir/redis"
  gateway_port=$(free_port)
  CARTGATE_REDIS_URL="redis://127.0.0.1:$redis_port/0" CARTGATE_REDIS_NAMESPACE=bench \
    CARTGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64) \
    CARTGATE_HTTP_PORT=$gateway_port CARTGATE_HTTP_PORT_FILE="$dir/gateway.port" \
    CARTGATE_HTTP_THREADS=1 CARTGATE_LOG_LEVEL=warn \
    CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST=127.0.0.1/32 CARTGATE_OUTBOUND_ALLOW_HTTP=1 \
    CARTGATE_EVENTS_POLL_INTERVAL_MS=$((interval_s * 1000)) \
    CARTGATE_TENANTS_MAX_STORES=$((stores + 10)) \
    "${core0[@]}" "$cartgate" serve 2> "$dir/gateway.log" &
  local gateway_pid=$!
  pids+=($gateway_pid)
  wait_file "$dir/gateway.port"
  local gw="http://127.0.0.1:$gateway_port" key added
  key=$(CARTGATE_REDIS_URL="redis://127.0.0.1:$redis_port/0" CARTGATE_REDIS_NAMESPACE=bench \
    "$cartgate" key create --tenant bench | json 'v.api_key')
  CARTGATE_REDIS_URL="redis://127.0.0.1:$redis_port/0" CARTGATE_REDIS_NAMESPACE=bench \
    "$cartgate" tenant set-limit bench --rate 100000000 --period-ms 1000 --burst 1000000 > /dev/null
  added=$(node "$here/add_stores.mjs" "$gw" "$key" "http://127.0.0.1:$static_port" "$stores" 64)
  [ "$added" = "$stores" ] || { echo "added $added of $stores stores"; tail "$dir/gateway.log"; exit 1; }
  # The first round (every store is due when added) is behind us after one interval.
  sleep "$interval_s"
  local t0 t1 cpu_before cpu_after rss_kb
  t0=$(date +%s.%N)
  cpu_before=$(awk '{print $14 + $15}' "/proc/$gateway_pid/stat")
  sleep "$window_s"
  t1=$(date +%s.%N)
  cpu_after=$(awk '{print $14 + $15}' "/proc/$gateway_pid/stat")
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$gateway_pid/status")
  sleep 1.5  # nginx flushes its log buffer every second
  # Per store, from its order polls in the window: made/due = interval x (polls - 1) / (last -
  # first), 0 for a store polled less than twice; the gaps past the interval are lateness.
  local ratio polled late50 late99
  read -r ratio polled <<< "$(grep 'wc/v3/orders?.*modified_after' "$dir/nginx/access.log" |
    awk -v t0="$t0" -v t1="$t1" -v i="$interval_s" -v n="$stores" -v late="$dir/late.txt" '
      $1 >= t0 && $1 <= t1 { split($2, p, "/"); s = p[2]
        if (s in last) { printf "%d\n", 1000 * ($1 - last[s] - i) > late } else { first[s] = $1 }
        last[s] = $1; count[s]++ }
      END {
        for (s in count) { polled++; if (count[s] > 1) sum += i * (count[s] - 1) / (last[s] - first[s]) }
        printf "%.2f %d", sum / n, polled }')"
  sort -n -o "$dir/late.txt" "$dir/late.txt"
  late50=$(awk '{v[NR] = $1} END {print v[int(NR * 0.5) + 1] + 0}' "$dir/late.txt")
  late99=$(awk '{v[NR] = $1} END {print v[int(NR * 0.99) + 1] + 0}' "$dir/late.txt")
  printf '%-32s made/due %s   stores polled %d   late p50 %d ms p99 %d ms   CPU %s%%   RSS %d MB\n' \
    "polls, $stores stores every ${interval_s}s" "$ratio" "$polled" "$late50" "$late99" \
    "$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$(getconf CLK_TCK)" -v w="$window_s" 'BEGIN {printf "%.0f", 100 * (b - a) / t / w}')" \
    $((rss_kb / 1024))
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  pids=()
}

echo "polling capacity: one gateway process (+ Redis) on core 0, nginx upstream on core 1"
for n in "$@"; do run "$n"; done
