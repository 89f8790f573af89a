//! `walkrun run` as a runner meets it: without a sound card, through a real
//! (null) sound card recorded as a listener would hear it, and driven by keys
//! on a terminal. Timing is read from what the binary prints and from the
//! captured audio, never from how long the test waited.

use crate::util::tmux;
use tmux::Tmux;

use std::path::{Path, PathBuf};
use std::process::{Child, Command as Proc, Stdio};
use std::time::{Duration, Instant};

use crate::util::onsets;
use crate::util::{installed, poll_until, require, require_that, wait_until, walkrun};

use onsets::{onsets, MS, RATE};
use walkrun::audio::{CueBank, CueTrack, TrackConfig};

/// A HOME whose ALSA default is a card that does not exist, and a runtime
/// folder with no sound server in it: no audio device at all.
fn no_sound_card(dir: &Path) -> (PathBuf, PathBuf) {
    let home = dir.join("home");
    let rt = dir.join("rt");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&rt).unwrap();
    std::fs::write(
        home.join(".asoundrc"),
        "pcm.!default { type hw; card 99 }\nctl.!default { type hw; card 99 }\n",
    )
    .unwrap();
    (home, rt)
}

/// "00:02.000 WALK 2s" -> (2.0, "WALK 2s").
fn stamped(stdout: &str) -> Vec<(f64, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let (stamp, text) = l.split_once(' ')?;
            let (m, s) = stamp.split_once(':')?;
            let secs = m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?;
            Some((secs, text.to_string()))
        })
        .collect()
}

fn find<'a>(lines: &'a [(f64, String)], text: &str) -> &'a (f64, String) {
    lines
        .iter()
        .find(|(_, t)| t.starts_with(text))
        .unwrap_or_else(|| panic!("no line '{text}' in {lines:?}"))
}

fn assert_near(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: at {got:.3} s, expected {want:.3} s (±{tolerance} s)"
    );
}

