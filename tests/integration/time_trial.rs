//! The time trial (issue 25): a plan made with no pace known opens with a
//! timed kilometre where its runs first last as long as one takes; the
//! trial's time, taken live with `n` at the distance or given by hand with
//! `log add --trial`, becomes the runner's pace, unless pain or a red flag
//! was said.

use std::path::{Path, PathBuf};
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::tmux::Tmux;
use crate::util::{require, wait_until, walkrun};

/// The plan's day before its first week (plans start the next Monday).
const MADE: &str = "2026-12-08T09:00";

/// `walkrun plan --goal 5k --level LEVEL` on three days, with `extra`
/// arguments, written to `home/plan.toml`; its stderr.
fn plan(home: &Path, level: &str, extra: &[&str]) -> (PathBuf, String) {
    let path = home.join("plan.toml");
    let out = walkrun()
        .home(home)
        .now(MADE)
        .args([
            "plan",
            "--goal",
            "5k",
            "--level",
            level,
            "--run-days",
            "tue,thu,sat",
        ])
        .args(extra)
        .arg("-o")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    (path, String::from_utf8_lossy(&out).into_owned())
}

fn show_json(home: &Path, plan: &Path, now: &str) -> Value {
    let out = walkrun()
        .home(home)
        .now(now)
        .arg("show")
        .arg(plan)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON")
}

fn show_text(home: &Path, plan: &Path, now: &str) -> String {
    let out = walkrun()
        .home(home)
        .now(now)
        .arg("show")
        .arg(plan)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out).into_owned()
}

