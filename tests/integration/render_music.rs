//! `walkrun render --music`: the runner's music under the coach. The same
//! session with and without music differs by the music alone, ducked by at
//! least 12 dB while the coach speaks, and the voice is untouched.

use std::path::Path;

use crate::util::walkrun;
use walkrun::audio::CueBank;
use walkrun::cues::timeline::CueKind;

const SESSION: &str = "warmup 10s, 2x(run 6s, walk 6s), cooldown 10s";
const RATE: u32 = 44_100;
const TONE_HZ: f64 = 440.0;

/// A steady 440 Hz tone at half scale: music whose level is easy to read.
fn tone(path: &Path, seconds: u32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..seconds * RATE {
        let t = f64::from(i) / f64::from(RATE);
        w.write_sample(((2.0 * std::f64::consts::PI * TONE_HZ * t).sin() * 16_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}

fn read(path: &Path) -> Vec<f64> {
    hound::WavReader::open(path)
        .unwrap()
        .into_samples::<i16>()
        .map(|s| f64::from(s.unwrap()) / 32768.0)
        .collect()
}

fn rms(x: &[f64]) -> f64 {
    (x.iter().map(|v| v * v).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

/// What is left of `x` once the best-fitting 440 Hz sine is taken out: how
/// much of it is not the tone.
fn residual_after_tone(x: &[f64], first: usize) -> f64 {
    let w = 2.0 * std::f64::consts::PI * TONE_HZ / f64::from(RATE);
    let (mut ss, mut sc, mut cc, mut xs, mut xc) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (i, &v) in x.iter().enumerate() {
        let (s, c) = (w * (first + i) as f64).sin_cos();
        ss += s * s;
        sc += s * c;
        cc += c * c;
        xs += v * s;
        xc += v * c;
    }
    let det = ss * cc - sc * sc;
    let a = (xs * cc - xc * sc) / det;
    let b = (xc * ss - xs * sc) / det;
    let r: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let (s, c) = (w * (first + i) as f64).sin_cos();
            v - a * s - b * c
        })
        .collect();
    rms(&r)
}

#[test]
fn music_is_ducked_under_every_spoken_cue_and_the_voice_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("tone.wav");
    // Shorter than the session: it loops.
    tone(&music, 7);
    let plain = dir.path().join("plain.wav");
    let mixed = dir.path().join("mixed.wav");
    walkrun()
        .args(["render", "--steps", SESSION, "-o"])
        .arg(&plain)
        .assert()
        .success();
    walkrun()
        .args(["render", "--steps", SESSION, "--channels", "1", "--music"])
        .arg(&music)
        .args(["--music-order", "name", "-o"])
        .arg(&mixed)
        .assert()
        .success();
    let plain = read(&plain);
    let mixed = read(&mixed);
    assert_eq!(plain.len(), mixed.len(), "music does not change the length");
    let music_alone: Vec<f64> = mixed.iter().zip(&plain).map(|(m, p)| m - p).collect();

    let bank = CueBank::builtin(RATE).unwrap();
    let timeline = bank.timeline(
        &walkrun::plan::steps::parse(SESSION).unwrap(),
        &walkrun::cues::speech::Script::default(),
    );
    let ms = |m: u64| (m * u64::from(RATE) / 1000) as usize;
    // Between cues: the middle of every gap of 2.5 s or more.
    let mut between = Vec::new();
    for pair in timeline.cues.windows(2) {
        let (end, next) = (pair[0].end() as usize, pair[1].at as usize);
        if next > end + ms(2500) {
            let mid = (end + next) / 2;
            between.push(rms(&music_alone[mid - ms(300)..mid + ms(300)]));
        }
    }
    assert!(!between.is_empty());
    let bed = between.iter().copied().fold(f64::MAX, f64::min);
    assert!(bed > 0.02, "the music is heard between cues: rms {bed}");
    for cue in timeline.cues.iter().filter(|c| c.what.is_spoken()) {
        let (a, b) = (cue.at as usize, cue.end() as usize);
        let under = rms(&music_alone[a..b]);
        let db = 20.0 * (bed / under).log10();
        assert!(
            db >= 12.0,
            "{} at {:.2} s: the music is only {db:.1} dB down",
            cue.what,
            a as f64 / f64::from(RATE)
        );
        // The difference is the tone and nothing of the voice: what the
        // voice puts there is the same with music as without.
        let voice = rms(&plain[a..b]);
        let left = residual_after_tone(&music_alone[a..b], a);
        assert!(
            left < voice / 100.0 && left < 2e-4,
            "{}: {left} of something other than the music (voice rms {voice})",
            cue.what
        );
    }
    // The countdown beeps are ducked too.
    for cue in timeline.cues.iter().filter(|c| c.what == CueKind::Beep) {
        let under = rms(&music_alone[cue.at as usize..cue.end() as usize]);
        assert!(20.0 * (bed / under).log10() >= 12.0);
    }

    // At volume 0 the music adds nothing: the very same file.
    let silent = dir.path().join("silent.wav");
    walkrun()
        .args([
            "render",
            "--steps",
            SESSION,
            "--channels",
            "1",
            "--music-volume",
            "0",
            "--music",
        ])
        .arg(&music)
        .arg("-o")
        .arg(&silent)
        .assert()
        .success();
    assert!(read(&silent) == plain, "the cues are sample-identical");
}

#[test]
fn undecodable_music_is_skipped_once_and_a_folder_of_none_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("music");
    std::fs::create_dir(&folder).unwrap();
    tone(&folder.join("a.wav"), 2);
    std::fs::write(folder.join("b.mp3"), b"this is not an mp3").unwrap();
    std::fs::write(folder.join("cover.jpg"), b"jpeg").unwrap();
    let out = dir.path().join("s.mp3");
    let run = walkrun()
        .args(["render", "--steps", "run 5s", "--music"])
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let err = String::from_utf8(run.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("b.mp3") && err.contains("skipped"), "{err}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("MP3 128 kbps, 44100 Hz stereo"), "{stdout}");

    std::fs::remove_file(folder.join("a.wav")).unwrap();
    let out = dir.path().join("none.mp3");
    walkrun()
        .args(["render", "--steps", "run 5s", "--music"])
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no music"));
    assert!(!out.exists());
}

#[test]
fn a_bad_music_path_is_one_plain_sentence_naming_it_and_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    // Random bytes named as an MP3 (the same bytes every run).
    let noise = dir.path().join("noise.mp3");
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..5000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&noise, bytes).unwrap();
    let text = dir.path().join("notes.flac");
    std::fs::write(&text, "not music at all").unwrap();
    let fifo = dir.path().join("pipe.mp3");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a NUL-terminated path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let looped = dir.path().join("loop.mp3");
    std::os::unix::fs::symlink(dir.path().join("other.mp3"), &looped).unwrap();
    std::os::unix::fs::symlink(&looped, dir.path().join("other.mp3")).unwrap();
    for (path, says) in [
        (&noise, "cannot be decoded"),
        (&text, "cannot be decoded: it is in no format walkrun reads"),
        (&fifo, "is a FIFO"),
        (&looped, "is a loop of symbolic links"),
    ] {
        let out = dir.path().join("s.mp3");
        // A FIFO opened to be read waits for a writer: the deadline says so.
        let run = walkrun()
            .args(["render", "--steps", "run 5s", "--music"])
            .arg(path)
            .arg("-o")
            .arg(&out)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8(run.stderr).unwrap();
        assert_eq!(run.status.code(), Some(2), "{}: {err}", path.display());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(says), "{err}");
        // An error is no warning: nothing was skipped, and no library's
        // words in brackets.
        assert!(!err.contains("skipped"), "{err}");
        assert!(!err.contains("no such file"), "{err}");
        assert!(
            !err.contains("end of stream") && !err.contains("probe"),
            "{err}"
        );
        assert_eq!(err.matches('(').count(), err.matches(')').count(), "{err}");
        assert!(!out.exists());
    }
}

