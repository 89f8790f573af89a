#!/usr/bin/env bash
# Peak memory of `walkrun log --format json` (and of the table) over a 50 MB
# journal (target: under 100 MB), measured with /usr/bin/time -v.
# Usage: bench/log-memory.sh [MEGABYTES]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/walkrun

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export WALKRUN_HOME=$home

# Years of sessions: the 27 of Couch to 5K over and over, each played live
# (two progress records, then its final one, as the recorder writes them),
# until the journal holds MEGABYTES.
awk -v limit=$((mb * 1024 * 1024)) 'BEGIN {
  steps = "warmup 5m, 8x(run 1m, walk 1m30s), cooldown 5m"
  for (i = 0; size < limit; i++) {
    w = int((i % 27) / 3) + 1; d = i % 3 + 1
    day = i % 28 + 1; month = int(i / 28) % 12 + 1; year = 2000 + int(i / 336)
    started = sprintf("%04d-%02d-%02dT18:%02d:00+01:00", year, month, day, i % 60)
    common = sprintf("\"v\":1,\"session\":\"bench-%d\",\"plan\":\"Couch to 5K\",\"plan_path\":\"builtin:couch-to-5k\",\"address\":\"W%dD%d\",\"steps\":\"%s\",\"started\":\"%s\",\"run_seconds_planned\":480", i, w, d, steps, started)
    for (p = 1; p <= 2; p++) {
      line = sprintf("{%s,\"kind\":\"progress\",\"seconds_spent\":%d,\"run_seconds_done\":%d,\"segments_completed\":%d,\"segments_skipped\":0,\"longest_run_seconds\":60}", common, 600 * p, 240 * p, 6 * p)
      print line; size += length(line) + 1
    }
    note = (i % 7 == 0) ? ",\"note\":\"hills, then a headwind on the way back\"" : ""
    line = sprintf("{%s,\"kind\":\"final\",\"seconds_spent\":1800,\"run_seconds_done\":480,\"segments_completed\":18,\"segments_skipped\":0,\"longest_run_seconds\":60,\"outcome\":\"done\",\"effort\":%d%s}", common, i % 10 + 1, note)
    print line; size += length(line) + 1
  }
}' > "$home/journal.jsonl"

size=$(stat -c %s "$home/journal.jsonl")
sessions=$(grep -c '"kind":"final"' "$home/journal.jsonl")
echo "journal: $((size / 1024 / 1024)) MB, $sessions sessions, $(wc -l < "$home/journal.jsonl") lines"
for what in "log --format json" "log" "log --chart"; do
  # shellcheck disable=SC2086
  /usr/bin/time -v "$bin" $what > "$home/out" 2> "$home/time" || { cat "$home/time"; exit 1; }
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$home/time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$home/time")
  printf '%-20s peak RSS %6s MB  wall %s  output %d MB\n' "walkrun $what" \
    "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$wall" \
    "$(( $(stat -c %s "$home/out") / 1024 / 1024 ))"
done
