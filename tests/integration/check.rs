//! `walkrun check` and `walkrun explain` as a user runs them.

use crate::util::walkrun;
use predicates::prelude::*;
use serde_json::Value;

const CROWDED: &str = "tests/fixtures/crowded.toml";

/// As linters print: `file:line: severity[rule]: message`, one line each, then
/// a summary.
#[test]
fn text_report_names_file_and_line_and_ends_with_a_summary() {
    let out = walkrun().args(["check", CROWDED]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "errors found means exit 1");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // Not a terminal: no colour codes.
    assert!(!text.contains('\x1b'));
    insta::assert_snapshot!(text);
}

#[test]
fn json_report_has_the_documented_schema() {
    let out = walkrun()
        .args(["check", CROWDED, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    let ids: Vec<String> = walkrun::rules::RuleId::ALL
        .iter()
        .map(|r| r.to_string())
        .collect();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for f in findings {
        let rule = f["rule"].as_str().expect("rule is a string");
        assert!(ids.iter().any(|i| i == rule), "{rule}");
        match f["severity"].as_str().expect("severity") {
            "error" => errors += 1,
            "warning" => warnings += 1,
            "note" => notes += 1,
            other => panic!("severity {other}"),
        }
        match &f["address"] {
            Value::Null => {}
            Value::String(a) => assert!(a.parse::<walkrun::Address>().is_ok(), "{a}"),
            other => panic!("address {other}"),
        }
        match &f["date"] {
            Value::Null => {}
            Value::String(d) => {
                assert!(
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(),
                    "{d}"
                )
            }
            other => panic!("date {other}"),
        }
        assert!(!f["message"].as_str().expect("message").is_empty());
        // Every finding here is about a session or week read from the file.
        assert!(f["line"].as_u64().is_some_and(|l| l > 0), "{f}");
    }
    let s = &doc["summary"];
    assert_eq!(s["errors"], errors);
    assert_eq!(s["warnings"], warnings);
    assert_eq!(s["notes"], notes);
    assert_eq!(s["sessions"], 8);
    // The example from the issue: a run 1 h after the Monday lift.
    assert!(findings.iter().any(|f| f["rule"] == "same-day-gap"
        && f["address"] == "W2D1"
        && f["date"] == "2026-12-14"
        && f["line"] == 34
        && f["severity"] == "error"));
}

#[test]
fn exit_codes_follow_the_deny_level() {
    // couch-to-5k as a program: warnings and notes, no errors.
    walkrun()
        .args(["check", "couch-to-5k"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "0 errors, 5 warnings in 27 sessions",
        ));
    walkrun()
        .args(["check", "couch-to-5k", "--deny", "warnings"])
        .assert()
        .code(1);
    walkrun()
        .args(["check", "walk-run-start", "--deny", "warnings"])
        .assert()
        .code(0);
}

#[test]
fn skipped_calendar_rules_are_said_once() {
    let out = walkrun()
        .args(["check", "couch-to-5k"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("Skipped").count(), 1, "{text}");
    assert!(text.contains("same-day-gap"));
}

#[test]
fn lift_flags_priority_and_start_join_the_plan() {
    // With a Tuesday lift from the flag, W1D2 (untimed) is on a lift day;
    // --start moves every date.
    let out = walkrun()
        .args([
            "check",
            CROWDED,
            "--lift",
            "tue@07:00+45m:legs",
            "--start",
            "2027-01-04",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let f = doc["findings"].as_array().expect("findings");
    assert!(f.iter().any(|f| f["address"] == "W1D2"
        && f["rule"] == "same-day-gap"
        && f["date"] == "2027-01-05"));
    // A legs lift on Tuesday makes Wednesday's run the day after leg day, but
    // it is short: no heavy-legs finding.
    assert!(!f
        .iter()
        .any(|f| f["rule"] == "heavy-legs" && f["address"] == "W2D2"));
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", CROWDED, "--lift", "mon"],
            "expected a lift as DAY@HH:MM",
        ),
        (&["check", CROWDED, "--lift", "mon@25:00"], "found '25:00'"),
        (
            &["check", CROWDED, "--lift", "funday@07:00"],
            "expected a weekday",
        ),
        (
            &["check", CROWDED, "--priority", "speed"],
            "expected endurance or strength",
        ),
        (
            &["check", CROWDED, "--start", "2026-13-01"],
            "expected a date as YYYY-MM-DD",
        ),
        (
            &["check", "no-such-plan.toml"],
            "no-such-plan.toml: cannot read",
        ),
        (&["explain", "same-day"], "unknown rule 'same-day'"),
    ];
    for (args, expected) in cases {
        let out = walkrun().args(*args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn unknown_rule_in_the_plan_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "name = \"x\"\n\n[rules]\nsame-day-gapp = false\n\n[[week]]\n[[week.session]]\nsteps = \"run 1m\"\n",
    )
    .expect("write");
    let out = walkrun().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{}:4:1: [rules] unknown key 'same-day-gapp'",
            path.display()
        )),
        "{err}"
    );
    let bad_time = dir.path().join("late.toml");
    std::fs::write(
        &bad_time,
        "name = \"x\"\n[[lift]]\nday = \"mon\"\nat = \"25:00\"\n",
    )
    .expect("write");
    walkrun()
        .arg("check")
        .arg(&bad_time)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("late.toml:4:6"))
        .stderr(predicate::str::contains("found '25:00'"));
}