/// A steady chord in stereo, `seconds` long: music whose coding noise is the
/// same from one moment to the next, so a click at a join stands out.
fn chord(path: &Path, seconds: u32) {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let tau = 2.0 * std::f64::consts::PI;
    for i in 0..seconds * RATE {
        let t = f64::from(i) / f64::from(RATE);
        let left = [220.0, 277.18, 329.63]
            .iter()
            .map(|f| (tau * f * t).sin())
            .sum::<f64>();
        let right = [146.83, 440.0, 554.37]
            .iter()
            .map(|f| (tau * f * t).sin())
            .sum::<f64>();
        w.write_sample((left * 7_000.0) as i16).unwrap();
        w.write_sample((right * 7_000.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

/// Interleaved stereo as ffmpeg decodes the file (the MP3's LAME tag
/// honoured), at 44.1 kHz.
fn decode_stereo(path: &Path) -> Vec<f32> {
    decode_as(path, 2, 44_100)
}

/// The file as ffmpeg decodes it (an MP3's LAME tag, an Opus pre-skip and
/// end granule honoured), as `channels` interleaved at `rate`.
fn decode_as(path: &Path, channels: u16, rate: u32) -> Vec<f32> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "f32le", "-ac", &channels.to_string()])
        .args(["-ar", &rate.to_string(), "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "ffmpeg decoding {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[test]
fn music_to_mp3_is_coded_in_chunks_that_join_without_a_click_or_an_offset() {
    // Music to MP3 is coded in 20-second chunks on every core (765 frames of
    // 1152 samples at 44.1 kHz), each by its own encoder. Decoded as a
    // player does, the file must be the WAV render of the same session and
    // music plus coding noise: as many samples, no louder error at a join
    // than around it, and no shift.
    if !crate::util::require("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("chord.wav");
    chord(&music, 75);
    // No cue near the joins (at 20, 40 and 60 s): the halfway cue is at 35 s.
    let steps = "warmup 70s";
    let render = |name: &str| {
        let out = dir.path().join(name);
        walkrun()
            .args(["render", "--steps", steps, "--music"])
            .arg(&music)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        decode_stereo(&out)
    };
    let wav = render("s.wav");
    let mp3 = render("s.mp3");
    assert_eq!(
        mp3.len(),
        wav.len(),
        "decoded, the MP3 is as long as the WAV"
    );

    let frame = |i: usize| [mp3[2 * i] - wav[2 * i], mp3[2 * i + 1] - wav[2 * i + 1]];
    // Error in 5 ms windows, from frame `from`.
    let window = 220;
    let error = |from: usize| -> f64 {
        let sum: f64 = (from..from + window)
            .map(|i| frame(i).iter().map(|e| f64::from(*e).powi(2)).sum::<f64>())
            .sum();
        (sum / (2 * window) as f64).sqrt()
    };
    for k in 1..=3usize {
        // Chunk k's first frame is stream frame 765k; it decodes to the
        // session from 1057 samples before its start (the codec's delay).
        let join = k * 765 * 1152 - 1057;
        let near: Vec<f64> = (join - 3 * 1152..join + 3 * 1152)
            .step_by(window)
            .map(error)
            .collect();
        let mut around: Vec<f64> = (join - RATE as usize..join - 6 * 1152)
            .chain(join + 6 * 1152..join + RATE as usize)
            .step_by(window)
            .map(error)
            .collect();
        around.sort_by(f64::total_cmp);
        let typical = around[around.len() / 2];
        let loudest = around[around.len() * 99 / 100];
        let worst = near.iter().copied().fold(0.0, f64::max);
        eprintln!("join {k}: worst {worst:.5}, around: median {typical:.5}, p99 {loudest:.5}");
        assert!(
            worst <= 1.5 * loudest && worst < 0.01,
            "join {k} at {:.3} s: error {worst:.5} beside {typical:.5} (p99 {loudest:.5}) around it",
            join as f64 / f64::from(RATE)
        );
        // No shift: the decoded music lines up with the WAV at lag 0.
        let span = join - RATE as usize / 4..join + RATE as usize / 4;
        let lag = (-40i64..=40)
            .max_by(|&a, &b| {
                let c = |lag: i64| -> f64 {
                    span.clone()
                        .map(|i| {
                            let j = (i as i64 + lag) as usize;
                            f64::from(mp3[2 * j]) * f64::from(wav[2 * i])
                                + f64::from(mp3[2 * j + 1]) * f64::from(wav[2 * i + 1])
                        })
                        .sum()
                };
                c(a).total_cmp(&c(b))
            })
            .unwrap();
        assert_eq!(lag, 0, "join {k}: the MP3 is {lag} samples off the WAV");
    }
}

#[test]
fn music_to_opus_is_coded_in_chunks_that_join_without_a_click_or_an_offset() {
    // Music to Opus is coded in 20-second chunks (1000 packets of 960
    // samples at 48 kHz) on every core, each by its own encoder, which first
    // codes a pre-roll of the music before its chunk and drops it. Decoded as
    // a player does, the file must be the WAV render of the same session and
    // music plus coding noise: as many samples, no louder error at a join
    // than around it, no shift, and every cue where the WAV has it.
    if !crate::util::require("ffmpeg") {
        return;
    }
    const OPUS_RATE: usize = 48_000;
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("chord.wav");
    chord(&music, 75);
    let render = |steps: &str, name: &str, with_music: bool| {
        let out = dir.path().join(name);
        let mut cmd = walkrun();
        cmd.args(["render", "--steps", steps, "--rate", "48000"]);
        if with_music {
            cmd.arg("--music").arg(&music);
        }
        cmd.arg("-o").arg(&out).assert().success();
        out
    };

    // No cue near the joins (at 20, 40 and 60 s): the halfway cue is at 35 s.
    let steps = "warmup 70s";
    let wav = decode_as(&render(steps, "s.wav", true), 2, 48_000);
    let opus = decode_as(&render(steps, "s.opus", true), 2, 48_000);
    assert_eq!(
        opus.len(),
        wav.len(),
        "decoded, the Opus is as long as the WAV"
    );
    let frame = |i: usize| [opus[2 * i] - wav[2 * i], opus[2 * i + 1] - wav[2 * i + 1]];
    // Error in 5 ms windows, from frame `from`.
    let window = 240;
    let error = |from: usize| -> f64 {
        let sum: f64 = (from..from + window)
            .map(|i| frame(i).iter().map(|e| f64::from(*e).powi(2)).sum::<f64>())
            .sum();
        (sum / (2 * window) as f64).sqrt()
    };
    // The encoder's look-ahead: packet i decodes to the session from this
    // many samples before i * 960.
    let pre_skip = 312;
    let packet = 960;
    for k in 1..=3usize {
        let join = k * 1000 * packet - pre_skip;
        let near: Vec<f64> = (join - 3 * packet..join + 3 * packet)
            .step_by(window)
            .map(error)
            .collect();
        let mut around: Vec<f64> = (join - OPUS_RATE..join - 6 * packet)
            .chain(join + 6 * packet..join + OPUS_RATE)
            .step_by(window)
            .map(error)
            .collect();
        around.sort_by(f64::total_cmp);
        let typical = around[around.len() / 2];
        let loudest = around[around.len() * 99 / 100];
        let worst = near.iter().copied().fold(0.0, f64::max);
        eprintln!("join {k}: worst {worst:.5}, around: median {typical:.5}, p99 {loudest:.5}");
        assert!(
            worst <= 1.5 * loudest && worst < 0.01,
            "join {k} at {:.3} s: error {worst:.5} beside {typical:.5} (p99 {loudest:.5}) around it",
            join as f64 / OPUS_RATE as f64
        );
        // No shift: the decoded music lines up with the WAV at lag 0.
        let span = join - OPUS_RATE / 4..join + OPUS_RATE / 4;
        let lag = (-40i64..=40)
            .max_by(|&a, &b| {
                let c = |lag: i64| -> f64 {
                    span.clone()
                        .map(|i| {
                            let j = (i as i64 + lag) as usize;
                            f64::from(opus[2 * j]) * f64::from(wav[2 * i])
                                + f64::from(opus[2 * j + 1]) * f64::from(wav[2 * i + 1])
                        })
                        .sum()
                };
                c(a).total_cmp(&c(b))
            })
            .unwrap();
        assert_eq!(lag, 0, "join {k}: the Opus is {lag} samples off the WAV");
    }

    // A change of segment on every join, and its countdown before it: each
    // cue where the WAV has it, within 10 ms, and no sound where the WAV has
    // none (a click at a join would be). Music is never silent, so the cues
    // are heard in what is left of the decoded file once the music (the WAV
    // with music less the WAV without) is taken away: the voice and the
    // codec's noise (the music's, coded at 96 kbit/s, is 0.004 to 0.008
    // RMS), so sound is told from silence above that. At the onset
    // detector's rate.
    use crate::util::onsets::{onsets_above, MS, RATE};
    const OVER_NOISE: f64 = 0.03;
    let steps = "walk 20s, run 20s, walk 20s, run 15s";
    let at = RATE as u32;
    let voice = decode_as(&render(steps, "v.wav", false), 1, at);
    let mixed = decode_as(&render(steps, "m.wav", true), 1, at);
    let coded = decode_as(&render(steps, "m.opus", true), 1, at);
    assert_eq!(coded.len(), mixed.len());
    let left: Vec<f32> = coded
        .iter()
        .zip(mixed.iter().zip(&voice))
        .map(|(d, (m, v))| d - (m - v))
        .collect();
    let (want, got) = (
        onsets_above(&voice, OVER_NOISE),
        onsets_above(&left, OVER_NOISE),
    );
    let near = |list: &[usize], x: usize| list.iter().any(|&o| o.abs_diff(x) <= 10 * MS);
    for &g in &got {
        assert!(
            near(&want, g),
            "sound at {:.3} s in the Opus where the WAV has none\n got {got:?}\nwant {want:?}",
            g as f64 / RATE as f64
        );
    }
    // Every cue heard within 10 ms of where the WAV has it (an onset inside
    // a word may be smoothed away by a lossy codec; a cue's may not).
    let session = walkrun::plan::steps::parse(steps).expect("steps");
    let bank = CueBank::builtin(at).expect("bank");
    let timeline = bank.timeline(&session, &walkrun::cues::speech::Script::default());
    let nearest = |list: &[usize], x: usize| list.iter().copied().min_by_key(|&o| o.abs_diff(x));
    let mut worst = 0usize;
    for cue in &timeline.cues {
        let c = cue.onset() as usize;
        // Above the noise floor, a cue is found up to 25 ms into its rise
        // (a word that starts softly), in both files alike.
        let w = nearest(&want, c)
            .filter(|w| w.abs_diff(c) <= 30 * MS)
            .unwrap_or_else(|| panic!("the WAV has no onset at the cue at {c}: {want:?}"));
        let g = nearest(&got, w).unwrap_or_else(|| panic!("nothing heard in the Opus"));
        assert!(
            g.abs_diff(w) <= 10 * MS,
            "the cue at {:.3} s is heard at {:.3} s in the Opus\n got {got:?}\nwant {want:?}",
            w as f64 / RATE as f64,
            g as f64 / RATE as f64
        );
        worst = worst.max(g.abs_diff(w));
    }
    eprintln!(
        "{} cues, the furthest {:.2} ms off the WAV's",
        timeline.cues.len(),
        worst as f64 / MS as f64
    );
}
