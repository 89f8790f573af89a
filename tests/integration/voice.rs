//! What the coach says, checked as a runner would hear it: the cue list of
//! `walkrun render --verbose` and the rendered samples, at every level of
//! talk; and the runner's own voice folder, broken in every way we know.

use std::path::Path;

use crate::util::walkrun;
use predicates::prelude::*;
use walkrun::audio::{CueBank, CueTrack, TrackConfig};
use walkrun::cues::speech::{Script, Talk};
use walkrun::cues::timeline::{CueKind, Timeline, CUE_GAP_MS};

/// The session of issue 13's "done when".
const SESSION: &str = "warmup 5m, 3x(run 90s, walk 2m), run 12m, cooldown 5m";
const RATE: u32 = 44_100;
const MS: u64 = RATE as u64 / 1000;
const PHRASES: usize = walkrun::cues::phrases::Phrase::ALL.len();

fn timeline(talk: Talk) -> (CueBank, Timeline) {
    let bank = CueBank::builtin(RATE).unwrap();
    let session = walkrun::plan::steps::parse(SESSION).unwrap();
    let t = bank.timeline(&session, &Script::new(talk));
    (bank, t)
}

/// `m:ss.mmm` back to milliseconds.
fn ms_of(clock: &str) -> u64 {
    let (m, rest) = clock.split_once(':').unwrap();
    let (s, ms) = rest.split_once('.').unwrap();
    (m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()) * 1000 + ms.parse::<u64>().unwrap()
}

