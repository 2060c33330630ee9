#!/usr/bin/env bash
# Fails when an include runs from a lower layer of gateway/ up to a higher one, when a folder of
# gateway/ has no layer, when connectors/ or include/ include anything of gateway/, or when the
# sandbox stores include more of gateway/ than the HTTP server they link (cartgate_http). The
# layers are the table between the "layers" markers of docs/architecture.md, so the rule and
# its documentation cannot drift apart.
# usage: check_layers.sh <source root>
set -euo pipefail
root=$1
cd "$root"

declare -A layer
while IFS='|' read -r _ rank folders _; do
  rank=${rank//[[:space:]]/}
  [[ $rank =~ ^[0-9]+$ ]] || continue
  for folder in $(tr -d '`,' <<< "$folders"); do layer[$folder]=$rank; done
done < <(sed -n '/<!-- layers:/,/<!-- end of layers -->/p' docs/architecture.md)
[ ${#layer[@]} -gt 0 ] || { echo "no layer table in docs/architecture.md"; exit 1; }

failures=0
fail() {
  echo "$1"
  failures=$((failures + 1))
}

for dir in gateway/*/; do
  folder=$(basename "$dir")
  [ -n "${layer[$folder]:-}" ] || fail "gateway/$folder/ has no layer in docs/architecture.md"
done

# gateway/<folder>/...: every quoted include "<other>/..." must name the same folder or a lower layer.
while IFS=: read -r file line text; do
  folder=${file#gateway/}
  folder=${folder%%/*}
  target=$(sed -E 's/^#include "([^/"]+)\/.*/\1/' <<< "$text")
  [ "$target" != "$text" ] || continue  # an include without a folder: the file's own
  from=${layer[$folder]:-}
  to=${layer[$target]:-}
  [ -n "$from" ] && [ -n "$to" ] || continue  # reported above, or not a folder of gateway/
  if [ "$target" != "$folder" ] && [ "$to" -ge "$from" ]; then
    fail "$file:$line: includes $target/ (layer $to) from $folder/ (layer $from)"
  fi
done < <(grep -rnE '^#include "' gateway/*/ --include='*.cpp' --include='*.hpp' --include='*.h')

# The SDK and the connectors build without the gateway: no include of theirs resolves there.
while IFS=: read -r file line text; do
  path=$(sed -E 's/^#include "([^"]+)".*/\1/' <<< "$text")
  if [ -e "gateway/$path" ] && [ ! -e "$(dirname "$file")/$path" ]; then
    fail "$file:$line: includes gateway/$path"
  fi
done < <(grep -rnE '^#include "' connectors include --include='*.cpp' --include='*.hpp' --include='*.h' || true)

# The sandbox stores link only cartgate_http (gateway/CMakeLists.txt) and the SDK: of gateway/
# they include the HTTP server, logging and small helpers, nothing else.
while IFS=: read -r file line text; do
  target=$(sed -E 's/^#include "([^/"]+)\/.*/\1/' <<< "$text")
  [ "$target" != "$text" ] && [ -d "gateway/$target" ] || continue
  case $target in
    http | log | util) ;;
    *) fail "$file:$line: the sandbox includes gateway/$target/ (it links only cartgate_http)" ;;
  esac
done < <(grep -rnE '^#include "' tests/sandbox --include='*.cpp' --include='*.hpp' || true)

if [ "$failures" -gt 0 ]; then
  echo "$failures include(s) against the layers of docs/architecture.md"
  exit 1
fi
echo "layers: every include of gateway/ runs down (${#layer[@]} folders placed)"
