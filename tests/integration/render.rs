//! `walkrun render` as a runner uses it: the WAV file is analysed like a
//! listener would hear it, by where sound starts after silence.

use std::path::Path;

use crate::util::onsets;

use crate::util::walkrun;
use onsets::{onsets, MS, RATE};
use predicates::prelude::*;
use walkrun::audio::{render_wav_file, CueBank, CueTrack, Sound, TrackConfig};
use walkrun::cues::phrases::Phrase;
use walkrun::cues::speech::Script;

const SESSION: &str = "warmup 10s, 2x(run 5s, walk 5s), cooldown 10s";

fn read_wav(path: &Path) -> (hound::WavSpec, Vec<f32>) {
    let reader = hound::WavReader::open(path).expect("a WAV file");
    let spec = reader.spec();
    let samples = reader
        .into_samples::<i16>()
        .map(|s| f32::from(s.expect("sample")) / 32768.0)
        .collect();
    (spec, samples)
}

/// Samples for a time in seconds.
fn at(seconds: f64) -> usize {
    (seconds * RATE as f64).round() as usize
}

/// What a runner expects from SESSION, worked out from the session itself:
/// a change every few seconds, and 3-2-1 before each change and the end.
fn expected_instants() -> (Vec<usize>, Vec<usize>) {
    let changes = [0.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0];
    let mut beeps = Vec::new();
    for pair in changes.windows(2) {
        // Every segment here is 4 s or longer, so each gets its countdown.
        for k in [3.0, 2.0, 1.0] {
            beeps.push(at(pair[1] - k));
        }
    }
    (changes.iter().map(|&c| at(c)).collect(), beeps)
}

fn near(onsets: &[usize], instant: usize) -> bool {
    onsets.iter().any(|&o| o.abs_diff(instant) <= MS)
}

fn render_with_library(path: &Path) {
    let session = walkrun::plan::steps::parse(SESSION).expect("steps");
    let bank = CueBank::builtin(RATE as u32).expect("bank");
    let timeline = bank.timeline(&session, &Script::default());
    let track = CueTrack::new(&timeline, &bank, TrackConfig::default()).expect("track");
    render_wav_file(path, track, |_, _| {}).expect("rendered");
}

#[test]
fn every_change_and_beep_is_heard_on_time_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.wav");
    render_with_library(&path);
    let (spec, samples) = read_wav(&path);
    assert_eq!((spec.channels, spec.sample_rate), (1, RATE as u32));

    // The session's 40 s, then the outro to its end.
    let bank = CueBank::builtin(RATE as u32).unwrap();
    let timeline = bank.timeline(
        &walkrun::plan::steps::parse(SESSION).unwrap(),
        &Script::default(),
    );
    assert_eq!(samples.len() as u64, timeline.len());
    assert!(samples.len() > at(41.0));

    let found = onsets(&samples);
    let (changes, beeps) = expected_instants();
    for &c in &changes {
        assert!(
            near(&found, c),
            "no onset at the change at {} s",
            c as f64 / RATE as f64
        );
    }
    for &b in &beeps {
        assert!(near(&found, b), "no beep at {} s", b as f64 / RATE as f64);
    }
    // Every cue is heard where the timeline says (its onset, a few ms into
    // its clip), and every onset is a cue's or a word's inside a spoken cue
    // (after the pause of a comma).
    for cue in &timeline.cues {
        assert!(near(&found, cue.onset() as usize), "no onset for {cue:?}");
    }
    for &o in &found {
        assert!(
            timeline
                .cues
                .iter()
                .any(|c| o + MS >= c.at as usize && o <= c.end() as usize),
            "sound where no cue is due at {} s",
            o as f64 / RATE as f64
        );
    }

    // Between cues the track is silent, not merely quiet.
    let mut audible = vec![false; samples.len()];
    for cue in &timeline.cues {
        audible[cue.at as usize..cue.end() as usize].fill(true);
    }
    let stray = samples
        .iter()
        .zip(&audible)
        .position(|(&s, &cue)| !cue && s != 0.0);
    assert_eq!(stray, None, "sound outside every cue");
    // And every beep is a beep: near its full level within its first
    // millisecond.
    for cue in timeline.cues.iter().filter(|c| !c.is_spoken()) {
        let beep = &samples[cue.at as usize..cue.end() as usize];
        let peak = beep.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(beep[..MS].iter().any(|s| s.abs() > peak * 0.5), "{cue:?}");
    }
}

