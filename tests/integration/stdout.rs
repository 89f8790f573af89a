//! Standard output that cannot be written (`> /dev/full`, a pipe closed
//! with SIGPIPE blocked): exit 3 and one line on stderr, never a panic or
//! output lost with exit 0; a closed pipe stays quiet. And widths: an
//! absurd `$COLUMNS` draws at a sane width.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::walkrun;

/// No command here takes long; a hang fails the test instead of the suite.
const DEADLINE: Duration = Duration::from_secs(60);

/// The clock of every command here.
const NOW: &str = "2026-12-08T09:30";

/// Run to the end, no stdin, stderr captured; a child still running at the
/// deadline is killed and the test fails.
fn finish(mut c: Command) -> Output {
    let child = c
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let pid = child.id() as libc::pid_t;
    let (done, ended) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let hung = ended.recv_timeout(DEADLINE).is_err();
        if hung {
            // SAFETY: kill(2) on the child this test spawned and has not reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        hung
    });
    let out = child.wait_with_output().expect("output");
    let _ = done.send(());
    assert!(
        !watchdog.join().expect("watchdog"),
        "{c:?} still running after {DEADLINE:?}"
    );
    out
}

/// The command run with /dev/full as its stdout.
fn into_full(home: &Path, args: &[&str]) -> Output {
    let full = File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut c = walkrun().home(home).now(NOW).in_home().std();
    c.args(args).stdout(full);
    finish(c)
}

/// Exit 3 and exactly one line on stderr saying stdout failed; returned.
fn assert_stdout_failure(args: &[&str], out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(
        err.contains("cannot write to standard output: No space left on device"),
        "{args:?}: {err}"
    );
    err
}

/// What `walkrun log --format json` lists, read through a pipe.
fn entries(home: &Path) -> Vec<serde_json::Value> {
    let mut c = walkrun().home(home).now(NOW).in_home().std();
    c.args(["log", "--format", "json"]).stdout(Stdio::piped());
    let out = finish(c);
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["entries"].as_array().expect("entries").clone()
}

#[test]
fn show_into_a_full_stdout_exits_3_with_one_line() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = ["show", "couch-to-5k"];
    let out = into_full(home.path(), &args);
    let err = assert_stdout_failure(&args, &out);
    assert!(err.starts_with("walkrun: "), "{err}");
}

#[test]
fn every_printing_command_into_a_full_stdout_exits_3() {
    let home = tempfile::tempdir().expect("tempdir");
    for args in [
        &["--help"][..],
        &["--version"],
        &["show", "--help"],
        &["programs"],
        &["programs", "--format", "json"],
        &["show", "couch-to-5k", "--format", "json"],
        &["show", "couch-to-5k", "--chart"],
        &["check", "couch-to-5k"],
        &["check", "couch-to-5k", "--format", "json"],
        &["explain"],
        &["explain", "heavy-legs"],
        &["next", "couch-to-5k"],
        &["config", "path"],
        &["config", "show"],
        &["voice", "list"],
        &["completions", "bash"],
        &["manpage"],
        &["export", "couch-to-5k", "--markdown", "-"],
        &["use", "couch-to-5k"],
        &[
            "plan",
            "--program",
            "couch-to-5k",
            "--start",
            "2026-12-08",
            "--run-days",
            "tue@07:00,thu@07:00,sat@09:00",
        ],
        &["render", "--steps", "run 1s", "-o", "a.wav", "--verbose"],
        &["run", "--steps", "run 1s", "--no-audio"],
        // The journal is empty: its one line is lost as surely.
        &["log"],
        &["log", "--format", "json"],
        &["log", "--chart"],
    ] {
        assert_stdout_failure(args, &into_full(home.path(), args));
    }
}

#[test]
fn the_log_of_a_journal_into_a_full_stdout_exits_3() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut c = walkrun().home(home.path()).now(NOW).in_home().std();
    c.args(["log", "add", "--steps", "run 5m", "--date", "2026-12-07"])
        .stdout(Stdio::null());
    assert!(finish(c).status.success());
    for args in [
        &["log"][..],
        &["log", "--format", "json"],
        &["log", "--chart"],
    ] {
        assert_stdout_failure(args, &into_full(home.path(), args));
    }
}

#[test]
fn log_add_into_a_full_stdout_says_the_entry_is_recorded() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = ["log", "add", "--steps", "run 5m", "--effort", "4"];
    let out = into_full(home.path(), &args);
    let err = assert_stdout_failure(&args, &out);
    // A script reading this must not log the session again.
    assert!(err.contains("recorded an extra session"), "{err}");
    assert!(err.contains("journal.jsonl"), "{err}");
    let listed = entries(home.path());
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["effort"], 4, "{listed:?}");
}

#[test]
fn a_closed_pipe_stays_quiet_even_with_sigpipe_blocked() {
    let home = tempfile::tempdir().expect("tempdir");
    for args in [
        &["show", "couch-to-5k"][..],
        &["log"],
        &["--help"],
        &["completions", "bash"],
    ] {
        // A pipe nobody reads: every write to it fails.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let mut c = walkrun().home(home.path()).now(NOW).in_home().std();
        c.args(args).stdout(writer);
        // Whoever started walkrun may have blocked SIGPIPE (the mask
        // outlives exec): the write then fails with EPIPE instead.
        // SAFETY: only sigprocmask, async-signal-safe, between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            c.pre_exec(|| {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGPIPE);
                libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                Ok(())
            });
        }
        let out = finish(c);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err, "", "{args:?}");
        assert_ne!(out.status.code(), Some(0), "{args:?}: output lost");
        assert_ne!(out.status.code(), Some(101), "{args:?}: a panic");
    }
}

#[test]
fn an_absurd_columns_draws_charts_at_most_500_wide() {
    let home = tempfile::tempdir().expect("tempdir");
    for (args, columns) in [
        (&["show", "couch-to-5k", "--chart"][..], "999999999"),
        (&["log", "--chart"], "999999999"),
        // Past what a usize holds: as wide as can be, not ignored.
        (
            &["show", "couch-to-5k", "--chart"],
            "99999999999999999999999",
        ),
    ] {
        let mut c = walkrun().home(home.path()).now(NOW).in_home().std();
        c.args(args).env("COLUMNS", columns).stdout(Stdio::piped());
        let started = Instant::now();
        let out = finish(c);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?}: {:?}",
            started.elapsed()
        );
        let text = String::from_utf8(out.stdout).expect("utf8");
        let widest = text.lines().map(|l| l.chars().count()).max();
        assert_eq!(widest, Some(500), "{args:?}");
    }
}
