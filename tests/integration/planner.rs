//! The planner: the engine's weeks, their placement, the race week, and the
//! promise that the planner never produces a plan `walkrun check` finds
//! anything in (beyond the runner's own choice of running on lift days).

use chrono::{NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use walkrun::plan::{Lift, Plan, Priority, Purpose};
use walkrun::planning::engine::{self, Goal, Level};
use walkrun::planning::placing::{CalendarError, PlacementFix, RunDay, WeekPattern};
use walkrun::planning::shape;
use walkrun::planning::{self, Horizon, PlanningError, Refusal, Request, Said};
use walkrun::rules::{self, RuleId, Settings, Severity};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn request(goal: &str, level: &str, horizon: Horizon, age: Option<u32>) -> Request {
    Request {
        // The half these tests read is the run-walk one (continuous unless
        // run-walk is asked: issue 25).
        goal: Goal::parse(goal, goal == "half").expect("goal"),
        level: level.parse::<Level>().expect("level"),
        horizon,
        week: lifter_week(),
        runs_per_week: None,
        age,
    }
}

fn make(req: &Request) -> Result<Plan, String> {
    planning::make(req, &engine::settings_for_age(req.age))
        .map(|m| m.plan)
        .map_err(|e| e.to_string())
}

/// Lifts Mon (legs), Wed and Fri at 07:00; runs Tue, Thu, Sat.
fn lifter_week() -> WeekPattern {
    WeekPattern {
        lifts: ["mon@07:00:legs", "wed@07:00", "fri@07:00"]
            .iter()
            .map(|l| l.parse().expect("lift"))
            .collect(),
        ..WeekPattern::new(start(), &[Weekday::Tue, Weekday::Thu, Weekday::Sat])
    }
}

/// Weekly running, and whether the week is a planned lighter one.
fn weekly(plan: &Plan) -> Vec<(u64, bool)> {
    plan.weeks
        .iter()
        .map(|w| {
            let run = w
                .sessions
                .iter()
                .filter(|s| !matches!(s.purpose, Some(Purpose::Cooldown | Purpose::Race)))
                .map(|s| s.steps.run_seconds())
                .sum();
            let lighter = w.sessions.iter().any(|s| {
                s.note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("lighter week"))
            });
            (run, lighter)
        })
        .collect()
}

/// Everything `walkrun check` finds in a plan, at the plan's own settings.
fn findings(plan: &Plan) -> Vec<rules::Finding> {
    let settings = Settings::from_plan(plan, "plan.toml").expect("settings");
    rules::check(plan, &settings).findings
}

/// The shapes a coach writes, plan-wide: each session's shape; once a runner
/// has run 20 minutes without stopping toward a continuous goal, no walk
/// breaks; and in a week with a purpose, a long run longer than the easy ones.
fn shape_problems(plan: &Plan, continuous_goal: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut sessions: Vec<_> = plan
        .sessions()
        .map(|(a, s)| (plan.session_date(a), a, s))
        .collect();
    sessions.sort_by_key(|(d, a, s)| (*d, s.at, *a));
    let mut ran_twenty = None;
    for (_, addr, s) in &sessions {
        for p in shape::problems(&s.steps) {
            out.push(format!("{addr} {}: {p}", s.steps));
        }
        let breaks = s.steps.longest_run_seconds() < s.steps.run_seconds();
        if continuous_goal && breaks {
            if let Some(first) = ran_twenty {
                out.push(format!(
                    "{addr} {} has walk breaks after {first} ran 20 minutes without stopping",
                    s.steps
                ));
            }
        }
        if s.steps.longest_run_seconds() >= 20 * 60 && ran_twenty.is_none() {
            ran_twenty = Some(*addr);
        }
    }
    for (i, w) in plan.weeks.iter().enumerate() {
        let run = |p: Purpose| {
            w.sessions
                .iter()
                .filter(|s| s.purpose == Some(p))
                .map(|s| s.steps.run_seconds())
                .max()
        };
        if let (Some(long), Some(easy)) = (run(Purpose::Long), run(Purpose::Easy)) {
            // The taper shortens the last two weeks before the race, counted
            // back from race day.
            let tapering = plan.race.is_some_and(|race| {
                (1..=w.sessions.len()).any(|d| {
                    let addr = walkrun::Address {
                        week: i + 1,
                        session: d,
                    };
                    plan.session_date(addr)
                        .is_some_and(|date| (race - date).num_days() <= 13)
                })
            });
            if !tapering && long * 100 < easy * 115 {
                out.push(format!(
                    "week {}: the long run ({long} s) is not about 1.3 times an easy run ({easy} s)",
                    i + 1
                ));
            }
        }
    }
    out
}

/// The long run a coach asks for beside easy runs, for a goal: about 1.3 to
/// 1.5 times them; a goal whose long run outgrows an easy run's cap asks what
/// its own sessions do (a half: 28 repeats beside at most 10, 2.8 times, as in
/// novice half plans, where 30 to 50 minute midweek runs sit beside a long run
/// of up to 2 hours; a continuous goal past 67 minutes: beside 45 minutes).
fn coach_ratio(goal: &Goal) -> f64 {
    (goal.long_run_seconds as f64 / goal.easy_run_seconds as f64).max(1.5)
}

/// Weeks whose long run is more than `coach_ratio` times the longest easy run
/// beside it, although weekly running (`progression-rate`) had room to grow
/// the easy runs to it. From the point runs reach about 20 minutes (the first
/// week with a long run), leaving out lighter weeks, the taper's last two
/// weeks, and easy runs on or the day after heavy legs (held under
/// `heavy-legs`).
fn ratio_problems(plan: &Plan, goal: &Goal, settings: &Settings) -> Vec<String> {
    let most = coach_ratio(goal);
    let step = if goal.run_walk {
        goal.interval_seconds
    } else {
        60
    };
    let weekly = weekly(plan);
    let mut base: Option<u64> = None;
    let mut out = Vec::new();
    for (i, w) in plan.weeks.iter().enumerate() {
        let (week_run, lighter) = weekly[i];
        if lighter {
            continue;
        }
        let before = base.replace(week_run);
        let dated = |d: usize| {
            plan.session_date(walkrun::Address {
                week: i + 1,
                session: d + 1,
            })
        };
        let tapering = plan.race.is_some_and(|race| {
            (0..w.sessions.len())
                .any(|d| dated(d).is_some_and(|date| (race - date).num_days() <= 13))
        });
        let after_legs = |day: Option<Weekday>| {
            day.is_some_and(|day| {
                plan.lifts
                    .iter()
                    .any(|l| l.legs && (l.day.succ() == day || l.day == day))
            })
        };
        let long = w
            .sessions
            .iter()
            .filter(|s| s.purpose == Some(Purpose::Long))
            .map(|s| s.steps.run_seconds())
            .max();
        let free: Vec<u64> = w
            .sessions
            .iter()
            .filter(|s| s.purpose == Some(Purpose::Easy) && !after_legs(s.day))
            .map(|s| s.steps.run_seconds())
            .collect();
        let (Some(long), Some(&easy), Some(before), false) =
            (long, free.iter().max(), before, tapering)
        else {
            continue;
        };
        // Within a minute (a repeat) of the ratio: easy runs grow alike, and
        // one the day after heavy legs may not reach 30 minutes. Whole
        // repeats are coarse: 5 repeats beside 3 is 1.67, beside 4 only 1.25.
        if long as f64 <= most * (easy + step) as f64 || (long as f64) < 1.3 * (easy + step) as f64
        {
            continue;
        }
        // The running it would take to bring the free easy runs up to
        // `long / most`, in whole minutes (whole repeats for run-walk).
        let want = ((long as f64 / most) / step as f64).ceil() as u64 * step;
        // Easy runs after heavy legs grow alike until `heavy-legs` holds them.
        let held_cap = ((settings.heavy_legs_minutes - 5.0) * 60.0) as u64;
        let held: u64 = w
            .sessions
            .iter()
            .filter(|s| s.purpose == Some(Purpose::Easy) && after_legs(s.day))
            .map(|s| want.min(held_cap).saturating_sub(s.steps.run_seconds()))
            .sum();
        let extra: u64 = free.iter().map(|e| want.saturating_sub(*e)).sum::<u64>() + held;
        let allowed = before + rules::progression_allowance(before, settings);
        if week_run + extra <= allowed {
            out.push(format!(
                "week {}: the long run ({long} s) is {:.2} times the easy run ({easy} s), more than {most:.2}, though {} s more running fit in the week",
                i + 1,
                long as f64 / easy as f64,
                allowed - week_run
            ));
        }
    }
    out
}

