//! Every input the fuzzers (fuzz/run) found crashing walkrun, replayed through
//! the same checks the fuzz targets make (fuzz/checks.rs): walkrun must now
//! read it or refuse it in one line, without panicking. The inputs live in
//! tests/fuzz/<target>/, one file each, named as libFuzzer saved them. The
//! fuzzers' seeds (fuzz/seeds/<target>/, good files) go through the same
//! checks, so each check is seen to pass on real input too.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// The files of `dir` (relative to the repository), sorted; none when the
/// folder does not exist.
fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    inputs
}

/// Runs `check` on every saved crash and every seed of `target`. Returns how
/// many of the inputs were seeds, so a test can insist the check saw some.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let crashes = files(&format!("tests/fuzz/{target}"));
    let seeds = files(&format!("fuzz/seeds/{target}"));
    let mut failed = Vec::new();
    for path in crashes.iter().chain(&seeds) {
        let data = std::fs::read(path).expect("a saved input");
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "these inputs fail again: {failed:?}");
    seeds.len()
}

#[test]
fn steps_inputs_that_once_crashed() {
    assert!(replay("steps", checks::steps) > 0, "no steps seeds");
}

#[test]
fn plan_inputs_that_once_crashed() {
    assert!(replay("plan", checks::plan) > 0, "no plan seeds");
}

#[test]
fn journal_inputs_that_once_crashed() {
    assert!(replay("journal", checks::journal) > 0, "no journal seeds");
}

#[test]
fn wav_inputs_that_once_crashed() {
    assert!(replay("wav", checks::wav) > 0, "no wav seeds");
}

/// Plainly bad input of each kind, beside the seeds: refused in one line,
/// no panic. The NaN clip the wav fuzzer found stays kept.
#[test]
fn plainly_bad_input_is_refused_in_one_line() {
    assert!(
        !files("tests/fuzz/wav").is_empty(),
        "the NaN clip (tests/fuzz/wav/crash-bf15...) is kept as a regression input"
    );
    checks::steps(b"run for a while");
    checks::steps(b"3x(run 1m, walk");
    checks::plan(b"this is not toml [");
    checks::plan(b"[[session]]\nsteps = 7\n");
    checks::journal(b"{\"torn\": ");
    // Some other file linked as the journal, its last line unterminated (the
    // torn-tail repair once cut it off): left as it is.
    checks::journal(b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody");
    // A torn append after a good record: set aside, the next append whole.
    checks::journal(
        b"{\"v\":1,\"session\":\"a\",\"kind\":\"final\",\"steps\":\"run 1m\",\
          \"started\":\"2026-12-01T18:00:00+01:00\",\"seconds_spent\":60,\
          \"run_seconds_done\":60,\"segments_completed\":1,\"segments_skipped\":0,\
          \"outcome\":\"done\"}\n{\"v\":1,\"session\":\"b\",\"kind\":\"fin",
    );
    for kind in 0..5 {
        checks::journal_not_a_file(kind);
    }
    checks::wav(b"RIFF\0\0\0\0WAVE");
}

#[test]
fn fit_inputs_that_once_crashed() {
    assert!(replay("fit", checks::recording) > 0, "no fit seeds");
}

#[test]
fn gpx_inputs_that_once_crashed() {
    assert!(replay("gpx", checks::recording) > 0, "no gpx seeds");
}

#[test]
fn tcx_inputs_that_once_crashed() {
    assert!(replay("tcx", checks::recording) > 0, "no tcx seeds");
}
