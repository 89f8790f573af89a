//! The planner: the engine's weeks, their placement, and the promise that the
//! planner never produces a plan `walkrun check` rejects.

use chrono::{NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;
use walkrun::calendar::{self, Week as RunnerWeek};
use walkrun::plan::{Lift, Plan, Priority};
use walkrun::progression::{self, Goal, Level, Profile};
use walkrun::rules::{self, Severity};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")
}

fn profile(goal: &str, level: &str, weeks: usize, age: Option<u32>) -> Profile {
    Profile {
        goal: Goal::parse(goal, false).expect("goal"),
        level: level.parse::<Level>().expect("level"),
        weeks,
        taper: false,
        runs_per_week: 3,
        deload: progression::deload_for_age(age),
    }
}

fn generate(p: &Profile, week: &RunnerWeek, age: Option<u32>) -> Result<Plan, String> {
    let settings = progression::settings_for_age(age);
    let program = progression::program(p, &settings).map_err(|e| e.to_string())?;
    calendar::place(&program, week, &settings, true).map_err(|e| e.to_string())
}

fn lifter_week() -> RunnerWeek {
    RunnerWeek {
        start: start(),
        run_days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sat],
        lifts: ["mon@07:00:legs", "wed@07:00", "fri@07:00"]
            .iter()
            .map(|l| l.parse().expect("lift"))
            .collect(),
        priority: None,
    }
}

/// Weekly running, and whether the week is a planned lighter one.
fn weekly(plan: &Plan) -> Vec<(u64, bool)> {
    plan.weeks
        .iter()
        .map(|w| {
            let run = w.sessions.iter().map(|s| s.steps.run_seconds()).sum();
            let lighter = w.sessions.iter().any(|s| s.note.is_some());
            (run, lighter)
        })
        .collect()
}

fn assert_beginner_path(plan: &Plan) {
    let first = &plan.weeks[0];
    for s in &first.sessions {
        assert!(
            s.steps.longest_run_seconds() <= 90,
            "week 1 must start with short intervals: {}",
            s.steps
        );
    }
    let last = plan.weeks.last().expect("weeks");
    assert!(
        last.sessions
            .iter()
            .any(|s| s.steps.to_string() == "warmup 5m, run 30m, cooldown 5m"),
        "the last week holds a 30-minute continuous run: {:?}",
        last.sessions
            .iter()
            .map(|s| s.steps.to_string())
            .collect::<Vec<_>>()
    );
    let mut peak = 0;
    for (i, (run, lighter)) in weekly(plan).into_iter().enumerate() {
        if !lighter {
            assert!(run >= peak, "week {} drops from {peak} to {run}", i + 1);
            peak = run;
        }
    }
    let report = rules::check(plan, &Settings::default());
    assert!(
        report.worst().is_none_or(|w| w < Severity::Warning),
        "{:#?}",
        report.findings
    );
}

use walkrun::rules::Settings;

#[test]
fn from_walking_to_a_30_minute_run_in_12_weeks() {
    let age = Some(52);
    let plan = generate(&profile("5k", "walk", 12, age), &lifter_week(), age).expect("plan");
    assert_eq!(plan.weeks.len(), 12);
    assert_beginner_path(&plan);
    // Masters runners get lighter weeks.
    assert!(weekly(&plan).iter().any(|w| w.1));
    // Walkers start with the article's 1 min jog / 2 min walk.
    assert_eq!(
        plan.weeks[0].sessions[0].steps.to_string(),
        "warmup 5m, 6x(run 1m, walk 2m), cooldown 5m"
    );
}