/// Weeks that grow as a coach would not write them (issue 25): a week's
/// longest run more than double the last full week's (a lighter week aside,
/// and its return to the runs before it), or run-walk sessions whose time
/// between the warm-up and the cool-down falls by more than a little (3
/// minutes, or a sixth) from one full week to the next. The taper's last two weeks
/// before a race are left out: shorter is their point.
fn growth_problems(plan: &Plan) -> Vec<String> {
    use walkrun::plan::steps::Kind;
    let weekly = weekly(plan);
    let mut before: Option<(usize, u64, Option<u64>)> = None;
    let mut out = Vec::new();
    for (i, w) in plan.weeks.iter().enumerate() {
        let tapering = plan.race.is_some_and(|race| {
            (0..w.sessions.len()).any(|d| {
                plan.session_date(walkrun::Address {
                    week: i + 1,
                    session: d + 1,
                })
                .is_some_and(|date| (race - date).num_days() <= 13)
            })
        });
        if weekly[i].1 || tapering {
            continue;
        }
        let training: Vec<_> = w
            .sessions
            .iter()
            .filter(|s| !matches!(s.purpose, Some(Purpose::Cooldown | Purpose::Race)))
            .collect();
        let longest = training
            .iter()
            .map(|s| s.steps.longest_run_seconds())
            .max()
            .unwrap_or(0);
        // The longest run-walk body of the week, walks and runs between the
        // warm-up and the cool-down.
        let body = training
            .iter()
            .filter(|s| s.steps.longest_run_seconds() < s.steps.run_seconds())
            .map(|s| {
                s.steps
                    .segments()
                    .iter()
                    .filter(|g| matches!(g.kind, Kind::Run | Kind::Walk))
                    .map(|g| u64::from(g.seconds))
                    .sum::<u64>()
            })
            .max();
        if let Some((bw, b_longest, b_body)) = before {
            if b_longest > 0 && longest > 2 * b_longest {
                out.push(format!(
                    "week {}: the longest run ({longest} s) is more than double week {bw}'s ({b_longest} s)",
                    i + 1
                ));
            }
            if let (Some(body), Some(b_body)) = (body, b_body) {
                if body + (3 * 60).max(b_body / 6) < b_body {
                    out.push(format!(
                        "week {}: its run-walk session lasts {body} s between warm-up and cool-down, down from {b_body} s in week {bw}",
                        i + 1
                    ));
                }
            }
        }
        before = Some((i + 1, longest, body));
    }
    out
}

fn assert_clean(plan: &Plan, continuous_goal: bool) {
    let f = findings(plan);
    assert!(f.is_empty(), "{:#?}", f);
    let p = shape_problems(plan, continuous_goal);
    assert!(p.is_empty(), "{p:#?}");
}

/// From walking to 30 minutes without stopping, for a 52-year-old who lifts
/// three mornings a week.
#[test]
fn from_walking_to_a_30_minute_run() {
    let plan = make(&request("5k", "walk", Horizon::Weeks(14), Some(52))).expect("plan");
    assert_eq!(plan.weeks.len(), 14);
    assert_clean(&plan, true);
    // Walkers start with the article's 1 min jog / 2 min walk.
    assert_eq!(
        plan.weeks[0].sessions[0].steps.to_string(),
        "warmup 5m, 6x(run 1m, walk 2m), cooldown 5m"
    );
    for s in &plan.weeks[0].sessions {
        assert_eq!(s.steps.longest_run_seconds(), 60, "{}", s.steps);
        assert_eq!(s.purpose, Some(Purpose::Intervals));
    }
    // It ends with a long run of 30 minutes without stopping.
    let last = plan.weeks.last().expect("weeks");
    let long: Vec<_> = last
        .sessions
        .iter()
        .filter(|s| s.purpose == Some(Purpose::Long))
        .collect();
    assert_eq!(long.len(), 1);
    assert_eq!(long[0].steps.to_string(), "warmup 5m, run 30m, cooldown 5m");
    // Masters runners get lighter weeks. Otherwise the load only drops the
    // week the runs turn continuous (by under a third: continuous running is
    // harder minute for minute), grows every week from there, and the last
    // week is the biggest.
    let weeks = weekly(&plan);
    assert!(weeks.iter().any(|w| w.1));
    let switch = plan
        .weeks
        .iter()
        .position(|w| w.sessions.iter().any(|s| s.purpose == Some(Purpose::Long)))
        .expect("a week with a long run");
    let mut before = 0;
    let mut peak = 0;
    for (i, (run, lighter)) in weeks.iter().enumerate() {
        if *lighter {
            continue;
        }
        if i == switch {
            assert!(run * 3 >= before * 2, "{weeks:?}");
        } else {
            assert!(*run >= before, "week {} drops: {weeks:?}", i + 1);
        }
        before = *run;
        peak = peak.max(*run);
    }
    assert_eq!(weeks.last().map(|w| w.0), Some(peak), "{weeks:?}");
}

/// Beginner weeks as a coach writes them (issue 25): for walkers of 45, 52
/// and 66 and a runner who can jog a minute, the longest run never more
/// than doubles from one full week to the next (an earlier planner went
/// from 30-second runs to `run 2m, walk 1m30s, run 1m30s` for the
/// 66-year-old), run-walk sessions do not shrink from one full week to the
/// next, and once a session has lasted 15 minutes between the warm-up and
/// the cool-down, no full week's run-walk session is shorter (the earlier
/// planner's went down to `run 2m30s, walk 1m30s, run 1m30s`, 5:30).
#[test]
fn beginner_weeks_keep_their_session_time_while_the_runs_grow_in_small_steps() {
    use walkrun::plan::steps::Kind;
    for (level, age) in [("walk", 45), ("walk", 52), ("walk", 66), ("run 1m", 47)] {
        let plan = make(&request("5k", level, Horizon::Needed, Some(age))).expect("plan");
        assert_clean(&plan, true);
        let growth = growth_problems(&plan);
        assert!(growth.is_empty(), "{level} at {age}: {growth:#?}");
        let weekly = weekly(&plan);
        let mut filled = false;
        for (i, w) in plan.weeks.iter().enumerate() {
            for s in &w.sessions {
                if s.steps.longest_run_seconds() == s.steps.run_seconds() {
                    continue;
                }
                let body: u64 = s
                    .steps
                    .segments()
                    .iter()
                    .filter(|g| matches!(g.kind, Kind::Run | Kind::Walk))
                    .map(|g| u64::from(g.seconds))
                    .sum();
                assert!(
                    !filled || weekly[i].1 || body >= 15 * 60,
                    "{level} at {age}, week {}: {} lasts {body} s",
                    i + 1,
                    s.steps
                );
                filled |= body >= 15 * 60;
            }
        }
        assert!(
            filled,
            "{level} at {age}: no run-walk session of 15 minutes"
        );
    }
}

