//! What every fuzz target checks, shared with the regression test
//! (tests/fuzz_regressions.rs) so a crash found once is checked on every
//! `cargo test`. Each function takes arbitrary bytes and panics only when
//! walkrun misbehaves: a panic inside walkrun, an error of more than one line
//! (a user must get one line naming the file and what was expected), or a
//! document that walkrun writes and cannot read back.

use std::path::{Path, PathBuf};

/// An error a user sees must be one line.
fn one_line(what: &str, message: &str) {
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{what}: the error is not one line: {message:?}"
    );
}

/// The steps grammar: text parses or gives a one-line error; a session prints
/// as steps text that parses back to the same session.
pub fn steps(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match walkrun::plan::steps::parse(&text) {
        Ok(session) => {
            let printed = session.to_string();
            match walkrun::plan::steps::parse(&printed) {
                Ok(again) => {
                    assert_eq!(again, session, "{printed:?} reads back as another session")
                }
                Err(e) => panic!("the printed session {printed:?} does not parse: {e}"),
            }
        }
        Err(e) => one_line("steps", &e.to_string()),
    }
}

/// The plan reader: a plan file reads or gives a one-line error; a plan it
/// reads is written as a document that reads back and writes the same again.
pub fn plan(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match walkrun::Plan::from_toml(&text, "fuzz.toml") {
        Ok(plan) => {
            // A plan read from TOML holds only what TOML can say: writing it
            // must not fail.
            let written = plan
                .to_toml()
                .unwrap_or_else(|e| panic!("a plan read cannot be written: {e}"));
            match walkrun::Plan::from_toml(&written, "written.toml") {
                Ok(again) => assert_eq!(
                    again.to_toml().ok().as_ref(),
                    Some(&written),
                    "a written plan reads back as another plan"
                ),
                Err(e) => panic!("a written plan does not read back: {e}\n{written}"),
            }
        }
        Err(e) => one_line("plan", &e.to_string()),
    }
}

