//! Long renders: memory must not grow with the session's length in any
//! format (the encoders stream), and SIGINT, SIGTERM or SIGHUP must stop a
//! render within a second, leaving the old file as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// The integration tests' util, for the one walkrun() builder.
#[path = "integration/util/mod.rs"]
mod util;
use util::walkrun;

/// A session of about `2 * n + 2` minutes.
fn session(n: u32) -> String {
    format!("warmup 1m, {n}x(run 1m, walk 1m), cooldown 1m")
}

/// Run walkrun to its end and return its peak memory (max RSS, in KB), as
/// the kernel counted it for that one process.
///
/// Not a child of this process: a child started from here shares (vfork) or
/// copies (fork) this test process's memory until it runs walkrun, and the
/// kernel counts that in the child's peak. So a shell starts walkrun in the
/// background and exits, and this process, as its subreaper, is left to reap
/// it with `wait4`.
fn peak_kb(args: &[&str], dir: &Path) -> i64 {
    // SAFETY: prctl with integer arguments; only makes this process adopt
    // orphaned descendants.
    assert_eq!(
        unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) },
        0
    );
    let err = dir.join("stderr.txt");
    // `env ... walkrun`: env execs walkrun, in the process the shell names.
    let line = walkrun().home(dir.join("home")).shell();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            r#"{line} "$@" </dev/null >/dev/null 2>"$ERR_FILE" & echo $!"#
        ))
        .arg("sh")
        .args(args)
        .current_dir(dir)
        .env("ERR_FILE", &err)
        .output()
        .expect("sh starts walkrun");
    let pid: i32 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("the shell says walkrun's pid");
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for a process this one
    // reaps (an orphan it adopted).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "walkrun {args:?} failed: {}",
        std::fs::read_to_string(&err).unwrap_or_default()
    );
    usage.ru_maxrss
}

/// A WAV tone of 20 s at `rate`, as the runner's music.
fn tone(path: &Path, rate: u32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..20 * rate {
        let t = i as f32 / rate as f32;
        w.write_sample(((t * 440.0 * std::f32::consts::TAU).sin() * 12_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}

/// The peak memory of a session of `n` and of `4 * n` intervals: the longer
/// must not take more than a little more (the encoders' queues filling),
/// where holding the file in memory takes megabytes more.
fn memory_stays_flat(file: &str, extra: &[&str], n: u32) {
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for n in [n, 4 * n] {
        let steps = session(n);
        let mut args = vec!["render", "--steps", &steps, "-o", file];
        args.extend_from_slice(extra);
        peaks.push(peak_kb(&args, dir.path()));
        assert!(dir.path().join(file).exists());
    }
    let (short, long) = (peaks[0], peaks[1]);
    eprintln!("{file} {extra:?}: {short} KB, then {long} KB");
    assert!(
        long <= short + 2560,
        "{file} {extra:?}: {short} KB for {} min, {long} KB for {} min: memory grows with length",
        2 * n + 2,
        8 * n + 2
    );
}

#[test]
fn flac_memory_does_not_grow_with_length() {
    memory_stays_flat("s.flac", &["--rate", "8000"], 3);
}

#[test]
fn mp3_memory_does_not_grow_with_length() {
    memory_stays_flat("s.mp3", &["--rate", "8000"], 3);
}

#[test]
fn opus_memory_does_not_grow_with_length() {
    memory_stays_flat("s.opus", &[], 5);
}

#[test]
fn wav_memory_does_not_grow_with_length() {
    memory_stays_flat("s.wav", &["--rate", "8000"], 3);
}

#[test]
fn memory_with_music_does_not_grow_with_length() {
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("tone.wav");
    tone(&music, 48_000);
    let music = music.to_string_lossy().into_owned();
    memory_stays_flat("s.opus", &["--music", &music], 1);
}

/// Temporary files beside the target.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

/// How many bytes walkrun has staged so far in `dir`: the size of the file
/// it holds open there that is not the target. Read through `/proc`, as the
/// staged file has no name in the folder where the file system allows it
/// (`O_TMPFILE`: the link reads `dir/#inode (deleted)`), and a hidden name
/// elsewhere.
fn staged_bytes(pid: u32, dir: &Path, target: &Path) -> u64 {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return 0;
    };
    fds.filter_map(|fd| {
        let fd = fd.ok()?.path();
        let to = std::fs::read_link(&fd).ok()?;
        (to.parent() == Some(dir) && to != target)
            .then(|| std::fs::metadata(&fd).map(|m| m.len()).unwrap_or(0))
    })
    .max()
    .unwrap_or(0)
}

/// Start a five-hour render over an old file, wait until the file it stages
/// holds encoded audio (the encoder is under way), send `signal`: walkrun
/// must exit within a second of it with `code`, the old file byte for byte
/// as it was and no temporary file left.
fn a_signal_stops_a_long_render(file: &str, extra: &[&str], signal: i32, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(file);
    let old = b"the old file, which must stay as it is".to_vec();
    std::fs::write(&target, &old).unwrap();
    let steps = "warmup 5m, 140x(run 1m, walk 1m), cooldown 5m";
    let mut child = walkrun()
        .home(dir.path().join("home"))
        .std()
        .args(["render", "--steps", steps, "-o"])
        .arg(&target)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("walkrun starts");
    let started = Instant::now();
    let dir_path = dir.path().canonicalize().unwrap();
    let target_path = dir_path.join(file);
    while staged_bytes(child.id(), &dir_path, &target_path) < 64 * 1024 {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("walkrun ended before it began writing: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing staged after a minute"
        );
        std::thread::yield_now();
    }
    // SAFETY: kill on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let sent = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if sent.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{file}: still rendering a second after signal {signal}");
        }
        std::thread::yield_now();
    };
    let took = sent.elapsed();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    assert_eq!(status.code(), Some(code), "{file}: {stderr}");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert_eq!(std::fs::read(&target).unwrap(), old, "{file} was changed");
    assert!(
        temporaries(dir.path()).is_empty(),
        "a temporary file is left"
    );
}

#[test]
fn ctrl_c_stops_a_long_flac_render_within_a_second() {
    a_signal_stops_a_long_render("s.flac", &[], libc::SIGINT, 130);
}

#[test]
fn ctrl_c_stops_a_long_opus_render_within_a_second() {
    a_signal_stops_a_long_render("s.opus", &[], libc::SIGINT, 130);
}

#[test]
fn sigterm_stops_a_long_mp3_render_within_a_second() {
    a_signal_stops_a_long_render("s.mp3", &[], libc::SIGTERM, 143);
}

#[test]
fn sighup_stops_a_long_render_with_music_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("tone.wav");
    tone(&music, 44_100);
    let music = music.to_string_lossy().into_owned();
    a_signal_stops_a_long_render("s.flac", &["--music", &music], libc::SIGHUP, 129);
}
