//! `walkrun export --fit`: sessions as watch workouts. Every file is read back
//! by Garmin's own FIT SDK decoder (the `garmin-fit-sdk` package, which
//! `.ci/run` installs in `target/venv-fit`, through `tests/fit_decode.py`),
//! and its steps, run as a watch runs them (repeats played out), must be the
//! session's timeline segment for segment.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use walkrun::cues::timeline::Timeline;
use walkrun::plan::programs::BUILTINS;
use walkrun::plan::steps::{Kind, Session};
use walkrun::plan::{Address, Plan};

use crate::util::{require_that, walkrun};

/// The clock the exports run on; the files' `time_created` must say it.
const NOW: &str = "2026-12-07T09:00:00+00:00";
const NOW_DECODED: &str = "2026-12-07 09:00:00+00:00";

/// The venv's python, when Garmin's decoder is installed there; else the
/// test is skipped (and fails on CI).
pub(crate) fn decoder() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv-fit/bin/python");
    let ready = python.is_file()
        && Command::new(&python)
            .args(["-c", "import garmin_fit_sdk"])
            .status()
            .is_ok_and(|s| s.success());
    require_that(
        ready,
        "Garmin's FIT SDK is not in target/venv-fit (.ci/run installs it: \
         python3 -m venv target/venv-fit && target/venv-fit/bin/pip install garmin-fit-sdk)",
    )
    .then_some(python)
}

/// What Garmin's decoder read of each file, by file name.
pub(crate) fn decode(python: &Path, files: &[PathBuf]) -> HashMap<String, Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fit_decode.py");
    let out = Command::new(python)
        .arg(script)
        .args(files)
        .output()
        .expect("the decoder runs");
    assert!(
        out.status.success(),
        "the decoder failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the decoder prints JSON");
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let name = Path::new(f["path"].as_str().expect("a path"))
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, f.clone())
        })
        .collect()
}

/// The `.fit` files in `dir`, sorted by name as a file list shows them.
fn fit_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
}

/// The address a file's name starts with: `W03D2-...` is W3D2.
fn address_of(name: &str) -> Address {
    name.split('-')
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("{name} does not start with a session's address"))
}

/// The intensity a watch must show for each kind of segment.
fn intensity(kind: Kind) -> &'static str {
    match kind {
        Kind::Warmup => "warmup",
        Kind::Run => "active",
        Kind::Walk => "recovery",
        Kind::Cooldown => "cooldown",
    }
}

/// The word a step's name starts with, as the watch shows it.
fn action(kind: Kind) -> &'static str {
    match kind {
        Kind::Warmup => "Warm up ",
        Kind::Run => "Run ",
        Kind::Walk => "Walk ",
        Kind::Cooldown => "Cool down ",
    }
}

/// One step as the watch plays it: intensity, milliseconds, name.
type Played = (String, u64, String);

/// The workout's steps as a watch runs them: a timed step is done, a repeat
/// step goes back to the step it names until its block has been done as many
/// times as it says.
fn play(steps: &[Value], what: &str) -> Vec<Played> {
    let mut out = Vec::new();
    let mut done: HashMap<usize, u64> = HashMap::new();
    let mut i = 0;
    while i < steps.len() {
        let step = &steps[i];
        assert_eq!(
            step["message_index"].as_u64(),
            Some(i as u64),
            "{what}: step {i}'s message_index"
        );
        match step["duration_type"].as_str() {
            Some("time") => {
                assert_eq!(step["target_type"], "open", "{what}: step {i}'s target");
                out.push((
                    step["intensity"].as_str().unwrap_or("none").to_string(),
                    step["duration_value"].as_u64().expect("milliseconds"),
                    step["wkt_step_name"].as_str().unwrap_or("").to_string(),
                ));
                i += 1;
            }
            Some("repeat_until_steps_cmplt") => {
                let from = step["duration_step"].as_u64().expect("duration_step") as usize;
                let times = step["repeat_steps"].as_u64().expect("repeat_steps");
                assert!(
                    from < i,
                    "{what}: step {i} repeats from {from}, not before it"
                );
                assert!(times >= 2, "{what}: step {i} repeats {times} times");
                let count = done.entry(i).or_insert(1);
                if *count < times {
                    *count += 1;
                    i = from;
                } else {
                    done.remove(&i);
                    i += 1;
                }
            }
            other => panic!("{what}: step {i} has duration type {other:?}"),
        }
    }
    out
}