#[test]
fn with_no_audio_device_the_session_runs_silently_on_a_monotonic_clock() {
    let dir = tempfile::tempdir().unwrap();
    let (home, rt) = no_sound_card(dir.path());
    let out = walkrun()
        .home(dir.path().join("data"))
        .args(["run", "--steps", "walk 2s, run 8s"])
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", &rt)
        .env_remove("ALSA_CONFIG_PATH")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .matches("no audio device found: cues on screen and terminal bell")
            .count(),
        1,
        "the fallback is said once, and nothing else is said: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let lines = stamped(&stdout);
    let texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "WALK 2s",
            "RUN 8s (run 1 of 1)",
            "halfway",
            "session complete"
        ],
        "{stdout}"
    );
    // Deadlines come from the session's start, so a change is stamped where
    // the timeline puts it, not later by the time spent waking up.
    // "Halfway" falls at the session's midpoint, 5 s, in the run.
    assert_near(find(&lines, "WALK").0, 0.0, 0.05, "walk");
    assert_near(find(&lines, "RUN").0, 2.0, 0.05, "run");
    assert_near(find(&lines, "halfway").0, 5.0, 0.05, "halfway");
    assert_near(find(&lines, "session complete").0, 10.0, 0.05, "end");
    assert!(
        stdout.contains("Session complete: 0:10, 8s of running, 2 segments completed, 0 skipped"),
        "{stdout}"
    );

    // Asked for sound where there is none: a runtime failure, exit 3.
    walkrun()
        .home(dir.path().join("data"))
        .args(["run", "--require-audio", "--steps", "run 2s"])
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", &rt)
        .env_remove("ALSA_CONFIG_PATH")
        .assert()
        .code(3)
        .stderr(predicates::str::starts_with("walkrun: no audio device: "));

    // --no-audio is a choice, not a fallback: nothing to apologise for.
    let out = walkrun()
        .home(dir.path().join("data"))
        .args(["run", "--no-audio", "--steps", "walk 1s"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_steps_are_bad_input() {
    walkrun()
        .args(["run", "--no-audio", "--steps", "run fast"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with("walkrun: --steps: "));
    walkrun()
        .args(["run", "couch-to-5k", "--session", "W42D1", "--no-audio"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("W42D1"));
}

/// A private PulseAudio server with a null sink called `cap`, stopped by its
/// process id when dropped.
struct Pulse {
    rt: PathBuf,
    home: PathBuf,
    pid: Option<i32>,
}

impl Pulse {
    /// `None` (with the reason printed) when PulseAudio is not installed; in
    /// CI that is a failure.
    fn start(dir: &Path) -> Option<Pulse> {
        Pulse::start_sink(dir, "")
    }

    /// As [`Pulse::start`], the sink made with `sink_args` (its rate,
    /// channels and sample format) as well as its name.
    fn start_sink(dir: &Path, sink_args: &str) -> Option<Pulse> {
        if !require_that(
            ["pulseaudio", "parec", "pactl"].into_iter().all(installed),
            "pulseaudio, parec or pactl is not installed (pulseaudio pulseaudio-utils libasound2-plugins)",
        ) {
            return None;
        }
        let rt = dir.join("rt");
        let home = dir.join("home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&rt).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&rt, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::write(
            home.join(".asoundrc"),
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .unwrap();
        let mut pulse = Pulse {
            rt,
            home,
            pid: None,
        };
        let status = pulse
            .cmd("pulseaudio")
            .args([
                "-D",
                "-n",
                "--exit-idle-time=-1",
                &format!("--load=module-null-sink sink_name=cap {sink_args}"),
                "--load=module-native-protocol-unix",
            ])
            .status()
            .expect("pulseaudio runs");
        assert!(status.success(), "pulseaudio did not start");
        let pid =
            std::fs::read_to_string(pulse.rt.join("pulse/pid")).expect("pulseaudio's pid file");
        pulse.pid = Some(pid.trim().parse().expect("a pid"));
        assert!(pulse
            .cmd("pactl")
            .args(["set-default-sink", "cap"])
            .status()
            .unwrap()
            .success());
        Some(pulse)
    }

    fn cmd(&self, bin: &str) -> Proc {
        self.heard(Proc::new(bin))
    }

    /// walkrun with its data in `data`, through this server.
    fn walkrun(&self, data: &Path) -> Proc {
        self.heard(walkrun().home(data).std())
    }

    /// `c` in this server's environment: its runtime folder, and a HOME
    /// whose ALSA default is the server.
    fn heard(&self, mut c: Proc) -> Proc {
        c.env("XDG_RUNTIME_DIR", &self.rt)
            .env("HOME", &self.home)
            .env_remove("PULSE_SERVER")
            .env_remove("ALSA_CONFIG_PATH");
        c
    }

    /// Record the sink's monitor: mono 16-bit at 44.1 kHz, into `to`;
    /// returned once the monitor is flowing (half a second has arrived).
    fn record(&self, to: &Path) -> Capture {
        let parec = self
            .cmd("parec")
            .args([
                "-d",
                "cap.monitor",
                "--raw",
                "--format=s16le",
                "--rate=44100",
                "--channels=1",
            ])
            .stdout(std::fs::File::create(to).unwrap())
            .spawn()
            .expect("parec runs");
        let capture = Capture {
            raw: to.to_path_buf(),
            parec,
        };
        wait_until("parec to record", Duration::from_secs(10), || {
            capture.bytes() >= RATE as u64
        });
        capture
    }
}

/// The sink's monitor being recorded.
struct Capture {
    raw: PathBuf,
    parec: Child,
}

impl Capture {
    /// How much has arrived.
    fn bytes(&self) -> u64 {
        std::fs::metadata(&self.raw).map_or(0, |m| m.len())
    }

    /// Where the stream is now: the moment, and the bytes arrived by then.
    fn mark(&self) -> (Instant, u64) {
        (Instant::now(), self.bytes())
    }

    /// Stop recording once the stream holds what the sink played until
    /// `end` and half a second more, counted from `mark`: the monitor lags
    /// the sink a little, and the tail must arrive. The stream runs at the
    /// sink's rate, so that is a position in it, not a time to sleep.
    fn stop_after(self, mark: (Instant, u64), end: Instant) {
        let (at, bytes) = mark;
        let past = (end - at + Duration::from_millis(500)).as_secs_f64();
        let want = bytes + (past * RATE as f64) as u64 * 2;
        wait_until(
            format_args!("{want} bytes of capture"),
            Duration::from_secs(10),
            || {
                let got = self.bytes();
                if got >= want {
                    Ok(())
                } else {
                    Err(format!("{got} bytes"))
                }
            },
        );
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let _ = self.parec.kill();
        let _ = self.parec.wait();
    }
}

impl Pulse {
    /// Kill the server now, as a crash or `pulseaudio -k` would.
    fn kill(&mut self, signal: i32) {
        if let Some(pid) = self.pid.take() {
            // SAFETY: a signal to the server this test started; SIGCONT so
            // that a server stopped by the test acts on it.
            unsafe {
                libc::kill(pid, signal);
                libc::kill(pid, libc::SIGCONT);
            }
        }
    }

    /// Stop the server without ending it, as a hung server is.
    fn stop(&self) {
        if let Some(pid) = self.pid {
            // SAFETY: a signal to the server this test started.
            unsafe {
                libc::kill(pid, libc::SIGSTOP);
            }
        }
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        self.kill(libc::SIGTERM);
    }
}

/// Wait (at most `limit`) for `child` to end; its exit status and the CPU
/// time it used, user and system, in seconds.
fn reap(child: &Child, limit: Duration) -> (std::process::ExitStatus, f64) {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as i32;
    let reaped = poll_until(limit, || {
        let mut status = 0;
        // SAFETY: plain out-parameters; the pid is this test's own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(got >= 0, "wait4: {}", std::io::Error::last_os_error());
        (got == pid).then(|| {
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
            (std::process::ExitStatus::from_raw(status), cpu)
        })
    });
    reaped.unwrap_or_else(|_| {
        // SAFETY: our own child, which has overrun.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        panic!("walkrun still running after {limit:?}");
    })
}

#[test]
fn a_device_lost_mid_session_goes_on_silently_and_ends_on_time() {
    const STEPS: &str = "run 2s, walk 3s, run 3s";
    let dir = tempfile::tempdir().unwrap();
    // Two servers: one is killed under its session, the other plays a
    // normal session beside it, for the CPU time.
    let Some(mut lost) = Pulse::start(&dir.path().join("lost")) else {
        return;
    };
    let Some(kept) = Pulse::start(&dir.path().join("kept")) else {
        return;
    };
    let plan = plan_file(dir.path(), STEPS);
    let spawn = |pulse: &Pulse, name: &str| {
        let out = dir.path().join(format!("{name}.out"));
        let err = dir.path().join(format!("{name}.err"));
        let child = pulse
            .walkrun(&dir.path().join(format!("{name}-data")))
            .arg("run")
            .arg(&plan)
            .args(["--session", "W1D1", "--require-audio"])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        (child, out, err)
    };
    let (lost_child, lost_out, lost_err) = spawn(&lost, "lost");
    let (kept_child, kept_out, _) = spawn(&kept, "kept");

    // The first change is heard through the device; then the server dies.
    wait_for(&lost_out, "WALK 3s");
    lost.kill(libc::SIGKILL);
    let (status, lost_cpu) = reap(&lost_child, Duration::from_secs(30));
    let (kept_status, kept_cpu) = reap(&kept_child, Duration::from_secs(30));
    eprintln!("CPU time: {lost_cpu:.3} s with the device lost, {kept_cpu:.3} s without");
    let text = std::fs::read_to_string(&lost_out).unwrap();
    let stderr = std::fs::read_to_string(&lost_err).unwrap();
    assert!(status.success(), "{status:?}: {text}{stderr}");
    assert!(
        kept_status.success(),
        "{}",
        std::fs::read_to_string(&kept_out).unwrap()
    );

    let all = format!("{text}{stderr}");
    assert_eq!(
        all.matches(walkrun::player::LOST_NOTICE).count(),
        1,
        "the fallback is said once: {all}"
    );
    assert!(
        !all.contains("paused") && !all.contains("stopped advancing"),
        "a lost device is no stall: {all}"
    );
    assert!(!all.contains("with pauses"), "nobody paused: {all}");
    let lines = stamped(&text);
    let walk = find(&lines, "WALK 3s").0;
    let gone = find(&lines, walkrun::player::LOST_NOTICE).0;
    let run = find(&lines, "RUN 3s (run 2 of 2)").0;
    let end = find(&lines, "session complete").0;
    assert!(walk <= gone && gone <= run, "{text}");
    // The silent clock goes on from where the listener was: the walk keeps
    // its 3 s, and the session ends at its proper time.
    eprintln!("after the loss: the walk lasted {:.3} s", run - walk);
    assert_near(run - walk, 3.0, 0.15, "the change after the loss");
    assert_near(end - run, 3.0, 0.05, "the end");
    assert!(
        text.contains("Session complete:") && text.contains("3 segments completed"),
        "{text}"
    );
    assert!(text.contains("Recorded W1D1 as done"), "{text}");
    let log = walkrun()
        .home(dir.path().join("lost-data"))
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("\"outcome\": \"done\""), "{log}");

    // No busy loop: the lost device costs no more than a normal session.
    assert!(
        lost_cpu <= kept_cpu + 0.5,
        "{lost_cpu:.3} s of CPU with the device lost, {kept_cpu:.3} s without"
    );
}

fn last_sound(samples: &[f32]) -> usize {
    samples.iter().rposition(|s| s.abs() > 0.01).unwrap_or(0)
}

#[test]
fn through_a_sound_card_every_cue_is_heard_where_the_timeline_puts_it() {
    const STEPS: &str = "run 3s, walk 3s, run 3s, walk 3s";
    let dir = tempfile::tempdir().unwrap();
    let Some(pulse) = Pulse::start(dir.path()) else {
        return;
    };
    let raw = dir.path().join("capture.raw");
    let capture = pulse.record(&raw);
    let mark = capture.mark();
    let started = Instant::now();
    let out = pulse
        .walkrun(&dir.path().join("data"))
        .args(["run", "--require-audio", "--steps", STEPS])
        .output()
        .unwrap();
    let took = started.elapsed();
    capture.stop_after(mark, Instant::now());
    drop(pulse);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bytes = std::fs::read(&raw).unwrap();
    let heard: Vec<f32> = bytes
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    // What the timeline puts where: the same session mixed by the library.
    let bank = CueBank::builtin(RATE as u32).unwrap();
    let timeline = bank.timeline(
        &walkrun::plan::steps::parse(STEPS).unwrap(),
        &walkrun::cues::speech::Script::default(),
    );
    let rendered: Vec<f32> = CueTrack::new(&timeline, &bank, TrackConfig::default())
        .unwrap()
        .collect();

    let want = onsets(&rendered);
    let got = onsets(&heard);
    assert!(
        want.len() >= timeline.cues.len(),
        "every cue starts after silence"
    );
    // The capture begins before the player does (and the device may click as
    // it is opened): the session starts at the first onset from which every
    // expected onset follows at its offset within 10 ms.
    let within = |g: usize, g0: usize, w: usize| {
        let error_ms = ((g - g0) as f64 - (w - want[0]) as f64) / MS as f64;
        error_ms.abs() <= 10.0
    };
    let start = (0..got.len()).find(|&k| {
        got.len() - k == want.len()
            && got[k..]
                .iter()
                .zip(&want)
                .all(|(&g, &w)| within(g, got[k], w))
    });
    let Some(start) = start else {
        panic!(
            "the capture's onsets {:?} (s) do not match the timeline's {:?} (s) within 10 ms",
            got.iter()
                .map(|&g| g as f64 / RATE as f64)
                .collect::<Vec<_>>(),
            want.iter()
                .map(|&w| (w - want[0]) as f64 / RATE as f64)
                .collect::<Vec<_>>()
        )
    };
    let g0 = got[start];
    let w0 = want[0];
    for (g, w) in got[start..].iter().zip(&want) {
        let error_ms = ((g - g0) as f64 - (w - w0) as f64) / MS as f64;
        eprintln!(
            "cue onset {:.3} s: {error_ms:+.2} ms",
            (w - w0) as f64 / RATE as f64
        );
    }
    let heard_span = (last_sound(&heard) - g0) as f64 / RATE as f64;
    let want_span = (last_sound(&rendered) - w0) as f64 / RATE as f64;
    assert_near(
        heard_span,
        want_span,
        0.5,
        "the whole session, first cue to last sound",
    );
    assert!(
        took.as_secs_f64() >= timeline.session_len() as f64 / RATE as f64,
        "the player ended after {took:?}, before the session's end"
    );
}

/// The frames after the first `gap` frames of silence (below `floor`)
/// where sound starts again: where the cues begin, in `mono`.
fn starts_after_silence(mono: &[f32], gap: usize, floor: f32) -> Vec<usize> {
    let mut out = Vec::new();
    let mut quiet = gap;
    for (i, s) in mono.iter().enumerate() {
        if s.abs() > floor {
            if quiet >= gap {
                out.push(i);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    out
}

#[test]
fn the_device_gets_exactly_the_samples_render_writes() {
    // The device opens at 48 kHz stereo f32 through the pulse plugin; a sink
    // of that shape passes what walkrun gives it to its monitor unchanged.
    const STEPS: &str = "run 3s, walk 3s";
    const HZ: usize = 48_000;
    let dir = tempfile::tempdir().unwrap();
    let Some(pulse) = Pulse::start_sink(dir.path(), "rate=48000 channels=2 format=float32le")
    else {
        return;
    };
    let raw = dir.path().join("capture.raw");
    let mut parec = pulse
        .cmd("parec")
        .args([
            "-d",
            "cap.monitor",
            "--raw",
            "--format=float32le",
            "--rate=48000",
            "--channels=2",
        ])
        .stdout(std::fs::File::create(&raw).unwrap())
        .spawn()
        .expect("parec runs");
    let bytes = || std::fs::metadata(&raw).map_or(0, |m| m.len());
    let per_second = (HZ * 2 * 4) as u64;
    wait_until("parec to record", Duration::from_secs(10), || {
        bytes() >= per_second / 2
    });
    let (mark, at_mark) = (Instant::now(), bytes());
    let out = pulse
        .walkrun(&dir.path().join("data"))
        .args(["run", "--require-audio", "--steps", STEPS])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The monitor lags the sink a little: wait for what the sink played
    // until now and half a second more to arrive.
    let want = at_mark + ((mark.elapsed().as_secs_f64() + 0.5) * per_second as f64) as u64;
    wait_until("the capture's tail", Duration::from_secs(10), || {
        bytes() >= want
    });
    let _ = parec.kill();
    let _ = parec.wait();
    drop(pulse);

    let wav = dir.path().join("rendered.wav");
    walkrun()
        .args([
            "render",
            "--steps",
            STEPS,
            "--rate",
            "48000",
            "--channels",
            "2",
            "-o",
        ])
        .arg(&wav)
        .assert()
        .success();
    let rendered: Vec<f32> = hound::WavReader::open(&wav)
        .unwrap()
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    let captured: Vec<f32> = std::fs::read(&raw)
        .unwrap()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let left = |x: &[f32]| x.iter().step_by(2).copied().collect::<Vec<f32>>();
    // Lined up on the first cue: the capture is silent before it.
    let (want, got) = (
        starts_after_silence(&left(&rendered), HZ / 5, 0.001),
        starts_after_silence(&left(&captured), HZ / 5, 0.001),
    );
    assert_eq!(
        got.len(),
        want.len(),
        "every cue heard once: {got:?} {want:?}"
    );
    let first = (got[0] - want[0]) * 2;
    assert!(
        captured.len() >= first + rendered.len(),
        "the capture holds the whole session"
    );
    // Every sample of the session, start to end, is the rendered one (the
    // WAV is 16-bit: within half a step of it).
    let worst = rendered
        .iter()
        .zip(&captured[first..])
        .enumerate()
        .map(|(i, (r, c))| ((r - c).abs(), i))
        .fold((0.0f32, 0), |m, d| if d.0 > m.0 { d } else { m });
    assert!(
        worst.0 <= 1.0 / 32768.0,
        "the device got {} where render wrote {} (frame {} of {})",
        captured[first + worst.1],
        rendered[worst.1],
        worst.1 / 2,
        rendered.len() / 2
    );
}

/// A plan with one session, for the journal.
fn plan_file(dir: &Path, steps: &str) -> PathBuf {
    let path = dir.join("plan.toml");
    std::fs::write(
        &path,
        format!("name = \"Keys test\"\n\n[[week]]\n[[week.session]]\nsteps = \"{steps}\"\n"),
    )
    .unwrap();
    path
}

/// Wait (at most 10 s) for the exit code that the shell in `tmux` writes to
/// `done` once walkrun has ended.
fn wait_for_exit(done: &Path, tmux: &Tmux) {
    wait_until("walkrun to exit", Duration::from_secs(10), || {
        if std::fs::read_to_string(done)
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            Err(tmux.screen())
        } else {
            Ok(())
        }
    });
}

/// Wait (at most 20 s) until `file` holds a line starting with `text` after
/// its stamp, and return the stamped lines.
fn wait_for(file: &Path, text: &str) -> Vec<(f64, String)> {
    wait_until(
        format_args!("a '{text}' line"),
        Duration::from_secs(20),
        || {
            let lines = stamped(&std::fs::read_to_string(file).unwrap_or_default());
            if lines.iter().any(|(_, t)| t.starts_with(text)) {
                Ok(lines)
            } else {
                Err(format!("{lines:?}"))
            }
        },
    )
}

#[test]
fn keys_on_a_terminal_pause_skip_and_quit() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path(), "walk 3s, run 3s, walk 3s, run 3s, walk 3s");
    let out = dir.path().join("out.txt");
    let done = dir.path().join("done.txt");
    let data = dir.path().join("data");
    // stdin is tmux's terminal (keys on); stdout goes to a file (lines).
    let script = format!(
        "{} run '{}' --session W1D1 --no-audio > '{}'; echo $? > '{}'; sleep 30",
        walkrun().home(&data).shell(),
        plan.display(),
        out.display(),
        done.display()
    );
    let tmux = Tmux {
        session: "run",
        socket: dir.path().join("tmux.sock"),
    };
    tmux.start(120, 40, &script);

    // The terminal is raw before the first line: keys typed from then on
    // are read, none is lost.
    wait_for(&out, "WALK 3s");
    tmux.send(&["Space"]);
    wait_for(&out, "paused");
    // How long the runner stays paused: the pause the test makes (and then
    // measures in walkrun's stamps), not a wait for walkrun.
    std::thread::sleep(Duration::from_secs(2));
    tmux.send(&["Space"]);
    wait_for(&out, "resumed");
    wait_for(&out, "RUN 3s (run 1 of 2)");
    tmux.send(&["n"]);
    wait_for(&out, "skipped to WALK 3s");
    wait_for(&out, "RUN 3s (run 2 of 2)");
    tmux.send(&["q"]);
    wait_for(&out, "end the session?");
    tmux.send(&["q"]);
    wait_for(&out, "ended early");
    // The effort question, on the terminal, then the pain question.
    tmux.answer("How hard was it", &["7", "Enter"]);
    tmux.answer("Any pain?", &["Enter"]);
    wait_for_exit(&done, &tmux);
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");

    let text = std::fs::read_to_string(&out).unwrap();
    let lines = stamped(&text);
    let paused = find(&lines, "paused").0;
    let resumed = find(&lines, "resumed").0;
    let pause = resumed - paused;
    assert!(pause >= 1.5, "paused for {pause:.3} s: {text}");
    // The pause shifts the next change by exactly its length.
    assert_near(
        find(&lines, "RUN 3s (run 1 of 2)").0,
        3.0 + pause,
        0.05,
        "run 1 after the pause",
    );
    // `n` ends the run at once; the walk then lasts its full 3 s.
    let skipped = find(&lines, "skipped to WALK 3s").0;
    assert_near(
        find(&lines, "RUN 3s (run 2 of 2)").0,
        skipped + 3.0,
        0.05,
        "run 2 after the skip",
    );
    assert!(
        text.contains("Ended early:") && text.contains("2 segments completed, 1 skipped"),
        "{text}"
    );
    assert!(
        text.contains("Recorded W1D1 as partial, effort 7"),
        "{text}"
    );

    let log = walkrun()
        .home(&data)
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("\"outcome\": \"partial\""), "{log}");
    assert!(log.contains("\"segments_skipped\": 1"), "{log}");
}

/// Two RBJ high-pass biquads at 400 Hz: what is left of a capture once a
/// low music tone is taken out, for the onset detector.
fn high_pass(x: &[f32]) -> Vec<f32> {
    let w = 2.0 * std::f64::consts::PI * 400.0 / RATE as f64;
    let alpha = w.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
    let cos = w.cos();
    let a0 = 1.0 + alpha;
    let b = [
        (1.0 + cos) / 2.0 / a0,
        -(1.0 + cos) / a0,
        (1.0 + cos) / 2.0 / a0,
    ];
    let a = [-2.0 * cos / a0, (1.0 - alpha) / a0];
    let mut y: Vec<f32> = x.to_vec();
    for _ in 0..2 {
        let (mut x1, mut x2, mut y1, mut y2) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for v in y.iter_mut() {
            let x0 = f64::from(*v);
            let y0 = b[0] * x0 + b[1] * x1 + b[2] * x2 - a[0] * y1 - a[1] * y2;
            (x2, x1, y2, y1) = (x1, x0, y1, y0);
            *v = y0 as f32;
        }
    }
    y
}

#[test]
fn music_plays_between_cues_and_the_cues_stay_on_time() {
    const STEPS: &str = "run 3s, walk 3s, run 3s, walk 3s";
    let dir = tempfile::tempdir().unwrap();
    // The runner's "music": a 100 Hz tone, below the voice and the beeps.
    let music = dir.path().join("tone.wav");
    tone_file(&music, 5);
    let Some(pulse) = Pulse::start(dir.path()) else {
        return;
    };
    let raw = dir.path().join("capture.raw");
    let capture = pulse.record(&raw);
    let mark = capture.mark();
    let out = pulse
        .walkrun(&dir.path().join("data"))
        .args(["run", "--require-audio", "--steps", STEPS, "--music"])
        .arg(&music)
        .output()
        .unwrap();
    capture.stop_after(mark, Instant::now());
    drop(pulse);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bytes = std::fs::read(&raw).unwrap();
    let heard: Vec<f32> = bytes
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    let bank = CueBank::builtin(RATE as u32).unwrap();
    let timeline = bank.timeline(
        &walkrun::plan::steps::parse(STEPS).unwrap(),
        &walkrun::cues::speech::Script::default(),
    );
    let rendered: Vec<f32> = CueTrack::new(&timeline, &bank, TrackConfig::default())
        .unwrap()
        .collect();
    // With the tone filtered out of both, the cues start after silence.
    let want = onsets(&high_pass(&rendered));
    let got = onsets(&high_pass(&heard));
    let within = |g: usize, g0: usize, w: usize| {
        (((g - g0) as f64 - (w - want[0]) as f64) / MS as f64).abs() <= 10.0
    };
    // The stream stops at the track's end with the music still under the
    // last cue: that cut can read as one more onset, after every cue.
    let end = timeline.len() as usize - want[0];
    let start = (0..got.len()).find(|&k| {
        let heard_cues = got[k..]
            .iter()
            .filter(|&&g| g - got[k] + 10 * MS < end)
            .count();
        heard_cues == want.len()
            && got[k..]
                .iter()
                .zip(&want)
                .all(|(&g, &w)| within(g, got[k], w))
    });
    let Some(start) = start else {
        panic!(
            "the capture's onsets {:?} (s) do not match the timeline's {:?} (s) within 10 ms",
            got.iter()
                .map(|&g| g as f64 / RATE as f64)
                .collect::<Vec<_>>(),
            want.iter()
                .map(|&w| (w - want[0]) as f64 / RATE as f64)
                .collect::<Vec<_>>()
        )
    };
    // The first cue is "run" at the session's start.
    let g0 = got[start] - want[0];
    // Between cues (from 1.2 s to 2.6 s into each segment, after the
    // cue and its release, before the next duck) the music plays.
    for s in &timeline.segments {
        let a = g0 + s.start as usize + RATE * 12 / 10;
        let b = g0 + s.start as usize + RATE * 26 / 10;
        let level = (heard[a..b].iter().map(|v| v * v).sum::<f32>() / (b - a) as f32).sqrt();
        assert!(
            level > 0.03,
            "no music {:.1} s into the segment at {:.0} s: rms {level}",
            1.2,
            s.start as f64 / RATE as f64
        );
    }
}

/// The journal's entries, as `walkrun log --format json` shows them.
fn journal(data: &Path) -> Vec<serde_json::Value> {
    let out = walkrun()
        .home(data)
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["entries"].as_array().cloned().unwrap_or_default()
}

#[test]
fn sigint_sigterm_and_sighup_end_the_session_cleanly_with_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path(), "walk 2s, run 3s, walk 2s");
    let runs: Vec<_> = [
        (libc::SIGINT, 130, "int"),
        (libc::SIGTERM, 143, "term"),
        (libc::SIGHUP, 129, "hup"),
    ]
    .into_iter()
    .map(|(signal, code, name)| {
        let out = dir.path().join(format!("{name}.out"));
        let data = dir.path().join(format!("{name}-data"));
        let child = walkrun()
            .home(&data)
            .std()
            .arg("run")
            .arg(&plan)
            .args(["--session", "W1D1", "--no-audio"])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        (signal, code, out, data, child)
    })
    .collect();
    for (signal, code, out, data, child) in runs {
        // Two seconds of walking done, then the signal.
        wait_for(&out, "RUN 3s");
        // SAFETY: a signal to this test's own child.
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let done = child.wait_with_output().unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            done.status.code(),
            Some(code),
            "signal {signal}: {:?} {text}{}",
            done.status,
            String::from_utf8_lossy(&done.stderr)
        );
        assert!(
            done.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        assert!(
            stamped(&text).iter().any(|(_, t)| t == "interrupted"),
            "{text}"
        );
        assert!(text.contains("Interrupted: 0:02"), "{text}");
        assert!(text.contains("Recorded W1D1 as partial"), "{text}");
        let entries = journal(&data);
        assert_eq!(entries.len(), 1, "{entries:?}");
        let e = &entries[0];
        assert_eq!(e["outcome"], "partial", "{e}");
        // What was run: the first walk, whole.
        assert_eq!(e["seconds_spent"], 2, "{e}");
        assert_eq!(e["segments_completed"], 1, "{e}");
    }
}

/// `walkrun ARGS` in its own tmux window, stdin on the terminal; stdout to
/// `NAME.out` when `lines`, else on the terminal. The shell writes its pid to
/// `NAME.pid`, walkrun's exit code to `NAME.done` and the terminal's settings
/// after walkrun to `NAME.stty` (before the exit code).
struct Window {
    name: String,
    out: PathBuf,
    done: PathBuf,
    stty: PathBuf,
    shell_pid: PathBuf,
    data: PathBuf,
}

impl Window {
    fn open(tmux: &Tmux, dir: &Path, name: &str, args: &str, lines: bool) -> Window {
        let w = Window {
            name: name.to_string(),
            out: dir.join(format!("{name}.out")),
            done: dir.join(format!("{name}.done")),
            stty: dir.join(format!("{name}.stty")),
            shell_pid: dir.join(format!("{name}.pid")),
            data: dir.join(format!("{name}-data")),
        };
        let redirect = if lines {
            format!("> '{}'", w.out.display())
        } else {
            String::new()
        };
        let script = format!(
            // The shell outlives a Ctrl-C meant for walkrun (a trap, unlike
            // an ignored signal, is not inherited).
            "trap : INT; echo $$ > '{pid}'; {walkrun} {args} {redirect}; rc=$?; stty -a > '{stty}'; echo $rc > '{done}'; sleep 60",
            pid = w.shell_pid.display(),
            walkrun = walkrun().home(&w.data).shell(),
            done = w.done.display(),
            stty = w.stty.display(),
        );
        let mut cmd = tmux.cmd();
        if tmux.socket.exists() {
            cmd.args(["new-window", "-d", "-n", name]);
        } else {
            cmd.args([
                "new-session",
                "-d",
                "-s",
                "run",
                "-n",
                name,
                "-x",
                "120",
                "-y",
                "40",
            ]);
        }
        let ok = cmd.args(["sh", "-c", &script]).status().unwrap().success();
        assert!(ok, "tmux: window {name}");
        w
    }

    fn target(&self) -> String {
        format!("run:{}", self.name)
    }

    fn send(&self, tmux: &Tmux, keys: &[&str]) {
        let ok = tmux
            .cmd()
            .args(["send-keys", "-t", &self.target()])
            .args(keys)
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux send-keys");
    }

    fn screen(&self, tmux: &Tmux) -> String {
        tmux.visible(&self.target())
    }

    /// Wait (at most 20 s) until the window's screen shows `text`.
    fn wait_screen(&self, tmux: &Tmux, text: &str) -> String {
        tmux.wait_for_on(&self.target(), text)
    }

    /// The pid of walkrun, the shell's child.
    fn walkrun_pid(&self) -> i32 {
        wait_until(
            format_args!("{}: walkrun to start", self.name),
            Duration::from_secs(20),
            || {
                let shell = std::fs::read_to_string(&self.shell_pid).unwrap_or_default();
                let shell = shell.trim();
                let children =
                    std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                        .unwrap_or_default();
                children
                    .split_whitespace()
                    .next()
                    .map(|pid| pid.parse().unwrap())
            },
        )
    }

    /// Wait (at most 20 s) for walkrun's exit code.
    fn exit_code(&self) -> String {
        wait_until(
            format_args!("{}: walkrun to exit", self.name),
            Duration::from_secs(20),
            || {
                let done = std::fs::read_to_string(&self.done).unwrap_or_default();
                let done = done.trim();
                (!done.is_empty()).then(|| done.to_string())
            },
        )
    }
}

fn signal(pid: i32, signal: i32) {
    // SAFETY: a signal to a walkrun this test started.
    unsafe {
        libc::kill(pid, signal);
    }
}

#[test]
fn a_signal_on_a_terminal_gives_the_terminal_back_as_it_was() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path(), "walk 30s");
    let tmux = Tmux {
        session: "run",
        socket: dir.path().join("tmux.sock"),
    };
    let args = format!("run '{}' --session W1D1 --no-audio", plan.display());
    // On the terminal: the live display, keys in raw mode.
    let term = Window::open(&tmux, dir.path(), "term", &args, false);
    let ctrl_c = Window::open(&tmux, dir.path(), "ctrlc", &args, false);
    term.wait_screen(&tmux, "keys: space pause");
    ctrl_c.wait_screen(&tmux, "keys: space pause");

    signal(term.walkrun_pid(), libc::SIGTERM);
    // Ctrl-C in raw mode is a key, and means what SIGINT means.
    ctrl_c.send(&tmux, &["C-c"]);
    for (w, code) in [(&term, "143"), (&ctrl_c, "130")] {
        assert_eq!(w.exit_code(), code, "{}", w.screen(&tmux));
        let stty = std::fs::read_to_string(&w.stty).unwrap();
        let words: Vec<&str> = stty.split_whitespace().collect();
        for setting in ["icanon", "echo", "isig", "opost"] {
            assert!(
                words.contains(&setting),
                "{}: {setting} is off after walkrun: {stty}",
                w.name
            );
        }
        let screen = w.screen(&tmux);
        assert!(screen.contains("Interrupted:"), "{screen}");
        assert!(
            !screen.contains("keys: space pause") && !screen.contains('█'),
            "{}: the live display is left on the screen: {screen}",
            w.name
        );
        let cursor = tmux
            .cmd()
            .args(["display-message", "-p", "-t", &w.target(), "#{cursor_flag}"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&cursor.stdout).trim(),
            "1",
            "cursor hidden"
        );
        let entries = journal(&w.data);
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0]["outcome"], "partial");
    }
}