#[test]
fn explain_lists_every_rule_and_explains_one() {
    let out = walkrun().arg("explain").output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for r in walkrun::rules::RuleId::ALL {
        assert!(text.contains(r.as_str()), "{r}");
    }
    walkrun()
        .args(["explain", "post-lift-limit"])
        .assert()
        .success()
        .stdout(predicate::str::contains("post_lift_error_minutes = 10"))
        .stdout(predicate::str::contains("20-minute cardio session"))
        .stdout(predicate::str::contains("post-lift-limit = false"));
}

#[test]
fn age_decides_the_deload_rule_from_the_flag_or_the_plan() {
    // Couch to 5K has nine weeks with no lighter one.
    let notes = |args: &[&str]| {
        let out = walkrun()
            .args(["check", "couch-to-5k"])
            .args(args)
            .output()
            .expect("runs");
        // A note, and from 50 a warning.
        String::from_utf8_lossy(&out.stdout)
            .matches("[deload]")
            .count()
    };
    assert_eq!(notes(&[]), 0, "no age, no assumption");
    assert_eq!(notes(&["--age", "39"]), 0);
    assert_eq!(notes(&["--age", "52"]), 2);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.toml");
    let text = walkrun::plan::programs::find("couch-to-5k")
        .expect("built-in")
        .text;
    std::fs::write(&path, text.replacen("name = ", "age = 61\nname = ", 1)).expect("write");
    let out = walkrun().arg("check").arg(&path).output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(report.matches("warning[deload]").count(), 2, "{report}");
    // The flag wins over the file.
    let out = walkrun()
        .arg("check")
        .arg(&path)
        .args(["--age", "35"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("deload"));
    walkrun()
        .args(["check", "couch-to-5k", "--age", "7"])
        .assert()
        .code(2);
}

#[test]
fn many_findings_of_one_kind_are_one_line_naming_every_session() {
    // Nine weeks of runs on Mon/Wed/Fri at 18:00, each a lift day at 07:00.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lift-days.toml");
    let mut text = String::from("name = \"Lift days\"\nstart = 2026-12-07\n");
    for day in ["mon", "wed", "fri"] {
        text.push_str(&format!("[[lift]]\nday = \"{day}\"\nat = \"07:00\"\n"));
    }
    for _ in 0..9 {
        text.push_str("[[week]]\n");
        for day in ["mon", "wed", "fri"] {
            text.push_str(&format!(
                "[[week.session]]\nday = \"{day}\"\nat = \"18:00\"\nsteps = \"warmup 5m, 6x(run 2m, walk 1m), cooldown 5m\"\n"
            ));
        }
    }
    std::fs::write(&path, text).expect("write");
    let out = walkrun().arg("check").arg(&path).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[separate-days]"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    let expected = format!("{}:", path.display());
    assert!(lines[0].starts_with(&expected), "{}", lines[0]);
    assert!(
        lines[0].contains(": note[separate-days]: 27 sessions share a day with a lift, at least 6 h apart: safe, though different days are the ideal: W1D1, W1D2, W1D3, W2D1,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("W9D3."), "{}", lines[0]);
}

/// A lift exception the file gets wrong is one line naming the file, line
/// and column and what was expected, exit 2.
#[test]
fn a_lift_exception_is_read_with_its_line_and_refused_when_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = "name = \"t\"\nstart = 2026-12-07\n[[lift]]\nday = \"mon\"\nat = \"07:00\"\nlegs = true\n[[lift.exception]]\n";
    let tail = "[[week]]\n[[week.session]]\nday = \"tue\"\nat = \"18:00\"\nsteps = \"warmup 5m, run 30m, cooldown 5m\"\n";
    let cases = [
        (
            "date = 2026-12-08\nskip = true\n",
            "plan.toml:8:8: lift exception date 2026-12-08 is a tue: expected a date on the lift's day, mon",
        ),
        (
            "date = 2026-12-07\n",
            "plan.toml:7:1: lift exception: expected one of skip = true, move_to = DATE (with at = \"HH:MM\" if the time changes) or legs = false",
        ),
        (
            "date = 2026-12-07\nskip = true\nmove_to = 2026-12-06\n",
            "plan.toml:7:1: lift exception: found more than one change",
        ),
        (
            "date = 2026-12-07\nskip = true\nat = \"09:00\"\n",
            "plan.toml:10:6: at: a lift exception takes a time only with move_to = DATE",
        ),
        (
            "date = 2026-12-07\nskip = true\n[[lift.exception]]\ndate = 2026-12-07\nlegs = false\n",
            "plan.toml:11:8: lift exception date 2026-12-07: the mon 07:00 lift already has an exception that day",
        ),
        (
            "date = 2026-12-07\nwhen = \"later\"\n",
            "plan.toml:9:1: unknown field",
        ),
    ];
    for (exception, said) in cases {
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, format!("{head}{exception}{tail}")).expect("write");
        let out = walkrun()
            .in_dir(dir.path())
            .config(dir.path().join("none.toml"))
            .args(["check", "plan.toml"])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{exception}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(said), "{exception}: {err}");
    }
    // Read right, the skipped Monday leaves Tuesday's 30 minutes alone.
    std::fs::write(
        dir.path().join("plan.toml"),
        format!("{head}date = 2026-12-07\nskip = true\n{tail}"),
    )
    .expect("write");
    let out = walkrun()
        .in_dir(dir.path())
        .config(dir.path().join("none.toml"))
        .args(["check", "plan.toml"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}
