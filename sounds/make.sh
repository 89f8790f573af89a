#!/bin/sh
# Regenerate the built-in cue clips: one short mono 16-bit 44100 Hz WAV per
# phrase, spoken by espeak-ng, then with sox: resampled, peak-normalised to
# -3 dBFS so every cue is equally loud, leading silence trimmed so the clip's
# first sample is the start of speech (the timeline places that sample on the
# cue's instant), trailing silence trimmed and a 10 ms fade-out against clicks.
#
# Needs: espeak-ng, sox (Debian: apt-get install espeak-ng sox).
# Usage: sounds/make.sh            (writes next to this script)
#
# The clips are committed, so building walkrun never needs these tools. A user's
# own recordings with the same file names go in a folder given to --voice.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
voice=${WALKRUN_ESPEAK_VOICE:-en-gb}
speed=${WALKRUN_ESPEAK_SPEED:-160}    # words a minute: a calm coach, not a race
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # file-name text
    espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$2"
    # -D: no dither, so the output is the same on every run.
    sox -D "$tmp/raw.wav" -r 44100 -c 1 -b 16 "$tmp/norm.wav" rate -v 44100 norm -3
    sox -D "$tmp/norm.wav" "$here/$1.wav" \
        silence 1 0.0005 1% \
        reverse silence 1 0.02 0.5% fade t 0.01 reverse
    echo "$1.wav: $(soxi -D "$here/$1.wav") s"
}

say warm-up "warm up"
say run "run"
say walk "walk"
say cool-down "cool down"
say halfway "halfway"
say last-run "last run"
say session-complete "session complete"
say paused "paused"
say resumed "resumed"
