//! `walkrun render` to the formats a phone plays, checked the way a phone
//! would play them: decoded by a real decoder (ffmpeg), every cue must start
//! where it does in the WAV, and a player must find the names and chapters.

use std::path::Path;
use std::process::Command as Proc;

use crate::util::onsets;

use crate::util::{require, walkrun};
use onsets::{onsets, MS, RATE};
use predicates::prelude::*;

const SESSION: &str = "warmup 10s, 2x(run 5s, walk 5s), cooldown 10s";

/// The file as a player hears it: decoded by ffmpeg (which honours the MP3
/// LAME tag and the Opus pre-skip and end granule), mono at 44.1 kHz.
fn decode(path: &Path) -> Vec<f32> {
    let out = Proc::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "f32le", "-ac", "1", "-ar", "44100", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "ffmpeg could not decode {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn ffprobe(path: &Path) -> serde_json::Value {
    let out = Proc::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_chapters",
            "-show_format",
            "-show_streams",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("ffprobe's JSON")
}

fn render(args: &[&str], out: &Path) {
    walkrun()
        .args(["render"])
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

/// Where the timeline says each cue of `steps` is heard, at the test rate.
fn cue_onsets(steps: &str) -> Vec<usize> {
    let session = walkrun::plan::steps::parse(steps).expect("steps");
    let bank = walkrun::audio::CueBank::builtin(RATE as u32).expect("bank");
    let timeline = bank.timeline(&session, &walkrun::cues::speech::Script::default());
    timeline.cues.iter().map(|c| c.onset() as usize).collect()
}

/// Every cue heard in the WAV (`want`) is heard in `got` within 10 ms, and
/// `got` has no sound where the WAV (`reference`) is silent: the largest
/// error, in ms. An onset inside a word (after a stop consonant's closure)
/// may be smoothed away by a lossy codec, or come later where a soft
/// consonant hovers at the level (the /f/ of "five" in "Walk, five
/// seconds.", 13 ms later once re-encoded as Vorbis); a cue's may not.
fn onsets_match(
    want: &[usize],
    got: &[usize],
    cues: &[usize],
    reference: &[f32],
    what: &str,
) -> f64 {
    let nearest = |list: &[usize], x: usize| list.iter().copied().min_by_key(|&o| o.abs_diff(x));
    let mut worst = 0.0f64;
    for &c in cues {
        let w = nearest(want, c).filter(|w| w.abs_diff(c) <= MS);
        let w = w.unwrap_or_else(|| panic!("the WAV has no onset at the cue at {c}: {want:?}"));
        let g = nearest(got, w).unwrap_or_else(|| panic!("{what}: nothing heard"));
        let error = (g as f64 - w as f64) / MS as f64;
        assert!(
            error.abs() <= 10.0,
            "{what}: the cue at {:.3} s is heard at {:.3} s\n got {got:?}\nwant {want:?}",
            w as f64 / RATE as f64,
            g as f64 / RATE as f64
        );
        worst = worst.max(error.abs());
    }
    // The WAV's loudest millisecond among those ending in the 10 ms up to
    // `g`: sound there, if over -52 dBFS (between cues it is digital silence).
    let wav_level = |g: usize| {
        (g.saturating_sub(10 * MS).max(MS)..=g.min(reference.len()))
            .map(|i| {
                let e: f64 = reference[i - MS..i]
                    .iter()
                    .map(|&s| f64::from(s).powi(2))
                    .sum();
                (e / MS as f64).sqrt()
            })
            .fold(0.0, f64::max)
    };
    for &g in got {
        assert!(
            nearest(want, g).is_some_and(|w| w.abs_diff(g) <= 10 * MS)
                || wav_level(g) > onsets::SILENT_RMS / 2.0,
            "{what}: sound at {:.3} s where the WAV has none\n got {got:?}\nwant {want:?}",
            g as f64 / RATE as f64
        );
    }
    worst
}

#[test]
fn every_format_decodes_with_each_cue_where_the_wav_has_it() {
    if !(require("ffmpeg") && require("ffprobe")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("s.wav");
    render(&["--steps", SESSION], &wav);
    let reference = decode(&wav);
    let want = onsets(&reference);
    // 7 changes and "halfway" and 18 beeps, each after silence (and a few
    // pauses inside words).
    assert!(want.len() >= 26, "{want:?}");
    for name in ["s.mp3", "s.ogg", "s.opus", "s.flac"] {
        let path = dir.path().join(name);
        render(&["--steps", SESSION], &path);
        let heard = decode(&path);
        // Delay and padding trimmed: as long as the WAV, to the millisecond.
        assert!(
            heard.len().abs_diff(reference.len()) <= MS,
            "{name}: {} samples decoded, the WAV has {}",
            heard.len(),
            reference.len()
        );
        let worst = onsets_match(
            &want,
            &onsets(&heard),
            &cue_onsets(SESSION),
            &reference,
            name,
        );
        eprintln!("{name}: worst onset error {worst:.2} ms");
    }
    // FLAC is lossless: the very samples.
    let flac = decode(&dir.path().join("s.flac"));
    assert!(flac == reference, "FLAC decodes to the WAV's samples");
}

#[test]
fn a_plan_session_is_tagged_and_has_a_chapter_per_segment() {
    if !(require("ffmpeg") && require("ffprobe")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"Couch to 5K\"\n\n[[week]]\n[[week.session]]\nsteps = \"walk 20s\"\n\
         [[week.session]]\nsteps = \"warmup 10s, 2x(run 90s, walk 5s), cooldown 10s\"\n",
    )
    .unwrap();
    let titles = [
        "Warm-up, 10 s",
        "Run 1 of 2, 90 s",
        "Walk, 5 s",
        "Run 2 of 2, 90 s",
        "Walk, 5 s",
        "Cool-down, 10 s",
    ];
    let starts = [0.0, 10.0, 100.0, 105.0, 195.0, 200.0];
    for name in ["w1d2.mp3", "w1d2.opus", "w1d2.flac"] {
        let path = dir.path().join(name);
        render(&[plan.to_str().unwrap(), "--session", "W1D2"], &path);
        let probe = ffprobe(&path);
        // MP3 and FLAC tags are the file's; an Ogg stream's comments are
        // the stream's.
        let tags = if probe["format"]["tags"].is_object() {
            &probe["format"]["tags"]
        } else {
            &probe["streams"][0]["tags"]
        };
        let tag = |key: &str| {
            tags.as_object()
                .and_then(|t| t.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
                .and_then(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("{name}: no {key} tag in {tags}"))
                .to_string()
        };
        assert_eq!(tag("title"), "W1D2 · Couch to 5K", "{name}");
        assert_eq!(tag("album"), "Couch to 5K", "{name}");
        assert_eq!(tag("track"), "2", "{name}");
        let chapters = probe["chapters"].as_array().expect("chapters");
        let got: Vec<&str> = chapters
            .iter()
            .map(|c| c["tags"]["title"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(got, titles, "{name}");
        for (c, &start) in chapters.iter().zip(&starts) {
            let at: f64 = c["start_time"].as_str().unwrap().parse().unwrap();
            assert!((at - start).abs() < 0.001, "{name}: {c}");
        }
    }
}

#[test]
fn unknown_extension_writes_nothing_and_format_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let m4a = dir.path().join("s.m4a");
    walkrun()
        .args(["render", "--steps", "run 5s", "-o"])
        .arg(&m4a)
        .assert()
        .code(2)
        .stderr(
            predicate::str::starts_with("walkrun: -o ")
                .and(predicate::str::contains("'.m4a'"))
                .and(predicate::str::contains(".mp3")),
        );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // --format wins over the name.
    walkrun()
        .args(["render", "--steps", "run 5s", "--format", "mp3", "-o"])
        .arg(&m4a)
        .assert()
        .success();
    let bytes = std::fs::read(&m4a).unwrap();
    assert_eq!(&bytes[..3], b"ID3");
    let wav = dir.path().join("really-ogg.wav");
    walkrun()
        .args(["render", "--steps", "run 5s", "--format", "ogg", "-o"])
        .arg(&wav)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&wav).unwrap()[..4], b"OggS");

    // Opus runs at 48 kHz: another rate is bad input, and nothing is written.
    let opus = dir.path().join("s.opus");
    walkrun()
        .args(["render", "--steps", "run 5s", "--rate", "44100", "-o"])
        .arg(&opus)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("48000"));
    assert!(!opus.exists());
}

#[test]
fn voice_only_files_are_small_and_say_their_size() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["s.mp3", "s.opus"] {
        let path = dir.path().join(name);
        let out = walkrun()
            .args([
                "render",
                "--steps",
                "warmup 1m, 4x(run 30s, walk 30s), cooldown 1m",
                "-o",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let bytes = std::fs::metadata(&path).unwrap().len() as f64;
        let minutes = 6.0 + 1.5 / 60.0;
        let per_minute = bytes / 1e6 / minutes;
        assert!(per_minute <= 0.6, "{name}: {per_minute:.2} MB a minute");
        assert!(
            stdout.contains(&format!("{:.1} MB (", bytes / 1e6)) && stdout.contains("MB a minute)"),
            "{stdout}"
        );
    }
}

/// Silence in an MP3 is written at the format's lowest bitrate: a session
/// that is mostly a quiet walk costs about 32 kbps, half the voice's 64, and
/// still decodes to its full length with its cues where the WAV has them.
#[test]
fn mp3_silence_costs_the_lowest_bitrate() {
    if !(require("ffmpeg") && require("ffprobe")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let steps = "walk 4m, run 1m";
    let wav = dir.path().join("q.wav");
    let mp3 = dir.path().join("q.mp3");
    render(&["--steps", steps], &wav);
    // The line render prints says so, or its size would not add up.
    walkrun()
        .args(["render", "--steps", steps, "-o"])
        .arg(&mp3)
        .assert()
        .success()
        .stdout(predicates::str::contains("MP3 64 kbps (32 in silence)"));
    let reference = decode(&wav);
    let heard = decode(&mp3);
    assert!(heard.len().abs_diff(reference.len()) <= MS);
    onsets_match(
        &onsets(&reference),
        &onsets(&heard),
        &cue_onsets(steps),
        &reference,
        "q.mp3",
    );
    let seconds = reference.len() as f64 / RATE as f64;
    let kbps = std::fs::metadata(&mp3).unwrap().len() as f64 * 8.0 / seconds / 1000.0;
    assert!(kbps < 40.0, "{kbps:.1} kbps on average");
    let probe = ffprobe(&mp3);
    let length: f64 = probe["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (length - seconds).abs() < 0.1,
        "{length} s, the WAV {seconds} s"
    );
}
