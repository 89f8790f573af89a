//! The adaptive coach, one rule at a time, each from a journal the test writes
//! and reads back the way `walkrun next` does.

use crate::util::walkrun;
use chrono::{DateTime, NaiveDate};
use predicates::prelude::*;
use walkrun::coach::{self, Decision, Hard, Reason};
use walkrun::history::{Journal, Outcome, PlanProgress, PlanSession, Record, RecordKind};
use walkrun::plan::programs;
use walkrun::plan::Address;
use walkrun::Plan;

/// A journal in a fresh folder, for one plan.
struct Log {
    _home: tempfile::TempDir,
    journal: Journal,
    plan: Plan,
    key: String,
}

impl Log {
    fn new(plan: Plan, key: &str) -> Log {
        let home = tempfile::tempdir().expect("tempdir");
        Log {
            journal: Journal::at(home.path()),
            _home: home,
            plan,
            key: key.to_string(),
        }
    }

    fn c25k() -> Log {
        Log::new(
            programs::load("couch-to-5k").expect("builtin"),
            "builtin:couch-to-5k",
        )
    }

    /// Log a session as `log add` does: one final record.
    fn add(&self, address: &str, date: &str, outcome: Outcome, effort: Option<u8>, spent: u32) {
        self.add_as(address, date, outcome, effort, spent, false);
    }

    fn add_as(
        &self,
        address: &str,
        date: &str,
        outcome: Outcome,
        effort: Option<u8>,
        spent: u32,
        bridge: bool,
    ) {
        let a = addr(address);
        let steps = &self.plan.session(a).expect("session").steps;
        let mut record = Record::new(
            Some(PlanSession {
                name: self.plan.name.clone(),
                path: Some(self.key.clone()),
                address: a,
                bridge,
            }),
            steps,
            DateTime::parse_from_rfc3339(&format!("{date}T07:30:00+01:00")).expect("date"),
        );
        record.kind = RecordKind::Final;
        record.set_progress(PlanProgress {
            seconds_spent: spent,
            run_seconds_done: spent / 2,
            segments_completed: 3,
            ..PlanProgress::default()
        });
        record.outcome = Some(outcome);
        record.effort = effort;
        self.journal.append(&record).expect("append");
    }

    fn done(&self, address: &str, date: &str, effort: u8) {
        self.add(address, date, Outcome::Done, Some(effort), 1800);
    }

    fn decide(&self, today: &str) -> Decision {
        let history = self.journal.read().expect("the journal reads");
        let entries = history.for_plan(&self.key, &self.plan.name);
        coach::next_session(&self.plan, &entries, date(today))
    }
}

fn addr(s: &str) -> Address {
    s.parse().expect("address")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn an_empty_journal_starts_at_the_beginning() {
    let log = Log::c25k();
    let d = log.decide("2026-12-01");
    assert_eq!(d.next, Some(addr("W1D1")));
    assert_eq!(d.reason, Reason::First);
}

#[test]
fn the_next_undone_session_normally() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.done("W1D2", "2026-12-03", 6);
    let d = log.decide("2026-12-04");
    assert_eq!(d.next, Some(addr("W1D3")));
    assert_eq!(
        d.to_string(),
        "W1D3 is next: W1D2 was done on Thu 3 Dec 2026"
    );
    log.done("W1D3", "2026-12-05", 6);
    assert_eq!(log.decide("2026-12-06").next, Some(addr("W2D1")));
}

#[test]
fn the_same_session_again_after_a_partial_one() {
    let log = Log::c25k();
    for (i, a) in [
        "W1D1", "W1D2", "W1D3", "W2D1", "W2D2", "W2D3", "W3D1", "W3D2", "W3D3",
    ]
    .iter()
    .enumerate()
    {
        log.done(a, &format!("2026-11-{:02}", 2 + i * 2), 6);
    }
    log.done("W4D1", "2026-11-21", 7);
    log.add("W4D2", "2026-11-23", Outcome::Partial, None, 12 * 60);
    let d = log.decide("2026-11-24");
    assert_eq!(d.next, Some(addr("W4D2")));
    let planned = log
        .plan
        .session(addr("W4D2"))
        .expect("W4D2")
        .steps
        .total_seconds();
    assert_eq!(
        d.to_string(),
        format!(
            "Repeating W4D2: last try ended at 12 of {} minutes",
            walkrun::plan::steps::format_minutes(planned)
        )
    );
    // Done the second time: on to W4D3.
    log.done("W4D2", "2026-11-25", 7);
    assert_eq!(log.decide("2026-11-26").next, Some(addr("W4D3")));
}

#[test]
fn the_same_session_again_after_an_abandoned_one() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.add("W1D2", "2026-12-03", Outcome::Abandoned, Some(10), 4 * 60);
    let d = log.decide("2026-12-04");
    assert_eq!(d.next, Some(addr("W1D2")));
    assert!(
        d.to_string()
            .starts_with("Repeating W1D2: last try was abandoned at 4 of 30 minutes"),
        "{d}"
    );
}

