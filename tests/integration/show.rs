//! `walkrun show` and `walkrun programs` as a user runs them.

use crate::util::walkrun;
use predicates::prelude::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    let out = walkrun().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn couch_to_5k_json_has_the_published_shape() {
    let doc = json_of(&["show", "couch-to-5k", "--format", "json"]);
    assert_eq!(doc["name"], "Couch to 5K");
    let weeks = doc["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 9);
    for s in weeks[0]["sessions"].as_array().expect("sessions") {
        assert_eq!(s["run_seconds"], 480);
        assert_eq!(s["date"], Value::Null);
        assert_eq!(s["at"], Value::Null);
    }
    assert_eq!(weeks[0]["sessions"][0]["address"], "W1D1");
    assert_eq!(weeks[8]["sessions"][2]["address"], "W9D3");
    assert_eq!(weeks[8]["sessions"][0]["longest_run_seconds"], 1800);
    assert_eq!(weeks[4]["sessions"][2]["longest_run_seconds"], 1200);
}

#[test]
fn one_week_only() {
    let doc = json_of(&["show", "couch-to-5k", "--format", "json", "--week", "3"]);
    let weeks = doc["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["week"], 3);
    walkrun()
        .args(["show", "couch-to-5k", "--week", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a week from 1 to 9"));
}

#[test]
fn text_lists_sessions_and_weekly_totals() {
    walkrun()
        .args(["show", "couch-to-5k", "--week", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("W1D1"))
        .stdout(predicate::str::contains("8x(run 1m, walk 1m30s)"))
        .stdout(predicate::str::contains(
            "Week 1: 3 sessions, 1 h 30 min in all, 24 min running",
        ));
}

#[test]
fn a_placed_plan_shows_dates_and_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "name = \"Mine\"\nstart = 2026-12-07\n[[week]]\n[[week.session]]\nday = \"tue\"\nat = \"18:00\"\nsteps = \"walk 10m\"\n",
    )
    .expect("write");
    let doc = json_of(&["show", path.to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(doc["weeks"][0]["sessions"][0]["date"], "2026-12-08");
    assert_eq!(doc["weeks"][0]["sessions"][0]["at"], "18:00");
    walkrun()
        .args(["show", path.to_str().expect("utf-8")])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tue 08 Dec 18:00"));
}

#[test]
fn a_malformed_plan_names_file_line_and_expectation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.toml");
    let mut text = String::from("name = \"Broken\"\n");
    text.push_str("# a comment to push the session down\n".repeat(7).as_str());
    text.push_str("[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"8x(run 60s, walk\"\n");
    assert_eq!(text.lines().position(|l| l.starts_with("steps")), Some(11));
    std::fs::write(&path, text).expect("write");
    let out = walkrun()
        .args(["show", path.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("{}:12:", path.display())), "{err}");
    assert!(
        err.contains("expected a duration") && err.contains("found end of text"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_file_and_unknown_program() {
    walkrun()
        .args(["show", "no-such-plan.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-plan.toml"));
}

#[test]
fn programs_lists_every_builtin() {
    walkrun()
        .arg("programs")
        .assert()
        .success()
        .stdout(predicate::str::contains("couch-to-5k"))
        .stdout(predicate::str::contains("walk-run-start"))
        .stdout(predicate::str::contains("5k-to-10k"))
        .stdout(predicate::str::contains("10k-to-half"));
}

#[test]
fn usage_errors_exit_2() {
    walkrun().arg("frobnicate").assert().code(2);
    walkrun()
        .args(["show", "couch-to-5k", "--format", "xml"])
        .assert()
        .code(2);
}

/// A plan of one week with one session, and one that starts too late for
/// even its one week: counts of one read as one ("1 week", not "1 weeks").
#[test]
fn a_count_of_one_reads_in_the_singular() {
    let home = tempfile::tempdir().expect("tempdir");
    let in_home = || {
        walkrun()
            .home(home.path())
            .now("2026-12-08T20:00")
            .in_home()
    };
    let one = "[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"walk 5m, run 1m\"\n";
    std::fs::write(
        home.path().join("p.toml"),
        format!("name = \"One\"\nstart = 2026-12-08\n\n{one}"),
    )
    .expect("write");
    std::fs::write(
        home.path().join("late.toml"),
        format!("name = \"Late\"\nstart = 9999-12-26\n\n{one}"),
    )
    .expect("write");
    let singular = |text: &str, what: &str| {
        for plural in ["1 weeks", "1 sessions", "1 segments", "1 minutes"] {
            assert!(!text.contains(plural), "{what}: {text}");
        }
    };

    let out = in_home().args(["show", "p.toml"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Week 1: 1 session, 6 min in all"), "{text}");
    singular(&text, "show");

    let out = in_home()
        .args(["show", "late.toml"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the plan's 1 week would run past 9999-12-31"),
        "{err}"
    );

    let out = in_home()
        .args(["log", "add", "W2D1", "--plan", "p.toml"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("One has no such session (1 week;"), "{err}");

    let out = in_home()
        .args(["export", "p.toml", "--markdown", "-"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 week · 1 session."), "{text}");

    in_home()
        .args(["log", "add", "W1D1", "--plan", "p.toml"])
        .assert()
        .success();
    let out = in_home()
        .args(["log", "--plan", "p.toml"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("One: 1 of 1 session due by"), "{text}");
    singular(&text, "log");
}

#[test]
fn a_sessions_note_is_shown_under_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "name = \"Notes\"\n\n[[week]]\n[[week.session]]\nsteps = \"run 17m\"\n\
         note = \"your first 17 minutes without stopping: slow enough to talk the whole way\"\n\
         [[week.session]]\nsteps = \"run 10m\"\n",
    )
    .expect("plan");
    let out = walkrun().arg("show").arg(&plan).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("W1D1"))
        .unwrap_or_else(|| panic!("{text}"));
    // The session, its figures, then its note; the next session has none.
    assert_eq!(
        lines[at + 2].trim(),
        "your first 17 minutes without stopping: slow enough to talk the whole way",
        "{text}"
    );
    assert!(lines[at + 3].contains("W1D2"), "{text}");
}
