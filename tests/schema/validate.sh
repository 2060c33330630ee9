#!/usr/bin/env bash
# Validates C++-produced JSON against schema/v1 with ajv (an independent validator): every
# valid sample must pass, and every deliberately broken sample must be reported invalid (not
# merely make ajv fail), which proves the schemas constrain what they claim to.
# usage: validate.sh <schema_samples binary> <schema dir> <work dir>
set -euo pipefail
samples_bin=$1 schema_dir=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
ajv="$here/../tools/node_modules/.bin/ajv"
[ -x "$ajv" ] || { echo "ajv not installed: run npm ci --prefix tests/tools (deploy/test.sh does)"; exit 1; }

"$samples_bin" "$work"
status=0
for schema in money order customer product cart event; do
  refs=()
  for f in "$schema_dir"/*.json; do [ "$f" = "$schema_dir/$schema.json" ] || refs+=(-r "$f"); done
  run() { "$ajv" validate --spec=draft2020 -c ajv-formats --strict=true --all-errors \
            -s "$schema_dir/$schema.json" "${refs[@]}" -d "$1" 2>&1 || true; }
  out=$(run "$work/valid/$schema-*.json")
  for doc in "$work"/valid/"$schema"-*.json; do
    if ! grep -qF "$doc valid" <<< "$out"; then
      echo "FAIL: $doc should be valid against $schema.json:"; echo "$out"; status=1
    fi
  done
  compgen -G "$work/invalid/$schema-*.json" > /dev/null || continue
  out=$(run "$work/invalid/$schema-*.json")
  for doc in "$work"/invalid/"$schema"-*.json; do
    if ! grep -qF "$doc invalid" <<< "$out"; then
      echo "FAIL: $doc should be reported invalid by $schema.json:"; cat "$doc"; echo; echo "$out"; status=1
    fi
  done
done
# The plugin ABI's messages (schema/abi/v1, generated from the codec's descriptions) against
# what the codec writes: the same rule, valid samples pass and defective ones are reported.
abi_dir="$schema_dir/../abi/v1"
for schema in manifest step_input step_outcome webhook_input webhook_result; do
  run() { "$ajv" validate --spec=draft2020 -c ajv-formats --strict=true --all-errors \
            -s "$abi_dir/$schema.json" -d "$1" 2>&1 || true; }
  for kind in valid invalid; do
    compgen -G "$work/abi/$kind/$schema-*.json" > /dev/null || { echo "FAIL: no $kind $schema samples"; status=1; continue; }
    out=$(run "$work/abi/$kind/$schema-*.json")
    for doc in "$work"/abi/"$kind"/"$schema"-*.json; do
      if ! grep -qF "$doc $kind" <<< "$out"; then
        echo "FAIL: $doc should be $kind against abi/v1/$schema.json:"; cat "$doc"; echo; echo "$out"; status=1
      fi
    done
  done
done
if [ $status -eq 0 ]; then
  echo "schema v1: $(ls "$work"/valid | wc -l) valid and $(ls "$work"/invalid | wc -l) invalid samples behave as expected"
  echo "abi v1: $(ls "$work"/abi/valid | wc -l) valid and $(ls "$work"/abi/invalid | wc -l) invalid messages behave as expected"
fi
exit $status
