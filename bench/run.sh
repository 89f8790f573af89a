#!/usr/bin/env bash
# walkrun run: a 2-minute session played into a private PulseAudio null sink.
# Prints CPU seconds per minute of session (target < 0.3), peak RSS (target
# < 30 MB) and cue onset errors from the capture (p50, max).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${STEPS:-warmup 20s, 4x(run 10s, walk 10s), cooldown 20s}"
cargo build --release -q
bin="${CARGO_TARGET_DIR:-target}/release/walkrun"
work=$(mktemp -d)
mkdir -m 700 "$work/rt" && mkdir "$work/home"
printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' > "$work/home/.asoundrc"
export XDG_RUNTIME_DIR="$work/rt" HOME="$work/home" WALKRUN_HOME="$work/data"
pulseaudio -D -n --exit-idle-time=-1 --load="module-null-sink sink_name=cap" --load=module-native-protocol-unix 2>/dev/null
pa_pid=$(cat "$work/rt/pulse/pid")
trap 'kill "$pa_pid" 2>/dev/null; rm -rf "$work"' EXIT
pactl set-default-sink cap
sleep 2 # a fresh server settles (see tests/run.rs)
parec --latency-msec=20 -d cap.monitor --raw --format=s16le --rate=44100 --channels=1 > "$work/cap.raw" &
parec_pid=$!
/usr/bin/time -f '%U %S %M' -o "$work/time" "$bin" run --require-audio --steps "$STEPS" > /dev/null < /dev/null
sleep 0.5
kill "$parec_pid"
"$bin" render --steps "$STEPS" -o "$work/want.wav" > /dev/null
python3 - "$work" "$STEPS" <<'PY'
import struct, sys, wave
work = sys.argv[1]
def onsets(x, R=44100):
    MS = R // 1000; thr = (0.005 * 32768) ** 2 * MS; e = 0; q = 10**9; out = []
    for i, s in enumerate(x):
        e += s * s
        if i >= MS: e -= x[i - MS] ** 2
        if e > thr:
            if q >= 20 * MS: out.append(i)
            q = 0
        else: q += 1
    return out
raw = open(f"{work}/cap.raw", "rb").read()
got = onsets(struct.unpack(f"<{len(raw)//2}h", raw[: len(raw) // 2 * 2]))
w = wave.open(f"{work}/want.wav"); d = w.readframes(w.getnframes())
want = onsets(struct.unpack(f"<{len(d)//2}h", d))
start = len(got) - len(want)
errs = sorted(abs((g - got[start]) - (v - want[0])) / 44.1 for g, v in zip(got[start:], want))
user, sys_, rss = open(f"{work}/time").read().split()
minutes = (want[-1] - want[0]) / 44100 / 60
print(f"session: {minutes * 60:.0f} s, {len(want)} onsets (capture had {len(got)})")
print(f"cpu: {(float(user) + float(sys_)) / minutes:.3f} s per minute of session (target < 0.3)")
print(f"peak rss: {int(rss) / 1024:.1f} MB (target < 30)")
print(f"cue onset error: p50 {errs[len(errs)//2]:.2f} ms, max {errs[-1]:.2f} ms")
PY