#[test]
fn a_completed_session_stays_completed_whatever_happens_at_the_effort_question() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path(), "walk 1s");
    let tmux = Tmux {
        session: "run",
        socket: dir.path().join("tmux.sock"),
    };
    let args = format!("run '{}' --session W1D1 --no-audio", plan.display());
    let names = ["ctrlc", "eof", "term", "hangup"];
    let windows: Vec<Window> = names
        .iter()
        .map(|name| Window::open(&tmux, dir.path(), name, &args, true))
        .collect();
    for w in &windows {
        w.wait_screen(&tmux, "How hard was it");
    }
    let [ctrl_c, eof, term, hangup] = &windows[..] else {
        unreachable!()
    };
    ctrl_c.send(&tmux, &["C-c"]);
    eof.send(&tmux, &["C-d"]);
    signal(term.walkrun_pid(), libc::SIGTERM);
    // The terminal going away: its window is closed under walkrun.
    let hangup_pid = hangup.walkrun_pid();
    assert!(tmux
        .cmd()
        .args(["kill-window", "-t", &hangup.target()])
        .status()
        .unwrap()
        .success());

    // Ctrl-C and Ctrl-D skip the question; SIGTERM still says it came.
    for (w, code) in [(ctrl_c, "0"), (eof, "0"), (term, "143")] {
        assert_eq!(w.exit_code(), code, "{}: {}", w.name, w.screen(&tmux));
        let text = std::fs::read_to_string(&w.out).unwrap();
        assert!(text.contains("Recorded W1D1 as done"), "{}: {text}", w.name);
    }
    wait_until(
        "walkrun to end on the hang-up",
        Duration::from_secs(20),
        || gone(hangup_pid),
    );
    for w in &windows {
        let entries = journal(&w.data);
        assert_eq!(entries.len(), 1, "{}: {entries:?}", w.name);
        assert_eq!(entries[0]["outcome"], "done", "{}: {}", w.name, entries[0]);
        assert_eq!(entries[0]["effort"], serde_json::Value::Null, "{}", w.name);
    }
}