#[test]
fn the_binary_writes_the_same_file_as_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.wav");
    let bin = dir.path().join("bin.wav");
    render_with_library(&lib);
    walkrun()
        .args(["render", "--steps", SESSION, "-o"])
        .arg(&bin)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "bin.wav: 0:41.724 (0:40.000 of session",
        ))
        // A quick render shows no progress bar.
        .stderr("");
    assert!(std::fs::read(&lib).unwrap() == std::fs::read(&bin).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: umask is read and put back at once; nothing else here
        // creates files.
        let umask = unsafe {
            let m = libc::umask(0o022);
            libc::umask(m);
            m
        };
        let mode = std::fs::metadata(&bin).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o666 & !(umask as u32),
            "a normal file, not a private temp file"
        );
    }
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 2, "no temporary file left behind");
}

#[test]
fn verbose_lists_every_cue_with_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = walkrun()
        .args(["render", "--verbose", "--steps", SESSION, "-o"])
        .arg(dir.path().join("s.wav"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "  0:00.000  Warm up, ten seconds of brisk walking.",
        "  0:07.000  beep",
        "  0:10.000  Run, five seconds.",
        "  0:15.000  Walk, five seconds.",
        "  0:20.000  Last run, five seconds.",
        "  0:30.000  Cool down, ten seconds of easy walking.",
        "  0:40.000  Session complete. Well done.",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert_eq!(text.matches("  beep").count(), 18);
}

#[test]
fn a_plan_session_at_another_rate_in_stereo() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"Short\"\n\n[[week]]\n[[week.session]]\nsteps = \"walk 1m\"\n\
         [[week.session]]\nsteps = \"run 20s, walk 10s\"\n",
    )
    .unwrap();
    let path = dir.path().join("w1d2.wav");
    walkrun()
        .args(["render"])
        .arg(&plan)
        .args([
            "--session",
            "W1D2",
            "--rate",
            "22050",
            "--channels",
            "2",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let (spec, samples) = read_wav(&path);
    assert_eq!((spec.channels, spec.sample_rate), (2, 22_050));
    let bank = CueBank::builtin(22_050).unwrap();
    let program = walkrun::plan::programs::load(&plan.to_string_lossy()).unwrap();
    let address = "W1D2".parse().unwrap();
    let script = Script::for_plan_session(&program, address, walkrun::cues::speech::Talk::Normal);
    let timeline = bank.timeline(&program.session(address).unwrap().steps, &script);
    assert!(timeline.len() > 30 * 22_050);
    assert_eq!(samples.len() as u64, timeline.len() * 2);
    assert!(samples.chunks_exact(2).all(|f| f[0] == f[1]));
    // The second session's first cue, "run", opens the file, from its
    // onset: there is no time before the session for its lead-in.
    let run = bank.clip(Sound::Say(Phrase::Run));
    let from = timeline.cues[0].words[0].from as usize;
    assert_eq!(from as u64, bank.phrase_clip(Phrase::Run).lead);
    let left: Vec<f32> = samples.iter().step_by(2).take(1000).copied().collect();
    let expected: Vec<f32> = run[from..from + 1000]
        .iter()
        .map(|&s| f32::from((s * 32768.0).round() as i16) / 32768.0)
        .collect();
    assert_eq!(left, expected);
}

#[test]
fn a_voice_folder_replaces_clips_and_warns_once_about_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let voice = dir.path().join("coach");
    std::fs::create_dir(&voice).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(voice.join("run.wav"), spec).unwrap();
    for i in 0..4000 {
        w.write_sample(((i as f32 * 0.07).sin() * 15_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    let path = dir.path().join("coach.wav");
    let out = walkrun()
        .args(["render", "--steps", "run 5s, walk 5s", "--voice"])
        .arg(&voice)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("warning") && err.contains("walk.wav") && !err.contains(" run.wav"),
        "{err}"
    );
    let (_, samples) = read_wav(&path);
    let builtin = CueBank::builtin(44_100).unwrap();
    // The coach's "run" (4000 samples of tone, less its silent first
    // sample) opens the file, not the longer built-in one, and the built-in
    // "five seconds" follows after the pause of a comma.
    let run = builtin.clip(Sound::Say(Phrase::Run)).len();
    assert!(run > 8000, "{run}");
    assert!(samples[..3999].iter().filter(|s| s.abs() > 0.05).count() > 1500);
    assert!(samples[4050..4000 + RATE / 4].iter().all(|&s| s == 0.0));
    assert!(samples[3999 + RATE / 4..3999 + RATE / 2]
        .iter()
        .any(|&s| s != 0.0));
}

#[test]
fn bad_steps_are_bad_input_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.wav");
    walkrun()
        .args(["render", "--steps", "run 0s", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "walkrun: --steps: column 5: expected a duration above zero",
        ));
    assert!(!path.exists());
    for bad in [
        vec!["render", "--steps", "run 5s", "--rate", "100"],
        vec!["render", "--steps", "run 5s", "--channels", "3"],
        vec!["render", "couch-to-5k", "--session", "W42D1"],
        vec!["render", "couch-to-5k", "--session", "tuesday"],
        vec!["render", "--steps", "run 5s", "--voice", "/no/such/voice"],
    ] {
        walkrun()
            .args(&bad)
            .arg("-o")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("walkrun: "));
        assert!(!path.exists(), "{bad:?} left a file");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unwritable_target_is_an_io_error_and_leaves_no_half_file() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist.
    let missing = dir.path().join("no-such-folder").join("s.wav");
    walkrun()
        .args(["render", "--steps", "run 5s", "-o"])
        .arg(&missing)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot write").and(predicate::str::contains("s.wav")));
    // A target that is a folder is refused before anything is written
    // (bad input), and no temporary file is left.
    let folder = dir.path().join("taken.wav");
    std::fs::create_dir(&folder).unwrap();
    walkrun()
        .args(["render", "--steps", "run 5s", "-o"])
        .arg(&folder)
        .assert()
        .code(2);
    assert!(folder.is_dir());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["taken.wav".to_string()]);

    // An existing file survives a failed render untouched.
    let kept = dir.path().join("kept.wav");
    std::fs::write(&kept, b"old").unwrap();
    walkrun()
        .args(["render", "--steps", "run 0s", "-o"])
        .arg(&kept)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&kept).unwrap(), b"old");
}

