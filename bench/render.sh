#!/bin/sh
# Benchmark: render a 60-minute session to WAV with the release binary and
# print the wall time and peak memory. Targets (issue 5): under 1 s and
# under 50 MB. The file (about 320 MB at 44100 Hz mono) is written, synced
# and renamed exactly as `walkrun render` always does.
#
# Usage: bench/render.sh [extra render flags, e.g. --rate 48000 --channels 2]
set -eu

cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/walkrun
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

steps="warmup 5m, 20x(run 90s, walk 1m), cooldown 5m"   # 60 minutes
for i in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" render --steps "$steps" -o "$out/s.wav" "$@" >/dev/null
    read -r wall user sys rss_kb <"$out/time"
    echo "run $i: 60-minute session, $(stat -c %s "$out/s.wav") bytes: wall ${wall} s (user ${user} s, system ${sys} s), peak RSS $((rss_kb / 1024)) MB"
done
