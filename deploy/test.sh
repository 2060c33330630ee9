#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, builds once in release and once
# with ASan+UBSan, starts its own redis-server, and runs every test under both builds:
# unit, integration (real Redis, real gateway processes), conformance of the sandbox stores
# with the platforms' official clients, schema validation with ajv, the out-of-tree plugin,
# OpenAPI lint, formatting, clang-tidy and the fuzz corpora; then the benchmarks (order.list
# against nginx, webhook ingestion against redis-benchmark XADD).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$CARTGATE_ROOT"

install_deps
install_npm_tools

jobs=$(nproc)
# Line tables are enough for test failures and benchmarks; full debug info costs ~15% of the
# compile time.
build build/ci RelWithDebInfo -DCARTGATE_WERROR=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
build build/asan RelWithDebInfo -DCARTGATE_WERROR=ON -DCARTGATE_SANITIZE=ON

work=$(mktemp -d /tmp/cartgate-test.XXXXXX)
trap 'stop_redis; rm -rf "$work"' EXIT
start_redis "$work/redis"
export CARTGATE_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

say "tests (release build)"
ctest --test-dir build/ci --output-on-failure -j "$jobs" -LE bench

say "benchmark (figures, not assertions)"
# Only the figures are shown; a benchmark that cannot measure shows why and fails the run.
if ! ctest --test-dir build/ci --output-on-failure -L bench -V > "$work/bench.log" 2>&1; then
  tail -n 60 "$work/bench.log"
  die "a benchmark could not measure"
fi
grep -E 'order.list|webhook ingestion|e2e |req/s|ratio |slowloris|attacker|hot paths|polls' \
  "$work/bench.log"

say "tests under AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/asan --output-on-failure -j "$jobs" -L 'unit|integration|fuzz|conformance'

say "all tests passed"
