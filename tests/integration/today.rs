//! The coach about today, through the real binary with a temporary journal
//! and an injected clock: the day to run, the lift-aware checks before a
//! session, the easing proposal, and what comes next after a session.
//! 2026-12-07 is a Monday.

use std::path::{Path, PathBuf};

use crate::util::{wait_until, walkrun, Walkrun};
use predicates::prelude::*;
use serde_json::Value;

/// A plan with a heavy-legs lift on Monday mornings: a long run first, then
/// a short one.
const LIFTER: &str = r#"
name = "Lifter"

[[lift]]
day = "mon"
at = "07:00"
minutes = 60
legs = true

[[week]]
[[week.session]]
steps = "warmup 5m, run 30m, cooldown 5m"
[[week.session]]
steps = "warmup 5m, run 10m, cooldown 5m"

[[week]]
[[week.session]]
steps = "warmup 5m, run 30m, cooldown 5m"
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn plan(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).expect("plan");
        p
    }

    /// walkrun with this journal, at this moment.
    fn at(&self, now: &str) -> Walkrun {
        let mut w = walkrun().home(self.path()).now(now).in_home();
        // As these tests always ran: colour is off because stdout is a
        // pipe, not because NO_COLOR says so.
        w.env_remove("NO_COLOR");
        w
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        let out = self.at(now).args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}

fn rules(doc: &Value) -> Vec<String> {
    doc["now"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["rule"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_day_after_heavy_legs_the_long_run_waits_a_day() {
    let home = Home::new();
    home.plan("lifter.toml", LIFTER);
    home.at("2026-12-08T08:00")
        .args(["use", "lifter.toml"])
        .assert()
        .success();
    let doc = home.json("2026-12-08T08:00", &["next", "--format", "json"]);
    assert_eq!(doc["next"], "W1D1");
    assert_eq!(rules(&doc), ["heavy-legs"]);
    assert_eq!(doc["date"], "2026-12-09", "{doc}");
    home.at("2026-12-08T08:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Next: W1D1, tomorrow (Wed 9 Dec): warmup 5m, run 30m, cooldown 5m",
        ))
        // Said once, plainly: the `Next:` line already names tomorrow.
        .stdout(predicate::str::contains(
            "Not now: 30 min of running the day after heavy legs (Monday 07:00) is a hard run \
             on tired legs.\n",
        ))
        .stdout(predicate::str::contains("better:").not());
    // On a clean day nothing is said and the day is today.
    let doc = home.json("2026-12-09T18:00", &["next", "--format", "json"]);
    assert_eq!(rules(&doc), Vec::<String>::new());
    assert_eq!(doc["date"], "2026-12-09");
    home.at("2026-12-09T18:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Next: W1D1, today (Wed 9 Dec): "))
        .stdout(predicate::str::contains("Not now").not());
}

#[test]
fn an_hour_after_lifting_the_run_waits_until_the_afternoon() {
    let home = Home::new();
    home.plan("lifter.toml", LIFTER);
    home.at("2026-12-07T09:00")
        .args(["use", "lifter.toml"])
        .assert()
        .success();
    home.at("2026-12-07T09:00")
        .args([
            "log",
            "add",
            "W1D1",
            "--effort",
            "5",
            "--date",
            "2026-12-04",
        ])
        .assert()
        .success();
    // W1D2 holds 10 minutes of running: a workout of its own an hour after
    // the lift, and inside the 6-hour gap.
    let doc = home.json("2026-12-07T09:00", &["next", "--format", "json"]);
    assert_eq!(doc["next"], "W1D2");
    assert_eq!(rules(&doc), ["same-day-gap", "post-lift-limit"]);
    assert_eq!(
        (&doc["date"], &doc["from"]),
        (&"2026-12-07".into(), &"14:00".into())
    );
    home.at("2026-12-07T09:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Next: W1D2, today (Mon 7 Dec) from 14:00: ",
        ))
        .stdout(predicate::str::contains(
            "Not now:\n  a run now starts 1 h after today's 07:00 lift; keep at least 6 h \
             between them.\n",
        ))
        .stdout(predicate::str::contains("better:").not());
}

