//! Every input the fuzzers (fuzz/run) found crashing walkrun, replayed through
//! the same checks the fuzz targets make (fuzz/checks.rs): walkrun must now
//! read it or refuse it in one line, without panicking. The inputs live in
//! tests/fuzz/<target>/, one file each, named as libFuzzer saved them. The
//! fuzzers' seeds (fuzz/seeds/<target>/, good files) go through the same
//! checks, so each check is seen to pass on real input too.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut inputs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    inputs.sort();
    for path in inputs {
        let data = std::fs::read(&path).expect("a saved input");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let caught = std::panic::catch_unwind(|| check(&data));
        assert!(
            caught.is_ok(),
            "tests/fuzz/{target}/{} fails again",
            name.unwrap_or_default()
        );
    }
}

#[test]
fn steps_inputs_that_once_crashed() {
    replay("steps", checks::steps);
}

#[test]
fn plan_inputs_that_once_crashed() {
    replay("plan", checks::plan);
}

#[test]
fn journal_inputs_that_once_crashed() {
    replay("journal", checks::journal);
}

#[test]
fn wav_inputs_that_once_crashed() {
    replay("wav", checks::wav);
}
