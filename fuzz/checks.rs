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
    match walkrun::steps::parse(&text) {
        Ok(session) => {
            let printed = session.to_string();
            match walkrun::steps::parse(&printed) {
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

/// The journal reader: any bytes in journal.jsonl read as a history or give a
/// one-line error; nothing panics, and the journal itself is never lost (a
/// torn tail is set aside, not deleted).
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
    let _ = std::fs::remove_dir_all(&dir);
}

/// The WAV clip loader (`--voice DIR`): any bytes as run.wav load as a clip
/// or give a one-line error; a clip loaded has only finite samples.
pub fn wav(data: &[u8]) {
    use walkrun::audio::{CueBank, Sound};
    use walkrun::phrases::Phrase;
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
