#!/usr/bin/env bash
# Starts a sandbox, runs the conformance tests (official platform clients, node --test)
# against it, stops it.  usage: run.sh <cartgate-sandbox binary> <work dir>
set -euo pipefail
sandbox=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
"$sandbox" --state-dir "$work" --seed 7 --hook-destinations any --stores shopify=2,woocommerce=3,bigcommerce=2,magento=1 --time-scale 0.00002 > "$work/sandbox.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null; wait $pid 2> /dev/null || true' EXIT
for _ in $(seq 1 200); do [ -s "$work/manifest.json" ] && break; sleep 0.05; done
[ -s "$work/manifest.json" ] || { cat "$work/sandbox.log"; exit 1; }
SANDBOX_MANIFEST="$work/manifest.json" node --test --test-reporter=spec "$here"/*.test.mjs