/// A folder of this call's own, emptied for each input: the regression tests
/// run these checks on several threads of one process at once.
fn scratch(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = base.join(format!("walkrun-fuzz-{}-{name}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The journal reader and writer: any bytes in journal.jsonl read as a
/// history or give a one-line error; nothing panics, and the journal itself
/// is never lost (a torn tail is set aside, not deleted). A session logged
/// then always reads back; and a file that cannot hold a single journal
/// entry (no `"v"` in it: every record has one), some other file the journal
/// links to, keeps every byte, its session going to the side file.
pub fn journal(data: &[u8]) {
    let dir = scratch("journal");
    let path = dir.join("journal.jsonl");
    std::fs::write(&path, data).expect("write the journal");
    let journal = walkrun::history::Journal::at(&dir);
    match journal.read() {
        Ok(history) => {
            for w in &history.warnings {
                one_line("journal warning", w);
            }
        }
        Err(e) => one_line("journal", &e.to_string()),
    }
    let kept: usize = std::fs::read_dir(&dir)
        .expect("the scratch folder")
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .map(|b| b.len())
        .sum();
    assert!(
        kept >= data.len(),
        "the journal lost bytes: {} of {}",
        kept,
        data.len()
    );
    let no_entry =
        !data.windows(3).any(|w| w == b"\"v\"") && data.iter().any(|b| !b.is_ascii_whitespace());
    let record = logged_session();
    match journal.append(&record) {
        Ok(target) => {
            for w in target.warnings.iter().chain(&target.diverted) {
                one_line("journal append warning", w);
            }
            if no_entry {
                assert_eq!(target.path, journal.side_path(), "appended to another file");
            }
        }
        Err(e) => panic!("a session could not be logged: {e}"),
    }
    if no_entry {
        assert_eq!(
            std::fs::read(&path).expect("the file"),
            data,
            "a file with no journal entry was changed"
        );
    }
    let history = journal.read().expect("the journal reads");
    assert!(
        history.entries.iter().any(|e| e.session == record.session),
        "the session logged does not read back"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One session as `log add` records it.
fn logged_session() -> walkrun::history::Record {
    use walkrun::history::{Outcome, PlanProgress, Record, RecordKind};
    let steps = walkrun::plan::steps::parse("warmup 5m, run 10m, cooldown 5m").expect("steps");
    let started = chrono::DateTime::parse_from_rfc3339("2026-12-08T18:00:00+01:00").expect("date");
    let mut r = Record::new(None, &steps, started);
    r.kind = RecordKind::Final;
    r.set_progress(PlanProgress::whole(&steps));
    r.outcome = Some(Outcome::Done);
    r
}

/// The journal's name taken by no regular file: a folder, a link to
/// /dev/null or /dev/zero, a link loop, a dangling link (`kind` picks one).
/// Reading it and logging a session answer at once, in one-line warnings,
/// and the session goes to the side file and reads back.
pub fn journal_not_a_file(kind: u8) {
    let dir = scratch("journal-kind");
    let path = dir.join("journal.jsonl");
    #[cfg(unix)]
    let made = match kind % 5 {
        0 => std::fs::create_dir(&path),
        1 => std::os::unix::fs::symlink("/dev/null", &path),
        2 => std::os::unix::fs::symlink("/dev/zero", &path),
        3 => std::os::unix::fs::symlink("journal.jsonl", &path),
        _ => std::os::unix::fs::symlink("no/such/file", &path),
    };
    #[cfg(not(unix))]
    let made = std::fs::create_dir(&path);
    made.expect("the journal's name taken");
    let journal = walkrun::history::Journal::at(&dir);
    let history = journal.read().expect("reads what it can");
    for w in &history.warnings {
        one_line("journal warning", w);
    }
    let record = logged_session();
    let target = journal.append(&record).expect("logged to the side file");
    for w in target.warnings.iter().chain(&target.diverted) {
        one_line("journal append warning", w);
    }
    assert_eq!(target.path, journal.side_path());
    let history = journal.read().expect("reads");
    assert!(history.entries.iter().any(|e| e.session == record.session));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The WAV clip loader (`--voice DIR`): any bytes as run.wav load as a clip
/// or give a one-line error; a clip loaded has only finite samples.
pub fn wav(data: &[u8]) {
    use walkrun::audio::{CueBank, Sound};
    use walkrun::cues::phrases::Phrase;
    let dir = scratch("wav");
    std::fs::write(dir.join("run.wav"), data).expect("write the clip");
    match CueBank::with_voice(&dir, 44_100) {
        Ok((bank, _)) => {
            let run = Phrase::ALL
                .iter()
                .find(|p| p.file_name() == "run.wav")
                .expect("a phrase read from run.wav");
            let clip = bank.clip(Sound::Say(*run));
            assert!(
                clip.iter().all(|s| s.is_finite()),
                "the clip has non-finite samples"
            );
        }
        Err(e) => one_line("wav", &e.to_string()),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The recording readers (`log import`: FIT, GPX, TCX, told apart by their
/// content): any bytes read as a recording or give a one-line error; a
/// recording read gives running and walking that add up (no more running
/// than moving, no more moving than the recording's span, the longest run
/// no longer than all the running) or a one-line error, and its words are
/// one line.
pub fn recording(data: &[u8]) {
    let rec = match walkrun::recording::read(data) {
        Ok(r) => r,
        Err(e) => return one_line("recording", &e.to_string()),
    };
    match walkrun::recording::find(&rec, Some(180)) {
        Ok(found) => {
            assert!(found.run_seconds() <= found.moving_seconds(), "{found:?}");
            assert!(found.moving_seconds() <= found.span_seconds, "{found:?}");
            assert!(found.longest_run() <= found.run_seconds(), "{found:?}");
            one_line("recording words", &found.runs_in_words());
        }
        Err(e) => one_line("recording", &e.to_string()),
    }
}
