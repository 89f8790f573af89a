#!/usr/bin/env bash
# Time `walkrun log` over a journal of 10,000 entries (target: under 50 ms).
# Usage: bench/log.sh [ENTRIES]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-10000}
runs=15
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/walkrun

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export WALKRUN_HOME=$home

# A journal as years of logging would leave it: the 27 sessions of Couch to 5K
# over and over, one a day, with efforts and an occasional note; every tenth
# session played live (a progress record, then its final one).
awk -v n="$entries" 'BEGIN {
  for (i = 0; i < n; i++) {
    w = int((i % 27) / 3) + 1; d = i % 3 + 1
    day = i % 28 + 1; month = int(i / 28) % 12 + 1; year = 2000 + int(i / 336)
    started = sprintf("%04d-%02d-%02dT18:%02d:00+01:00", year, month, day, i % 60)
    common = sprintf("\"v\":1,\"session\":\"bench-%d\",\"plan\":\"Couch to 5K\",\"plan_path\":\"builtin:couch-to-5k\",\"address\":\"W%dD%d\",\"started\":\"%s\"", i, w, d, started)
    if (i % 10 == 0)
      printf "{%s,\"kind\":\"progress\",\"seconds_spent\":600,\"run_seconds_done\":240,\"segments_completed\":6,\"segments_skipped\":0}\n", common
    note = (i % 7 == 0) ? ",\"note\":\"hills, then a headwind on the way back\"" : ""
    outcome = (i % 13 == 0) ? "partial" : "done"
    printf "{%s,\"kind\":\"final\",\"seconds_spent\":1800,\"run_seconds_done\":480,\"segments_completed\":18,\"segments_skipped\":0,\"outcome\":\"%s\",\"effort\":%d%s}\n", common, outcome, i % 10 + 1, note
  }
}' > "$home/journal.jsonl"
"$bin" use couch-to-5k > /dev/null
lines=$(wc -l < "$home/journal.jsonl")
bytes=$(wc -c < "$home/journal.jsonl")

time_ms() {
  local best=999999 t0 t1 ms
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000 ))
    (( ms < best )) && best=$ms
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

shown=$("$bin" log | wc -l)
echo "journal: $entries entries ($lines lines, $bytes bytes); walkrun log prints $shown lines"
echo "walkrun log                 best of $runs: $(time_ms "$bin" log) ms (target < 50 ms)"
echo "walkrun log --format json   best of $runs: $(time_ms "$bin" log --format json) ms"
echo "walkrun next                best of $runs: $(time_ms "$bin" next) ms"