#[test]
fn the_whole_week_again_when_two_sessions_were_rated_9_or_10() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.done("W1D2", "2026-12-03", 9);
    // One hard session is not enough: the week is not over yet either.
    assert_eq!(log.decide("2026-12-04").next, Some(addr("W1D3")));
    log.done("W1D3", "2026-12-05", 10);
    let d = log.decide("2026-12-06");
    assert_eq!(d.next, Some(addr("W1D1")));
    assert_eq!(
        d.reason,
        Reason::RepeatWeek {
            week: 1,
            hard: vec![
                (addr("W1D2"), Hard::Effort(9)),
                (addr("W1D3"), Hard::Effort(10))
            ],
        }
    );
    assert_eq!(
        d.to_string(),
        "Repeating week 1 from W1D1: W1D2 was rated 9 of 10 and W1D3 was rated 10 of 10"
    );
    // The repeat goes through the week again, not from where it left off.
    log.done("W1D1", "2026-12-07", 6);
    assert_eq!(log.decide("2026-12-08").next, Some(addr("W1D2")));
    log.done("W1D2", "2026-12-09", 7);
    log.done("W1D3", "2026-12-11", 7);
    // An easier second pass moves on.
    assert_eq!(log.decide("2026-12-12").next, Some(addr("W2D1")));
}

#[test]
fn the_whole_week_again_when_sessions_were_not_finished() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.add("W1D2", "2026-12-03", Outcome::Partial, None, 600);
    log.done("W1D2", "2026-12-04", 7);
    log.done("W1D3", "2026-12-06", 9);
    let d = log.decide("2026-12-07");
    assert_eq!(d.next, Some(addr("W1D1")));
    assert_eq!(
        d.to_string(),
        "Repeating week 1 from W1D1: W1D2 was not finished and W1D3 was rated 9 of 10"
    );
}

#[test]
fn one_hard_session_in_a_week_moves_on() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.done("W1D2", "2026-12-03", 10);
    log.done("W1D3", "2026-12-05", 8);
    assert_eq!(log.decide("2026-12-06").next, Some(addr("W2D1")));
}

#[test]
fn one_week_back_after_a_break_of_14_days() {
    let log = Log::c25k();
    for (a, d) in [
        ("W1D1", "2026-11-02"),
        ("W1D2", "2026-11-04"),
        ("W1D3", "2026-11-06"),
        ("W2D1", "2026-11-09"),
        ("W2D2", "2026-11-11"),
        ("W2D3", "2026-11-13"),
        ("W3D1", "2026-11-16"),
    ] {
        log.done(a, d, 6);
    }
    // 13 days is not a break.
    assert_eq!(log.decide("2026-11-29").next, Some(addr("W3D2")));
    let d = log.decide("2026-11-30");
    assert_eq!(d.next, Some(addr("W2D1")));
    assert_eq!(
        d.to_string(),
        "Back to week 2 (W2D1) for a gentle restart: 14 days without a session since Mon 16 \
         Nov 2026"
    );
    // Once back, the week is run again before week 3 goes on.
    log.done("W2D1", "2026-12-01", 6);
    assert_eq!(log.decide("2026-12-02").next, Some(addr("W2D2")));
    log.done("W2D2", "2026-12-03", 6);
    log.done("W2D3", "2026-12-05", 6);
    assert_eq!(log.decide("2026-12-06").next, Some(addr("W3D1")));
}

#[test]
fn a_session_done_ahead_is_followed_and_said() {
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    log.done("W1D3", "2026-12-03", 5);
    let d = log.decide("2026-12-04");
    assert_eq!(d.next, Some(addr("W2D1")));
    assert_eq!(
        d.reason,
        Reason::Followed {
            advised: addr("W1D2"),
            did: addr("W1D3")
        }
    );
    assert_eq!(
        d.to_string(),
        "W2D1 is next: you ran W1D3 where W1D2 was advised, so the plan goes on from what you did"
    );
    log.done("W2D1", "2026-12-05", 5);
    assert_eq!(log.decide("2026-12-06").next, Some(addr("W2D2")));
}

#[test]
fn a_skipped_repeat_is_followed_not_insisted_on() {
    // Told to repeat week 1, the runner went on to W2D1 anyway.
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 9);
    log.done("W1D2", "2026-12-03", 10);
    assert_eq!(log.decide("2026-12-04").next, Some(addr("W1D1")));
    log.done("W2D1", "2026-12-07", 8);
    let d = log.decide("2026-12-08");
    assert_eq!(d.next, Some(addr("W2D2")));
    assert!(
        d.to_string()
            .contains("you ran W2D1 where W1D1 was advised"),
        "{d}"
    );
    // Tried ahead and not finished: the advice stands, and says why.
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 9);
    log.done("W1D2", "2026-12-03", 10);
    log.add("W2D1", "2026-12-07", Outcome::Partial, None, 600);
    let d = log.decide("2026-12-08");
    assert_eq!(d.next, Some(addr("W1D1")));
    assert_eq!(
        d.to_string(),
        "W1D1 is next, as advised: W2D1 was tried ahead of it and not finished"
    );
}