/// Everything a watch needs of one decoded workout file, checked against
/// the plan session it was made from.
fn check_workout(file: &Value, name: &str, plan: &Plan, addr: Address, session: &Session) {
    let what = format!("{} {name}", plan.name);
    assert_eq!(
        file["errors"],
        serde_json::json!([]),
        "{what}: decoder errors"
    );
    assert_eq!(file["is_fit"], true, "{what}: a FIT file");
    assert_eq!(file["integrity"], true, "{what}: header and file CRC");
    let messages = &file["messages"];

    let ids = messages["file_id_mesgs"].as_array().expect("a file_id");
    assert_eq!(ids.len(), 1, "{what}: one file_id");
    assert_eq!(ids[0]["type"], "workout", "{what}: file type");
    assert_eq!(
        ids[0]["manufacturer"], "development",
        "{what}: manufacturer"
    );
    assert_eq!(ids[0]["time_created"], NOW_DECODED, "{what}: time_created");
    assert!(
        ids[0]["serial_number"].as_u64().is_some_and(|s| s > 0),
        "{what}: a serial number"
    );

    let workouts = messages["workout_mesgs"].as_array().expect("a workout");
    assert_eq!(workouts.len(), 1, "{what}: one workout message");
    let workout = &workouts[0];
    assert_eq!(workout["sport"], "running", "{what}: sport");
    assert_eq!(
        workout["wkt_name"].as_str(),
        Some(format!("{addr} {}", plan.name).as_str()),
        "{what}: the workout's name"
    );
    let steps = messages["workout_step_mesgs"]
        .as_array()
        .expect("workout steps");
    assert_eq!(
        workout["num_valid_steps"].as_u64(),
        Some(steps.len() as u64),
        "{what}: num_valid_steps"
    );

    let played = play(steps, &what);
    // A timeline at 1000 samples a second counts in milliseconds.
    let timeline = Timeline::new(session, 1000);
    assert_eq!(
        played.len(),
        timeline.segments.len(),
        "{what}: segments played on the watch"
    );
    for (i, (step, seg)) in played.iter().zip(&timeline.segments).enumerate() {
        let (got_intensity, ms, step_name) = step;
        assert_eq!(got_intensity, intensity(seg.kind), "{what}: segment {i}");
        assert_eq!(*ms, seg.len(), "{what}: segment {i}'s milliseconds");
        assert!(
            step_name.starts_with(action(seg.kind)) && step_name.len() <= 20,
            "{what}: segment {i} is named {step_name:?}"
        );
    }
}

#[test]
fn every_built_in_program_exports_workouts_garmins_decoder_plays_as_the_sessions() {
    let Some(python) = decoder() else { return };
    for builtin in BUILTINS {
        let plan = builtin.plan().expect("a built-in program");
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("watch");
        walkrun()
            .now(NOW)
            .arg("export")
            .arg(builtin.id)
            .arg("--fit")
            .arg(format!("{}/", out.display()))
            .assert()
            .success()
            .stderr(predicates::str::contains(format!(
                "{} workouts",
                plan.session_count()
            )));
        let files = fit_files(&out);
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        // Sorted by name, the files are the sessions in plan order.
        let order: Vec<Address> = names.iter().map(|n| address_of(n)).collect();
        let planned: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
        assert_eq!(order, planned, "{}: files in plan order", builtin.id);
        assert!(
            names.iter().all(|n| n.ends_with(".fit")),
            "{}: {names:?}",
            builtin.id
        );

        let decoded = decode(&python, &files);
        let mut serials = HashSet::new();
        for (name, addr) in names.iter().zip(order) {
            let file = &decoded[name];
            let session = &plan.session(addr).expect("the session").steps;
            check_workout(file, name, &plan, addr, session);
            serials.insert(file["messages"]["file_id_mesgs"][0]["serial_number"].clone());
        }
        assert_eq!(
            serials.len(),
            names.len(),
            "{}: each workout has a serial of its own, as the watch tells them apart by it",
            builtin.id
        );
    }
}

#[test]
fn files_are_named_as_render_names_them() {
    let dir = tempfile::tempdir().expect("a folder");
    walkrun()
        .now(NOW)
        .args(["export", "couch-to-5k", "--week", "1", "--fit"])
        .arg(format!("{}/", dir.path().display()))
        .assert()
        .success();
    let names: Vec<String> = fit_files(dir.path())
        .iter()
        .map(|f| {
            f.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "W01D1-couch-to-5k.fit",
            "W01D2-couch-to-5k.fit",
            "W01D3-couch-to-5k.fit"
        ]
    );
}