/// `m:ss.mmm` (or `mm:ss.mmm`) at the start of a `--verbose` cue line, in
/// milliseconds, and the text after it.
fn verbose_line(line: &str) -> Option<(u64, String)> {
    let l = line.trim_start();
    let (clock, text) = l.split_once("  ")?;
    let (m, rest) = clock.split_once(':')?;
    let (s, ms) = rest.split_once('.')?;
    let at =
        (m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?) * 1000 + ms.parse::<u64>().ok()?;
    Some((at, text.to_string()))
}

/// RMS in dBFS of `samples`.
fn rms_db(samples: &[f32]) -> f64 {
    let mean = samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len() as f64;
    10.0 * mean.log10()
}

/// What `ffmpeg -af ebur128=peak=true` says of a file: integrated loudness
/// (LUFS) and true peak (dBFS).
fn ebur128(path: &Path) -> (f64, f64) {
    let out = std::process::Command::new("ffmpeg")
        .args(["-nostats", "-hide_banner", "-i"])
        .arg(path)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    let summary = &text[text.rfind("Summary:").expect("an ebur128 summary")..];
    let value = |key: &str| -> f64 {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("no {key} in {summary}"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (value("I:"), value("Peak:"))
}

#[test]
fn a_rendered_session_is_at_podcast_loudness_and_its_beeps_at_the_voices() {
    if !crate::util::require("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w1d1.wav");
    let out = walkrun()
        .args([
            "render",
            "couch-to-5k",
            "--session",
            "W1D1",
            "--verbose",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (integrated, true_peak) = ebur128(&path);
    assert!(
        (-17.5..=-14.5).contains(&integrated),
        "{integrated} LUFS integrated, expected -16 +-1.5"
    );
    assert!(true_peak < -1.0, "true peak {true_peak} dBFS");

    // The beeps, each measured over its steady part, against the voice:
    // 20 ms frames of every spoken cue within 40 dB of the loudest.
    let cues: Vec<(u64, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(verbose_line)
        .collect();
    let mut reader = hound::WavReader::open(&path).unwrap();
    let rate = reader.spec().sample_rate as u64;
    let mut read = |from_ms: u64, to_ms: u64| -> Vec<f32> {
        reader.seek((from_ms * rate / 1000) as u32).unwrap();
        let n = ((to_ms - from_ms) * rate / 1000) as usize;
        reader
            .samples::<i16>()
            .take(n)
            .map(|s| f32::from(s.unwrap()) / 32768.0)
            .collect()
    };
    let mut beeps = Vec::new();
    let mut frames = Vec::new();
    for (i, (at, text)) in cues.iter().enumerate() {
        if text == "beep" {
            beeps.push(rms_db(&read(at + 5, at + 100)));
        } else {
            let end = cues
                .get(i + 1)
                .map_or(at + 3000, |(next, _)| *next)
                .min(at + 8000);
            let spoken = read(*at, end);
            let frame = rate as usize / 50;
            frames.extend(spoken.chunks_exact(frame).map(rms_db));
        }
    }
    assert!(beeps.len() >= 3 * 16, "{} beeps", beeps.len());
    let top = frames.iter().copied().fold(f64::MIN, f64::max);
    let active: Vec<f64> = frames.into_iter().filter(|&db| db > top - 40.0).collect();
    let voice = 10.0
        * (active.iter().map(|db| 10f64.powf(db / 10.0)).sum::<f64>() / active.len() as f64)
            .log10();
    for b in &beeps {
        assert!(
            (b - voice).abs() <= 4.0,
            "a beep at {b:.1} dB, the voice at {voice:.1} dB"
        );
    }
}