/// Couch to 5K and the engine, both nine weeks from "run 1m" to 30 minutes.
///
/// Couch to 5K grows in leaps: weekly running goes 24, 27, 27, 48 min (+21 in
/// week 4, twice the rule's 10 minutes), and the longest run jumps from 5 to 20
/// minutes between weeks 4 and 5. The engine starts where it does (8 x 1 min
/// run / 90 s walk) but lets the longest run at most double and grow by at
/// most 5 minutes a week, and weekly running by at most 10 minutes (or 10 %),
/// so it doubles 1 -> 2 -> 4 -> 8 min early, when doubling is small, and then
/// adds 5 minutes a week. Where Couch to 5K repeats a week of the same
/// running, the engine keeps growing a little. Both end at three 30-minute runs;
/// the engine never triggers `progression-rate` or `longest-jump`, which Couch
/// to 5K does four times.
#[test]
fn nine_weeks_from_one_minute_is_gentler_than_couch_to_5k_where_the_rules_ask() {
    let ours = generate(&profile("5k", "run 1m", 9, None), &lifter_week(), None).expect("plan");
    assert_beginner_path(&ours);
    let c25k = walkrun::programs::load("couch-to-5k").expect("built-in");
    assert_eq!(
        ours.weeks[0].sessions[0].steps,
        c25k.weeks[0].sessions[0].steps
    );
    let load_rules = |plan: &Plan| {
        rules::check(plan, &Settings::default())
            .findings
            .into_iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    rules::RuleId::ProgressionRate | rules::RuleId::LongestJump
                )
            })
            .count()
    };
    assert_eq!(load_rules(&ours), 0);
    assert_eq!(load_rules(&c25k), 4);
    // The biggest week-to-week step in the longest run.
    let biggest_step = |plan: &Plan| {
        let longest: Vec<u64> = plan
            .weeks
            .iter()
            .map(|w| {
                w.sessions
                    .iter()
                    .map(|s| s.steps.longest_run_seconds())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        longest
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]))
            .max()
            .unwrap_or(0)
    };
    assert!(biggest_step(&ours) <= 5 * 60);
    assert_eq!(biggest_step(&c25k), 15 * 60);
}

#[test]
fn too_few_weeks_says_how_many_are_needed() {
    let e = generate(&profile("5k", "walk", 5, None), &lifter_week(), None).unwrap_err();
    assert!(e.contains("takes at least 9 weeks"), "{e}");
    assert!(e.contains("in 5 weeks you can safely reach"), "{e}");
    // The number it names is enough.
    assert!(generate(&profile("5k", "walk", 9, None), &lifter_week(), None).is_ok());
}

#[test]
fn a_race_date_ends_with_a_lighter_week() {
    let mut p = profile("10k", "run 30m", 12, Some(45));
    p.taper = true;
    let plan = generate(&p, &lifter_week(), Some(45)).expect("plan");
    let w = weekly(&plan);
    let (last, build) = (w[11].0, w[10].0);
    assert!(last * 100 <= build * 85, "taper {last} vs {build}");
    assert!(plan.weeks[10]
        .sessions
        .iter()
        .any(|s| s.steps.longest_run_seconds() == 3600));
}

#[test]
fn a_shared_day_gets_a_time_at_the_gap_in_priority_order() {
    let mut week = lifter_week();
    week.run_days = vec![Weekday::Mon, Weekday::Wed, Weekday::Fri];
    week.priority = Some(Priority::Strength);
    let plan = generate(&profile("5k", "run 1m", 9, None), &week, None).expect("plan");
    for (_, s) in plan.sessions() {
        // Lifts end at 08:00; strength first means running from 14:00.
        assert_eq!(s.at, NaiveTime::from_hms_opt(14, 0, 0), "{s:?}");
    }
    week.priority = Some(Priority::Endurance);
    let e = generate(&profile("5k", "run 1m", 9, None), &week, None).unwrap_err();
    assert!(
        e.contains("no time 6 h away from your lift before it"),
        "{e}"
    );
}

#[test]
fn lift_free_days_come_first() {
    // Monday could hold a run (at the gap), but Tuesday, Thursday and
    // Saturday are free of lifts and far enough apart.
    let mut week = lifter_week();
    week.run_days = vec![Weekday::Mon, Weekday::Tue, Weekday::Thu, Weekday::Sat];
    let plan = generate(&profile("5k", "run 1m", 9, None), &week, None).expect("plan");
    for (addr, s) in plan.sessions() {
        assert_ne!(s.day, Some(Weekday::Mon), "{addr} on a lift day");
        assert_eq!(s.at, None, "{addr} needs no time on a free day");
    }
}

