//! `walkrun log --format json` streams: it runs under a data-size limit
//! (RLIMIT_DATA) far below the size of the journal it reads and of the
//! document it prints. Reading the file whole, or holding every entry before
//! printing, would run out of memory and fail; no timing is involved. The
//! figure for a 50 MB journal is measured by bench/log-memory.sh.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::util::walkrun;

/// The data limit the command runs under.
const LIMIT_MB: u64 = 6;

/// A journal of `sessions` finished sessions, then one long session cut off
/// after `progress` progress records: big on disk, many entries to print.
fn write_journal(path: &std::path::Path, sessions: usize, progress: usize) -> u64 {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("journal"));
    for i in 0..sessions {
        writeln!(
            f,
            "{{\"v\":1,\"session\":\"s{i:08}\",\"kind\":\"final\",\"plan\":\"Couch to 5K\",\
             \"plan_path\":\"builtin:couch-to-5k\",\"address\":\"W{}D{}\",\
             \"steps\":\"warmup 5m, 8x(run 1m, walk 1m30s), cooldown 5m\",\
             \"started\":\"2026-{:02}-{:02}T07:30:00+01:00\",\"seconds_spent\":1800,\
             \"run_seconds_done\":480,\"segments_completed\":18,\"segments_skipped\":0,\
             \"longest_run_seconds\":60,\"run_seconds_planned\":480,\"outcome\":\"done\",\
             \"effort\":6,\"note\":\"felt fine, a little windy on the way back\"}}",
            1 + i % 9,
            1 + i % 3,
            1 + i % 12,
            1 + i % 28
        )
        .expect("write");
    }
    for t in 0..progress {
        writeln!(
            f,
            "{{\"v\":1,\"session\":\"long\",\"kind\":\"progress\",\"plan\":\"Couch to 5K\",\
             \"plan_path\":\"builtin:couch-to-5k\",\"address\":\"W9D3\",\
             \"steps\":\"warmup 5m, run 30m, cooldown 5m\",\
             \"started\":\"2026-12-24T07:30:00+01:00\",\"seconds_spent\":{t},\
             \"run_seconds_done\":{t},\"segments_completed\":1,\"segments_skipped\":0}}"
        )
        .expect("write");
    }
    f.flush().expect("flush");
    std::fs::metadata(path).expect("size").len()
}

/// `walkrun ARGS` with its data under `home`, under the data limit.
fn limited(home: &std::path::Path, args: &[&str]) -> Command {
    limited_to(home, args, LIMIT_MB)
}

/// `walkrun ARGS` with its data under `home`, under a data limit of `mb`.
fn limited_to(home: &std::path::Path, args: &[&str], mb: u64) -> Command {
    let mut cmd = walkrun().home(home).std();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        cmd.pre_exec(move || {
            let bytes = mb * 1024 * 1024;
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

#[test]
fn log_json_streams_a_journal_larger_than_its_memory() {
    let home = tempfile::tempdir().expect("tempdir");
    let journal = home.path().join("journal.jsonl");
    let sessions = 20_000;
    let size = write_journal(&journal, sessions, 20_000);
    assert!(size > 2 * LIMIT_MB * 1024 * 1024, "{size} bytes");

    let mut cmd = limited(home.path(), &["log", "--format", "json"]);
    let mut child = cmd.spawn().expect("walkrun log starts");
    let stdout = child.stdout.take().expect("stdout");
    let (mut entries, mut bytes, mut last) = (0usize, 0u64, String::new());
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("utf8 line");
        bytes += line.len() as u64 + 1;
        if line.starts_with("      \"session\": ") {
            entries += 1;
        }
        last = line;
    }
    let out = child.wait_with_output().expect("waits");
    assert!(
        out.status.success(),
        "under a {LIMIT_MB} MB data limit: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(entries, sessions + 1);
    assert_eq!(last, "}");
    assert!(bytes > 2 * LIMIT_MB * 1024 * 1024, "printed {bytes} bytes");
}

/// A damaged line, or a torn last line, far longer than any record (a file
/// glued onto the journal, say) is skipped and set aside a block at a time:
/// `log` and `log add` work under the same small data limit, and the torn
/// tail is kept whole beside the journal.
#[test]
fn lines_larger_than_the_memory_are_skipped_and_set_aside_without_being_held() {
    let home = tempfile::tempdir().expect("tempdir");
    let journal = home.path().join("journal.jsonl");
    write_journal(&journal, 3, 0);
    let big = 4 * LIMIT_MB as usize * 1024 * 1024;
    {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .expect("journal");
        f.write_all(&vec![b'x'; big]).expect("write");
        f.write_all(b"\n").expect("write");
    }
    write_journal(&home.path().join("more.jsonl"), 1, 0);
    // Another session (its own id), after the damage.
    let more = std::fs::read_to_string(home.path().join("more.jsonl"))
        .expect("read")
        .replace("\"s00000000\"", "\"after\"");
    {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .expect("journal");
        f.write_all(more.as_bytes()).expect("write");
        f.write_all(&vec![b'y'; big]).expect("write");
    }

    let out = limited(
        home.path(),
        &["log", "add", "--steps", "run 20m", "--date", "2026-12-01"],
    )
    .output()
    .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    assert!(
        err.contains("journal.jsonl:6: incomplete last line"),
        "{err}"
    );
    let aside: Vec<_> = std::fs::read_dir(home.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".torn-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0].metadata().expect("size").len(), big as u64);

    let out = limited(home.path(), &["log", "--format", "json"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("journal.jsonl:4: not a journal entry (longer than 1 MB); skipped"),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // The three sessions before, the one after the damage, the new one; the
    // damaged line is still in the file.
    assert_eq!(doc["entries"].as_array().map(Vec::len), Some(5), "{doc}");
    assert!(std::fs::metadata(&journal).expect("size").len() > big as u64);
}

/// `next` and `log add` (which asks the coach whether a bridge was meant)
/// stream the journal as `log` does: over 40,000 sessions they answer under
/// a data limit that holding every entry (some 600 bytes each, 24 MB here)
/// would exceed. What they keep is a few dozen bytes a session.
#[test]
fn next_and_log_add_stream_a_journal_larger_than_their_memory() {
    const SESSIONS: usize = 40_000;
    const NEXT_LIMIT_MB: u64 = 12;
    let home = tempfile::tempdir().expect("tempdir");
    let journal = home.path().join("journal.jsonl");
    let size = write_journal(&journal, SESSIONS, 1000);
    assert!(size > NEXT_LIMIT_MB * 1024 * 1024, "{size} bytes");

    let out = limited_to(home.path(), &["next", "couch-to-5k"], NEXT_LIMIT_MB)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "next: {:?} {err}", out.status);
    assert!(
        // Every session is done in this journal: the plan is complete.
        String::from_utf8_lossy(&out.stdout).contains("Every session of the plan is done"),
        "{out:?}"
    );

    let out = limited_to(
        home.path(),
        &[
            "log",
            "add",
            "W1D1",
            "--plan",
            "couch-to-5k",
            "--date",
            "2026-12-01",
        ],
        NEXT_LIMIT_MB,
    )
    .output()
    .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "log add: {:?} {err}", out.status);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Logged W1D1"),
        "{out:?}"
    );
    assert!(std::fs::metadata(&journal).expect("size").len() > size);
}