/// A 100 Hz tone at half scale as the runner's "music", `seconds` long.
fn tone_file(path: &Path, seconds: usize) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE as u32,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..seconds * RATE {
        let t = i as f64 / RATE as f64;
        w.write_sample(((2.0 * std::f64::consts::PI * 100.0 * t).sin() * 16_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn a_pause_stops_the_music_with_the_coach_and_resume_brings_it_back() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("tone.wav");
    tone_file(&music, 5);
    let Some(pulse) = Pulse::start(dir.path()) else {
        return;
    };
    let raw = dir.path().join("capture.raw");
    let capture = pulse.record(&raw);
    let out = dir.path().join("out.txt");
    let done = dir.path().join("done.txt");
    // stdin is tmux's terminal (keys on); the sound goes to the null sink.
    let script = format!(
        "{} run --require-audio --steps 'walk 4s, run 4s' --music '{}' > '{}'; \
         echo $? > '{}'; sleep 30",
        walkrun().home(dir.path().join("data")).shell(),
        music.display(),
        out.display(),
        done.display()
    );
    let tmux = Tmux {
        session: "run",
        socket: dir.path().join("tmux.sock"),
    };
    // Started with the sound server's environment, which the session keeps.
    let mut cmd = pulse.cmd("tmux");
    cmd.arg("-S").arg(&tmux.socket);
    tmux.start_with(cmd, 120, 40, &script);
    wait_for(&out, "WALK 4s");
    // The runner pauses two seconds into the walk, with the music playing,
    // and stays paused two and a half: the scene the test sets (walkrun's
    // stamps then measure it), not waits for walkrun.
    std::thread::sleep(Duration::from_millis(2000));
    tmux.send(&["Space"]);
    wait_for(&out, "paused");
    std::thread::sleep(Duration::from_millis(2500));
    tmux.send(&["Space"]);
    wait_for(&out, "resumed");
    wait_for(&out, "session complete");
    // The effort question: skipped.
    tmux.answer("How hard was it", &["Enter"]);
    wait_for_exit(&done, &tmux);
    drop(capture);
    drop(pulse);
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");
    let lines = stamped(&std::fs::read_to_string(&out).unwrap());
    let pause = find(&lines, "resumed").0 - find(&lines, "paused").0;

    let heard: Vec<f32> = std::fs::read(&raw)
        .unwrap()
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    // The level of each 50 ms, from the first sound to the last.
    let win = RATE / 20;
    let level: Vec<f32> = heard
        .chunks(win)
        .map(|w| (w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32).sqrt())
        .collect();
    let first = level.iter().position(|&l| l > 0.01).expect("sound");
    let last = level.iter().rposition(|&l| l > 0.01).expect("sound");
    // Silent stretches in between: the music plays under everything but the
    // pause, so there is one, as long as the pause less the "Paused." clip.
    let mut quiet: Vec<(usize, usize)> = Vec::new();
    let mut from = None;
    for (i, &l) in level.iter().enumerate().take(last + 1).skip(first) {
        match (l < 0.001, from) {
            (true, None) => from = Some(i),
            (false, Some(f)) => {
                if i - f >= 4 {
                    quiet.push((f, i));
                }
                from = None;
            }
            _ => {}
        }
    }
    let secs = |n: usize| n as f64 * 0.05;
    assert_eq!(
        quiet.len(),
        1,
        "silences (s): {:?}",
        quiet
            .iter()
            .map(|&(a, b)| (secs(a - first), secs(b - first)))
            .collect::<Vec<_>>()
    );
    let (a, b) = quiet[0];
    eprintln!(
        "paused {pause:.2} s; the capture is silent for {:.2} s",
        secs(b - a)
    );
    assert!(
        secs(b - a) >= pause - 1.2 && secs(b - a) <= pause + 0.2,
        "silent for {:.2} s of a {pause:.2} s pause",
        secs(b - a)
    );
    // After "Resumed." the music is back: no 50 ms without it for 2 s,
    // from a second after the silence.
    let back = &level[b + 20..(b + 60).min(level.len())];
    assert!(
        back.len() == 40 && back.iter().all(|&l| l > 0.005),
        "no music after the resume: {back:?}"
    );
}

/// Whether process `pid` is gone (or only a zombie waiting for its parent).
fn gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[test]
fn a_terminal_closed_mid_session_ends_it_as_a_hang_up_and_records_what_was_run() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        session: "closed",
        socket: dir.path().join("tmux.sock"),
    };
    // Two terminals: on one walkrun is the only process, as when tmux or ssh
    // starts it, and SIGHUP comes; on the other a shell that ignores SIGHUP
    // runs it (so walkrun does too), and only the terminal's end of input
    // tells it, and the shell outlives the terminal to keep the exit code.
    let d = dir.path().display();
    // `exec env ... walkrun`: env execs walkrun in the shell's process.
    let alone = format!(
        "echo $$ > '{d}/alone.pid'; exec {} run --steps 'run 1m' --no-audio",
        walkrun().home(dir.path().join("alone")).shell()
    );
    let nohup = format!(
        "trap '' HUP; echo $$ > '{d}/shell.pid'; {} run \
         --steps 'run 1m' --no-audio; echo $? > '{d}/nohup.rc'",
        walkrun().home(dir.path().join("nohup")).shell()
    );
    tmux.start(100, 30, &alone);
    tmux.wait_for("elapsed 0:03");
    let ok = tmux
        .cmd()
        .args([
            "new-window",
            "-d",
            "-t",
            "closed",
            "-n",
            "nohup",
            "sh",
            "-c",
            &nohup,
        ])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux new-window");
    tmux.wait_for_on("closed:nohup", "elapsed 0:03");
    let pid = |name: &str| -> i32 {
        let file = dir.path().join(format!("{name}.pid"));
        std::fs::read_to_string(file)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    // The shell's child.
    let shell = pid("shell");
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
    let pids = [pid("alone"), children.trim().parse().unwrap()];
    let ok = tmux
        .cmd()
        .args(["kill-session", "-t", "closed"])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux kill-session");
    if poll_until(Duration::from_secs(5), || pids.into_iter().all(gone)).is_err() {
        for pid in pids {
            signal(pid, libc::SIGKILL);
        }
        panic!("walkrun still running 5 s after its terminal closed");
    }
    // The exit code says the terminal hung up.
    let rc = dir.path().join("nohup.rc");
    wait_until("the shell's exit code", Duration::from_secs(5), || {
        !std::fs::read_to_string(&rc)
            .unwrap_or_default()
            .trim()
            .is_empty()
    });
    assert_eq!(std::fs::read_to_string(&rc).unwrap().trim(), "129");
    // Each session is in the journal as partial, with the seconds it ran.
    for name in ["alone", "nohup"] {
        let entries = journal(&dir.path().join(name));
        assert_eq!(entries.len(), 1, "{name}: {entries:?}");
        let e = &entries[0];
        assert_eq!(e["outcome"], "partial", "{name}: {e}");
        let spent = e["seconds_spent"].as_u64().unwrap();
        assert!((3..60).contains(&spent), "{name}: {e}");
        assert_eq!(e["run_seconds_done"].as_u64(), Some(spent), "{name}: {e}");
    }
}

#[test]
fn a_sound_server_that_hangs_then_dies_mid_session_costs_no_time_and_no_pause() {
    const STEPS: &str = "run 2s, walk 5s, run 3s";
    let dir = tempfile::tempdir().unwrap();
    let Some(mut pulse) = Pulse::start(dir.path()) else {
        return;
    };
    let plan = plan_file(dir.path(), STEPS);
    let out = dir.path().join("out");
    let err = dir.path().join("err");
    let data = dir.path().join("data");
    // `reap` waits for it (with wait4, for its CPU time).
    #[allow(clippy::zombie_processes)]
    let child = pulse
        .walkrun(&data)
        .arg("run")
        .arg(&plan)
        .args(["--session", "W1D1", "--require-audio"])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    // The first change is heard through the device; then the server hangs
    // (the stream stops without a word), and once walkrun has seen the audio
    // stand still, dies.
    wait_for(&out, "WALK 5s");
    let walk_seen = Instant::now();
    pulse.stop();
    wait_for(&out, "the audio stopped advancing");
    let hung = Instant::now();
    while hung.elapsed() < Duration::from_millis(1500) {
        std::thread::sleep(Duration::from_millis(20));
    }
    pulse.kill(libc::SIGKILL);
    let (status, _) = reap(&child, Duration::from_secs(30));
    let exited = walk_seen.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&out).unwrap();
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert!(status.success(), "{status:?}: {text}{stderr}");

    // On time by the session's own stamps: the walk keeps its 5 s though the
    // device stood still for 1.5 s of it, and the session its 10 s.
    let lines = stamped(&text);
    let first = find(&lines, "RUN 2s").0;
    let walk = find(&lines, "WALK 5s").0;
    let run = find(&lines, "RUN 3s").0;
    let end = find(&lines, "session complete").0;
    assert_near(walk - first, 2.0, 0.3, "the walk, heard through the device");
    assert_near(run - walk, 5.0, 0.3, "the run after the hang and the loss");
    assert_near(end - first, 10.0, 0.3, "the end");
    // And by the clock on the wall: walkrun is gone 8 s after the walk
    // began (it was seen a little after), give or take the time to exit.
    assert!(
        (7.7..=8.8).contains(&exited),
        "walkrun ended {exited:.3} s after the walk was seen: {text}"
    );
    // A device that died paused nothing: no pause, no stall in the summary.
    assert_eq!(
        text.matches(walkrun::player::LOST_NOTICE).count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("Session complete: 0:10, 5s of running, 3 segments completed"),
        "{text}"
    );
    assert!(
        !text.contains("with pauses") && !text.contains("stalled"),
        "{text}"
    );
    let entries = journal(&data);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], "done", "{}", entries[0]);
    assert_eq!(entries[0]["seconds_spent"], 10, "{}", entries[0]);
}

