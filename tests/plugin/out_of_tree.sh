#!/usr/bin/env bash
# Installs cartgate's headers and SDK into a scratch prefix, builds tests/plugin as a separate
# CMake project against that prefix (as a third party would), and loads the result through the
# same ABI tests as the in-tree build.
# usage: out_of_tree.sh <cartgate build dir> <work dir> <cartgate_plugin_tests binary>
set -euo pipefail
build=$1 work=$2 tests_bin=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work.install.log" 2>&1 || { cat "$work.install.log"; exit 1; }
# The installed tree holds only the public headers and the SDK: nothing from gateway/.
if [ -e "$work/prefix/include/cartgate/../gateway" ] || [ ! -f "$work/prefix/include/cartgate/connector.hpp" ]; then
  echo "installed headers are wrong"; exit 1
fi
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > "$work.configure.log" 2>&1 || { cat "$work.configure.log"; exit 1; }
cmake --build "$work/build" > "$work.build.log" 2>&1 || { cat "$work.build.log"; exit 1; }
plugin="$work/build/example_connector.so"
# Only the entry point may be exported.
exported=$(nm -D --defined-only "$plugin" | awk '$2 ~ /^[TDBRVWuiV]$/ {print $3}' \
  | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$' || true)
if [ "$exported" != "cartgate_plugin_entry_v1" ]; then
  echo "plugin exports more than its entry point:"; echo "$exported" | head -20; exit 1
fi
CARTGATE_PLUGIN_UNDER_TEST="$plugin" "$tests_bin" --gtest_filter='PluginTest.*'
