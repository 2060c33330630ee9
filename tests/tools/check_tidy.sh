#!/usr/bin/env bash
# Runs clang-tidy (root .clang-tidy) over the gateway and SDK sources; any finding in our own
# code fails. (The static analyzer also trips over Asio's coroutine internals; findings located
# in system headers are not ours to fix and are left out.)
# usage: check_tidy.sh <source root> <build dir with compile_commands.json>
set -euo pipefail
root=$1 build=$2
cd "$root"
files=$(git ls-files 'gateway/*.cpp' 'connectors/*.cpp' | grep -v 'boost_impl.cpp')
# bugprone-reserved-identifier's rule, by pattern (the check is off in .clang-tidy: matching it
# against every declaration of the Boost headers cost an eighth of the analysis): no name of
# ours begins with an underscore and a capital or holds a double underscore.
reserved=$(git ls-files 'gateway/*.[ch]pp' 'connectors/*.[ch]pp' 'include/*.hpp' |
  xargs grep -nE '(^|[^A-Za-z0-9_])(_[A-Z][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_]*__[A-Za-z0-9_]*|__[a-z][A-Za-z0-9_]*)' |
  grep -vE '^[^:]+:[0-9]+: *(//|\*)' |
  grep -vE '__(VA_ARGS|attribute|builtin_[a-z_]+|FILE|LINE|func|has_include|cplusplus|GNUC|clang|has_feature|linux|x86_64)__?' || true)
if [ -n "$reserved" ]; then
  echo "$reserved"
  echo "clang-tidy: names reserved to the implementation (bugprone-reserved-identifier's rule)"
  exit 1
fi
# The build's compile commands without GCC's precompiled header, which clang cannot load: each
# source is read with the includes it names itself.
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
sed -E 's# -Winvalid-pch -include [^ ]*/cmake_pch\.hxx##g' "$build/compile_commands.json" \
  > "$db/compile_commands.json"
out=$(echo "$files" | xargs -n 4 -P "$(nproc)" clang-tidy -p "$db" --quiet \
        --extra-arg=-Wno-unknown-warning-option 2> /dev/null | grep -E "^$root/(gateway|connectors|include)/.*(warning|error):" | sort -u || true)
if [ -n "$out" ]; then
  echo "$out"
  echo "clang-tidy: $(echo "$out" | wc -l) findings"
  exit 1
fi
echo "clang-tidy: $(echo "$files" | wc -w) files clean"
