#!/usr/bin/env bash
# Digests of what zoneprofile writes for the seeds and the other-zones set: the extract outputs
# (CSV, JSONL), the template context (JSON) and the PDF and HTML of the brief, with SOURCE_DATE_EPOCH
# set. Run it before and after a change that must not change behaviour, and diff the two listings:
#
#   bash scripts/output_digest.sh > /tmp/before.txt   # on the old commit
#   bash scripts/output_digest.sh > /tmp/after.txt    # on the new one
#   diff /tmp/before.txt /tmp/after.txt && echo identical
set -euo pipefail
cd "$(dirname "$0")/.."
zp=${ZONEPROFILE:-.venv/bin/zoneprofile}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1700000000
run() {  # name corpus profiles [zones]
  local name=$1 corpus=$2 profiles=$3 zones=${4:-}
  "$zp" -q extract "$corpus" --profiles "$profiles" --no-cache -o "$out/$name.csv"
  "$zp" -q extract "$corpus" --profiles "$profiles" --no-cache -o "$out/$name.jsonl"
  "$zp" -q brief "$corpus" --profiles "$profiles" --no-cache ${zones:+--zones "$zones"} \
    -o "$out/$name.pdf" --html "$out/$name.html" --context-json "$out/$name.json"
}
run seeds seeds profiles
run other tests/other_zones/texts tests/other_zones/profiles
run other-pair tests/other_zones/texts tests/other_zones/profiles suzhou-hi-tech-zone,jiangyin-lingang-new-town
cd "$out" && sha256sum -- *
