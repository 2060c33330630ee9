#!/usr/bin/env bash
# Fails if any C/C++ source differs from what clang-format (with the root .clang-format) makes of it.
set -euo pipefail
root=$1
cd "$root"
files=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' 2>/dev/null || find gateway connectors include tests -name '*.[ch]pp' -o -name '*.[ch]')
[ -n "$files" ] || { echo "no sources found"; exit 1; }
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "clang-format: $(echo "$files" | wc -w) files clean"