#[test]
fn a_week_still_too_hard_after_its_repeat_gets_a_bridge_week() {
    let log = Log::c25k();
    // Two sessions too hard repeat the week at once, before the third.
    let week2 = |days: [&str; 2], efforts: [u8; 2]| {
        for (i, d) in days.iter().enumerate() {
            log.done(&format!("W2D{}", i + 1), d, efforts[i]);
        }
    };
    for (a, d) in [
        ("W1D1", "2026-11-02"),
        ("W1D2", "2026-11-04"),
        ("W1D3", "2026-11-06"),
    ] {
        log.done(a, d, 6);
    }
    week2(["2026-11-09", "2026-11-11"], [9, 10]);
    assert!(matches!(
        log.decide("2026-11-12").reason,
        Reason::RepeatWeek { week: 2, .. }
    ));
    week2(["2026-11-16", "2026-11-18"], [10, 9]);
    let d = log.decide("2026-11-21");
    assert_eq!(d.next, Some(addr("W2D1")));
    assert!(
        matches!(d.reason, Reason::Ease { week: 2, .. }),
        "{:?}",
        d.reason
    );
    let bridge = d.bridge.as_ref().expect("a bridge session").to_string();
    assert!(bridge.contains("6x(run 1m30s, walk 3m)"), "{bridge}");
    assert_eq!(
        d.to_string(),
        "Week 2 is still too hard after a repeat (W2D1 was rated 10 of 10 and W2D2 was rated 9 \
         of 10): first a gentler bridge week with the same runs and walks of 3m instead of 2m, \
         then this week again"
    );
    assert!(d.advice().is_some_and(|a| a.contains("talk")));
    // The bridge week, then week 2 as planned.
    for (i, day) in ["2026-11-23", "2026-11-25", "2026-11-27"]
        .iter()
        .enumerate()
    {
        let a = format!("W2D{}", i + 1);
        log.add_as(&a, day, Outcome::Done, Some(6), 1800, true);
        if i < 2 {
            let d = log.decide("2026-11-28");
            assert_eq!(d.next, Some(addr(&format!("W2D{}", i + 2))));
            assert!(d.bridge.is_some(), "still the bridge week");
        }
    }
    let d = log.decide("2026-11-28");
    assert_eq!(
        (d.next, &d.reason),
        (Some(addr("W2D1")), &Reason::AfterBridge { week: 2 })
    );
    assert!(d.bridge.is_none());
}

#[test]
fn easy_ratings_never_skip_ahead() {
    let log = Log::c25k();
    let order: Vec<Address> = log.plan.sessions().map(|(a, _)| a).take(9).collect();
    for (i, a) in order.iter().enumerate() {
        log.done(&a.to_string(), &format!("2026-11-{:02}", 2 + i * 2), 1);
        let d = log.decide(&format!("2026-11-{:02}", 3 + i * 2));
        assert_eq!(d.next, order.get(i + 1).copied().or(Some(addr("W4D1"))));
        assert!(d.bridge.is_none());
    }
}

#[test]
fn a_finished_plan_says_so() {
    let text = "name = \"Tiny\"\n[[week]]\n[[week.session]]\nsteps = \"run 1m\"\n";
    let log = Log::new(
        Plan::from_toml(text, "tiny.toml").expect("plan"),
        "/tmp/tiny.toml",
    );
    log.done("W1D1", "2026-12-01", 5);
    let d = log.decide("2026-12-02");
    assert_eq!((d.next, &d.reason), (None, &Reason::Complete));
}

const DATED: &str = r#"
name = "Dated"
start = 2026-11-02

[[week]]
[[week.session]]
day = "mon"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
[[week.session]]
day = "wed"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
[[week.session]]
day = "fri"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"

[[week]]
[[week.session]]
day = "mon"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
[[week.session]]
day = "wed"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
[[week.session]]
day = "fri"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
"#;

#[test]
fn a_slipped_calendar_is_reported() {
    let log = Log::new(
        Plan::from_toml(DATED, "dated.toml").expect("plan"),
        "/plans/dated.toml",
    );
    log.done("W1D1", "2026-11-02", 5);
    log.done("W1D2", "2026-11-04", 5);
    // On time: W1D3 falls on Fri 6 Nov.
    assert_eq!(log.decide("2026-11-06").slip, None);
    // Tuesday after: W1D3 (Fri) and W2D1 (Mon) have passed.
    let d = log.decide("2026-11-10");
    assert_eq!(d.next, Some(addr("W1D3")));
    let slip = d.slip.expect("the calendar slipped");
    assert_eq!(
        (slip.address, slip.days_late, slip.overdue),
        (addr("W1D3"), 4, 2)
    );
    assert_eq!(
        slip.to_string(),
        "The calendar has slipped: W1D3 was due Fri 6 Nov 2026, 4 days ago; 2 sessions are \
         overdue"
    );
    let history = log.journal.read().expect("reads");
    let a = coach::adherence(
        &log.plan,
        &coach::done_addresses(history.for_plan(&log.key, &log.plan.name)),
        &d.schedule,
        date("2026-11-10"),
    );
    assert_eq!((a.done, a.due, a.done_of_due, a.total), (2, Some(4), 2, 6));
    assert!(a
        .to_string()
        .starts_with("2 of 4 sessions due by Tue 10 Nov 2026 done (50%)"));
}

