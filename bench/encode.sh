#!/bin/sh
# Benchmark (issue 14): a 30-minute session (Couch to 5K W1D1, voice only) to
# MP3 and to Ogg Opus with the release binary, side by side with the two-step
# way (render the WAV, then `ffmpeg -i s.wav -b:a 64k s.mp3`). Target: under
# 5 s for each on a 2-core machine. Prints wall and CPU seconds, the size,
# and the largest cue onset error after decoding with ffmpeg, against the
# WAV. With --music it also times the same session with a 30-minute noise
# "music" file under it (every frame is then coded).
#
# Usage: bench/encode.sh [--music]
set -eu

cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/walkrun
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export WALKRUN_HOME="$out/home"

timed() { # label, command...
    label=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$out/time" "$@" >/dev/null 2>"$out/err" || {
        cat "$out/err"
        exit 1
    }
    read -r wall user sys <"$out/time"
    printf '%-34s wall %5.2f s  cpu %5.2f s' "$label" "$wall" "$(echo "$user + $sys" | bc)"
}

size() { printf '  %6.1f MB\n' "$(echo "scale=2; $(stat -c %s "$1") / 1000000" | bc)"; }

# Where sound starts after 20 ms of silence, in ms, one a line: minutes 5
# to 10 of the decoded file (runs, walks and countdowns).
onsets() {
    ffmpeg -v error -i "$1" -af atrim=start=299.5:end=599.5 -f f32le -ac 1 -ar 44100 - | python3 -c '
import sys, struct, math
d = sys.stdin.buffer.read()
x = struct.unpack("<%df" % (len(d) // 4), d)
ms, e, quiet = 44, 0.0, 10**9
th = 0.005 * 0.005 * ms
for i, s in enumerate(x):
    e += s * s
    if i >= ms: e -= x[i - ms] * x[i - ms]
    if e > th:
        if quiet >= 20 * ms: print("%.3f" % (i / 44.1))
        quiet = 0
    else: quiet += 1
'
}

worst() { # reference onsets, decoded onsets
    paste "$1" "$2" | awk 'NF == 2 { d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d } END { printf "  worst onset error %.2f ms (%d onsets)\n", m, NR }'
}

for i in 1 2 3; do
    echo "run $i"
    timed "walkrun render -o s.mp3" "$bin" render couch-to-5k --session W1D1 -o "$out/s.mp3"
    size "$out/s.mp3"
    timed "walkrun render -o s.opus" "$bin" render couch-to-5k --session W1D1 -o "$out/s.opus"
    size "$out/s.opus"
    timed "two steps: walkrun render -o s.wav" "$bin" render couch-to-5k --session W1D1 -o "$out/s.wav"
    size "$out/s.wav"
    timed "           ffmpeg -b:a 64k s.mp3" ffmpeg -v error -y -i "$out/s.wav" -b:a 64k "$out/ff.mp3"
    size "$out/ff.mp3"
done

echo "onsets in minutes 5 to 10 after decoding with ffmpeg, against the WAV's"
onsets "$out/s.wav" >"$out/wav.txt"
for f in s.mp3 s.opus ff.mp3; do
    onsets "$out/$f" >"$out/$f.txt"
    printf '%-8s' "$f"
    worst "$out/wav.txt" "$out/$f.txt"
done

if [ "${1:-}" = "--music" ]; then
    sox -n -r 44100 -c 2 -b 16 "$out/noise.wav" synth 1800 pinknoise vol 0.5
    echo "with 30 minutes of pink noise as music (stereo)"
    timed "walkrun render -o m.mp3 --music" "$bin" render couch-to-5k --session W1D1 --music "$out/noise.wav" -o "$out/m.mp3"
    size "$out/m.mp3"
    timed "walkrun render -o m.opus --music" "$bin" render couch-to-5k --session W1D1 --music "$out/noise.wav" -o "$out/m.opus"
    size "$out/m.opus"
fi