#[test]
fn one_session_into_one_file_and_a_repeat_inside_a_repeat_played_out() {
    let Some(python) = decoder() else { return };
    let dir = tempfile::tempdir().expect("a folder");
    let plan_path = dir.path().join("drills.toml");
    std::fs::write(
        &plan_path,
        "name = \"Drills\"\n\n[[week]]\n[[week.session]]\nsteps = \"run 1m\"\n\
         [[week.session]]\nsteps = \"warmup 5m, 2x(3x(run 30s, walk 30s), walk 2m), run 1m30s, cooldown 5m\"\n",
    )
    .expect("the plan");
    let file = dir.path().join("today.fit");
    walkrun()
        .now(NOW)
        .arg("export")
        .arg(&plan_path)
        .args(["--session", "W1D2", "--fit"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicates::str::contains("today.fit"));
    assert_eq!(fit_files(dir.path()).len(), 2, "the plan and one workout");
    let plan = Plan::from_toml(
        &std::fs::read_to_string(&plan_path).expect("the plan"),
        "drills.toml",
    )
    .expect("a plan");
    let addr = Address {
        week: 1,
        session: 2,
    };
    let decoded = decode(&python, std::slice::from_ref(&file));
    let session = &plan.session(addr).expect("W1D2").steps;
    check_workout(&decoded["today.fit"], "today.fit", &plan, addr, session);
    // The outer block is the watch's one level of repeat.
    let steps = decoded["today.fit"]["messages"]["workout_step_mesgs"]
        .as_array()
        .expect("steps")
        .clone();
    let repeats: Vec<&Value> = steps
        .iter()
        .filter(|s| s["duration_type"] == "repeat_until_steps_cmplt")
        .collect();
    assert_eq!(repeats.len(), 1, "one repeat step: {steps:?}");
    assert_eq!(repeats[0]["duration_step"], 1);
    assert_eq!(repeats[0]["repeat_steps"], 2);
}

#[test]
fn a_fit_file_without_a_session_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("plan.fit");
    walkrun()
        .now(NOW)
        .args(["export", "couch-to-5k", "--fit"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add --session W3D2"));
    assert!(!file.exists());
    walkrun()
        .now(NOW)
        .args(["export", "couch-to-5k", "--week", "12", "--fit"])
        .arg(format!("{}/", dir.path().join("out").display()))
        .assert()
        .code(2)
        .stderr("walkrun: --week 12: Couch to 5K has 9 weeks\n");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn without_a_plan_the_current_one_else_couch_to_5k() {
    let home = tempfile::tempdir().expect("a home");
    let names = |dir: &Path| -> Vec<String> {
        fit_files(dir)
            .iter()
            .map(|f| {
                f.file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    let fresh = home.path().join("fresh");
    walkrun()
        .home(home.path())
        .now(NOW)
        .args(["export", "--fit"])
        .arg(format!("{}/", fresh.display()))
        .assert()
        .success();
    let first = names(&fresh);
    assert_eq!(first.len(), 27, "Couch to 5K's sessions: {first:?}");
    assert!(first.iter().all(|n| n.ends_with("-couch-to-5k.fit")));

    walkrun()
        .home(home.path())
        .args(["use", "walk-run-start"])
        .assert()
        .success();
    let current = home.path().join("current");
    walkrun()
        .home(home.path())
        .now(NOW)
        .args(["export", "--fit"])
        .arg(format!("{}/", current.display()))
        .assert()
        .success();
    let names = names(&current);
    assert_eq!(names.len(), 15, "Walk-run start's sessions: {names:?}");
    assert_eq!(names[0], "W01D1-walk-run-start.fit");
}

/// A session written out step by step can be longer than a watch runs: the
/// file is still written (newer watches take more), with one warning line
/// naming the session, its steps and how to make it shorter; a session
/// written with repeats gets none.
#[test]
fn a_session_longer_than_many_watches_run_is_written_with_a_warning() {
    let dir = tempfile::tempdir().expect("a folder");
    let plan = dir.path().join("plan.toml");
    let long: Vec<&str> = std::iter::repeat_n("run 1m, walk 1m", 26).collect();
    std::fs::write(
        &plan,
        format!(
            "name = \"Long list\"\n\n[[week]]\n[[week.session]]\nsteps = \"warmup 5m, {}, cooldown 5m\"\n\
             [[week.session]]\nsteps = \"warmup 5m, 26x(run 1m, walk 1m), cooldown 5m\"\n",
            long.join(", ")
        ),
    )
    .expect("a plan");
    let out = dir.path().join("out/");
    let done = walkrun()
        .now(NOW)
        .arg("export")
        .arg(&plan)
        .arg("--fit")
        .arg(&out)
        .output()
        .expect("walkrun runs");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(
        warnings,
        ["walkrun: warning: W1D1 needs up to 54 watch steps; many watches (Garmin's among them) run at most 50 and stop there: write repeats as 8x(run 1m, walk 90s) to keep it shorter"],
        "{stderr}"
    );
    assert_eq!(fit_files(&out).len(), 2, "both written");
}