#[test]
fn a_second_run_the_same_day_is_flagged_before_the_session_and_a_clean_day_is_quiet() {
    let home = Home::new();
    home.plan("lifter.toml", LIFTER);
    home.at("2026-12-09T07:00")
        .args(["use", "lifter.toml"])
        .assert()
        .success();
    // A clean Wednesday: not a word before the session; after it, what
    // comes next and when (not tomorrow: a beginner rests a day).
    home.at("2026-12-09T07:00")
        .args(["run", "--steps", "walk 1s, run 1s", "--no-audio"])
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::contains(
            "Next: W1D1, Fri 11 Dec. W1D1 is the first session",
        ));
    // The same evening: a second run. Not on a terminal, so it says so and
    // goes on (it cannot ask).
    home.at("2026-12-09T18:00")
        .args(["run", "--steps", "walk 1s, run 1s", "--no-audio"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning[rest-between-runs]: you already ran today at 07:00; one run a day is \
             plenty; better: Fri 11 Dec",
        ))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    // The day after a run, for a beginner.
    home.at("2026-12-10T07:00")
        .args(["run", "--steps", "walk 1s, run 1s", "--no-audio"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning[rest-between-runs]: you ran yesterday at 18:00; a beginner's legs need 1 day \
             without running between runs; better: tomorrow (Fri 11 Dec)",
        ));
}

/// A run logged away from the laptop keeps the hour given with `--at`, and
/// the checks count from it; `--now` on `log add` sets its clock.
#[test]
fn a_logged_run_keeps_its_hour_for_the_checks() {
    let home = Home::new();
    home.plan("lifter.toml", LIFTER);
    // No WALKRUN_NOW: `--now` alone sets the clock.
    let c = || walkrun().home(home.path()).in_home();
    c().args(["use", "lifter.toml"]).assert().success();
    c().args(["log", "add", "--steps", "run 20m", "--date", "2026-12-09"])
        .args(["--at", "06:15", "--now", "2026-12-09T20:00"])
        .assert()
        .success();
    c().args(["log", "add", "--steps", "run 5m", "--at", "21:00"])
        .args(["--now", "2026-12-09T20:00"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--at 21:00: that is later than now",
        ));
    let doc = home.json("2026-12-09T20:00", &["next", "--format", "json"]);
    let now = doc["now"].as_array().cloned().unwrap_or_default();
    let texts: Vec<&str> = now.iter().filter_map(|a| a["text"].as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("you already ran today at 06:15")),
        "{doc}"
    );
    let log = home.json("2026-12-09T20:00", &["log", "--format", "json"]);
    // Local time, whatever the machine's zone.
    let started = log["entries"][0]["started"].as_str().unwrap_or_default();
    assert!(started.starts_with("2026-12-09T06:15:00"), "{log}");
}

/// A dated plan that started in October: the calendar has slipped.
const DATED: &str = r#"
name = "Dated"
start = 2026-10-05

[[week]]
[[week.session]]
day = "tue"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
[[week.session]]
day = "thu"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
"#;