/// Couch to 5K and the engine, both from "run 1m" to 30 minutes.
///
/// Couch to 5K grows in leaps: weekly running goes 24, 27, 27, 48 min (+21 in
/// week 4, +78 %), then 51, 63, 75, 84 (+12, +12 and +9 minutes, each more
/// than the rule's 8 minutes or 10 %), and the longest run jumps from 5 to 20
/// minutes between weeks 4 and 5. The engine starts where it does (8 x 1 min
/// run / 90 s walk) but lets the longest run at most double and grow by at
/// most 5 minutes a week, and weekly running by at most 8 minutes (or 10 %,
/// and never a quarter); it writes no run shorter than half the session's
/// longest, and keeps each session 20 to 25 minutes long as Couch to 5K
/// does, so the runs lengthen as running fills the session (1, 2, 4, 6
/// minutes, then 11 and 9) until runs of 12 to 16 minutes can stand alone. Couch to 5K ends at three 30-minute runs in nine weeks;
/// the engine, in eleven, at a week with a purpose: two easy runs and a 30-minute long run,
/// as coaches do once runs reach 20 minutes. The engine never triggers
/// `progression-rate` or `longest-jump`, which Couch to 5K does five times.
#[test]
fn from_one_minute_the_engine_is_gentler_than_couch_to_5k_where_the_rules_ask() {
    let req = request("5k", "run 1m", Horizon::Needed, None);
    let ours = make(&req).expect("plan");
    assert_eq!(ours.weeks.len(), 11);
    assert_clean(&ours, true);
    let c25k = walkrun::plan::programs::load("couch-to-5k").expect("built-in");
    assert_eq!(
        ours.weeks[0].sessions[0].steps,
        c25k.weeks[0].sessions[0].steps
    );
    let load_rules = |plan: &Plan| {
        rules::check(plan, &Settings::default())
            .findings
            .into_iter()
            .filter(|f| matches!(f.rule, RuleId::ProgressionRate | RuleId::LongestJump))
            .count()
    };
    assert_eq!(load_rules(&ours), 0);
    assert_eq!(load_rules(&c25k), 5);
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

/// The error a request gets, as the library gives it.
fn refusal(req: &Request) -> PlanningError {
    match planning::make(req, &engine::settings_for_age(req.age)) {
        Ok(_) => panic!("a plan for {req:?}"),
        Err(e) => e,
    }
}

#[test]
fn too_few_weeks_says_how_many_are_needed() {
    let e = refusal(&request("5k", "walk", Horizon::Weeks(5), None));
    let PlanningError::Refused(Refusal { needed, given, .. }) = &e else {
        panic!("{e}")
    };
    let (needed, given) = (*needed, *given);
    assert_eq!(given, 5);
    // The library says it in words; `walkrun plan` names its flag instead.
    let words = e.to_string();
    assert!(
        words.contains("in that time you can safely reach"),
        "{words}"
    );
    assert!(
        words.contains(&format!("more weeks (`{needed} weeks`)")),
        "{words}"
    );
    assert!(!words.contains("--"), "{words}");
    // The number it names is enough, and one fewer is not.
    assert!(make(&request("5k", "walk", Horizon::Weeks(needed), None)).is_ok());
    assert!(make(&request("5k", "walk", Horizon::Weeks(needed - 1), None)).is_err());
}

#[test]
fn a_goal_without_a_horizon_gets_the_weeks_it_needs_and_says_so() {
    let req = request("10k", "run 20m", Horizon::Needed, Some(45));
    let made = planning::make(&req, &engine::settings_for_age(Some(45))).expect("plan");
    let weeks = made.plan.weeks.len();
    assert!(
        matches!(
            made.said[0],
            Said::WeeksNeeded { weeks: w, .. } | Said::WeeksNeededHeld { weeks: w, .. } if w == weeks
        ),
        "{:?}",
        made.said
    );
    let words = made.said[0].to_string();
    assert!(words.contains(&format!("takes {weeks} weeks")), "{words}");
    assert!(
        words.ends_with("(give more weeks for a gentler climb)"),
        "{words}"
    );
    assert_clean(&made.plan, true);
    // One week fewer is refused: it really needs them all.
    assert!(make(&request(
        "10k",
        "run 20m",
        Horizon::Weeks(weeks - 1),
        Some(45)
    ))
    .is_err());
}

/// The old planner put an 88-minute session on race day and the full 2 h 30
/// a week before it. Read as a coach: the biggest session (2 h 30 on feet, the
/// goal itself) comes 14 to 21 days before the half; the last full week is
/// down to about 70 % of the peak with a shorter long run; race week holds
/// short easy runs; the two days before the race hold at most a 10-minute
/// shake-out; the race is the last session, on its day, at the goal.
#[test]
fn a_half_marathon_race_plan_tapers_into_the_race() {
    let race = date(2027, 5, 15); // a Saturday, 23 weeks from the start
    let req = request("half", "run 1m", Horizon::Race(race), Some(47));
    assert!(make(&req).is_err_and(|e| e.contains("a later race (`the race on")));
    let race = date(2027, 6, 12); // a Saturday, 27 weeks from the start
    let req = request("half", "run 1m", Horizon::Race(race), Some(47));
    let plan = make(&req).expect("plan");
    assert_clean(&plan, false);
    assert_eq!(plan.race, Some(race));
    let mut dated: Vec<_> = plan
        .sessions()
        .filter_map(|(a, s)| plan.session_date(a).map(|d| (d, s)))
        .collect();
    dated.sort_by_key(|(d, s)| (*d, s.at));
    let (last_date, last) = dated.last().expect("sessions");
    assert_eq!(*last_date, race);
    assert_eq!(last.purpose, Some(Purpose::Race));
    assert_eq!(
        last.steps.to_string(),
        "warmup 5m, 28x(run 4m, walk 1m), cooldown 5m"
    );
    let days_out = |d: NaiveDate| (race - d).num_days();
    let biggest = dated
        .iter()
        .filter(|(_, s)| s.purpose != Some(Purpose::Race))
        .max_by_key(|(d, s)| (s.steps.total_seconds(), *d))
        .expect("sessions");
    assert!(
        (14..=21).contains(&days_out(biggest.0)),
        "the biggest session {} days out",
        days_out(biggest.0)
    );
    assert_eq!(biggest.1.steps.total_seconds(), 150 * 60);
    let running = |from: i64, to: i64| -> u64 {
        dated
            .iter()
            .filter(|(d, s)| {
                s.purpose != Some(Purpose::Race) && (from..=to).contains(&days_out(*d))
            })
            .map(|(_, s)| s.steps.run_seconds())
            .sum()
    };
    let peak = running(14, 20);
    let last_full = running(7, 13);
    let race_week = running(1, 6);
    assert!(
        last_full * 100 <= peak * 80 && last_full * 100 >= peak * 55,
        "{last_full} of {peak}"
    );
    assert!(race_week * 100 <= peak * 60, "{race_week} of {peak}");
    // Race week is short but not starved: Monday's heavy legs, five days
    // out, are skipped (`race-lifts`), so its Tuesday run is a usual easy
    // run of the peak week (40 min), never longer (`taper`).
    let tue = dated
        .iter()
        .find(|(d, _)| days_out(*d) == 4)
        .expect("a run four days out");
    assert_eq!(tue.1.steps.run_seconds(), 40 * 60, "{}", tue.1.steps);
    let skipped: Vec<String> = plan.lift_exceptions.iter().map(|e| e.describe()).collect();
    assert_eq!(skipped, ["skip Mon 7 Jun", "skip Fri 11 Jun"]);
    // The last two days: one shake-out of 15 minutes in all, walks included.
    let last_two: Vec<_> = dated
        .iter()
        .filter(|(d, _)| (1..=2).contains(&days_out(*d)))
        .collect();
    assert_eq!(last_two.len(), 1, "{last_two:?}");
    assert!(
        last_two[0].1.steps.total_seconds() <= 15 * 60,
        "{}",
        last_two[0].1.steps
    );
    // The last 14 days, as a runner reads them.
    let last14: Vec<String> = dated
        .iter()
        .filter(|(d, _)| days_out(*d) <= 14)
        .map(|(d, s)| {
            format!(
                "{} {:<9} {}",
                d.format("%a %d %b"),
                s.purpose.map(|p| p.as_str()).unwrap_or(""),
                s.steps
            )
        })
        .collect();
    insta::assert_snapshot!(last14.join("\n"));
}

#[test]
fn the_old_race_week_shape_breaks_taper() {
    // The plan the old planner wrote for this race, unchanged.
    let text = include_str!("../fixtures/old-half-race.toml");
    let mut plan = Plan::from_toml(text, "old.toml").expect("reads");
    plan.race = Some(date(2027, 5, 15));
    let taper: Vec<_> = findings(&plan)
        .into_iter()
        .filter(|f| f.rule == RuleId::Taper)
        .collect();
    let says = |what: &str| taper.iter().any(|f| f.message.contains(what));
    assert!(says("no session on that day is the race"), "{taper:#?}");
    assert!(
        says("W22D3 (Sat 8 May) is the plan's biggest session"),
        "{taper:#?}"
    );
    assert!(says("The last full week before race week"), "{taper:#?}");
}

/// The planner's race week as the "Race week" table of docs/coaching.md reads it, for
/// 5K, 10K and half race plans from several start levels and lift patterns,
/// with the race on a Saturday or a Sunday: the biggest session 10 to 14 days
/// before a 5K or 10K (15 when long runs fall on Saturdays and the race on a
/// Sunday) and 14 to 21 before a half; the last full week at about 75 % (70 %)
/// of the peak week; race week near 50 % in short easy runs, or, when the
/// runner's days and lifts leave no room for that, runs no shorter than the
/// usual easy runs; the two days before the race at most one shake-out of 15
/// minutes in all. `check` agrees with every one of them.
#[test]
fn race_plans_taper_as_the_domain_table_says() {
    let patterns: [(&[&str], &[Weekday]); 3] = [
        (
            &["mon@07:00:legs", "wed@07:00", "fri@07:00"],
            &[Weekday::Tue, Weekday::Thu, Weekday::Sat],
        ),
        (
            &["tue@18:00:legs", "fri@18:00"],
            &[Weekday::Mon, Weekday::Wed, Weekday::Sat],
        ),
        (&[], &[Weekday::Tue, Weekday::Thu, Weekday::Sun]),
    ];
    let mut made = 0;
    let mut rows = Vec::new();
    for goal in ["5k", "10k", "half"] {
        for level in ["walk", "run 1m", "run 5m", "run 20m"] {
            for (lifts, days) in patterns {
                let weeks: i64 = match goal {
                    "half" => 34,
                    "10k" => 24,
                    _ => 18,
                };
                // The week's last run day, so the race is where a long run
                // would be.
                let last = days.last().expect("days").num_days_from_monday();
                let race = start() + chrono::Duration::days(7 * weeks + i64::from(last));
                let mut req = request(goal, level, Horizon::Race(race), Some(50));
                req.week = WeekPattern {
                    lifts: lifts.iter().map(|l| l.parse().expect("lift")).collect(),
                    ..WeekPattern::new(start(), days)
                };
                let plan = match make(&req) {
                    Ok(plan) => plan,
                    Err(e) => panic!("{goal} from {level}, {lifts:?}: {e}"),
                };
                made += 1;
                let what = format!("{goal} from {level}, lifts {lifts:?}");
                assert!(findings(&plan).is_empty(), "{what}: {:#?}", findings(&plan));
                let mut dated: Vec<_> = plan
                    .sessions()
                    .filter_map(|(a, s)| plan.session_date(a).map(|d| (d, s)))
                    .filter(|(_, s)| s.purpose != Some(Purpose::Race))
                    .collect();
                dated.sort_by_key(|(d, s)| (*d, s.at));
                let out = |d: NaiveDate| (race - d).num_days();
                let running = |from: i64, to: i64| -> u64 {
                    dated
                        .iter()
                        .filter(|(d, _)| (from..=to).contains(&out(*d)))
                        .map(|(_, s)| s.steps.run_seconds())
                        .sum()
                };
                let peak = (1..6).map(|j| running(7 * j, 7 * j + 6)).max().unwrap_or(0);
                let biggest = dated
                    .iter()
                    .max_by_key(|(d, s)| (s.steps.total_seconds(), *d))
                    .map(|(d, _)| out(*d))
                    .expect("sessions");
                let (peak_from, peak_to) = if goal == "half" { (14, 21) } else { (10, 15) };
                assert!(
                    (peak_from..=peak_to).contains(&biggest),
                    "{what}: the biggest session {biggest} days out"
                );
                let last_full = running(7, 13) * 100 / peak;
                assert!(
                    (60..=85).contains(&last_full),
                    "{what}: last full week {last_full} %"
                );
                let race_week = running(1, 6) * 100 / peak;
                assert!(race_week <= 60, "{what}: race week {race_week} %");
                // With no lifts nothing keeps race week from its share; the
                // run the day after leg day stays under the 30 minutes of
                // `heavy-legs`, which holds a half's race week near 20 % of
                // a peak week whose other easy run has grown to 40 minutes
                // (18 % from walking).
                let floor = if lifts.is_empty() { 40 } else { 15 };
                assert!(race_week >= floor, "{what}: race week {race_week} %");
                let two: Vec<_> = dated.iter().filter(|(d, _)| out(*d) <= 2).collect();
                assert!(two.len() <= 1, "{what}: {two:?}");
                for (_, s) in &two {
                    assert!(s.steps.total_seconds() <= 15 * 60, "{what}: {}", s.steps);
                }
                rows.push(format!(
                    "{what}: biggest {biggest} d out, last full week {last_full} %, race week {race_week} %"
                ));
            }
        }
    }
    eprintln!("{}", rows.join("\n"));
    assert_eq!(made, 36);
}

/// The race week an earlier planner wrote for a half on Sat 10 Jul (peak week
/// 2 h 40 of running): 24 minutes before the race, and a 20-minute session
/// two days out. `taper` names both.
#[test]
fn a_starved_race_week_and_a_long_shake_out_break_taper() {
    let text = include_str!("../fixtures/old-half-race-week.toml");
    let plan = Plan::from_toml(text, "old.toml").expect("reads");
    let taper: Vec<_> = findings(&plan)
        .into_iter()
        .filter(|f| f.rule == RuleId::Taper)
        .collect();
    assert_eq!(taper.len(), 2, "{taper:#?}");
    let says = |what: &str| taper.iter().any(|f| f.message.contains(what));
    assert!(
        says("Race week (Sun 4 Jul to Fri 9 Jul) runs 24 min, 15 % of the peak week"),
        "{taper:#?}"
    );
    assert!(
        says("W31D1 (Tue 6 Jul) can run as long as a usual easy run (24 min)"),
        "{taper:#?}"
    );
    assert!(
        says("W31D2 (Thu 8 Jul) is a 20 min session with 8 min of running 2 days before the race"),
        "{taper:#?}"
    );
    // The planner's own plan for the same runner and race is clean, and
    // says why race week stays under half the peak (Monday's heavy legs are
    // skipped that week, so Tuesday's run need not stay short), and which
    // lifts race week skips.
    let mut req = request("half", "run 1m", Horizon::Race(date(2027, 7, 10)), Some(47));
    req.week = lifter_week();
    let made = planning::make(&req, &engine::settings_for_age(Some(47))).expect("plan");
    assert!(
        findings(&made.plan).is_empty(),
        "{:#?}",
        findings(&made.plan)
    );
    assert!(
        made.said.iter().map(|s| s.to_string()).any(|s| s
            .contains("race week holds 44 min of running, 25 % of the peak week")
            && s.contains("your run days leave little room")),
        "{:?}",
        made.said
    );
    assert!(
        made.said.iter().map(|s| s.to_string()).any(|s| {
            s.contains(
            "race week: the plan skips your 07:00 lift on Mon 5 Jul and 07:00 lift on Fri 9 Jul"
        )
        }),
        "{:?}",
        made.said
    );
}

#[test]
fn a_shared_day_gets_a_sensible_time_at_the_gap_in_priority_order() {
    let mut req = request("5k", "run 1m", Horizon::Weeks(11), None);
    req.week.run_days = [Weekday::Mon, Weekday::Wed, Weekday::Fri]
        .iter()
        .map(|d| RunDay::any_time(*d))
        .collect();
    req.week.priority = Some(Priority::Strength);
    let plan = make(&req).expect("plan");
    for (_, s) in plan.sessions() {
        // Lifts end at 08:00: not 14:00 on a workday, but the evening.
        assert_eq!(s.at, NaiveTime::from_hms_opt(18, 0, 0), "{s:?}");
    }
    // Every run shares a day with a lift: the runner's choice, said in notes.
    assert!(findings(&plan)
        .iter()
        .all(|f| f.rule == RuleId::SeparateDays && f.severity == Severity::Note));
    req.week.priority = Some(Priority::Endurance);
    let e = make(&req).unwrap_err();
    assert!(
        e.contains("on mon no time between 06:00 and 22:00 keeps the rules"),
        "{e}"
    );
    assert!(e.contains("each time breaks priority-order or same-day-gap; priority-order: a run at 18:00 runs after your 07:00 lift, but your priority is endurance"), "{e}");
    assert!(
        e.contains("run on a day without a lift, or move the lift"),
        "{e}"
    );
}

#[test]
fn runs_go_inside_the_runners_window() {
    // Lifts Mon/Wed/Fri 07:00; free only in the evening of those days.
    let mut req = request("5k", "run 1m", Horizon::Needed, Some(44));
    req.week.lifts = ["mon@07:00", "wed@07:00", "fri@07:00"]
        .iter()
        .map(|l| l.parse().expect("lift"))
        .collect();
    req.week.run_days = ["mon@18:00-21:00", "wed@18:00-21:00", "fri@18:00-21:00"]
        .iter()
        .map(|d| d.parse().expect("run day"))
        .collect();
    let plan = make(&req).expect("plan");
    for (addr, s) in plan.sessions() {
        let at = s.at.expect("a time");
        let end = at + chrono::Duration::seconds(s.steps.total_seconds() as i64);
        assert!(
            at >= NaiveTime::from_hms_opt(18, 0, 0).expect("t"),
            "{addr} at {at}"
        );
        assert!(
            end <= NaiveTime::from_hms_opt(21, 0, 0).expect("t"),
            "{addr} ends {end}"
        );
    }
    let f = findings(&plan);
    assert!(f.iter().all(|f| f.rule == RuleId::SeparateDays), "{f:#?}");
    assert_eq!(f.len(), plan.session_count());
    assert!(shape_problems(&plan, true).is_empty());
    // A window too early after the lift: the day, why, and the nearest fix.
    req.week.run_days[0] = "mon@10:00-12:00".parse().expect("run day");
    let refused = refusal(&req);
    let e = refused.to_string();
    assert!(
        e.contains("on mon no time in 10:00-12:00 keeps the rules"),
        "{e}"
    );
    assert!(e.contains("same-day-gap"), "{e}");
    // The fix is a run day the runner could give; the library says it in
    // words, `walkrun plan` as `--run-days mon@14:00-16:00`.
    let PlanningError::Calendar(CalendarError::NoSafePlacement {
        fix: PlacementFix::NearestTime { at, run_day },
        ..
    }) = &refused
    else {
        panic!("{e}")
    };
    assert_eq!(at.to_string(), "14:00:00");
    assert_eq!(run_day.to_string(), "mon@14:00-16:00");
    assert!(
        e.contains("the nearest time that works is 14:00: try the run day mon@14:00-16:00"),
        "{e}"
    );
    // A start time is kept as given.
    req.week.run_days[0] = "mon@19:15".parse().expect("run day");
    let plan = make(&req).expect("plan");
    assert!(plan
        .sessions()
        .filter(|(_, s)| s.day == Some(Weekday::Mon))
        .all(|(_, s)| s.at == NaiveTime::from_hms_opt(19, 15, 0)));
}

#[test]
fn the_long_run_takes_the_day_with_most_room_never_the_day_after_legs() {
    // Saturday follows Friday's leg day: the long run goes to Sunday, the
    // day with the widest window, even though Saturday is the weekend.
    let mut req = request("10k", "run 30m", Horizon::Weeks(12), None);
    req.week.lifts = vec!["fri@07:00:legs".parse().expect("lift")];
    req.week.run_days = [
        "tue@18:00-19:00",
        "thu@18:00-19:00",
        "sat",
        "sun@08:00-12:00",
    ]
    .iter()
    .map(|d| d.parse().expect("run day"))
    .collect();
    let plan = make(&req).expect("plan");
    for w in &plan.weeks {
        for s in &w.sessions {
            if s.purpose == Some(Purpose::Long) {
                assert_ne!(s.day, Some(Weekday::Sat), "{}", s.steps);
            }
        }
    }
    assert_clean(&plan, true);
}

/// Lifts Mon (legs), Wed, Fri; runs Tue, Thu, Sat. Tuesday follows leg day,
/// so its easy run stays under the 30 minutes of `heavy-legs`; Thursday's is
/// not held with it but grows beside the long run. An earlier planner held
/// every easy run at 25 minutes: a 10K's 60-minute long run was 2.4 times
/// them, a half's 112 minutes of running 4.7 times.
#[test]
fn only_the_run_after_leg_day_is_held_the_others_grow() {
    for (goal, horizon, most) in [
        // Two weeks over the 21 the fastest plan needs: at the fastest,
        // `progression-rate` leaves the easy runs no room to grow at all.
        ("10k", Horizon::Weeks(23), 1.5),
        ("half", Horizon::Race(date(2027, 7, 10)), 2.8),
    ] {
        let mut req = request(goal, "run 1m", horizon, Some(47));
        req.week = lifter_week();
        let plan = make(&req).expect("plan");
        assert_clean(&plan, goal != "half");
        let settings = Settings::from_plan(&plan, "plan.toml").expect("settings");
        let ratio = ratio_problems(&plan, &req.goal, &settings);
        assert!(ratio.is_empty(), "{goal}: {ratio:#?}");
        let on = |w: &walkrun::plan::Week, d: Weekday| {
            w.sessions
                .iter()
                .find(|s| s.day == Some(d))
                .map(|s| s.steps.run_seconds())
                .unwrap_or(0)
        };
        // Every week but race week, whose heavy legs the plan skips.
        let race_week = plan.race.map(|_| plan.weeks.len());
        for (i, w) in plan.weeks.iter().enumerate() {
            if Some(i + 1) != race_week {
                assert!(on(w, Weekday::Tue) < 30 * 60, "{goal}: {w:?}");
            }
        }
        // The peak week: the long run at the goal beside Thursday's free easy
        // run, `most` times it (1.5 for a 10K, 2.8 for a half).
        let peak = plan
            .weeks
            .iter()
            .rev()
            .find(|w| {
                w.sessions.iter().any(|s| {
                    s.purpose == Some(Purpose::Long)
                        && s.steps.run_seconds() == req.goal.long_run_seconds
                })
            })
            .expect("a week at the goal");
        let (tue, thu) = (on(peak, Weekday::Tue), on(peak, Weekday::Thu));
        assert!(thu > tue, "{goal}: Thursday {thu} s, Tuesday {tue} s");
        let r = req.goal.long_run_seconds as f64 / thu as f64;
        assert!(
            (r - most).abs() < 0.01,
            "{goal}: the long run {r:.2} times Thursday's"
        );
    }
}

/// A race too close for the goal's easy runs: the planner holds every easy
/// run at 24 minutes so the long run reaches 48 minutes in time. Those runs
/// were held only to build; once the goal is reached they grow again within
/// `progression-rate`, so the long run comes back to 1.5 times them. Only a
/// run the day after heavy legs stays held. (The planner used to keep every
/// held run at 24 minutes to the race: the long run stayed twice an easy run,
/// though the weeks had room.)
#[test]
fn easy_runs_held_only_to_build_grow_again_at_the_goal() {
    // Mon and Wed, no lifts; then Mon, Wed and Sat with legs on Sunday.
    let no_lifts = WeekPattern::new(start(), &[Weekday::Mon, Weekday::Wed]);
    let legs_sunday = WeekPattern {
        lifts: vec!["sun@05:00:legs".parse().expect("lift")],
        ..WeekPattern::new(start(), &[Weekday::Mon, Weekday::Wed, Weekday::Sat])
    };
    for (level, race, week, age) in [
        ("walk", date(2027, 4, 22), no_lifts, 40),
        ("run 20m", date(2027, 2, 6), legs_sunday, 25),
    ] {
        let req = Request {
            goal: Goal::parse("60min", true).expect("goal"),
            level: level.parse().expect("level"),
            horizon: Horizon::Race(race),
            week,
            runs_per_week: None,
            age: Some(age),
        };
        let plan = make(&req).expect("plan");
        let what = format!("{level} to the race on {race}");
        let f = findings(&plan);
        assert!(f.is_empty(), "{what}: {f:#?}");
        let settings = Settings::from_plan(&plan, "plan.toml").expect("settings");
        let ratio = ratio_problems(&plan, &req.goal, &settings);
        assert!(ratio.is_empty(), "{what}: {ratio:#?}");
        // Some easy run away from leg day passes the 24 minutes it was held
        // at, and none the day after legs reaches `heavy-legs`' 30.
        let follows_legs = |day: Option<Weekday>| {
            day.is_some_and(|d| plan.lifts.iter().any(|l| l.legs && l.day.succ() == d))
        };
        let easy = |after_legs: bool| {
            plan.sessions()
                .filter(|(_, s)| s.purpose == Some(Purpose::Easy))
                .filter(|(_, s)| follows_legs(s.day) == after_legs)
                .map(|(_, s)| s.steps.run_seconds())
                .max()
                .unwrap_or(0)
        };
        assert!(
            easy(false) > 24 * 60,
            "{what}: easy runs stay at {} s",
            easy(false)
        );
        assert!(
            easy(true) < 30 * 60,
            "{what}: the run after legs has {} s",
            easy(true)
        );
    }
}

/// The promise in one place: a plan with a finding the checker would report
/// is refused by `planning::promise::keep`, as a bug in a plan without a race
/// and as the race's own clash in a race plan (where a warning other than
/// `taper` comes from where the race falls); the messages quote the finding
/// as `rule: message`.
#[test]
fn the_promise_refuses_what_check_would_report() {
    let req = request("5k", "run 1m", Horizon::Weeks(13), Some(45));
    let settings = engine::settings_for_age(req.age);
    let mut plan = make(&req).expect("plan");
    assert_eq!(planning::promise::keep(&plan, &settings), Ok(()));
    // Tuesday follows Monday's heavy legs: 40 minutes there is too much.
    let tuesday = plan.weeks[1]
        .sessions
        .iter_mut()
        .find(|s| s.day == Some(Weekday::Tue))
        .expect("a Tuesday run");
    tuesday.steps = walkrun::plan::steps::parse("warmup 5m, run 40m, cooldown 5m").expect("steps");
    let e = planning::promise::keep(&plan, &settings).unwrap_err();
    let PlanningError::Disagrees(f) = &e else {
        panic!("{e}")
    };
    let first = findings(&plan)
        .into_iter()
        .find(|f| f.severity >= Severity::Warning);
    assert_eq!(Some(f), first.as_ref());
    assert!(!e.is_input());
    let quoted = format!("{}: {}", f.rule, f.message.trim_end_matches('.'));
    assert_eq!(
        e.to_string(),
        format!("internal error: the generated plan breaks {quoted}")
    );
    plan.race = Some(date(2027, 2, 13));
    let e = planning::promise::keep(&plan, &settings).unwrap_err();
    assert!(matches!(e, PlanningError::Race { .. }), "{e}");
    assert!(e.is_input());
    assert!(
        e.to_string().starts_with(&format!(
            "cannot place the race on Sat 13 Feb 2027 safely: {quoted}; "
        )),
        "{e}"
    );
}

/// Runs on Monday and at 06:00 on Saturday, a 10K on a Tuesday, age 40: race
/// week's Saturday run (three days out) is a usual easy run, and the calendar
/// week that holds it and the last full week's long run is the taper, not a
/// fourth building week for `deload` (the planner used to fail here with an
/// internal error, `taper` and `deload` asking for opposite things).
#[test]
fn the_taper_ends_a_run_of_building_weeks() {
    let race = date(2027, 5, 25);
    let mut req = request("10k", "run 1m", Horizon::Race(race), Some(40));
    req.week = WeekPattern::new(start(), &[Weekday::Mon]);
    req.week.run_days = ["mon", "sat@06:00"]
        .iter()
        .map(|d| d.parse().expect("run day"))
        .collect();
    let plan = make(&req).expect("plan");
    assert_clean(&plan, true);
    let sat = plan
        .sessions()
        .find(|(a, _)| plan.session_date(*a) == Some(date(2027, 5, 22)))
        .map(|(_, s)| s.steps.run_seconds());
    assert_eq!(sat, Some(40 * 60));
}

#[test]
fn lift_free_days_come_first() {
    // Monday could hold a run (at the gap), but Tuesday, Thursday and
    // Saturday are free of lifts and far enough apart.
    let mut req = request("5k", "run 1m", Horizon::Weeks(11), None);
    req.week.run_days = [Weekday::Mon, Weekday::Tue, Weekday::Thu, Weekday::Sat]
        .iter()
        .map(|d| RunDay::any_time(*d))
        .collect();
    let plan = make(&req).expect("plan");
    for (addr, s) in plan.sessions() {
        assert_ne!(s.day, Some(Weekday::Mon), "{addr} on a lift day");
    }
    assert_clean(&plan, true);
}

#[test]
fn a_cool_down_jog_after_the_lift_once_it_is_easy() {
    let mut req = request("10k", "run 20m", Horizon::Weeks(12), None);
    req.week.cooldown_jog = true;
    let plan = make(&req).expect("plan");
    let jogs: Vec<_> = plan
        .sessions()
        .filter(|(_, s)| s.purpose == Some(Purpose::Cooldown))
        .collect();
    // After each of the three lifts, every week: at the lift's end, 5 minutes.
    assert_eq!(jogs.len(), 3 * 12);
    for (addr, s) in &jogs {
        assert_eq!(s.steps.to_string(), "run 5m", "{addr}");
        assert_eq!(s.at, NaiveTime::from_hms_opt(8, 0, 0), "{addr}");
        assert!(s.note.as_deref().is_some_and(|n| n.contains("cool-down")));
    }
    // The jog is no workout: the checker sees nothing in it.
    assert_clean(&plan, true);
    // A runner who cannot yet run 10 minutes gets none.
    let mut walker = request("5k", "walk", Horizon::Weeks(14), None);
    walker.week.cooldown_jog = true;
    let plan = make(&walker).expect("plan");
    assert!(plan.weeks[0]
        .sessions
        .iter()
        .all(|s| s.purpose != Some(Purpose::Cooldown)));
}

#[test]
fn adjacent_run_days_are_refused_with_a_fix() {
    let mut req = request("5k", "run 1m", Horizon::Weeks(10), None);
    req.week.run_days = vec![
        RunDay::any_time(Weekday::Tue),
        RunDay::any_time(Weekday::Wed),
    ];
    req.runs_per_week = Some(2);
    let e = make(&req).unwrap_err();
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

/// A run day's hours: any time, a start time, or a window of 1 to 5 hours.
fn hours() -> impl Strategy<Value = Option<(NaiveTime, NaiveTime)>> {
    let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    prop_oneof![
        3 => Just(None),
        1 => (6u32..21, prop_oneof![Just(0u32), Just(30)]).prop_map(move |(h, m)| Some((t(h, m), t(h, m)))),
        1 => (6u32..18, 1u32..=5).prop_map(move |(h, len)| Some((t(h, 0), t((h + len).min(23), 0)))),
    ]
}

/// What a coach who lifts would object to in where a plan puts its runs
/// around the lifts (issue 23): the long run on or the day after heavy legs;
/// a run on a lift day while a lift-free day with room goes unused; heavy
/// legs (or any lift the day before, or on race day) in the last five days
/// before the race without the plan saying what becomes of the lift.
fn lift_problems(plan: &Plan, week: &WeekPattern) -> Vec<String> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let legs_on = |d: NaiveDate| plan.lifts_on(d).iter().any(|l| l.legs);
    let dated: Vec<(walkrun::Address, NaiveDate, &walkrun::plan::PlannedSession)> = plan
        .sessions()
        .filter_map(|(a, s)| Some((a, plan.session_date(a)?, s)))
        .collect();
    for (a, d, s) in &dated {
        let eve = d.pred_opt().expect("a day before");
        // Long or hard: the long run, or 30 minutes of running or more.
        let hard = s.purpose == Some(Purpose::Long) || s.steps.run_seconds() >= 30 * 60;
        if hard && s.purpose != Some(Purpose::Race) && (legs_on(*d) || legs_on(eve)) {
            out.push(format!(
                "{a} ({d}) is a long or hard run on or the day after heavy legs"
            ));
        }
    }
    // The weekdays the runs use, all weeks together (not cool-down jogs,
    // and not the race, which is on its own date).
    let training = |s: &walkrun::plan::PlannedSession| {
        !matches!(s.purpose, Some(Purpose::Cooldown | Purpose::Race))
    };
    let used: Vec<Weekday> = dated
        .iter()
        .filter(|(_, _, s)| training(s))
        .map(|(_, d, _)| d.weekday())
        .collect();
    let candidates: Vec<RunDay> = if week.run_days.is_empty() {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .iter()
        .map(|d| RunDay::any_time(*d))
        .collect()
    } else {
        week.run_days.clone()
    };
    let lift_on = |d: Weekday| week.lifts.iter().any(|l| l.day == d);
    let tired = |d: Weekday| {
        week.lifts
            .iter()
            .any(|l| l.legs && (l.day == d || l.day.succ() == d))
    };
    // A lift the evening before that runs past midnight shares the day.
    let spills = |d: Weekday| {
        week.lifts
            .iter()
            .any(|l| l.day.succ() == d && l.end_minute() > 24 * 60)
    };
    // The long run on the freest day: where a run day is free of lifts and
    // clear of heavy legs (not before, on or after them), the long run is on
    // such a day.
    let clear = |d: Weekday| {
        !lift_on(d) && !tired(d) && !week.lifts.iter().any(|l| l.legs && d.succ() == l.day)
    };
    // Past 60 the long run also needs two days without a run after it: the
    // freest day counts only where it has them.
    let gentler = plan.age.is_some_and(|a| a >= walkrun::rules::GENTLER_AGE);
    let rest_after = |d: Weekday| {
        !gentler
            || used
                .iter()
                .map(|o| (o.num_days_from_monday() + 7 - d.num_days_from_monday()) % 7)
                .filter(|g| *g > 0)
                .min()
                .is_none_or(|g| g >= 3)
    };
    if used.iter().any(|d| clear(*d) && rest_after(*d)) {
        for (a, d, s) in &dated {
            if s.purpose == Some(Purpose::Long) && !clear(d.weekday()) {
                out.push(format!(
                    "{a} ({d}) is the long run on a day less free than another run day"
                ));
            }
        }
    }
    let mut lift_days: Vec<Weekday> = used.iter().copied().filter(|d| lift_on(*d)).collect();
    lift_days.dedup();
    for lift_day in lift_days {
        let longest = dated
            .iter()
            .filter(|(_, d, s)| training(s) && d.weekday() == lift_day)
            .map(|(_, _, s)| s.steps.total_seconds())
            .max()
            .unwrap_or(0);
        let others: Vec<Weekday> = used.iter().copied().filter(|d| *d != lift_day).collect();
        for f in &candidates {
            let day = f.day;
            let fits = match f.window {
                Some((a, b)) if a != b => (b - a).num_seconds() as u64 >= longest,
                _ => true,
            };
            // Past 60 the long run's two rest days after it may ask for a
            // lift day where the free days have too little room between.
            let room = !gentler
                && !lift_on(day)
                && !tired(day)
                && !spills(day)
                && fits
                && !others.contains(&day)
                && !others.contains(&day.pred())
                && !others.contains(&day.succ());
            if room {
                out.push(format!(
                    "runs on {lift_day:?}, a lift day, while {day:?} is free and has room"
                ));
            }
        }
    }
    if let Some(race) = plan.race {
        for before in 0..=5u64 {
            let date = race - chrono::Days::new(before);
            for lift in plan.lifts.iter().filter(|l| l.day == date.weekday()) {
                let kept = plan.exception(lift, date).is_none();
                if kept && (lift.legs || before <= 1) {
                    out.push(format!(
                        "the {} lift on {date}, {before} days before the race, stands without an exception",
                        lift
                    ));
                }
            }
        }
    }
    out
}

proptest! {
    // 160 cases by default; PROPTEST_CASES asks for more when hunting. The
    // seeds live beside this file: proptest's default would look for them in
    // tests/proptest-regressions/, since tests/integration has a main.rs.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(160),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Whatever the profile, the planner either builds a plan the checker
    /// finds nothing in (bar notes for runs the runner put on lift days), in
    /// shapes a coach writes, or says clearly why it cannot.
    #[test]
    fn the_planner_never_produces_a_plan_check_rejects(
        level in prop::sample::select(vec!["walk", "run 1m", "run 90s", "run 5m", "run 20m", "run 30m", "run 1h"]),
        goal in prop::sample::select(vec!["5k", "10k", "half", "30min", "60min", "45min"]),
        run_walk in any::<bool>(),
        horizon in prop_oneof![
            3 => (4usize..=40).prop_map(Horizon::Weeks),
            2 => (20i64..=300).prop_map(|d| Horizon::Race(start() + chrono::Duration::days(d))),
            2 => Just(Horizon::Needed),
        ],
        // No run days at all: the planner chooses them.
        run_days in prop_oneof![
            1 => Just(std::collections::BTreeMap::new()),
            3 => prop::collection::btree_map(0u8..7, hours(), 2..=5),
        ],
        lifts in prop::collection::vec(lift(), 0..=4),
        age in 25u32..=85,
        priority in prop::option::of(prop_oneof![Just(Priority::Strength), Just(Priority::Endurance)]),
        cooldown_jog in any::<bool>(),
    ) {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        let goal = Goal::parse(goal, run_walk).expect("goal");
        let continuous = !goal.run_walk;
        let req = Request {
            goal,
            level: level.parse().expect("level"),
            horizon,
            week: WeekPattern {
                start: start(),
                run_days: run_days.iter().map(|(d, w)| RunDay { day: days[*d as usize], window: *w }).collect(),
                lifts,
                priority,
                cooldown_jog,
            },
            runs_per_week: None,
            age: Some(age),
        };
        match make(&req) {
            Ok(mut plan) => {
                plan.age = Some(age);
                let lift_days: Vec<Weekday> = req.week.lifts.iter().map(|l| l.day).collect();
                for f in findings(&plan) {
                    // Only a note for a run the runner put on a lift day.
                    prop_assert!(f.rule == RuleId::SeparateDays && f.severity == Severity::Note, "{:#?}", f);
                    let day = f.address.and_then(|a| plan.session(a)).and_then(|s| s.day);
                    prop_assert!(day.is_some_and(|d| lift_days.contains(&d)));
                }
                let problems = shape_problems(&plan, continuous);
                prop_assert!(problems.is_empty(), "{:#?}", problems);
                let problems = growth_problems(&plan);
                prop_assert!(problems.is_empty(), "{:#?}", problems);
                let problems = lift_problems(&plan, &req.week);
                prop_assert!(problems.is_empty(), "{:#?}", problems);
                let settings = Settings::from_plan(&plan, "plan.toml").expect("settings");
                // Every run of the program counts toward its week: none sits
                // where the checker takes it for a cool-down jog.
                for s in &rules::Placed::new(&plan, &settings).sessions {
                    prop_assert!(
                        !s.cooldown || s.session.purpose == Some(Purpose::Cooldown),
                        "{} at {:?} ({}) is taken for a cool-down jog", s.label(), s.session.at, s.session.steps
                    );
                }
                let ratio = ratio_problems(&plan, &req.goal, &settings);
                prop_assert!(ratio.is_empty(), "{:#?}", ratio);
                if let Horizon::Weeks(w) = horizon {
                    prop_assert_eq!(plan.weeks.len(), w);
                }
                if let Horizon::Race(race) = horizon {
                    let last = plan.weeks.last().and_then(|w| w.sessions.iter().find(|s| s.purpose == Some(Purpose::Race)));
                    prop_assert!(last.is_some());
                    prop_assert_eq!(plan.race, Some(race));
                }
                // The file it writes reads back as the same plan.
                let text = plan.to_toml();
                prop_assert!(text.is_ok(), "{:?}", text.err());
                let back = Plan::from_toml(&text.unwrap_or_default(), "out.toml");
                prop_assert!(back.as_ref().is_ok_and(|b| *b == plan), "{:?}", back.err());
            }
            Err(e) => {
                prop_assert!(!e.is_empty() && !e.contains('\n'), "{}", e);
                prop_assert!(!e.contains("internal error"), "{}", e);
                // The library names what to change, never a flag.
                prop_assert!(!e.contains("--"), "{}", e);
                prop_assert!(
                    e.contains("weeks") || e.contains("run day") || e.contains("place") || e.contains("race"),
                    "{}", e
                );
            }
        }
    }
}

/// Weekly training running, week by week: the race itself is not load.
fn weekly_running(plan: &Plan) -> Vec<u64> {
    plan.weeks
        .iter()
        .map(|w| {
            w.sessions
                .iter()
                .filter(|s| s.purpose != Some(Purpose::Race))
                .map(|s| s.steps.run_seconds())
                .sum()
        })
        .collect()
}

/// Weeks that grow faster than a few minutes or 10 % over the last full week,
/// or by more than a quarter of it, measured here from the rule's words in
/// docs/coaching.md rather than by the checker's code: a lighter week (at
/// least 15 % under the last full one) is not a base, and a week after one
/// with no running is a start.
fn too_steep(weekly: &[u64]) -> Vec<String> {
    let mut out = Vec::new();
    let mut base: Option<u64> = None;
    for (i, &w) in weekly.iter().enumerate() {
        if let Some(b) = base {
            if (w as f64) <= b as f64 * 0.85 {
                continue;
            }
            let most = (8 * 60).max(b / 10).min(b / 4) / 30 * 30;
            if b > 0 && w > b + most {
                out.push(format!(
                    "week {} runs {w} s after {b} s: +{} s, at most +{most} s",
                    i + 1,
                    w - b
                ));
            }
        }
        base = Some(w);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Progression with teeth, for runners from 40 to 85 at any pace: no
    /// generated week grows its running by more than a few minutes or 10 %
    /// over the last full week, nor ever by more than a quarter, so 20
    /// minutes a week never becomes 30. A plan with fewer runs a week never
    /// ends sooner than the same plan with more.
    #[test]
    fn generated_weeks_grow_by_a_few_minutes_and_never_a_quarter(
        level in prop::sample::select(vec!["walk", "run 1m", "run 90s", "run 3m", "run 5m", "run 10m", "run 20m", "run 30m"]),
        goal in prop::sample::select(vec!["5k", "10k", "half", "30min", "45min"]),
        run_walk in any::<bool>(),
        pace in prop::option::of(prop::sample::select(vec!["6:00/km", "7:00/km", "8:00/km", "9:30/km", "12:00/mi", "15:00/mi"])),
        horizon in prop_oneof![
            2 => Just(Horizon::Needed),
            1 => (8usize..=40).prop_map(Horizon::Weeks),
            1 => (56i64..=300).prop_map(|d| Horizon::Race(start() + chrono::Duration::days(d))),
        ],
        age in 40u32..=85,
    ) {
        let mut goal = Goal::parse(goal, run_walk).expect("goal");
        if let Some(p) = pace {
            goal = goal.at_pace(p.parse().expect("pace"));
        }
        let mut req = request("5k", level, horizon, Some(age));
        req.goal = goal;
        if let Ok(plan) = make(&req) {
            let steep = too_steep(&weekly_running(&plan));
            prop_assert!(steep.is_empty(), "{:#?}", steep);
            if horizon == Horizon::Needed {
                let mut two = req.clone();
                two.runs_per_week = Some(2);
                if let Ok(fewer) = make(&two) {
                    prop_assert!(fewer.weeks.len() >= plan.weeks.len(), "2 runs: {} weeks, 3 runs: {}", fewer.weeks.len(), plan.weeks.len());
                    let steep = too_steep(&weekly_running(&fewer));
                    prop_assert!(steep.is_empty(), "2 runs: {:#?}", steep);
                }
            }
        }
    }
}

#[test]
fn the_steepness_measure_catches_twenty_to_thirty() {
    // The property above is only as good as its measure: it flags the
    // issue's 20, 30, ..., 80 minutes a week at every step.
    let weekly: Vec<u64> = (2..=8).map(|m| m * 10 * 60).collect();
    assert_eq!(too_steep(&weekly).len(), 6);
    assert!(too_steep(&[20 * 60, 25 * 60, 20 * 60, 31 * 60]).is_empty());
}

mod cli {
    use crate::util::walkrun;
    use predicates::prelude::*;

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
                "13",
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
            .stderr(predicate::str::contains("13 weeks, 39 sessions"));
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
            .args(["--week", "13"])
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
                "--race-date 2026-11-01 is not after the start 2026-12-07: expected a later race date",
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
                "takes at least 11 weeks",
            ),
            // The planner names what to change; the command line, its flag.
            (
                &["--goal", "5k", "--weeks", "4", "--level", "walk"],
                "; what works: more weeks (`--weeks 11`)",
            ),
            (
                &[
                    "--goal",
                    "5k",
                    "--lift",
                    "mon@07:00",
                    "--lift",
                    "wed@07:00",
                    "--lift",
                    "fri@07:00",
                    "--run-days",
                    "mon@10:00-12:00,wed@18:00-21:00,fri@18:00-21:00",
                ],
                "the nearest time that works is 14:00: try --run-days mon@14:00-16:00, run on another day",
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

    /// Issue 11: a start or race so far ahead that the plan would be absurd
    /// is refused as `--weeks` is, and no date goes into a plan file that the
    /// file could not hold.
    #[test]
    fn dates_too_far_ahead_are_refused() {
        let far = (chrono::Local::now().date_naive() + chrono::Days::new(7 * 110)).to_string();
        let cases: &[(&[&str], &str)] = &[
            (
                &["--goal", "5k", "--weeks", "10", "--start", &far],
                "weeks from today: expected a start within 104 weeks",
            ),
            (
                &[
                    "--goal",
                    "5k",
                    "--start",
                    "2026-12-07",
                    "--race-date",
                    "2200-01-01",
                ],
                "weeks after the start 2026-12-07: expected a race within 104 weeks",
            ),
            (
                &["--goal", "5k", "--weeks", "10", "--start", "+10000-01-01"],
                "expected a date as YYYY-MM-DD",
            ),
            (
                &[
                    "--goal",
                    "5k",
                    "--start",
                    "2026-12-07",
                    "--race-date",
                    "2026-12-20",
                ],
                "expected a race at least 20 days away",
            ),
        ];
        for (args, expected) in cases {
            let out = walkrun().arg("plan").args(*args).output().expect("runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(expected), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        }
    }

    #[test]
    fn start_today_or_tomorrow() {
        let today = chrono::Local::now().date_naive();
        for (word, date) in [("today", today), ("tomorrow", today + chrono::Days::new(1))] {
            walkrun()
                .args([
                    "plan", "--goal", "5k", "--level", "run 20m", "--weeks", "6", "--start", word,
                ])
                .assert()
                .success()
                .stdout(predicate::str::contains(format!("start = {date}\n")));
        }
    }

    #[test]
    fn a_goal_alone_gets_the_weeks_it_needs() {
        walkrun()
            .args([
                "plan",
                "--goal",
                "10k",
                "--level",
                "run 20m",
                "--start",
                "2026-12-07",
            ])
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "1 h 00 min of continuous running from run 20m takes",
            ))
            .stderr(predicate::str::contains("weeks within the rules"))
            .stdout(predicate::str::contains("purpose = \"long\""));
    }

    /// Lifts Monday, Wednesday and Friday at 07:00, and only those evenings
    /// free: every run between 18:00 and 21:00, and `check` finds only the
    /// runner's own choice of lift days, said once.
    #[test]
    fn runs_in_the_evening_windows_keep_every_rule() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("evenings.toml");
        walkrun()
            .args([
                "plan",
                "--goal",
                "5k",
                "--level",
                "run 1m",
                "--start",
                "2026-12-07",
                "--age",
                "45",
            ])
            .args([
                "--lift",
                "mon@07:00",
                "--lift",
                "wed@07:00",
                "--lift",
                "fri@07:00",
            ])
            .args([
                "--run-days",
                "mon@18:00-21:00,wed@18:00-21:00,fri@18:00-21:00",
                "-o",
            ])
            .arg(&out)
            .assert()
            .success();
        let plan = walkrun::plan::Plan::load(&out).expect("reads");
        for (addr, s) in plan.sessions() {
            let at = s.at.expect("a time");
            let end = at + chrono::Duration::seconds(s.steps.total_seconds() as i64);
            assert!(*at.format("%H:%M").to_string() >= *"18:00", "{addr}");
            assert!(*end.format("%H:%M").to_string() <= *"21:00", "{addr}");
        }
        let check = walkrun()
            .arg("check")
            .arg(&out)
            .args(["--deny", "warnings"])
            .output()
            .expect("runs");
        assert!(check.status.success());
        let text = String::from_utf8_lossy(&check.stdout);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.contains(": note[separate-days]:"), "{text}");
        assert!(text.contains("0 errors, 0 warnings"), "{text}");
    }
}

