#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, builds once in release and once
# with ASan+UBSan, starts its own redis-servers (one per build), and runs every test under both
# builds side by side (the benchmarks last, on a quiet machine):
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
# Precompiled headers in both trees (measured on the sanitizer build of cartgate_core: 398 s ->
# 369 s on 2 cores); clang-tidy reads build/ci's compile commands without them.
build build/ci RelWithDebInfo -DCARTGATE_WERROR=ON -DCARTGATE_PCH=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
build build/asan RelWithDebInfo -DCARTGATE_WERROR=ON -DCARTGATE_SANITIZE=ON -DCARTGATE_PCH=ON

work=$(mktemp -d /tmp/cartgate-test.XXXXXX)
tidy_pid="" redis_pids=()
trap '[ -n "$tidy_pid" ] && kill "$tidy_pid" 2> /dev/null; kill "${redis_pids[@]}" 2> /dev/null; rm -rf "$work"' EXIT
# One redis-server per build: the two test runs below share the machine, not their data (a
# batch job queued by one run's gateway must never be taken by the other's).
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

# The integration tests mostly wait on sockets and clocks, so the release and the sanitizer
# runs go side by side: together they take about the time of the sanitizer run alone.
say "tests: release build and AddressSanitizer + UndefinedBehaviorSanitizer build, side by side"
(
  export CARTGATE_TEST_REDIS_URL=$release_redis
  ctest --test-dir build/ci --output-on-failure -j "$jobs" -LE bench -E "^$tidy\$"
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
  say "tests ($run build)"
  cat "$work/$run.log"
done
[ "$release_rc" -eq 0 ] || die "tests failed (release build)"
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
