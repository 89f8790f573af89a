#!/usr/bin/env bash
# Hostile input: how long walkrun takes, and how much memory, to refuse steps
# that nest tens of thousands deep, expand to billions of segments, or are
# 10 MB of noise, and to load the largest plan its limits allow.
# Target: each refusal within milliseconds and a few MB (peak RSS of the whole
# process, as /usr/bin/time -v reports it).
# Usage: bench/input.sh   (builds the release binary first; needs GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$(realpath "${CARGO_TARGET_DIR:-target}/release/walkrun")
[ -x /usr/bin/time ] || { echo "bench/input.sh needs GNU time (apt-get install time)" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export WALKRUN_HOME=$dir
cd "$dir"

# One steps string a file, so that no argument list limit gets in the way.
python3 - <<'EOF'
def plan(name, steps):
    open(name, "w").write(
        'name = "bench"\n\n[[week]]\n[[week.session]]\nday = "tue"\nsteps = "%s"\n' % steps)
plan("deep.toml", "1x(" * 30000 + "run 1s" + ")" * 30000)
plan("huge.toml", "200x(200x(200x(200x(run 1s))))")
plan("deep8.toml", "2x(" * 8 + "run 1s" + ")" * 8)
plan("noise.toml", "walk " + "9" * 10_000_000)
plan("many.toml", ", ".join(["run 1s"] * 200_000))
plan("largest.toml", "24x(100x(run 1s, walk 2s)), 100x(run 3s, walk 3s)")
open("deep.txt", "w").write("1x(" * 30000 + "run 1s")
EOF

measure() {
  local what=$1; shift
  local log
  log=$(mktemp)
  local best=999999 t0 t1 us
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    us=$(( (t1 - t0) / 1000 ))
    (( us < best )) && best=$us
  done
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || true
  local rss code msg
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  code=$(awk -F': ' '/Exit status/ {print $2}' "$log")
  msg=$("$@" 2>&1 >/dev/null | head -c 150 || true)
  printf '%-44s best of 5 %6d.%03d ms  peak RSS %6d KB  exit %s\n    %s\n' \
    "$what" $((best / 1000)) $((best % 1000)) "$rss" "$code" "$msg"
  rm -f "$log"
}

echo "walkrun $(git -C "$OLDPWD" rev-parse --short HEAD 2>/dev/null || echo '?'), release build"
measure "check: 30,000 nested 1x(" "$bin" check deep.toml
measure "render --steps: 30,000 nested 1x(" "$bin" render --steps "$(cat deep.txt)" -o out.wav
measure "check: 200x(200x(200x(200x(run 1s))))" "$bin" check huge.toml
measure "check: 10 MB duration" "$bin" check noise.toml
measure "check: 200,000 segments in a row" "$bin" check many.toml
measure "check: 2x( nested 8 deep (256 s, allowed)" "$bin" check deep8.toml
measure "show: 5,000 segments (the limit, allowed)" "$bin" show largest.toml