/// The blocks of big letters on `screen`: for each run of rows holding `█`
/// (not the bar, which has its `%`), its first row, its height and its
/// width from the first block to the last.
fn big_blocks(screen: &str) -> Vec<(usize, usize, usize)> {
    let mut blocks: Vec<(usize, usize, usize)> = Vec::new();
    let mut open = false;
    for (y, line) in screen.lines().enumerate() {
        let cells: Vec<char> = line.chars().collect();
        let first = cells.iter().position(|&c| c == '█');
        let last = cells.iter().rposition(|&c| c == '█');
        match (first, last) {
            (Some(a), Some(b)) if !line.contains('%') => {
                if !open {
                    blocks.push((y, 0, 0));
                    open = true;
                }
                let block = blocks.last_mut().unwrap();
                block.1 += 1;
                block.2 = block.2.max(b - a + 1);
            }
            _ => open = false,
        }
    }
    blocks
}

/// Whether `escaped` (`capture-pane -e`) sets a foreground colour.
fn has_colour(escaped: &str) -> bool {
    escaped.split("\x1b[").skip(1).any(|sgr| {
        let first = sgr.split([';', 'm']).next().unwrap_or("");
        matches!(first.parse::<u8>(), Ok(30..=38 | 90..=97))
    })
}

/// `walkrun run --steps ...` with stdout on a `width` x `height` terminal.
fn screen_session(dir: &Path, name: &'static str, width: u16, height: u16, colour: bool) -> Tmux {
    let mut w = walkrun().home(dir.join(format!("{name}-data")));
    if colour {
        w.env_remove("NO_COLOR");
    }
    let tmux = Tmux {
        session: name,
        socket: dir.join(format!("{name}.sock")),
    };
    let script = format!(
        "{} run --steps 'walk 1m30s, run 1m' --no-audio; sleep 60",
        w.shell()
    );
    tmux.start(width, height, &script);
    tmux
}