/// What a command that must succeed printed; its stderr when it did not.
fn stdout_of(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The cue list `render --verbose` prints: (instant in ms, text).
fn verbose_cues(talk: &str, out: &Path) -> Vec<(u64, String)> {
    let o = walkrun()
        .args([
            "render",
            "--verbose",
            "--rate",
            "8000",
            "--talk",
            talk,
            "--steps",
            SESSION,
            "-o",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let l = l.trim_start();
            let (clock, text) = l.split_once("  ").unwrap();
            (ms_of(clock), text.to_string())
        })
        .collect()
}

fn spoken(cues: &[(u64, String)]) -> Vec<&(u64, String)> {
    cues.iter().filter(|(_, t)| t != "beep").collect()
}

/// The segment changes of SESSION, in seconds.
const CHANGES: [u64; 10] = [0, 300, 390, 510, 600, 720, 810, 930, 1650, 1950];

#[test]
fn the_cue_list_says_the_length_at_every_change_and_leaves_no_long_silence() {
    let dir = tempfile::tempdir().unwrap();
    for talk in ["quiet", "normal", "chatty"] {
        let wav = dir.path().join(format!("{talk}.wav"));
        let cues = verbose_cues(talk, &wav);
        let said = spoken(&cues);
        // In the WAV itself: each change, and every other word the list
        // says, starts a sound within 1 ms of its instant (the list's
        // instants are whole milliseconds, cut down).
        let samples: Vec<f32> = hound::WavReader::open(&wav)
            .unwrap()
            .into_samples::<i16>()
            .map(|s| f32::from(s.unwrap()) / 32768.0)
            .collect();
        let heard = onsets(&samples, 8000);
        let ms8 = 8u64;
        for secs in CHANGES {
            let at = secs * 8000;
            assert!(
                heard.iter().any(|&o| (o as u64).abs_diff(at) <= ms8),
                "{talk}: no sound starts within 1 ms of the change at {secs} s"
            );
        }
        for (ms, text) in &said {
            let at = ms * ms8;
            assert!(
                heard
                    .iter()
                    .any(|&o| (o as u64) + ms8 >= at && (o as u64) <= at + 2 * ms8),
                "{talk}: {text:?} at {ms} ms is not heard there"
            );
        }
        // Every change: the action word, then its length, on the instant.
        let words = [
            ("Warm up, five minutes", 0),
            ("Run, ninety seconds", 300),
            ("Walk, two minutes", 390),
            ("Run, ninety seconds", 510),
            ("Walk, two minutes", 600),
            ("Run, ninety seconds", 720),
            ("Walk, two minutes", 810),
            ("Last run, twelve minutes", 930),
            ("Cool down, five minutes", 1650),
            ("Session complete", 1950),
        ];
        for (start, secs) in words {
            assert!(
                said.iter()
                    .any(|(at, t)| *at == secs * 1000 && t.starts_with(start)),
                "{talk}: no {start:?} at {secs} s in {said:#?}"
            );
        }
        // "One minute to go" a minute before the end of the 12-minute run.
        assert!(
            said.iter()
                .any(|(at, t)| *at == 1590 * 1000 && t == "One minute to go."),
            "{talk}: {said:#?}"
        );
        // Never more than five minutes without a word.
        for pair in said.windows(2) {
            assert!(
                pair[1].0 - pair[0].0 <= 5 * 60 * 1000,
                "{talk}: silent from {} to {} ms",
                pair[0].0,
                pair[1].0
            );
        }
        // Halfway through the session: its midpoint is 16:15.
        let halfway = said.iter().find(|(_, t)| t.starts_with("Halfway")).unwrap();
        assert!(
            (975_000..975_000 + 10_000).contains(&halfway.0),
            "{halfway:?}"
        );
        // What each level adds.
        let has = |s: &str| said.iter().any(|(_, t)| t.contains(s));
        assert_eq!(has("Thirty seconds to go."), talk != "quiet", "{talk}");
        assert_eq!(has("to go.") && has("done, "), talk != "quiet", "{talk}");
        assert_eq!(has("You've got this."), talk != "quiet", "{talk}");
        let cheers = said.iter().filter(|(at, t)| {
            ![
                "Warm",
                "Run",
                "Walk",
                "Last",
                "Cool",
                "Session",
                "One minute",
                "Thirty",
                "Halfway",
            ]
            .iter()
            .any(|w| t.starts_with(w))
                && !t.contains(" done")
                && *at > 0
        });
        // A word of encouragement or form in the long run from the normal
        // level up, and chatty says more of them.
        let cheers = cheers.count();
        match talk {
            "quiet" => assert_eq!(cheers, 0, "{said:#?}"),
            "normal" => assert!(cheers >= 2, "{said:#?}"),
            _ => assert!(cheers >= 5, "{said:#?}"),
        }
    }
}

/// Onsets in `samples`: where the RMS of a millisecond rises above -46 dBFS
/// after 20 ms below it.
fn onsets(samples: &[f32], rate: usize) -> Vec<usize> {
    let ms = rate / 1000;
    let threshold = 0.005f64 * 0.005 * ms as f64;
    let mut energy = 0.0f64;
    let mut quiet = usize::MAX / 2;
    let mut found = Vec::new();
    for (i, &s) in samples.iter().enumerate() {
        energy += f64::from(s).powi(2);
        if i >= ms {
            energy -= f64::from(samples[i - ms]).powi(2);
        }
        if energy > threshold {
            if quiet >= 20 * ms {
                found.push(i);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    found
}

#[test]
fn rendered_samples_put_every_change_on_its_sample_and_no_cue_over_another() {
    for talk in [Talk::Quiet, Talk::Normal, Talk::Chatty] {
        let (bank, t) = timeline(talk);
        // Cues never overlap, and keep a gap.
        for pair in t.cues.windows(2) {
            assert!(
                pair[0].end() + CUE_GAP_MS * MS <= pair[1].at,
                "{talk}: {:?} runs into {:?}",
                pair[0].text(),
                pair[1].text()
            );
        }
        // Every change, heard: the track from a second before each change
        // (the same samples as the whole render, see tests/render.rs) has
        // its first sound within 1 ms of the change.
        for secs in CHANGES {
            let at = secs * u64::from(RATE);
            let from = at.saturating_sub(u64::from(RATE) / 2);
            let window: Vec<f32> = CueTrack::new(&t, &bank, TrackConfig::default())
                .unwrap()
                .starting_at(from)
                .take(RATE as usize)
                .collect();
            let first = onsets(&window, RATE as usize)
                .into_iter()
                .map(|o| o as u64 + from)
                .find(|&o| o + 100 * MS > at)
                .unwrap_or_else(|| panic!("{talk}: nothing heard at {secs} s"));
            assert!(
                first.abs_diff(at) <= MS,
                "{talk}: the change at {secs} s is heard at {} s",
                first as f64 / f64::from(RATE)
            );
        }
        // The whole track, block by block: silent outside every cue, never
        // silent at a cue's first millisecond.
        let mut track = CueTrack::new(&t, &bank, TrackConfig::default()).unwrap();
        let mut block = vec![0.0f32; 1 << 16];
        let mut pos = 0u64;
        loop {
            let n = track.fill(&mut block);
            if n == 0 {
                break;
            }
            let end = pos + n as u64;
            // The silences between cues that fall in this block.
            let mut from = pos;
            for c in t.cues.iter().filter(|c| c.end() > pos && c.at < end) {
                if c.at > from {
                    let quiet = &block[(from - pos) as usize..(c.at - pos) as usize];
                    assert!(
                        quiet.iter().all(|&s| s == 0.0),
                        "{talk}: sound before {:?}",
                        c.text()
                    );
                }
                from = from.max(c.end());
            }
            if from < end {
                assert!(
                    block[(from - pos) as usize..n].iter().all(|&s| s == 0.0),
                    "{talk}: stray sound"
                );
            }
            pos = end;
        }
        assert_eq!(pos, t.len());
        for c in &t.cues {
            // Heard within a millisecond of its onset, as the render tests
            // allow: some millisecond that ends in onset..=onset + 1 ms is
            // over silence (a beep's first, a word's first sound).
            let from = (c.onset() + 1).saturating_sub(MS);
            let window: Vec<f32> = CueTrack::new(&t, &bank, TrackConfig::default())
                .unwrap()
                .starting_at(from)
                .take(2 * MS as usize)
                .collect();
            let ms = MS as usize;
            let rms = (ms..=window.len())
                .map(|end| {
                    let e: f32 = window[end - ms..end].iter().map(|s| s * s).sum();
                    (e / ms as f32).sqrt()
                })
                .fold(0.0f32, f32::max);
            assert!(rms > 0.005, "{talk}: {:?} opens with silence", c.text());
        }
        let changes = t.cues.iter().filter(|c| c.what.is_change()).count();
        assert_eq!(changes, CHANGES.len());
        assert!(t.cues.iter().any(|c| c.what == CueKind::Halfway));
    }
}

#[test]
fn a_plan_session_is_introduced_and_says_what_is_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = walkrun()
        .args([
            "render",
            "couch-to-5k",
            "--session",
            "W1D1",
            "--verbose",
            "--rate",
            "8000",
            "-o",
        ])
        .arg(dir.path().join("w1d1.wav"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Week one, run one. "), "{text}");
    assert!(
        text.contains("Session complete. Well done. Next: week one, run two."),
        "{text}"
    );
    let quiet = walkrun()
        .args([
            "render",
            "couch-to-5k",
            "--session",
            "W1D1",
            "--verbose",
            "--talk",
            "quiet",
            "--rate",
            "8000",
            "-o",
        ])
        .arg(dir.path().join("q.wav"))
        .output()
        .unwrap();
    let text = String::from_utf8(quiet.stdout).unwrap();
    assert!(!text.contains("Week one"), "{text}");
    assert!(text.contains("  Session complete.\n"), "{text}");
}

#[test]
fn voice_list_names_every_phrase_and_its_file() {
    let out = walkrun().args(["voice", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().count(),
        walkrun::cues::phrases::Phrase::ALL.len() + 1
    );
    for p in walkrun::cues::phrases::Phrase::ALL {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(p.id()))
            .unwrap_or_else(|| panic!("no line for {}", p.id()));
        assert!(
            line.contains(&p.file_name()) && line.ends_with(p.text()),
            "{line}"
        );
    }
}

fn wav(path: &Path, rate: u32, channels: u16, bits: u16, claimed: u32, data: &[u8]) {
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    let align = channels.wrapping_mul(bits / 8);
    v.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
    v.extend_from_slice(&align.to_le_bytes());
    v.extend_from_slice(&bits.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&claimed.to_le_bytes());
    v.extend_from_slice(data);
    std::fs::write(path, v).unwrap();
}

fn tone(n: usize, amp: f32) -> Vec<u8> {
    (0..n)
        .flat_map(|i| (((i as f32 * 0.1).sin() * amp * 32767.0) as i16).to_le_bytes())
        .collect()
}

#[test]
fn a_broken_voice_clip_stops_run_and_render_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let ok = tone(4410, 0.5);
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "0 Hz",
            Box::new(move |p| wav(p, 0, 1, 16, 8820, &tone(4410, 0.5))),
            "sample rate 0 Hz",
        ),
        (
            "absurd rate",
            Box::new(|p| wav(p, 3_000_000_000, 1, 16, 8820, &tone(4410, 0.5))),
            "sample rate 3000000000 Hz",
        ),
        (
            "not WAV",
            Box::new(|p| std::fs::write(p, "just text").unwrap()),
            "expected a WAV file",
        ),
        (
            "huge",
            Box::new(|p| std::fs::File::create(p).unwrap().set_len(1 << 30).unwrap()),
            "at most 16 MB",
        ),
        (
            "lying header",
            Box::new(|p| wav(p, 44_100, 1, 16, 44_100 * 2 * 20, &tone(100, 0.5))),
            "more than the file holds",
        ),
        (
            "silent",
            Box::new(|p| wav(p, 44_100, 1, 16, 8820, &[0; 8820])),
            "silent",
        ),
    ];
    for (what, make, expected) in cases {
        let voice = dir.path().join(what.replace(' ', "-"));
        std::fs::create_dir(&voice).unwrap();
        wav(&voice.join("run.wav"), 44_100, 1, 16, 8820, &ok);
        make(&voice.join("walk.wav"));
        let out_wav = dir.path().join("out.wav");
        let render = walkrun()
            .args(["render", "--steps", "run 5s, walk 5s", "--voice"])
            .arg(&voice)
            .arg("-o")
            .arg(&out_wav)
            .output()
            .unwrap();
        let run = walkrun()
            .home(dir.path().join("data"))
            .args(["run", "--no-audio", "--steps", "run 5s, walk 5s", "--voice"])
            .arg(&voice)
            .output()
            .unwrap();
        for (cmd, out) in [("render", render), ("run", run)] {
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what} {cmd}: {err}");
            assert_eq!(err.lines().count(), 1, "{what} {cmd}: {err}");
            assert!(
                err.starts_with("walkrun: ") && err.contains("walk.wav") && err.contains(expected),
                "{what} {cmd}: {err}"
            );
        }
        assert!(!out_wav.exists(), "{what}");
    }
}

#[test]
fn run_takes_a_voice_folder_and_a_talk_level() {
    // Sentences recorded whole are composed from the runner's own clips.
    let parts = walkrun::cues::phrases::Phrase::ALL
        .iter()
        .filter(|p| !p.is_whole())
        .count();
    let dir = tempfile::tempdir().unwrap();
    let voice = dir.path().join("coach");
    std::fs::create_dir(&voice).unwrap();
    wav(
        &voice.join("run.wav"),
        22_050,
        1,
        16,
        8820,
        &tone(4410, 0.5),
    );
    walkrun()
        .home(dir.path().join("data"))
        .args([
            "run",
            "--no-audio",
            "--talk",
            "chatty",
            "--steps",
            "run 1s",
            "--voice",
        ])
        .arg(&voice)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "the built-in voice says {} of {} phrases",
            parts - 1,
            parts
        )));
    walkrun()
        .args(["run", "--no-audio", "--talk", "loud", "--steps", "run 1s"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("walkrun: "));
}