#[test]
fn adjacent_run_days_are_refused_with_a_fix() {
    let mut week = lifter_week();
    week.run_days = vec![Weekday::Tue, Weekday::Wed];
    let mut p = profile("5k", "run 1m", 9, None);
    p.runs_per_week = 2;
    let e = generate(&p, &week, None).unwrap_err();
    assert!(e.contains("allow only 1"), "{e}");
    assert!(e.contains("add a run day (such as"), "{e}");
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|d| {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ][d as usize]
    })
}

fn lift() -> impl Strategy<Value = Lift> {
    (
        weekday(),
        5u32..21,
        prop_oneof![Just(0u32), Just(30)],
        30u32..120,
        any::<bool>(),
    )
        .prop_map(|(day, h, m, minutes, legs)| Lift {
            day,
            at: NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default(),
            minutes,
            legs,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the profile, the planner either builds a plan the checker
    /// finds no error or warning in, or says clearly why it cannot.
    #[test]
    fn the_planner_never_produces_a_plan_check_rejects(
        level in prop::sample::select(vec!["walk", "run 1m", "run 90s", "run 5m", "run 20m", "run 30m", "run 1h"]),
        goal in prop::sample::select(vec!["5k", "10k", "half", "30min", "60min", "45min"]),
        run_walk in any::<bool>(),
        weeks in 4usize..=30,
        taper in any::<bool>(),
        run_days in prop::collection::btree_set(0u8..7, 2..=5),
        lifts in prop::collection::vec(lift(), 0..=4),
        age in 25u32..=75,
        priority in prop::option::of(prop_oneof![Just(Priority::Strength), Just(Priority::Endurance)]),
    ) {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        let week = RunnerWeek {
            start: start(),
            run_days: run_days.iter().map(|d| days[*d as usize]).collect(),
            lifts,
            priority,
        };
        let p = Profile {
            goal: Goal::parse(goal, run_walk).expect("goal"),
            level: level.parse().expect("level"),
            weeks,
            taper,
            runs_per_week: week.run_days.len().min(3),
            deload: progression::deload_for_age(Some(age)),
        };
        match generate(&p, &week, Some(age)) {
            Ok(plan) => {
                let report = rules::check(&plan, &progression::settings_for_age(Some(age)));
                let bad: Vec<_> = report.findings.iter().filter(|f| f.severity >= Severity::Warning).collect();
                prop_assert!(bad.is_empty(), "{:#?}", bad);
                prop_assert_eq!(plan.weeks.len(), weeks);
                // The file it writes reads back as the same plan.
                let text = plan.to_toml();
                prop_assert!(text.is_ok(), "{:?}", text.err());
                let back = Plan::from_toml(&text.unwrap_or_default(), "out.toml");
                prop_assert!(back.is_ok(), "{:?}", back.err());
            }
            Err(e) => {
                prop_assert!(!e.is_empty() && !e.contains('\n'), "{}", e);
                prop_assert!(e.contains("weeks") || e.contains("run day") || e.contains("place"), "{}", e);
            }
        }
    }
}

/// The binary, with its data folder in `home` so no test touches the user's.
fn walkrun_in(home: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("walkrun").expect("binary built");
    c.env("WALKRUN_HOME", home);
    c
}

mod cli {
    use predicates::prelude::*;

    fn walkrun() -> assert_cmd::Command {
        super::walkrun_in(&std::env::temp_dir().join("walkrun-planner-tests"))
    }

    #[test]
    fn writes_a_plan_that_show_and_check_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("plan.toml");
        walkrun()
            .args([
                "plan",
                "--goal",
                "5k",
                "--level",
                "run 1m",
                "--weeks",
                "11",
                "--start",
                "2026-12-07",
                "--lift",
                "mon@07:00:legs",
                "--lift",
                "wed@07:00",
                "--age",
                "47",
                "-o",
            ])
            .arg(&out)
            .assert()
            .success()
            .stderr(predicate::str::contains("11 weeks, 33 sessions"));
        let text = std::fs::read_to_string(&out).expect("written");
        assert!(
            text.starts_with("# Made with: walkrun plan --goal 5k --level 'run 1m'"),
            "{text}"
        );
        assert!(text.contains("[[lift]]") && text.contains("start = 2026-12-07"));
        walkrun()
            .arg("check")
            .arg(&out)
            .args(["--deny", "warnings"])
            .assert()
            .success();
        walkrun()
            .arg("show")
            .arg(&out)
            .args(["--week", "11"])
            .assert()
            .success()
            .stdout(predicate::str::contains("run 30m"));
    }

    #[test]
    fn places_a_program_around_lifts() {
        walkrun()
            .args([
                "plan",
                "--program",
                "couch-to-5k",
                "--start",
                "2026-12-08",
                "--run-days",
                "tue,thu,sat",
                "--lift",
                "mon@07:00",
                "--lift",
                "wed@07:00",
                "--lift",
                "fri@07:00",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains("day = \"tue\""))
            .stdout(predicate::str::contains("start = 2026-12-08"));
    }

    #[test]
    fn bad_input_exits_2_with_a_clear_line() {
        let base = ["plan", "--start", "2026-12-07"];
        let cases: &[(&[&str], &str)] = &[
            (
                &["--goal", "5k", "--weeks", "0"],
                "--weeks 0: expected at least 2 weeks",
            ),
            (
                &["--goal", "5k", "--race-date", "2026-11-01"],
                "is before the start",
            ),
            (
                &["--goal", "marathon", "--weeks", "12"],
                "expected a goal: 5k, 10k, half",
            ),
            (
                &["--goal", "5k", "--weeks", "12", "--level", "sprint"],
                "expected a level",
            ),
            (
                &["--goal", "5k", "--weeks", "12", "--run-days", "tue,funday"],
                "expected a weekday",
            ),
            (
                &["--goal", "5k", "--weeks", "12", "--lift", "mon"],
                "expected a lift as DAY@HH:MM",
            ),
            (
                &["--goal", "5k", "--weeks", "4", "--level", "walk"],
                "takes at least 9 weeks",
            ),
            (
                &[
                    "--goal",
                    "5k",
                    "--weeks",
                    "12",
                    "--run-days",
                    "mon,wed",
                    "--lift",
                    "mon@13:00+180m",
                    "--lift",
                    "wed@13:00+180m",
                    "--priority",
                    "strength",
                ],
                "cannot place the runs safely",
            ),
            (&["--weeks", "12"], "required"),
        ];
        for (args, expected) in cases {
            let out = walkrun().args(base).args(*args).output().expect("runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(expected), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "no plan printed on error");
        }
    }
}

mod reschedule {
    use predicates::prelude::*;

    #[test]
    fn missed_sessions_move_forward_from_today_keeping_the_days() {
        let home = tempfile::tempdir().expect("tempdir");
        let plan = home.path().join("plan.toml");
        let walkrun = || super::walkrun_in(home.path());
        walkrun()
            .args([
                "plan",
                "--program",
                "couch-to-5k",
                "--start",
                "2026-10-05",
                "--run-days",
                "tue,thu,sat",
                "--lift",
                "mon@07:00",
                "--use",
                "-o",
            ])
            .arg(&plan)
            .assert()
            .success()
            .stderr(predicate::str::contains("is now your current plan"));
        walkrun()
            .args([
                "log",
                "add",
                "W1D1",
                "--date",
                "2026-11-17",
                "--effort",
                "5",
            ])
            .assert()
            .success();
        // Done late, on 17 Nov: W1D2 (a Thursday, due 8 Oct) is overdue.
        walkrun()
            .args(["next", "--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("W1D2"))
            .stdout(predicate::str::contains("walkrun plan --reschedule"));
        walkrun()
            .args(["plan", "--reschedule"])
            .arg(&plan)
            .args(["--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("W1D2 is now on Thu 26 Nov"));
        let moved = walkrun::plan::Plan::load(&plan).expect("still a plan");
        assert_eq!(
            moved.session_date("W1D2".parse().expect("address")),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        // Days, times and lifts are kept: the check stays clean of errors.
        walkrun().arg("check").arg(&plan).assert().code(0);
        // Nothing more to move on the same day.
        walkrun()
            .args(["plan", "--reschedule"])
            .arg(&plan)
            .args(["--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("nothing to move"));
    }
}