#[test]
fn the_live_screen_fills_a_big_terminal_and_fits_a_small_one() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let big = screen_session(dir.path(), "big", 200, 50, true);
    let small = screen_session(dir.path(), "small", 60, 20, false);

    // 200x50: the time left in glyphs at least 12 rows high and 100 wide,
    // below the segment's word; what comes next and the bar below them.
    let screen = big.wait_for_on("big", "keys: space pause");
    let blocks = big_blocks(&screen);
    let &(top, rows, wide) = blocks
        .iter()
        .find(|b| b.1 >= 12 && b.2 >= 100)
        .unwrap_or_else(|| panic!("no big time left in {blocks:?}:\n{screen}"));
    assert!(
        blocks.iter().any(|b| b.0 + b.1 < top),
        "the segment's word above the time: {blocks:?}"
    );
    let below: Vec<&str> = screen.lines().skip(top + rows).collect();
    assert!(
        below.iter().any(|l| l.starts_with("next: RUN 1m")),
        "{screen}"
    );
    assert!(below.iter().any(|l| l.contains('%')), "{screen}");
    assert!(screen.lines().all(|l| l.chars().count() < 200), "{screen}");
    // Run and walk in colour where the terminal has it: the walk in cyan.
    let coloured = big
        .cmd()
        .args(["capture-pane", "-p", "-e", "-t", "big"])
        .output()
        .unwrap();
    assert!(
        has_colour(&String::from_utf8_lossy(&coloured.stdout)),
        "the walk is drawn in colour"
    );
    // Events go to the log above the display, which stays where it is.
    big.send(&["Space"]);
    big.wait_for_on("big", "paused");
    big.send(&["Space"]);
    let screen = big.wait_for_on("big", "resumed");
    let blocks = big_blocks(&screen);
    assert!(
        blocks.iter().any(|b| (b.0, b.1, b.2) == (top, rows, wide)),
        "the display moved: {blocks:?} (was at row {top}):\n{screen}"
    );
    let resumed = screen.lines().position(|l| l.contains("resumed")).unwrap();
    assert!(resumed < top, "{screen}");
    assert!(
        screen.starts_with("Session: walk 1m30s, run 1m  (2m30s in all, 1m of running)"),
        "what is playing heads the log:\n{screen}"
    );

    // 60x20: two lines at the bottom, every line shorter than the window,
    // however many events come above.
    small.wait_for_on("small", "space pause");
    for key in ["Space", "Space", "Space"] {
        small.send(&[key]);
    }
    let screen = wait_until("three events", Duration::from_secs(20), || {
        let screen = small.visible("small");
        let events = ["paused", "resumed"]
            .iter()
            .map(|e| screen.matches(e).count())
            .sum::<usize>();
        if events == 3 {
            Ok(screen)
        } else {
            Err(screen)
        }
    });
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines.iter().all(|l| l.chars().count() < 60),
        "a line reaches the edge and wraps:\n{screen}"
    );
    let shown: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let n = shown.len();
    assert!(n >= 5, "{screen}");
    assert!(shown[n - 2].starts_with("PAUSED 1:"), "{screen}");
    assert!(
        shown[n - 2].contains("left") && shown[n - 2].contains("next: RUN 1m"),
        "{screen}"
    );
    assert!(
        shown[n - 1].contains('%') && shown[n - 1].contains("space pause"),
        "{screen}"
    );
    assert!(shown[0].starts_with("Session: walk 1m30s"), "{screen}");
    assert!(
        shown[1..n - 2].iter().all(|l| l.starts_with("00:0")),
        "{screen}"
    );
    let plain = small
        .cmd()
        .args(["capture-pane", "-p", "-e", "-t", "small"])
        .output()
        .unwrap();
    assert!(
        !has_colour(&String::from_utf8_lossy(&plain.stdout)),
        "NO_COLOR: no colour"
    );
}