#[test]
fn voice_check_reports_missing_extra_and_unusable_clips_and_what_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let voice = dir.path();
    wav(
        &voice.join("run.wav"),
        22_050,
        1,
        16,
        8820,
        &tone(4410, 0.5),
    );
    wav(
        &voice.join("walk.wav"),
        22_050,
        1,
        16,
        8820,
        &tone(4410, 1.5),
    );
    std::fs::write(voice.join("halfway.wav"), "not audio").unwrap();
    std::fs::write(voice.join("take2.wav"), "").unwrap();
    // Recorded, but as MP3 or with a capital: not read, and said so.
    std::fs::write(voice.join("halfway.mp3"), "ID3").unwrap();
    std::fs::write(voice.join("Well-Done.wav"), "").unwrap();
    let out = walkrun()
        .args(["voice", "check"])
        .arg(voice)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "1 usable, {} missing, 1 clipped, 1 unusable, 3 extra files",
            PHRASES - 3
        )),
        "{text}"
    );
    assert!(
        text.contains("unusable: ") && text.contains("halfway.wav: expected a WAV file"),
        "{text}"
    );
    assert!(
        text.contains("clipped: ") && text.contains("walk.wav"),
        "{text}"
    );
    assert!(
        text.contains("extra: ") && text.contains("take2.wav: no phrase has this name"),
        "{text}"
    );
    assert!(
        text.contains("halfway.mp3: not read; walkrun reads WAV clips named exactly halfway.wav"),
        "{text}"
    );
    assert!(
        text.contains(
            "Well-Done.wav: not read; walkrun reads WAV clips named exactly well-done.wav"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "The built-in voice says {}: warm-up, walk, ",
            PHRASES - 2
        )),
        "{text}"
    );
    // Without the broken clip, run and render would take the folder.
    std::fs::remove_file(voice.join("halfway.wav")).unwrap();
    walkrun()
        .args(["voice", "check"])
        .arg(voice)
        .assert()
        .success();
    walkrun()
        .args(["voice", "check", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a folder"));
}

/// A clip that is a link looping back on itself, a link to nothing or a
/// FIFO is not silently "missing" (nor "not a regular file"): `voice
/// check` says what each is, and counts it unusable.
#[cfg(unix)]
#[test]
fn voice_check_says_what_a_link_loop_a_dangling_link_and_a_fifo_are() {
    let dir = tempfile::tempdir().unwrap();
    let voice = dir.path();
    std::os::unix::fs::symlink("run.wav", voice.join("run.wav")).unwrap();
    std::os::unix::fs::symlink("gone.wav", voice.join("walk.wav")).unwrap();
    let fifo = std::ffi::CString::new(voice.join("halfway.wav").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let out = walkrun()
        .args(["voice", "check"])
        .arg(voice)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "0 usable, {} missing, 0 clipped, 3 unusable",
            PHRASES - 3
        )),
        "{text}"
    );
    for says in [
        "run.wav: it is a symbolic link that loops back on itself, not a WAV file",
        "walk.wav: it is a symbolic link to 'gone.wav', which is not there",
        "halfway.wav: it is a FIFO, not a WAV file",
    ] {
        assert!(text.contains(says), "{says}: {text}");
    }
}