#[test]
fn next_on_the_command_line_prints_the_session_the_reason_and_the_slip() {
    let home = tempfile::tempdir().expect("tempdir");
    let plan = home.path().join("dated.toml");
    std::fs::write(&plan, DATED).expect("write plan");
    walkrun()
        .home(home.path())
        .in_home()
        .args(["use", "dated.toml"])
        .assert()
        .success();
    for (a, d, effort) in [("W1D1", "2026-11-02", "9"), ("W1D2", "2026-11-04", "6")] {
        walkrun()
            .home(home.path())
            .in_home()
            .args(["log", "add", a, "--date", d, "--effort", effort])
            .assert()
            .success();
    }
    // From another folder, the current plan still resolves.
    walkrun()
        .home(home.path())
        .in_dir("/")
        .args(["next", "--today", "2026-11-10"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            // Not today, a Tuesday: the plan's days are Mon, Wed and Fri.
            "Next: W1D3, tomorrow (Wed 11 Nov): warmup 5m",
        ))
        .stdout(predicate::str::contains(
            "W1D3 is next: W1D2 was done on Wed 4 Nov 2026",
        ))
        .stdout(predicate::str::contains(format!(
            "The calendar has slipped: W1D3 was due Fri 6 Nov 2026, 4 days ago; 2 sessions are \
             overdue; to move the rest forward from today: walkrun plan --reschedule {}",
            plan.display()
        )));
    walkrun()
        .home(home.path())
        .in_home()
        .args([
            "log",
            "add",
            "W1D3",
            "--date",
            "2026-11-06",
            "--effort",
            "9",
        ])
        .assert()
        .success();
    let out = walkrun()
        .home(home.path())
        .in_home()
        .args(["next", "--today", "2026-11-09", "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["next"], "W1D1");
    assert_eq!(doc["rule"], "repeat-week");
    // Repeating a week moves the plan with it: nothing is late.
    assert_eq!(doc["slip"], serde_json::Value::Null, "{doc}");
    assert_eq!(doc["due_date"], "2026-11-09", "{doc}");
    walkrun()
        .home(home.path())
        .in_home()
        .args(["log", "--today", "2026-11-09"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Dated: 3 of 3 sessions due by Mon 9 Nov 2026 done (100%); 3 of 6 in all",
        ));
}

#[test]
fn a_live_session_cut_off_by_a_crash_is_repeated() {
    use walkrun::history::{Recorder, SessionStart};
    let log = Log::c25k();
    log.done("W1D1", "2026-12-01", 5);
    let mut rec = Recorder::start(
        &log.journal,
        SessionStart {
            plan: Some(PlanSession {
                name: log.plan.name.clone(),
                path: Some(log.key.clone()),
                address: addr("W1D2"),
                bridge: false,
            }),
            steps: log.plan.session(addr("W1D2")).expect("W1D2").steps.clone(),
            started: DateTime::parse_from_rfc3339("2026-12-03T07:30:00+01:00").expect("date"),
        },
    )
    .expect("start");
    for t in 1..=(9 * 60) {
        rec.update(PlanProgress {
            seconds_spent: t,
            ..PlanProgress::default()
        })
        .expect("update");
    }
    std::mem::forget(rec);
    let d = log.decide("2026-12-04");
    assert_eq!(d.next, Some(addr("W1D2")));
    assert_eq!(
        d.to_string(),
        "Repeating W1D2: last try was cut off at 9 of 30 minutes"
    );
}

/// A runner's own data folder, and walkrun at a moment in it.
struct Runner {
    home: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        Runner {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn at(&self, now: &str) -> crate::util::Walkrun {
        walkrun().home(self.home.path()).now(now).in_home()
    }

    /// What `walkrun ARGS` prints at `now`, which must succeed.
    fn says(&self, now: &str, args: &[&str]) -> String {
        let out = self.at(now).args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn next_json(&self, now: &str) -> serde_json::Value {
        let text = self.says(now, &["next", "--format", "json"]);
        serde_json::from_str(&text).expect("one JSON document")
    }
}

#[test]
fn sharp_shin_pain_and_a_limp_mean_rest_until_said_gone_then_back_a_week() {
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    // Issue 23's runner: W1D1 stopped for sharp shin pain, then W1D2 tried
    // twice, limping.
    let logged = r.says(
        "2026-12-08T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "10",
            "--outcome",
            "abandoned",
            "--time",
            "12m",
            "--note",
            "had to stop, sharp shin pain",
        ],
    );
    assert!(
        logged.contains("\nRest: no running until the pain has gone"),
        "{logged}"
    );
    for d in ["2026-12-10", "2026-12-12"] {
        r.says(
            &format!("{d}T19:00"),
            &[
                "log",
                "add",
                "W1D2",
                "--outcome",
                "abandoned",
                "--time",
                "8m",
                "--note",
                "shin pain, limping",
            ],
        );
    }
    let next = r.says("2026-12-13T08:00", &["next"]);
    // Three days' rest at least from the latest pain.
    assert!(
        next.starts_with(
            "Rest: no running until the pain has gone, and not before Tue 15 Dec: sharp pain in \
             W1D1 on Tue 8 Dec (\"had to stop, sharp shin pain\"), and a limp in W1D2 on Sat 12 \
             Dec (\"shin pain, limping\")"
        ),
        "{next}"
    );
    assert!(next.contains("see a physiotherapist or a doctor"), "{next}");
    assert!(next.contains("`walkrun log clear`"), "{next}");
    assert!(!next.contains("Next:"), "no session during a rest: {next}");
    let doc = r.next_json("2026-12-13T08:00");
    assert_eq!(doc["next"], serde_json::Value::Null, "{doc}");
    assert_eq!(doc["rule"], "rest");
    assert_eq!(doc["rest"]["kind"], "pain");
    assert_eq!(doc["rest"]["since"], "2026-12-08");
    assert_eq!(doc["rest"]["until"], "2026-12-15");
    assert!(doc["rest"]["reason"]
        .as_str()
        .is_some_and(|s| s.contains("sharp pain")));
    assert!(doc["rest"]["advice"]
        .as_str()
        .is_some_and(|s| s.contains("physiotherapist")));
    // `run` picks no session while resting.
    walkrun()
        .home(r.home.path())
        .now("2026-12-13T08:00")
        .args(["run", "--no-audio"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Rest: "))
        .stderr(predicate::str::contains("not started: rest first"));
    // Said gone: the days of rest, then back a week (from week 1, its start).
    let cleared = r.says("2026-12-14T08:00", &["log", "clear"]);
    assert!(cleared.contains("the pain has gone"), "{cleared}");
    assert!(
        r.says("2026-12-14T09:00", &["next"])
            .starts_with("Rest: no running before Tue 15 Dec"),
        "the days of rest are not over"
    );
    let next = r.says("2026-12-15T08:00", &["next"]);
    assert!(next.starts_with("Next: W1D1, today"), "{next}");
    assert!(
        next.contains("Back to week 1 (W1D1) after the rest for pain"),
        "{next}"
    );
    // Nothing more to clear.
    let again = r.says("2026-12-15T08:05", &["log", "clear"]);
    assert!(again.contains("Nothing to clear"), "{again}");
}

#[test]
fn chest_tightness_sends_the_runner_to_a_doctor_at_the_top_of_every_next_until_cleared() {
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    r.says(
        "2026-12-08T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "7",
            "--note",
            "chest tight, dizzy",
        ],
    );
    for now in ["2026-12-09T08:00", "2026-12-10T18:00", "2027-01-20T07:00"] {
        let next = r.says(now, &["next"]);
        assert!(
            next.starts_with(
                "Rest: stop running, and see a doctor before the next session: chest pain or \
                 tightness and dizziness in W1D1 on Tue 8 Dec (\"chest tight, dizzy\")"
            ),
            "{now}: {next}"
        );
        assert!(next.contains("call an ambulance"), "{next}");
    }
    assert_eq!(r.next_json("2026-12-09T08:00")["rest"]["kind"], "doctor");
    assert_eq!(
        r.next_json("2026-12-09T08:00")["rest"]["until"],
        serde_json::Value::Null
    );
    // A session run anyway, with no pain, is no doctor's word.
    r.says(
        "2026-12-11T19:00",
        &["log", "add", "W1D2", "--effort", "5", "--pain", "none"],
    );
    assert!(r
        .says("2026-12-12T08:00", &["next"])
        .starts_with("Rest: stop running, and see a doctor"));
    let cleared = r.says(
        "2026-12-15T08:00",
        &["log", "clear", "--note", "GP: all clear"],
    );
    assert!(
        cleared.contains("a doctor has cleared you to run"),
        "{cleared}"
    );
    let next = r.says("2026-12-15T08:00", &["next"]);
    assert!(next.starts_with("Next: W1D3"), "{next}");
    // The check-in shows in the journal, as what it is.
    let log = r.says("2026-12-15T08:00", &["log"]);
    assert!(
        log.contains("check-in") && log.contains("GP: all clear"),
        "{log}"
    );
}

#[test]
fn a_single_session_rated_10_brings_the_talk_test_at_once() {
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    r.says(
        "2026-12-08T19:00",
        &["log", "add", "W1D1", "--effort", "10"],
    );
    let next = r.says("2026-12-09T08:00", &["next"]);
    assert!(
        next.contains(
            "W1D1 was too hard (rated 10 of 10). The usual cause is running too fast: slow down \
             to a pace where you could still talk in full sentences (the talk test)"
        ),
        "{next}"
    );
    assert!(r.next_json("2026-12-09T08:00")["advice"]
        .as_str()
        .is_some_and(|a| a.contains("talk test")));
    // A note says it as well as a number: "could not talk".
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    r.says(
        "2026-12-08T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "7",
            "--note",
            "could not talk",
        ],
    );
    assert!(r.says("2026-12-09T08:00", &["next"]).contains("talk test"));
}

#[test]
fn two_abandoned_sessions_in_a_row_step_back_a_week() {
    let r = Runner::new();
    r.says("2026-11-01T08:00", &["use", "couch-to-5k"]);
    for (a, d) in [
        ("W1D1", "02"),
        ("W1D2", "04"),
        ("W1D3", "06"),
        ("W2D1", "09"),
    ] {
        r.says(
            &format!("2026-11-{d}T19:00"),
            &["log", "add", a, "--effort", "6"],
        );
    }
    for d in ["11", "13"] {
        r.says(
            &format!("2026-11-{d}T19:00"),
            &[
                "log",
                "add",
                "W2D2",
                "--outcome",
                "abandoned",
                "--time",
                "9m",
            ],
        );
    }
    let doc = r.next_json("2026-11-14T08:00");
    assert_eq!(
        (&doc["next"], &doc["rule"]),
        (&"W1D1".into(), &"step-back".into())
    );
    assert_eq!(
        doc["reason"],
        "Back to week 1 (W1D1): two sessions in a row were not finished (W2D2 on Wed 11 Nov \
         2026 and W2D2 on Fri 13 Nov 2026)"
    );
}

#[test]
fn a_niggle_repeats_the_session_easy_and_a_niggle_that_stays_is_rest() {
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    r.says(
        "2026-12-08T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "6",
            "--pain",
            "niggle",
            "--note",
            "left knee",
        ],
    );
    let next = r.says("2026-12-09T08:00", &["next"]);
    assert!(
        next.contains("Repeating W1D1, easy: you had a niggle in it"),
        "{next}"
    );
    assert!(next.contains("--pain none"), "the coach asks again: {next}");
    r.says(
        "2026-12-10T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "6",
            "--note",
            "knee still a bit sore",
        ],
    );
    let next = r.says("2026-12-11T08:00", &["next"]);
    assert!(
        next.starts_with("Rest: no running until the pain has gone")
            && next.contains("a niggle that did not ease"),
        "{next}"
    );
    // "No pain" in a note is no pain.
    let r = Runner::new();
    r.says("2026-12-07T08:00", &["use", "couch-to-5k"]);
    r.says(
        "2026-12-08T19:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "5",
            "--note",
            "no pain, not dizzy, felt great",
        ],
    );
    assert!(r
        .says("2026-12-09T08:00", &["next"])
        .starts_with("Next: W1D2"));
}