mod reschedule {
    use crate::util::walkrun;
    use predicates::prelude::*;

    #[test]
    fn missed_sessions_move_forward_from_today_keeping_the_days() {
        let home = tempfile::tempdir().expect("tempdir");
        let plan = home.path().join("plan.toml");
        walkrun()
            .home(home.path())
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
            .home(home.path())
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
            .home(home.path())
            .args(["next", "--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("W1D2"))
            .stdout(predicate::str::contains("walkrun plan --reschedule"));
        walkrun()
            .home(home.path())
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
        walkrun()
            .home(home.path())
            .arg("check")
            .arg(&plan)
            .assert()
            .code(0);
        // Issue 11: a move years ahead is refused, the file left as it was.
        let before = std::fs::read_to_string(&plan).expect("plan");
        walkrun()
            .home(home.path())
            .args(["plan", "--reschedule"])
            .arg(&plan)
            .args(["--today", "2999-06-01"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("expected a date within 104 weeks"));
        assert_eq!(std::fs::read_to_string(&plan).expect("plan"), before);
        // Nothing more to move on the same day.
        walkrun()
            .home(home.path())
            .args(["plan", "--reschedule"])
            .arg(&plan)
            .args(["--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("nothing to move"));
    }
}

/// walkrun as a runner with no profile runs it, in a folder of its own.
fn runner_in(dir: &std::path::Path) -> crate::util::Walkrun {
    crate::util::walkrun()
        .home(dir.join("data"))
        .config(dir.join("no-profile.toml"))
        .in_dir(dir)
}

/// `walkrun plan` as [`runner_in`] runs it.
fn plan_as_a_runner(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    runner_in(dir)
        .arg("plan")
        .args(args)
        .output()
        .expect("runs")
}

/// Issue 23: lifts Tue and Thu at 18:00 (Thu legs) and Sat at 09:00 with no
/// run days put all 56 runs on Tue, Thu and Sat, one of them 60 minutes on
/// Thursday morning before heavy legs, though four days were free.
#[test]
fn without_run_days_the_runs_go_on_the_free_days() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = plan_as_a_runner(
        dir.path(),
        &[
            "--goal",
            "10k",
            "--level",
            "run 5m",
            "--weeks",
            "18",
            "--start",
            "2026-12-07",
            "--lift",
            "tue@18:00",
            "--lift",
            "thu@18:00:legs",
            "--lift",
            "sat@09:00",
            "--age",
            "52",
            "-o",
            "plan.toml",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("walkrun: no run days given: runs on wed at 18:00, fri at 18:00 and sun at 09:00 (days without a lift; the long run on sun, clear of heavy legs); choose your own with --run-days"),
        "{err}"
    );
    let plan = Plan::load(&dir.path().join("plan.toml")).expect("plan");
    let mut long_days = Vec::new();
    for (_, s) in plan.sessions() {
        let day = s.day.expect("placed");
        assert!(
            [Weekday::Wed, Weekday::Fri, Weekday::Sun].contains(&day),
            "{day:?}: {}",
            s.steps
        );
        // Friday follows heavy legs: its run stays short.
        if day == Weekday::Fri {
            assert!(s.steps.run_seconds() < 30 * 60, "{}", s.steps);
        }
        if s.purpose == Some(Purpose::Long) {
            long_days.push(day);
        }
    }
    assert!(!long_days.is_empty());
    assert!(
        long_days.iter().all(|d| *d == Weekday::Sun),
        "{long_days:?}"
    );
    // With too few free days (lifts on five), a lift day at the gap, said.
    let out = plan_as_a_runner(
        dir.path(),
        &[
            "--goal",
            "5k",
            "--level",
            "run 1m",
            "--weeks",
            "11",
            "--start",
            "2026-12-07",
            "--lift",
            "mon@07:00",
            "--lift",
            "tue@07:00",
            "--lift",
            "wed@07:00:legs",
            "--lift",
            "fri@07:00",
            "--lift",
            "sat@07:00",
            "-o",
            "crowded.toml",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("beside a lift at the 6-hour gap, as there are too few free days with a rest day between them"), "{err}");
    let plan = Plan::load(&dir.path().join("crowded.toml")).expect("plan");
    let days: std::collections::BTreeSet<String> = plan
        .sessions()
        .map(|(_, s)| format!("{:?}", s.day.expect("placed")))
        .collect();
    // Thu and Sun are the free days; the third run shares a day with a lift.
    assert!(days.contains("Thu") && days.contains("Sun"), "{days:?}");
    assert_eq!(days.len(), 3, "{days:?}");
}

/// Issue 23: a race plan kept heavy legs two days before the half and a lift
/// the day before; now race week says which lifts it skips, in the file, in
/// `plan`'s words and in `show`, and `check` finds nothing.
#[test]
fn race_week_skips_the_lifts_too_close_to_the_race_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = plan_as_a_runner(
        dir.path(),
        &[
            "--goal",
            "half",
            "--level",
            "run 20m",
            "--race-date",
            "2027-05-09",
            "--start",
            "2026-12-07",
            "--run-days",
            "tue,thu,sun",
            "--lift",
            "mon@07:00",
            "--lift",
            "fri@07:00:legs",
            "--lift",
            "sat@09:00",
            "--age",
            "55",
            "--run-walk",
            "-o",
            "half.toml",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("race week: the plan skips your 07:00 lift on Fri 7 May and 09:00 lift on Sat 8 May (no heavy legs in the 5 days before the race, no lift the day before or on race day); to lift anyway, move the lift, never the race"),
        "{err}"
    );
    let text = std::fs::read_to_string(dir.path().join("half.toml")).expect("plan");
    assert!(
        text.contains("[[lift.exception]]\ndate = 2027-05-07\nskip = true\n"),
        "{text}"
    );
    assert!(
        text.contains("[[lift.exception]]\ndate = 2027-05-08\nskip = true\n"),
        "{text}"
    );
    let show = runner_in(dir.path())
        .args(["show", "half.toml"])
        .output()
        .expect("runs");
    let show = String::from_utf8_lossy(&show.stdout);
    assert!(
        show.contains("Lift fri 07:00 for 60 min, heavy legs\n  skip Fri 7 May: race week: no heavy legs in the 5 days before the race; skip this lift, move it to Mon 3 May or earlier, or lift upper body only\n"),
        "{show}"
    );
    let check = runner_in(dir.path())
        .args(["check", "half.toml"])
        .output()
        .expect("runs");
    let check = String::from_utf8_lossy(&check.stdout);
    assert!(check.contains("0 errors, 0 warnings"), "{check}");
    // Race week's runs are no longer than a usual easy run.
    let plan = Plan::load(&dir.path().join("half.toml")).expect("plan");
    let race = plan.race.expect("race");
    let longest_easy = plan
        .sessions()
        .filter(|(a, s)| {
            s.purpose == Some(Purpose::Easy)
                && plan
                    .session_date(*a)
                    .is_some_and(|d| (race - d).num_days() > 13)
        })
        .map(|(_, s)| s.steps.run_seconds())
        .max()
        .expect("easy runs");
    for (a, s) in plan.sessions() {
        let days_out = plan.session_date(a).map(|d| (race - d).num_days());
        if days_out.is_some_and(|d| (1..=6).contains(&d)) {
            assert!(s.steps.run_seconds() <= longest_easy, "{a}: {}", s.steps);
        }
    }
}

/// A walker's run-walk 5K on Mon, Wed and Sat with a lift on Monday at 16:00
/// (10, 11 or 12 weeks): while the easy runs were a single 4-minute repeat,
/// the Monday one went at 17:30, half an hour after the lift, where the
/// checker takes a run of 5 minutes or less for a cool-down jog and leaves
/// it out of the week's running. The week it grew to two repeats it moved to
/// the morning and counted again: 44 minutes after 32, +37 %, and `plan`
/// stopped with an internal error. A run of the program is training wherever
/// it goes: placed where the checker counts it, the weeks grow as the
/// engine built them.
#[test]
fn a_short_run_beside_a_lift_counts_as_training_not_as_a_cool_down_jog() {
    let dir = tempfile::tempdir().expect("tempdir");
    for weeks in ["10", "11", "12"] {
        let file = format!("w{weeks}.toml");
        let out = plan_as_a_runner(
            dir.path(),
            &[
                "--level",
                "walk",
                "--goal",
                "5k",
                "--run-walk",
                "--weeks",
                weeks,
                "--start",
                "2026-12-07",
                "--run-days",
                "mon,wed,sat",
                "--lift",
                "mon@16:00",
                "--age",
                "25",
                "-o",
                &file,
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{weeks} weeks: {err}");
        let plan = Plan::load(&dir.path().join(&file)).expect("plan");
        // Every run of the plan counts toward its week, as the checker
        // measures it.
        let settings = Settings::from_plan(&plan, &file).expect("settings");
        let placed = rules::Placed::new(&plan, &settings);
        for s in &placed.sessions {
            assert!(
                !s.cooldown,
                "{weeks} weeks: {} at {:?} ({}) is taken for a cool-down jog",
                s.label(),
                s.session.at,
                s.session.steps
            );
        }
        let check = runner_in(dir.path())
            .args(["check", &file])
            .output()
            .expect("runs");
        let check = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.contains("0 errors, 0 warnings"),
            "{weeks} weeks: {check}"
        );
    }
}