#[test]
fn a_sessions_note_is_heard_in_the_intro() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"Notes\"\n\n[[week]]\n[[week.session]]\nsteps = \"warmup 5m, run 17m, cooldown 5m\"\n\
         purpose = \"long\"\n\
         note = \"your first 17 minutes without stopping: slow enough to talk the whole way\"\n\
         [[week.session]]\nsteps = \"warmup 5m, run 10m, cooldown 5m\"\n\
         note = \"taper: shorter, to arrive at the race rested\"\n",
    )
    .unwrap();
    let intro = |session: &str| -> String {
        let text = stdout_of(
            walkrun()
                .arg("render")
                .arg(&plan)
                .args(["--session", session, "--verbose", "--rate", "8000", "-o"])
                .arg(dir.path().join(format!("{session}.wav")))
                .output()
                .unwrap(),
        );
        text.lines()
            .find(|l| l.contains("Week one, run "))
            .unwrap_or_else(|| panic!("no intro in {text}"))
            .to_string()
    };
    assert!(
        intro("W1D1").ends_with(
            "Your long run today: easy and steady. Your first seventeen minutes without \
             stopping: slow enough to talk the whole way."
        ),
        "{}",
        intro("W1D1")
    );
    assert!(
        intro("W1D2").ends_with("Taper: shorter, to arrive at the race rested."),
        "{}",
        intro("W1D2")
    );
}