#[test]
fn an_old_journal_without_pain_answers_reads_and_a_check_in_is_no_session() {
    let r = Runner::new();
    // A line from before the pain question, and a check-in after it.
    std::fs::write(
        r.home.path().join("journal.jsonl"),
        concat!(
            "{\"v\":1,\"session\":\"a\",\"kind\":\"final\",\"plan\":\"Couch to 5K\",",
            "\"plan_path\":\"builtin:couch-to-5k\",\"address\":\"W1D1\",",
            "\"started\":\"2026-12-08T19:00:00+01:00\",\"seconds_spent\":1800,",
            "\"run_seconds_done\":480,\"segments_completed\":18,\"segments_skipped\":0,",
            "\"outcome\":\"done\",\"effort\":6}\n",
        ),
    )
    .expect("journal");
    r.says(
        "2026-12-09T08:00",
        &[
            "log",
            "add",
            "--pain",
            "sharp",
            "--note",
            "knee, after squats",
        ],
    );
    let log: serde_json::Value =
        serde_json::from_str(&r.says("2026-12-09T08:00", &["log", "--format", "json"]))
            .expect("json");
    let entries = log["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "a check-in is no session: {log}");
    assert_eq!(entries[0]["pain"], serde_json::Value::Null);
    assert_eq!(log["checks"][0]["pain"], "sharp");
    // Pain said between sessions is a rest all the same.
    let next = r.says("2026-12-09T09:00", &["next"]);
    assert!(
        next.starts_with("Rest: no running until the pain has gone")
            && next.contains("sharp pain, said on Wed 9 Dec (\"knee, after squats\")"),
        "{next}"
    );
}

/// Five weeks of three evenings (Tue and Thu at 18:00, Sat at 09:00) from
/// Mon 7 Dec 2026, each week a little harder.
fn evenings() -> String {
    let mut text = String::from("name = \"Evenings\"\nstart = 2026-12-07\n");
    for w in 1..=5 {
        text.push_str("\n[[week]]\n");
        for (day, at) in [("tue", "18:00"), ("thu", "18:00"), ("sat", "09:00")] {
            text.push_str(&format!(
                "[[week.session]]\nday = \"{day}\"\nat = \"{at}\"\n\
                 steps = \"warmup 5m, {}x(run 1m, walk 90s), cooldown 5m\"\n",
                5 + w
            ));
        }
    }
    text
}

#[test]
fn ten_sessions_done_as_advised_with_a_repeated_week_show_no_slip_and_full_adherence() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::write(home.path().join("evenings.toml"), evenings()).expect("plan");
    let w = |now: &str| walkrun().home(home.path()).now(now).in_home();
    let json = |now: &str, args: &[&str]| -> serde_json::Value {
        let out = w(now).args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    // The runner's own evenings, as the plan was made on them.
    std::fs::write(
        home.path().join("config.toml"),
        "run_days = [\"tue@18:00-20:00\", \"thu@18:00-20:00\", \"sat@09:00-11:00\"]\n",
    )
    .expect("profile");
    w("2026-12-07T20:00")
        .args(["use", "evenings.toml"])
        .assert()
        .success();
    let mut now = "2026-12-07T20:00".to_string();
    let mut done = Vec::new();
    for i in 0..10 {
        let doc = json(&now, &["next", "--format", "json"]);
        assert_eq!(doc["slip"], serde_json::Value::Null, "session {i}: {doc}");
        let (a, day, from) = (
            doc["next"].as_str().expect("a session").to_string(),
            doc["date"].as_str().expect("a day").to_string(),
            doc["from"].as_str().unwrap_or("06:00").to_string(),
        );
        // The second week's last two are too hard: the coach has the week
        // again.
        let effort = if i == 4 || i == 5 { "10" } else { "5" };
        w(&now)
            .args(["log", "add", &a, "--date", &day, "--at", &from])
            .args(["--effort", effort, "--now", &format!("{day}T20:00")])
            .assert()
            .success();
        done.push(a);
        now = format!("{day}T20:00");
    }
    assert_eq!(done[5], "W2D3");
    assert_eq!(
        done[6..],
        ["W2D1", "W2D2", "W2D3", "W3D1"],
        "week 2 again: {done:?}"
    );
    let doc = json(&now, &["next", "--format", "json"]);
    assert_eq!(doc["slip"], serde_json::Value::Null, "{doc}");
    w(&now)
        .args(["log"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(100%)"))
        .stdout(predicate::str::contains("7 of 15 in all"));
    // A day late for the next one is no slip: a whole session's slack is.
    let due = doc["due_date"].as_str().expect("a due date").to_string();
    let late = |days: u64| {
        let d =
            NaiveDate::parse_from_str(&due, "%Y-%m-%d").expect("date") + chrono::Days::new(days);
        format!("{d}T20:00")
    };
    let doc = json(&late(1), &["next", "--format", "json"]);
    assert_eq!(doc["slip"], serde_json::Value::Null, "{doc}");
    w(&late(1))
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::contains("slipped").not());
    let doc = json(&late(5), &["next", "--format", "json"]);
    assert_eq!(doc["slip"]["due"].as_str(), Some(due.as_str()), "{doc}");
}

#[test]
fn a_repeat_moves_the_rest_of_the_plan_a_session_on() {
    let log = Log::new(
        Plan::from_toml(DATED, "dated.toml").expect("plan"),
        "/plans/dated.toml",
    );
    log.done("W1D1", "2026-11-02", 5);
    log.add("W1D2", "2026-11-04", Outcome::Partial, Some(6), 900);
    // The repeat takes Friday, W1D3's day; W1D3 takes Monday's.
    let d = log.decide("2026-11-05");
    assert_eq!(
        d.schedule.date_of(&log.plan, addr("W1D2")),
        Some(date("2026-11-06"))
    );
    log.done("W1D2", "2026-11-06", 5);
    let d = log.decide("2026-11-09");
    assert_eq!(d.next, Some(addr("W1D3")));
    assert_eq!(
        d.schedule.date_of(&log.plan, addr("W1D3")),
        Some(date("2026-11-09"))
    );
    assert_eq!(
        d.schedule.date_of(&log.plan, addr("W2D3")),
        Some(date("2026-11-16"))
    );
    assert_eq!(d.slip, None);
    // A day late is not a slip; two, the whole gap to the next session, is.
    assert_eq!(log.decide("2026-11-10").slip, None);
    let slip = log.decide("2026-11-11").slip.expect("behind by a session");
    assert_eq!(
        (slip.due, slip.days_late, slip.overdue),
        (date("2026-11-09"), 2, 1)
    );
}

#[test]
fn a_rest_is_said_by_render_too_and_no_slip_is_counted_while_it_lasts() {
    let r = Runner::new();
    let plan = "name = \"Short\"\nstart = 2026-11-02\n[[week]]\n\
                [[week.session]]\nday = \"mon\"\nsteps = \"walk 10s, run 10s\"\n\
                [[week.session]]\nday = \"wed\"\nsteps = \"walk 10s, run 10s\"\n\
                [[week.session]]\nday = \"fri\"\nsteps = \"walk 10s, run 10s\"\n";
    std::fs::write(r.home.path().join("short.toml"), plan).expect("plan");
    r.says("2026-11-02T08:00", &["use", "short.toml"]);
    r.says(
        "2026-11-02T20:00",
        &[
            "log",
            "add",
            "W1D1",
            "--effort",
            "6",
            "--note",
            "sharp shin pain",
        ],
    );
    // Ten days on, the plan is far behind its dates, and the pain not said
    // gone: rest, and no word of a slip.
    let next = r.says("2026-11-12T10:00", &["next"]);
    assert!(
        next.starts_with("Rest: no running until the pain has gone"),
        "{next}"
    );
    assert!(!next.contains("slipped"), "{next}");
    assert_eq!(
        r.next_json("2026-11-12T10:00")["slip"],
        serde_json::Value::Null
    );
    // render makes the next session's audio, and says the rest first, for
    // the coach's pick and for a session chosen by hand alike.
    for args in [vec![], vec!["--session", "W1D2"]] {
        let out = r.home.path().join("next.wav");
        let mut all = vec!["render", "-o", out.to_str().expect("path")];
        all.extend(args);
        let said = r.says("2026-11-12T10:00", &all);
        assert!(
            said.starts_with("Rest: no running until the pain has gone"),
            "{said}"
        );
        assert!(out.exists());
    }
    // The pain gone, the plan goes on from that day, a week back: the days
    // of rest were the coach's, not a slip.
    r.says("2026-11-12T10:00", &["log", "clear"]);
    let doc = r.next_json("2026-11-12T10:00");
    assert_eq!(
        (&doc["next"], &doc["rule"]),
        (&"W1D1".into(), &"after-rest".into())
    );
    assert_eq!(doc["slip"], serde_json::Value::Null, "{doc}");
    assert!(
        doc["due_date"].as_str().is_some_and(|d| d >= "2026-11-12"),
        "{doc}"
    );
}

#[test]
fn a_race_that_no_longer_fits_is_said_at_once_with_the_ways_that_work() {
    let r = Runner::new();
    let plan = r.home.path().join("race.toml");
    let made = r
        .at("2026-12-07T08:00")
        .args(["plan", "--goal", "5k", "--level", "run 5m"])
        .args(["--race-date", "2027-03-07", "--start", "2026-12-08"])
        .args(["--lift", "mon@07:00:legs", "-o"])
        .arg(&plan)
        .output()
        .expect("runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    r.says("2026-12-07T08:00", &["use", "race.toml"]);
    // The plan fits its race, as made: not a word.
    assert_eq!(
        r.next_json("2026-12-07T08:00")["race"],
        serde_json::Value::Null
    );
    assert!(!r.says("2026-12-07T08:00", &["next"]).contains("race"));
    // The first session ended early: run again, it takes the next one's
    // day, and the goal still comes a week before the race.
    let doc = r.next_json("2026-12-07T08:00");
    let (a, day) = (
        doc["next"].as_str().expect("a"),
        doc["date"].as_str().expect("d"),
    );
    let evening = format!("{day}T21:00");
    r.says(
        &evening,
        &[
            "log",
            "add",
            a,
            "--date",
            day,
            "--outcome",
            "partial",
            "--time",
            "5m",
        ],
    );
    assert_eq!(r.next_json(&evening)["race"], serde_json::Value::Null);
    // Then sharp pain, and 25 days before it has gone: the plan, a week
    // back from that day, no longer reaches its goal a week before the
    // race, though run-walking the race still fits (its beginner weeks
    // fill their sessions before the runs lengthen, so the goal comes late
    // enough that after 32 days run-walk would not fit either). Said during the rest,
    // and after it.
    r.says(&evening, &["log", "add", "--pain", "sharp"]);
    let now = "2027-01-03T10:00".to_string();
    let resting = r.says(&now, &["next"]);
    assert!(resting.starts_with("Rest: "), "{resting}");
    assert!(resting.contains("no longer fits"), "{resting}");
    r.says(&now, &["log", "clear"]);
    let doc = r.next_json(&now);
    assert_eq!(doc["race"]["date"], "2027-03-07", "{doc}");
    let goal_on = doc["race"]["reached_on"].as_str().expect("a day");
    assert!(goal_on > "2027-02-28", "{doc}");
    assert_eq!(doc["race"]["goal_run_seconds"], 1800);
    assert_eq!(
        doc["race"]["ways"].as_array().map(Vec::len),
        Some(2),
        "{doc}"
    );
    let text = r.says(&now, &["next"]);
    assert!(
        text.contains(
            "The race on Sun 7 Mar 2027 no longer fits: with the repeats and rests so far, \
             the plan reaches its goal (30 min of running at a stretch) on"
        ),
        "{text}"
    );
    assert!(text.contains("by race day you will be at W"), "{text}");
    assert!(text.contains("run-walk the race"), "{text}");
    // A later race keeps the race's weekday, a Sunday.
    let later = doc["race"]["ways"][1]["command"]
        .as_str()
        .and_then(|c| c.split("--race-date ").nth(1))
        .and_then(|c| c.split(' ').next())
        .expect("a race date")
        .to_string();
    let sunday = NaiveDate::parse_from_str(&later, "%Y-%m-%d").expect("a date");
    assert_eq!(sunday.format("%a").to_string(), "Sun");
    let cmd = format!(
        "walkrun plan --reschedule {} --race-date {later} -o {} --use",
        plan.display(),
        r.home.path().join("race-later.toml").display()
    );
    assert!(text.contains(&cmd), "{text}");
    // Each way is a plan walkrun makes, from where the runner is, in a file
    // of its own; the later race becomes the plan, and the coach is quiet
    // about the race again.
    let ways: Vec<String> = doc["race"]["ways"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["command"].as_str().map(String::from))
        .collect();
    for way in ways.iter().rev() {
        let args: Vec<&str> = way.split(' ').skip(1).collect();
        let made = r.at(&now).args(&args).output().expect("runs");
        assert!(
            made.status.success(),
            "{way}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    let file = std::fs::read_to_string(r.home.path().join("race-later.toml")).expect("plan");
    assert!(file.contains(&format!("race = {later}")), "{file}");
    r.says(&now, &["use", "race-later.toml"]);
    let doc = r.next_json(&now);
    assert_eq!(doc["race"], serde_json::Value::Null, "{doc}");
    assert_eq!(doc["next"], "W1D1");
    // Remade over the file itself, the journal would hear the old plan's
    // sessions in the new one: refused.
    r.at(&now)
        .args(["plan", "--reschedule"])
        .arg(&plan)
        .arg("--run-walk")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a file of its own, -o FILE"));
}