#[test]
fn after_going_back_the_summary_adds_up_and_says_one_segment() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let done = dir.path().join("done.txt");
    let data = dir.path().join("data");
    let script = format!(
        "{} run --steps 'walk 2s, run 8s' --no-audio > '{}'; echo $? > '{}'; sleep 30",
        walkrun().home(&data).shell(),
        out.display(),
        done.display()
    );
    let tmux = Tmux {
        session: "back",
        socket: dir.path().join("tmux.sock"),
    };
    tmux.start(120, 40, &script);
    // Halfway through the session, 3 s into the run, back to its start:
    // 3 s and then 8 s run.
    wait_for(&out, "halfway");
    tmux.send(&["b"]);
    wait_for(&out, "back to the start of this run");
    tmux.answer("How hard was it", &["Enter"]);
    wait_for_exit(&done, &tmux);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines = stamped(&text);
    // Stamps count from the session's start.
    assert_near(find(&lines, "WALK 2s").0, 0.0, 0.05, "the walk");
    assert_near(find(&lines, "RUN 8s").0, 2.0, 0.05, "the run");
    let back = find(&lines, "back to the start").0;
    assert_near(
        find(&lines, "session complete").0,
        back + 8.0,
        0.05,
        "the end",
    );
    assert!(
        text.contains("Session complete: 0:13, 8s of running, 2 segments completed, 0 skipped"),
        "{text}"
    );
    assert!(!text.contains("with pauses"), "nobody paused: {text}");
    assert!(
        text.contains("Recorded the session as done: 8s of 8s of running"),
        "the run played again counts once: {text}"
    );
    // One is one.
    let out = walkrun()
        .args(["run", "--steps", "walk 1s", "--no-audio"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Session complete: 0:01, 0s of running, 1 segment completed, 0 skipped"),
        "{text}"
    );
}