#[test]
fn a_milestone_is_heard_the_first_time_and_the_log_marks_it() {
    let home = tempfile::tempdir().unwrap();
    let now = "2026-03-20T09:00";
    for (steps, date) in [
        ("run 8m", "2026-03-01"),
        ("run 9m", "2026-03-04"),
        ("run 12m", "2026-03-07"),
    ] {
        walkrun()
            .home(home.path())
            .now(now)
            .args(["log", "add", "--steps", steps, "--date", date])
            .assert()
            .success();
    }
    let log = walkrun()
        .home(home.path())
        .now(now)
        .arg("log")
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    // A row and the indented lines of its note below it, joined.
    let line = |date: &str| {
        let mut lines = log.lines().skip_while(|l| !l.contains(date));
        let row = lines.next().unwrap_or_else(|| panic!("no {date} in {log}"));
        let note: Vec<&str> = lines
            .take_while(|l| l.starts_with("  "))
            .map(str::trim)
            .collect();
        format!("{row} {}", note.join(" "))
    };
    assert!(
        line("2026-03-01").contains("milestone: 5 minutes without a walk"),
        "{log}"
    );
    assert!(!line("2026-03-04").contains("milestone"), "{log}");
    assert!(
        line("2026-03-07").contains("milestone: 10 minutes without a walk"),
        "{log}"
    );

    // The longest so far is 12 minutes: 20 is the next the coach says, and
    // an 11-minute run is no milestone.
    let said = |steps: &str| -> String {
        stdout_of(
            walkrun()
                .home(home.path())
                .now(now)
                .args([
                    "render",
                    "--verbose",
                    "--rate",
                    "8000",
                    "--steps",
                    steps,
                    "-o",
                ])
                .arg(home.path().join("s.wav"))
                .output()
                .unwrap(),
        )
    };
    let long = said("warmup 5m, run 21m, cooldown 5m");
    assert!(
        long.contains("  That's twenty minutes without a walk. Your longest run yet."),
        "{long}"
    );
    let line = long.lines().find(|l| l.contains("That's twenty")).unwrap();
    assert!(
        line.trim_start().starts_with("25:00.000"),
        "at 20 minutes into the run: {line}"
    );
    assert!(!said("warmup 5m, run 11m, cooldown 5m").contains("without a walk"));
}