/// The addresses of the plan's time trials.
fn trials(doc: &Value) -> Vec<String> {
    doc["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap().iter())
        .filter(|s| s["purpose"] == "time-trial")
        .map(|s| s["address"].as_str().unwrap().to_string())
        .collect()
}

/// The longest run without a walk of each week, its time trial left out.
fn longest_by_week(doc: &Value) -> Vec<u64> {
    doc["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            w["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["purpose"] != "time-trial")
                .map(|s| s["longest_run_seconds"].as_u64().unwrap())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// 1 km at the assumed 8:30/km.
const TRIAL_SECONDS: u64 = 510;

#[test]
fn a_runner_of_ten_minutes_and_more_meets_the_trial_in_week_1() {
    let home = tempfile::tempdir().unwrap();
    let (path, said) = plan(home.path(), "run 12m", &[]);
    let doc = show_json(home.path(), &path, MADE);
    assert_eq!(trials(&doc), ["W1D1"], "{said}");
    assert!(
        said.contains("W1D1, week 1's first easy run, is a time trial"),
        "{said}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("steps = \"warmup 6m, 3x(run 20s, walk 1m), run 1km,"),
        "{text}"
    );
    assert!(text.contains("comfortably hard but not flat out"), "{text}");
    // The planner's promise holds with the trial in it.
    walkrun()
        .home(home.path())
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    // `show` says the trial will give the pace, and prints its note.
    let shown = show_text(home.path(), &path, MADE);
    assert!(
        shown.contains(
            "Distances at an assumed 8:30/km until your time trial, W1D1, sets your pace"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("press n when the treadmill or watch shows 1 km"),
        "{shown}"
    );
}

#[test]
fn the_trial_waits_for_the_week_whose_runs_last_as_long_as_it_takes() {
    for level in ["walk", "run 1m"] {
        let home = tempfile::tempdir().unwrap();
        let (path, _) = plan(home.path(), level, &[]);
        let doc = show_json(home.path(), &path, MADE);
        let found = trials(&doc);
        assert_eq!(found.len(), 1, "{level}: {found:?}");
        let week: usize = found[0][1..found[0].find('D').unwrap()].parse().unwrap();
        // A walker is never asked to run a kilometre in week 1; no week
        // before the trial's runs that long, and the trial's week does.
        assert!(week > 1, "{level}: the trial in week {week}");
        let longest = longest_by_week(&doc);
        assert!(
            longest[..week - 1].iter().all(|&s| s < TRIAL_SECONDS),
            "{level}: {longest:?}, trial in week {week}"
        );
        assert!(longest[week - 1] >= TRIAL_SECONDS, "{level}: {longest:?}");
        // Never a lighter week; never the long run (an easy run or a
        // run-walk went).
        let sessions = doc["weeks"][week - 1]["sessions"].as_array().unwrap();
        assert!(sessions.iter().any(|s| s["purpose"] == "time-trial"));
        let text = std::fs::read_to_string(&path).unwrap();
        let week_text = text.split("[[week]]").nth(week).unwrap();
        assert!(!week_text.contains("lighter week"), "{level}: {week_text}");
    }
}

#[test]
fn a_plan_with_a_pace_has_no_time_trial() {
    let home = tempfile::tempdir().unwrap();
    let (path, said) = plan(home.path(), "run 12m", &["--pace", "8:00/km"]);
    let doc = show_json(home.path(), &path, MADE);
    assert!(trials(&doc).is_empty());
    assert!(!said.contains("time trial"), "{said}");
    // Nor a plan made once a trial has given the pace.
    let (first, _) = plan(home.path(), "run 12m", &[]);
    walkrun()
        .home(home.path())
        .now("2026-12-15T20:00")
        .args(["log", "add", "W1D1", "--trial", "7:00", "--plan"])
        .arg(&first)
        .assert()
        .success();
    let again = home.path().join("again.toml");
    walkrun()
        .home(home.path())
        .now("2026-12-16T09:00")
        .args(["plan", "--goal", "5k", "--level", "run 12m", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert!(trials(&show_json(home.path(), &again, "2026-12-16T09:00")).is_empty());
}

#[test]
fn a_trial_logged_by_hand_sets_the_pace_and_show_says_so() {
    let home = tempfile::tempdir().unwrap();
    let (path, _) = plan(home.path(), "run 12m", &[]);
    let before = show_json(home.path(), &path, "2026-12-16T09:00");
    assert_eq!(before["pace"], Value::Null, "{}", before["pace"]);
    walkrun()
        .home(home.path())
        .now("2026-12-15T20:00")
        .args(["log", "add", "W1D1", "--trial", "7:00", "--plan"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Time trial: 1 km in 7:00 (7:00/km); your easy pace is now 8:15/km",
        ));
    // 7:00/km and 75 s a kilometre slower for easy running.
    let after = show_json(home.path(), &path, "2026-12-16T09:00");
    assert_eq!(after["pace"]["pace"], "8:15/km", "{}", after["pace"]);
    assert_eq!(after["pace"]["from"], "time-trial");
    assert_eq!(after["pace"]["run_speed"], 7.3);
    let shown = show_text(home.path(), &path, "2026-12-16T09:00");
    assert!(
        shown.contains("Pace 8:15/km (from your time trial on Tue 15 Dec)"),
        "{shown}"
    );
    assert!(shown.contains("runs at 7.3 km/h"), "{shown}");
    // Eight weeks on, the trial no longer speaks for the runner's legs.
    let later = show_json(home.path(), &path, "2027-02-10T09:00");
    assert_eq!(later["pace"], Value::Null);
}

#[test]
fn a_trial_with_pain_or_a_red_flag_sets_no_pace() {
    for said in [
        &["--pain", "niggle"][..],
        &["--pain", "sharp"][..],
        &["--note", "my chest felt tight at the end"][..],
    ] {
        let home = tempfile::tempdir().unwrap();
        let (path, _) = plan(home.path(), "run 12m", &[]);
        walkrun()
            .home(home.path())
            .now("2026-12-15T20:00")
            .args(["log", "add", "W1D1", "--trial", "7:00", "--plan"])
            .arg(&path)
            .args(said)
            .assert()
            .success()
            .stdout(predicate::str::contains("but it sets no pace"));
        let doc = show_json(home.path(), &path, "2026-12-16T09:00");
        assert_eq!(doc["pace"], Value::Null, "{said:?}: {}", doc["pace"]);
    }
}

#[test]
fn bad_trial_input_is_one_line_and_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let (path, _) = plan(home.path(), "run 12m", &[]);
    for (args, expected) in [
        (
            &["W1D1", "--trial", "fast"][..],
            "--trial 'fast': expected a duration",
        ),
        (
            &["W1D1", "--trial", "0:40"][..],
            "expected the time the 1 km took, from 3:00 to 18:45",
        ),
        (
            &["W1D2", "--trial", "7:00"][..],
            "W1D2 of 5k from run 12m has no run over a distance",
        ),
        (
            &[
                "W1D1",
                "--trial",
                "7:00",
                "--outcome",
                "partial",
                "--time",
                "5m",
            ][..],
            "a time trial that ended early sets no pace",
        ),
    ] {
        let out = walkrun()
            .home(home.path())
            .now("2026-12-15T20:00")
            .args(["log", "add"])
            .args(args)
            .arg("--plan")
            .arg(&path)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing logged");
    }
    // Nothing reached the journal.
    let log = walkrun()
        .home(home.path())
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&log.stdout).unwrap();
    assert_eq!(doc["entries"].as_array().map_or(0, Vec::len), 0, "{doc}");
}

/// A plan of one time trial over `metres`, short enough to play in a test.
fn trial_plan(dir: &Path, metres: u32) -> PathBuf {
    let path = dir.join("trial.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"Trial\"\n\n[[week]]\n[[week.session]]\npurpose = \"time-trial\"\n\
             steps = \"walk 2s, run {metres} metres, walk 2s\"\n\
             note = \"time trial: run it steadily\"\n"
        ),
    )
    .unwrap();
    path
}

/// Live: the trial's run waits for the runner's `n` at the distance (its
/// screen line says so), and the time to it is the trial's result; a trial
/// paused on the way sets no pace.
#[test]
fn live_the_runners_n_at_the_distance_times_the_trial() {
    if !require("tmux") {
        return;
    }
    for pause in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        // 15 m in about 4 s: 4:27/km, a pace a trial can take.
        let plan = trial_plan(dir.path(), 15);
        let out = dir.path().join("out.txt");
        let done = dir.path().join("done.txt");
        let data = dir.path().join("data");
        let script = format!(
            "{} run '{}' --session W1D1 --no-audio > '{}'; echo $? > '{}'; sleep 30",
            walkrun().home(&data).shell(),
            plan.display(),
            out.display(),
            done.display()
        );
        let tmux = Tmux {
            session: "trial",
            socket: dir.path().join("tmux.sock"),
        };
        tmux.start(120, 40, &script);
        let read = || std::fs::read_to_string(&out).unwrap_or_default();
        let line = "press n when the treadmill or watch shows 15 metres";
        wait_until("the trial's run", Duration::from_secs(20), || {
            read().contains(line).then_some(()).ok_or_else(read)
        });
        if pause {
            tmux.send(&["Space"]);
            wait_until("paused", Duration::from_secs(10), || {
                read().contains("paused")
            });
            tmux.send(&["Space"]);
        }
        // The runner's 4 seconds to the distance: what the test measures in
        // walkrun's own journal, not a wait for walkrun.
        std::thread::sleep(Duration::from_secs(4));
        tmux.send(&["n"]);
        tmux.answer("How hard was it", &["7", "Enter"]);
        tmux.answer("Any pain?", &["Enter"]);
        wait_until("walkrun to exit", Duration::from_secs(10), || {
            !std::fs::read_to_string(&done)
                .unwrap_or_default()
                .trim()
                .is_empty()
        });
        let text = read();
        let log = walkrun()
            .home(&data)
            .args(["log", "--format", "json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&log.stdout).unwrap();
        let e = &doc["entries"][0];
        if pause {
            // No time, so the trial is not done: the coach offers it again.
            assert_eq!(e["trial"], Value::Null, "{e}");
            assert_eq!(e["outcome"], "partial", "{e}");
            assert!(
                text.contains("paused or stepped back during the run"),
                "{text}"
            );
            assert!(text.contains("walkrun log add W1D1 --trial M:SS"), "{text}");
            assert!(text.contains("session over, with skips"), "{text}");
            continue;
        }
        // The player's own last line agrees: `n` at the distance is no skip.
        assert!(
            text.contains(" session complete") && !text.contains("with skips"),
            "{text}"
        );
        // Ended with `n` at the distance, as asked: done, not skipped.
        assert_eq!(e["outcome"], "done", "{e}\n{text}");
        assert_eq!(e["segments_skipped"], 0, "{e}");
        let seconds = e["trial"]["seconds"].as_u64().expect("the trial's time");
        assert!((4..=6).contains(&seconds), "{e}");
        assert_eq!(e["trial"]["metres"], 15);
        assert!(text.contains("Time trial: 15 m in 0:0"), "{text}");
        let now = e["started"].as_str().unwrap()[..16].to_string();
        let shown = show_text(&data, &plan, &now);
        assert!(shown.contains("(from your time trial on"), "{shown}");
    }
}

/// A watch's recording of the trial, imported and matched to it: the time
/// over the trial's run, to the kilometre, is the trial's.
#[test]
fn an_imported_recording_of_the_trial_times_it() {
    use crate::util::recordings::{self, Outing, Part};
    let home = tempfile::tempdir().unwrap();
    let (path, _) = plan(home.path(), "run 12m", &[]);
    // Tue 15 Dec 18:00 UTC, W1D1's day and hour: the warm-up, its three
    // jogs, 10 minutes at 2.1 m/s (1 km in 7:56), the easy jog, the walk.
    let mut parts = vec![Part::Walk(360)];
    for _ in 0..3 {
        parts.extend([Part::Run(20), Part::Walk(60)]);
    }
    parts.extend([
        Part::Run(600),
        Part::Walk(120),
        Part::Run(150),
        Part::Walk(300),
    ]);
    let fit = home.path().join("trial.fit");
    std::fs::write(&fit, recordings::fit(&Outing::new(1_797_357_600, parts))).unwrap();
    walkrun()
        .home(home.path())
        .now("2026-12-15T20:00")
        .args(["log", "import", "--plan"])
        .arg(&path)
        .arg(&fit)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("W1D1 of 5k from run 12m")
                .and(predicate::str::contains("Time trial: 1 km in 7:5")),
        );
    let doc = show_json(home.path(), &path, "2026-12-16T09:00");
    assert_eq!(doc["pace"]["from"], "time-trial", "{}", doc["pace"]);
    // 7:56/km and 75 s: about 9:11/km.
    let pace = doc["pace"]["pace"].as_str().unwrap();
    assert!(("9:05/km"..="9:17/km").contains(&pace), "{pace}");
}