#[test]
fn a_slipped_plan_is_run_from_today_and_the_slip_said_once() {
    let home = Home::new();
    let plan = home.plan("dated.toml", DATED);
    home.at("2026-11-25T10:00")
        .args(["use", "dated.toml"])
        .assert()
        .success();
    let doc = home.json("2026-11-25T10:00", &["next", "--format", "json"]);
    assert_eq!(doc["next"], "W1D1");
    assert_eq!(doc["planned_date"], "2026-10-06");
    let date = doc["date"].as_str().expect("a date");
    assert!(date >= "2026-11-25", "{date}");
    // Today, a Wednesday, keeps every rule, but the plan runs on Tuesdays
    // and Thursdays: the runner's days.
    assert_eq!(date, "2026-11-26", "the next of the plan's days");
    assert!(doc["slip"]["reschedule"]
        .as_str()
        .is_some_and(|r| r.starts_with("walkrun plan --reschedule")));
    let out = home
        .at("2026-11-25T10:00")
        .args(["next"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Next: W1D1, tomorrow (Thu 26 Nov): "),
        "{text}"
    );
    let first = text.lines().next().unwrap_or_default();
    assert!(
        !first.contains("Oct"),
        "the old date is not the day to run: {text}"
    );
    assert_eq!(text.matches("slipped").count(), 1, "{text}");
    assert!(
        text.contains(&format!("walkrun plan --reschedule {}", plan.display())),
        "{text}"
    );
}

#[test]
fn two_hard_passes_of_a_week_bring_a_bridge_week_and_the_pace_advice() {
    let home = Home::new();
    let at = |d: &str| format!("{d}T19:00");
    home.at(&at("2026-11-01"))
        .args(["use", "couch-to-5k"])
        .assert()
        .success();
    let log = |a: &str, d: &str, effort: &str| {
        home.at(&at("2026-11-30"))
            .args(["log", "add", a, "--date", d, "--effort", effort])
            .assert()
            .success();
    };
    // Two hard sessions repeat the week at once, before its third.
    log("W1D1", "2026-11-02", "9");
    log("W1D2", "2026-11-04", "10");
    home.at(&at("2026-11-07"))
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Repeating week 1 from W1D1"));
    log("W1D1", "2026-11-09", "10");
    log("W1D2", "2026-11-11", "9");
    let out = home
        .at(&at("2026-11-15"))
        .args(["next"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Next: W1D1 as a bridge session, today (Sun 15 Nov): warmup 5m, 8x(run 30s, walk 1m30s), \
         cooldown 5m",
        "{text}"
    );
    assert_eq!(
        lines[1],
        "Week 1 is still too hard after a repeat (W1D1 was rated 10 of 10 and W1D2 was rated 9 \
         of 10): first a gentler bridge week with runs of 30s instead of 1m, then this week again"
    );
    assert!(
        lines[2].contains("running too fast") && lines[2].contains("talk"),
        "{text}"
    );
    // `run` plays the bridge, and the journal keeps it as one from its
    // first second (the session is not played out: it is stopped once
    // recorded).
    let mut child = walkrun()
        .home(home.path())
        .now("2026-11-15T19:00")
        .std()
        .args(["run", "--no-audio"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("walkrun run starts");
    let journal = home.path().join("journal.jsonl");
    wait_until(
        "a bridge session recorded",
        std::time::Duration::from_secs(20),
        || {
            std::fs::read_to_string(&journal)
                .unwrap_or_default()
                .contains("\"bridge\":true")
        },
    );
    let _ = child.kill();
    let _ = child.wait();
    let doc = home.json("2026-11-15T20:00", &["log", "--format", "json"]);
    let last = doc["entries"]
        .as_array()
        .and_then(|e| e.last().cloned())
        .expect("an entry");
    assert_eq!(last["bridge"], true, "{last}");
    assert_eq!(last["address"], "W1D1");
    assert!(
        last["steps"]
            .as_str()
            .is_some_and(|s| s.contains("8x(run 30s")),
        "{last}"
    );
}

#[test]
fn the_profiles_lifts_count_even_with_no_plan() {
    let home = Home::new();
    std::fs::write(
        home.path().join("config.toml"),
        "[[lift]]\nday = \"mon\"\nat = \"07:00\"\nminutes = 60\nlegs = true\n",
    )
    .expect("profile");
    home.at("2026-12-07T09:00")
        .args(["run", "--steps", "walk 1s, run 1s", "--no-audio"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "error[same-day-gap]: a run now starts 1 h after today's 07:00 lift",
        ));
}

/// A runner told to take the bridge week away from the laptop: `render` makes
/// the bridge version, and `log add` records it as one (`--full` says not).
#[test]
fn the_bridge_week_is_rendered_and_logged_as_the_bridge() {
    let home = Home::new();
    let at = |d: &str| format!("{d}T19:00");
    home.at(&at("2026-11-01"))
        .args(["use", "couch-to-5k"])
        .assert()
        .success();
    for (a, d) in [
        ("W1D1", "2026-11-02"),
        ("W1D2", "2026-11-04"),
        ("W1D3", "2026-11-06"),
        ("W1D1", "2026-11-09"),
        ("W1D2", "2026-11-11"),
        ("W1D3", "2026-11-13"),
    ] {
        home.at(&at("2026-11-14"))
            .args(["log", "add", a, "--date", d, "--effort", "10"])
            .assert()
            .success()
            .stdout(predicate::str::contains("bridge").not());
    }
    // `render` (for the phone) makes the bridge version too, and says why.
    let out = home
        .at(&at("2026-11-15"))
        .args(["render", "-v", "-o", "bridge.wav"])
        .output()
        .expect("render");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("still too hard after a repeat"), "{text}");
    assert!(text.contains("running too fast"), "{text}");
    assert!(
        text.contains("Eight repeats of thirty seconds running"),
        "the bridge's runs are rendered: {text}"
    );
    // Logged from the phone, it is the bridge version the coach advised,
    // unless the runner says it was the full session.
    home.at(&at("2026-11-15"))
        .args(["log", "add", "W1D1", "--effort", "6"])
        .assert()
        .success()
        .stdout(predicate::str::contains("the bridge version"));
    let doc = home.json(&at("2026-11-15"), &["log", "--format", "json"]);
    let last = doc["entries"].as_array().and_then(|e| e.last().cloned());
    let last = last.expect("an entry");
    assert_eq!(last["bridge"], true, "{last}");
    assert_eq!(last["run_seconds_done"], 240, "{last}");
    let next = home.json(&at("2026-11-17"), &["next", "--format", "json"]);
    assert_eq!(next["next"], "W1D2", "{next}");
    assert_eq!(next["bridge"], true, "the bridge week goes on: {next}");
    home.at(&at("2026-11-17"))
        .args(["log", "add", "W1D2", "--full", "--effort", "6"])
        .assert()
        .success()
        .stdout(predicate::str::contains("bridge").not());
    let doc = home.json(&at("2026-11-17"), &["log", "--format", "json"]);
    let last = doc["entries"].as_array().and_then(|e| e.last().cloned());
    assert_eq!(last.expect("an entry")["bridge"], false);
}

/// A new runner who pressed play before choosing a plan was playing the first
/// program: `next` and `log add` follow it instead of asking for a plan.
#[test]
fn a_new_runner_without_a_current_plan_is_on_the_first_program() {
    let home = Home::new();
    home.at("2026-12-08T18:00")
        .args(["log", "add", "W1D1", "--effort", "6"])
        .assert()
        .success();
    let out = home
        .at("2026-12-10T18:00")
        .args(["next", "--format", "json"])
        .output()
        .expect("next");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let next: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(next["plan"], "Couch to 5K");
    assert_eq!(next["next"], "W1D2");
}

/// A plan from Mon 7 Dec with heavy legs on Monday mornings and its runs on
/// Tuesday and Friday evenings, from 18:00 (as `walkrun plan --run-days
/// tue@18:00-20:00,fri@18:00-20:00` writes it); W1D3, missed, is a long one.
const EVENINGS: &str = r#"
name = "Evenings"
start = 2026-12-07

[[lift]]
day = "mon"
at = "07:00"
minutes = 60
legs = true

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
steps = "warmup 5m, 8x(run 1m, walk 90s), cooldown 5m"
[[week.session]]
day = "fri"
at = "18:00"
steps = "warmup 5m, 8x(run 1m, walk 90s), cooldown 5m"
[[week.session]]
day = "sat"
at = "09:00"
purpose = "long"
steps = "warmup 5m, run 30m, cooldown 5m"

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
steps = "warmup 5m, 8x(run 1m, walk 90s), cooldown 5m"
"#;

#[test]
fn next_keeps_inside_the_runners_life_the_start_the_hours_and_the_lift_days() {
    let home = Home::new();
    home.plan("evenings.toml", EVENINGS);
    home.at("2026-12-06T10:00")
        .args(["use", "evenings.toml"])
        .assert()
        .success();
    // The day before the plan starts: not today, but its first run.
    let doc = home.json("2026-12-06T10:00", &["next", "--format", "json"]);
    assert_eq!(
        (&doc["next"], &doc["date"], &doc["from"]),
        (&"W1D1".into(), &"2026-12-08".into(), &"18:00".into()),
        "{doc}"
    );
    home.at("2026-12-06T10:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Next: W1D1, Tue 8 Dec from 18:00: warmup 5m",
        ));
    // A Monday afternoon past the lift's gap, with the plan's own hours:
    // Tuesday from 18:00, not "today from 14:00".
    let doc = home.json("2026-12-07T13:00", &["next", "--format", "json"]);
    assert_eq!(
        (&doc["date"], &doc["from"]),
        (&"2026-12-08".into(), &"18:00".into()),
        "{doc}"
    );
    // A runner free every day but Sunday: Tuesday's run is still not pulled
    // onto Monday, the lift's day.
    std::fs::write(
        home.path().join("config.toml"),
        "run_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\n",
    )
    .expect("profile");
    let doc = home.json("2026-12-07T13:00", &["next", "--format", "json"]);
    assert_eq!(doc["date"], "2026-12-08", "{doc}");
    home.at("2026-12-07T13:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains("today (Mon").not())
        .stdout(predicate::str::contains(
            "Next: W1D1, tomorrow (Tue 8 Dec): ",
        ));
    // The long run, missed on Saturday, is not put on Monday's heavy-leg
    // afternoon nor on the day after it: Wednesday.
    for (a, d) in [("W1D1", "2026-12-08"), ("W1D2", "2026-12-11")] {
        home.at("2026-12-14T13:00")
            .args(["log", "add", a, "--date", d, "--effort", "5"])
            .assert()
            .success();
    }
    let doc = home.json("2026-12-14T13:00", &["next", "--format", "json"]);
    assert_eq!(doc["next"], "W1D3");
    assert_eq!(doc["date"], "2026-12-16", "{doc}");
}

/// A plan session set after 21:00, the coach's usual last start, is still a
/// slot on its day: `next` names it rather than finding no day at all.
#[test]
fn a_session_set_after_nine_in_the_evening_is_a_slot() {
    let home = Home::new();
    home.plan(
        "late.toml",
        "name = \"Late\"\nstart = 2026-12-07\n\n[[week]]\n[[week.session]]\nday = \"tue\"\n\
         at = \"21:30\"\nsteps = \"warmup 5m, run 10m, cooldown 5m\"\n",
    );
    home.at("2026-12-07T08:00")
        .args(["use", "late.toml"])
        .assert()
        .success();
    home.at("2026-12-07T08:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Next: W1D1, tomorrow (Tue 8 Dec) from 21:30: ",
        ));
    let doc = home.json("2026-12-07T08:00", &["next", "--format", "json"]);
    assert_eq!(doc["date"], "2026-12-08", "{doc}");
    assert_eq!(doc["from"], "21:30", "{doc}");
}