/// Walk-run sessions are "run-walk", not "intervals" (which sounds like
/// speedwork): a voice with the phrase says "Run-walk today." in the intro;
/// the built-in voice says it once it is regenerated with the phrase, and
/// until then says its older "Intervals today." in its place, never nothing.
#[test]
fn a_run_walk_session_is_introduced_as_run_walk() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"Run-walk\"\n\n[[week]]\n[[week.session]]\n\
         steps = \"warmup 5m, 8x(run 1m, walk 90s), cooldown 5m\"\npurpose = \"intervals\"\n",
    )
    .unwrap();
    let intro = |voice: Option<&Path>| -> String {
        let mut cmd = walkrun();
        cmd.arg("render")
            .arg(&plan)
            .args(["--session", "W1D1", "--verbose", "--rate", "8000", "-o"])
            .arg(dir.path().join("w1d1.wav"));
        if let Some(v) = voice {
            cmd.arg("--voice").arg(v);
        }
        let text = stdout_of(cmd.output().unwrap());
        text.lines()
            .find(|l| l.contains("Week one, run one"))
            .unwrap_or_else(|| panic!("no intro in {text}"))
            .to_string()
    };
    let builtin = intro(None);
    assert!(
        builtin.ends_with("Run-walk today.") || builtin.ends_with("Intervals today."),
        "{builtin}"
    );
    let voice = dir.path().join("coach");
    std::fs::create_dir(&voice).unwrap();
    wav(
        &voice.join("run-walk-today.wav"),
        22_050,
        1,
        16,
        8820,
        &tone(4410, 0.5),
    );
    let own = intro(Some(&voice));
    assert!(own.ends_with("Run-walk today."), "{own}");
}

