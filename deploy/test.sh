#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, builds the gateway and the
# sandbox once in release and once with ASan+UBSan, starts its own redis-server, and runs:
# under the sanitizers, the unit, integration (real Redis, real gateway processes), fuzz-corpus
# and conformance tests (the sandbox stores against the platforms' official clients); from the
# release tree, beside them, schema validation with ajv, the out-of-tree plugin, OpenAPI lint,
# formatting, layering and clang-tidy; then the benchmarks on the release build, on a quiet
# machine (order.list against nginx, webhook ingestion against redis-benchmark XADD, ...).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$CARTGATE_ROOT"

install_deps
install_npm_tools

jobs=$(nproc)
# Line tables are enough for test failures and benchmarks; full debug info costs ~15% of the
# compile time.
# Precompiled headers in both trees (measured on the sanitizer build of cartgate_core: 398 s ->
# 369 s on 2 cores); clang-tidy reads build/ci's compile commands without them.
# The test suites are built and run once, in the sanitizer tree (ASan+UBSan at -O1 catch what
# the release build would, and more); the release tree builds what its checks and the
# benchmarks run. Compiling the suites twice was a third of the release tree's compile time.
CARTGATE_TARGETS="cartgate cartgate-sandbox schema_samples cartgate_plugin_tests" \
  build build/ci RelWithDebInfo -DCARTGATE_WERROR=ON -DCARTGATE_PCH=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
build build/asan RelWithDebInfo -DCARTGATE_WERROR=ON -DCARTGATE_SANITIZE=ON -DCARTGATE_PCH=ON

work=$(mktemp -d /tmp/cartgate-test.XXXXXX)
tidy_pid="" redis_pids=()
trap '[ -n "$tidy_pid" ] && kill "$tidy_pid" 2> /dev/null; kill "${redis_pids[@]}" 2> /dev/null; rm -rf "$work"' EXIT
# One redis-server per build: the release checks and benchmarks never share data with the
# sanitizer tests' gateways.
start_redis "$work/redis"
release_redis="redis://127.0.0.1:$REDIS_PORT/0"
redis_pids+=("$REDIS_PID")
start_redis "$work/redis-asan"
asan_redis="redis://127.0.0.1:$REDIS_PORT/0"
redis_pids+=("$REDIS_PID")

ctest --test-dir build/ci -N > /dev/null

tidy=sources_are_clang_tidy_clean
say "clang-tidy (in the background until the tests are done)"
CARTGATE_TEST_REDIS_URL=$release_redis \
  ctest --test-dir build/ci --output-on-failure -R "^$tidy\$" > "$work/tidy.log" 2>&1 &
tidy_pid=$!

# The integration tests mostly wait on sockets and clocks: the release tree's checks and
# clang-tidy run beside them.
say "tests: AddressSanitizer + UndefinedBehaviorSanitizer build, and the release tree's checks"
(
  export CARTGATE_TEST_REDIS_URL=$release_redis
  ctest --test-dir build/ci --output-on-failure -j "$jobs" -L tools -E "^$tidy\$"
) > "$work/release.log" 2>&1 &
release_pid=$!
(
  export CARTGATE_TEST_REDIS_URL=$asan_redis
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build/asan --output-on-failure -j "$jobs" -L 'unit|integration|fuzz|conformance'
) > "$work/asan.log" 2>&1 &
asan_pid=$!
release_rc=0 asan_rc=0
wait "$release_pid" || release_rc=$?
wait "$asan_pid" || asan_rc=$?
for run in release asan; do
  say "tests ($run)"
  cat "$work/$run.log"
done
[ "$release_rc" -eq 0 ] || die "release checks failed"
[ "$asan_rc" -eq 0 ] || die "tests failed under the sanitizers"
export CARTGATE_TEST_REDIS_URL=$release_redis

say "clang-tidy"
if ! wait "$tidy_pid"; then
  tidy_pid=""
  cat "$work/tidy.log"
  die "clang-tidy found problems"
fi
tidy_pid=""
grep -E "tests passed|clang-tidy:" "$work/tidy.log" || true

say "benchmark (figures, not assertions)"
# Only the figures are shown; a benchmark that cannot measure shows why and fails the run.
if ! ctest --test-dir build/ci --output-on-failure -L bench -V > "$work/bench.log" 2>&1; then
  tail -n 60 "$work/bench.log"
  die "a benchmark could not measure"
fi
grep -E 'order.list|webhook ingestion|e2e |req/s|ratio |slowloris|attacker|hot paths|polls|batch' \
  "$work/bench.log"

say "all tests passed"