/// The plan's goal is a milestone of its own: the first time the runner's
/// longest run reaches the plan's longest (here 25 minutes, which is none of
/// the 5, 10, 20 and 30 marks), the coach says it is the goal, and `log`
/// marks it, in its table and in its JSON.
#[test]
fn reaching_the_plans_goal_is_heard_and_logged() {
    let home = tempfile::tempdir().unwrap();
    let plan = home.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"To 25 minutes\"\ngoal = \"run 25m\"\nstart = 2026-03-02\n\n\
         [[week]]\n[[week.session]]\nday = \"mon\"\nsteps = \"warmup 5m, run 22m, cooldown 5m\"\n\
         [[week.session]]\nday = \"thu\"\nsteps = \"warmup 5m, run 25m, cooldown 5m\"\n",
    )
    .unwrap();
    let now = "2026-03-06T09:00";
    walkrun()
        .home(home.path())
        .now(now)
        .arg("use")
        .arg(&plan)
        .assert()
        .success();
    walkrun()
        .home(home.path())
        .now(now)
        .args(["log", "add", "W1D1", "--date", "2026-03-02"])
        .assert()
        .success();
    // W1D2 reaches 25 minutes without a walk for the first time: the goal.
    let said = stdout_of(
        walkrun()
            .home(home.path())
            .now(now)
            .args([
                "render",
                "--verbose",
                "--rate",
                "8000",
                "--session",
                "W1D2",
                "-o",
            ])
            .arg(home.path().join("s.wav"))
            .output()
            .unwrap(),
    );
    let line = said
        .lines()
        .find(|l| l.contains("That's twenty-five minutes without a walk."))
        .unwrap_or_else(|| panic!("no goal milestone in {said}"));
    assert!(line.contains("your goal"), "{line}");
    // The run is the goal's 25 minutes: said just after the change at its
    // end (30:00, after the warm-up's 5), within the milestone's slack.
    let at = ms_of(line.split_whitespace().next().unwrap_or_default());
    assert!((30 * 60_000..30 * 60_000 + 20_000).contains(&at), "{line}");

    walkrun()
        .home(home.path())
        .now(now)
        .args(["log", "add", "W1D2", "--date", "2026-03-05"])
        .assert()
        .success();
    let table = walkrun()
        .home(home.path())
        .now(now)
        .arg("log")
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("milestone: 25 minutes without a walk, the goal"),
        "{table}"
    );
    // W1D1's 22 minutes passed 20 (a mark, not the goal).
    assert!(
        table.contains("milestone: 20 minutes without a walk"),
        "{table}"
    );
    let json = walkrun()
        .home(home.path())
        .now(now)
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let marks: Vec<&serde_json::Value> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["milestone"])
        .collect();
    assert_eq!(
        marks,
        [
            &serde_json::json!({"seconds": 1200, "goal": false}),
            &serde_json::json!({"seconds": 1500, "goal": true}),
        ],
        "{doc:#}"
    );
}
