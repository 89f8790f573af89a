//! The weeks before a race, as a coach writes them (docs/coaching.md, "Race week"):
//! the biggest session two weeks out, the last full week down to about 75 %
//! of the peak (70 % before a half), race week about half, short and easy, a
//! rest day or a 10-minute shake-out in the two days before, and the race
//! itself as the plan's last session. It works on a plan already placed on
//! days, counting back from race day, because that is how the `taper` rule
//! measures it, whatever weekday the plan's weeks start on.

use chrono::{Days, NaiveDate, NaiveTime};
use thiserror::Error;

use crate::plan::steps::{Kind, Session};
use crate::plan::{LiftChange, LiftException, Plan, PlannedSession, Purpose, SourceLine};
use crate::planning::engine::Goal;
use crate::planning::placing::offset;
use crate::planning::promise;
use crate::planning::shape::{self, round_run, Body, GRAIN};
use crate::rules::{RuleId, Settings};

/// When the race starts: most races start in the morning.
pub const RACE_TIME: (u32, u32) = (9, 0);
/// The most running, and the longest walk-run body, of the shake-out: with
/// its 5-minute walks either side it is a 15-minute session.
const SHAKEOUT_BODY: u64 = 5 * 60;

/// A plan [`into_race`] cannot shape: the planner always hands it a placed
/// plan that reaches the race, so either is a bug.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RaceWeekError {
    #[error("the plan has no start date")]
    NoStart,
    #[error("the race on {} is outside the plan's weeks", .race.format("%a %-d %b %Y"))]
    OutsidePlan { race: NaiveDate },
}

/// The plan with its last two weeks brought down into the race on `race`,
/// and the race added as its last session. The plan must be placed (a start
/// and days), with the race in its last week.
pub fn into_race(
    plan: &Plan,
    race: NaiveDate,
    goal: &Goal,
    settings: &Settings,
) -> Result<Plan, RaceWeekError> {
    let start = plan.start.ok_or(RaceWeekError::NoStart)?;
    let race_day = (race - start).num_days();
    let race_week = (race_day / 7) as usize;
    if race_day < 0 || race_week >= plan.weeks.len() {
        return Err(RaceWeekError::OutsidePlan { race });
    }
    let day_of = |w: usize, s: &PlannedSession| {
        s.day
            .map(|d| 7 * w as i64 + i64::from(offset(start, d)))
            .unwrap_or(7 * w as i64)
    };
    // Running in each week counted back from race day: 0 is race week (the
    // six days before the race), 1 the last full week, 2 the one before.
    let mut windows: Vec<u64> = Vec::new();
    for (w, week) in plan.weeks.iter().enumerate() {
        for s in week.sessions.iter().filter(|s| is_training(s)) {
            let d = race_day - day_of(w, s);
            if d >= 1 {
                let j = (d / 7) as usize;
                if windows.len() <= j {
                    windows.resize(j + 1, 0);
                }
                windows[j] += s.steps.run_seconds();
            }
        }
    }
    let peak_j = (2..windows.len())
        .max_by_key(|&j| (windows[j], std::cmp::Reverse(j)))
        .or((windows.len() > 1).then_some(1));
    let peak = peak_j.map(|j| windows[j]).unwrap_or(0);
    let half = goal.name == "half" || goal.body().session().total_seconds() >= 90 * 60;
    let last_share = if half {
        settings.taper_half_last_week_percent
    } else {
        settings.taper_last_week_percent
    } / 100.0;
    let race_share = settings.taper_race_week_percent / 100.0;
    // The sessions in week `j` counted back from race day (race week starts
    // three days out: the two days before the race hold the shake-out).
    let in_window = |j: i64, lo: i64| -> Vec<u64> {
        let mut runs = Vec::new();
        for (w, week) in plan.weeks.iter().enumerate() {
            for s in week.sessions.iter().filter(|s| is_training(s)) {
                let d = race_day - day_of(w, s);
                if (lo.max(7 * j)..=7 * j + 6).contains(&d) {
                    runs.push(s.steps.run_seconds());
                }
            }
        }
        runs
    };
    let last_total: u64 = in_window(1, 7).iter().sum();
    let last_factor = if last_total == 0 {
        1.0
    } else {
        (peak as f64 * last_share / last_total as f64).min(1.0)
    };
    let usual = peak_j
        .map(|j| Usual::of(&in_window(j as i64, 0)))
        .unwrap_or_default();
    // Race week's budget, less the shake-out two days out.
    let shakeout_run: u64 = plan
        .weeks
        .iter()
        .enumerate()
        .flat_map(|(w, week)| week.sessions.iter().map(move |s| (w, s)))
        .filter(|(w, s)| is_training(s) && race_day - day_of(*w, s) == 2)
        .map(|(_, s)| shakeout(s).steps.run_seconds())
        .sum();
    let race_runs = in_window(0, 3).len().max(1) as u64;
    let race_each = ((peak as f64 * race_share) as u64).saturating_sub(shakeout_run) / race_runs;
    // Short easy runs: each up to the plan's usual easy run (the peak
    // week's), never longer, as `taper` checks.
    let race_target = race_each.min(usual.easy_max);
    // Shorter fallbacks for a run another rule limits: the usual easy run
    // (a longer one may not fit beside a lift that day), just under the line
    // of `heavy-legs` (the day after heavy legs), then the shortest usual
    // easy run.
    let below_legs = Settings::seconds(settings.heavy_legs_minutes).saturating_sub(60);
    let mut choices = vec![race_target];
    for c in [usual.easy_max, below_legs, usual.easy_min] {
        if c < *choices.last().unwrap_or(&0) {
            choices.push(c);
        }
    }

    let mut out = plan.clone();
    out.race = Some(race);
    let skipped = race_week_lifts(plan, race, settings);
    // A cool-down jog follows its lift: with the lift skipped, it goes too.
    for (w, week) in out.weeks.iter_mut().enumerate() {
        week.sessions.retain(|s| {
            let date = start.checked_add_days(Days::new(day_of(w, s).max(0) as u64));
            s.purpose != Some(Purpose::Cooldown) || !skipped.iter().any(|e| Some(e.date) == date)
        });
    }
    out.lift_exceptions.extend(skipped);
    out.sort_lift_exceptions();
    // Race-week sessions in `out` that may need a shorter choice.
    let mut flexible: Vec<(usize, PlannedSession, Vec<u64>)> = Vec::new();
    for (w, week) in out.weeks.iter_mut().enumerate() {
        let mut kept = Vec::new();
        for s in std::mem::take(&mut week.sessions) {
            let d = race_day - day_of(w, &s);
            if d <= 0 {
                // Race day and after: only the race.
                continue;
            }
            if s.purpose == Some(Purpose::Cooldown) {
                kept.push(s);
                continue;
            }
            let run = s.steps.run_seconds();
            let new = match d {
                1 => None,
                2 => Some(shakeout(&s)),
                // Rest rather than a token jog when the week has no room.
                3..=6 => (race_target >= SHAKEOUT_BODY.min(run)).then(|| {
                    let mut mine = choices.clone();
                    // Last resort: no longer than last week's share of it.
                    let scaled = ((run as f64 * last_factor) as u64).min(race_target);
                    if scaled < *mine.last().unwrap_or(&0) {
                        mine.push(scaled);
                    }
                    let first = mine[0];
                    flexible.push((w, s.clone(), mine));
                    rescaled_with(&s, first, Purpose::Easy, RACE_WEEK_NOTE)
                }),
                7..=13 => {
                    let purpose = s.purpose.unwrap_or(Purpose::Easy);
                    Some(rescaled(&s, (run as f64 * last_factor) as u64, purpose))
                }
                _ => Some(s),
            };
            kept.extend(new);
        }
        week.sessions = kept;
    }
    let (h, m) = RACE_TIME;
    out.weeks[race_week].sessions.push(PlannedSession {
        day: Some(chrono::Datelike::weekday(&race)),
        at: NaiveTime::from_hms_opt(h, m, 0),
        steps: goal.race_session(),
        purpose: Some(Purpose::Race),
        note: Some(format!("race day: {}", goal.describe())),
        ..PlannedSession::default()
    });
    out.weeks[race_week]
        .sessions
        .sort_by_key(|s| (s.day.map(|d| offset(start, d)), s.at));
    out.weeks.truncate(race_week + 1);
    shorten_where_rules_ask(&mut out, &flexible, settings);
    Ok(out)
}

/// The lifts of race week the plan skips, as `race-lifts` asks: heavy legs
/// in the five days before the race, any lift the day before and on race
/// day. Skipping is the plan's choice because it always keeps the rules; the
/// note tells the runner they may move the lift instead, and where to.
pub fn race_week_lifts(plan: &Plan, race: NaiveDate, settings: &Settings) -> Vec<LiftException> {
    if !settings.enabled(RuleId::RaceLifts) {
        return Vec::new();
    }
    let legs_days = settings.race_lifts_legs_days.round() as u64;
    let rest_days = settings.race_lifts_rest_days.round() as u64;
    let mut out = Vec::new();
    for before in (0..=legs_days.max(rest_days)).rev() {
        let Some(date) = race.checked_sub_days(Days::new(before)) else {
            continue;
        };
        for lift in plan.lifts_on(date) {
            let note = if before == 0 {
                "race day: no lift; skip it, or move it to a day after the race".to_string()
            } else if before <= rest_days {
                "race week: rest the day before the race; skip this lift, or move it earlier in the week (not heavy legs)".to_string()
            } else if lift.legs && before <= legs_days {
                let earliest = race
                    .checked_sub_days(Days::new(legs_days + 1))
                    .map(|d| format!(" to {} or earlier", d.format("%a %-d %b")))
                    .unwrap_or_default();
                format!(
                    "race week: no heavy legs in the {legs_days} days before the race; skip this lift, move it{earliest}, or lift upper body only"
                )
            } else {
                continue;
            };
            // A lift given twice is one lift: one exception covers both.
            if out
                .iter()
                .any(|e: &LiftException| e.is_for(&lift) && e.date == date)
            {
                continue;
            }
            out.push(LiftException {
                day: lift.day,
                at: lift.at,
                date,
                change: LiftChange::Skip,
                note: Some(note),
                line: SourceLine::default(),
            });
        }
    }
    out
}

/// A race-week run that breaks another rule at its first choice of length
/// (the day after heavy legs, say) takes the next shorter choice.
fn shorten_where_rules_ask(
    out: &mut Plan,
    flexible: &[(usize, PlannedSession, Vec<u64>)],
    settings: &Settings,
) {
    // Where each flexible session sits now, and which choice it has.
    let mut at: Vec<(crate::Address, &PlannedSession, &[u64], usize)> = Vec::new();
    for (w, original, choices) in flexible {
        let Some(week) = out.weeks.get(*w) else {
            continue;
        };
        let day = original.day;
        let when = original.at;
        if let Some(i) = week
            .sessions
            .iter()
            .position(|s| s.day == day && s.at == when && s.purpose == Some(Purpose::Easy))
        {
            let addr = crate::Address {
                week: w + 1,
                session: i + 1,
            };
            at.push((addr, original, choices, 0));
        }
    }
    let tries = at.iter().map(|(_, _, c, _)| c.len()).max().unwrap_or(0);
    for _ in 1..tries {
        let report = crate::rules::check(out, settings);
        let mut changed = false;
        for (addr, original, choices, choice) in at.iter_mut() {
            // The session's own findings, and its week's (a deload week that
            // the longer run no longer makes lighter), as the promise judges
            // them. `taper` is left out: it weighs race week as a whole, and
            // a shorter choice could only starve it more.
            let broken = report.findings.iter().any(|f| {
                (f.address == Some(*addr) || (f.address.is_none() && f.week == addr.week))
                    && f.rule != RuleId::Taper
                    && !promise::allows(f)
            });
            if broken && *choice + 1 < choices.len() {
                *choice += 1;
                out.weeks[addr.week - 1].sessions[addr.session - 1] =
                    rescaled_with(original, choices[*choice], Purpose::Easy, RACE_WEEK_NOTE);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The usual easy runs of the peak week, as a coach names them: its runs
/// but the long one.
#[derive(Debug, Default, Clone, Copy)]
struct Usual {
    easy_min: u64,
    easy_max: u64,
}

impl Usual {
    fn of(runs: &[u64]) -> Usual {
        let mut runs = runs.to_vec();
        runs.sort_unstable();
        let easy = if runs.len() > 1 {
            &runs[..runs.len() - 1]
        } else {
            &runs[..]
        };
        Usual {
            easy_min: easy.first().copied().unwrap_or(0),
            easy_max: easy.last().copied().unwrap_or(0),
        }
    }
}

/// The shake-out two days before the race: 15 minutes in all, walks
/// included, with up to 5 minutes of easy running in the runner's own runs.
pub fn shakeout(s: &PlannedSession) -> PlannedSession {
    let steps = &s.steps;
    let longest = steps.longest_run_seconds().max(GRAIN);
    let walk = first_walk(steps).unwrap_or(60);
    let body = if longest >= steps.run_seconds() || longest + walk > SHAKEOUT_BODY {
        Body::Continuous(round_run(longest.min(SHAKEOUT_BODY)).max(GRAIN))
    } else {
        shape::repeats(SHAKEOUT_BODY / (longest + walk), longest, walk)
    };
    PlannedSession {
        steps: body.session(),
        purpose: Some(Purpose::Easy),
        note: Some("shake-out: easy, to loosen the legs before the race".into()),
        ..s.clone()
    }
}

/// A word for the runner when race week holds well under its share of the
/// peak week because their days and lifts leave no room (a run the day after
/// heavy legs stays under `heavy-legs`' line): what it holds and what would
/// give it more.
pub fn race_week_words(plan: &Plan, settings: &Settings) -> Option<String> {
    let race = plan.race?;
    let dated: Vec<(i64, &PlannedSession)> = plan
        .sessions()
        .filter(|(_, s)| is_training(s))
        .filter_map(|(a, s)| plan.session_date(a).map(|d| ((race - d).num_days(), s)))
        .collect();
    let running = |j: i64| -> u64 {
        dated
            .iter()
            .filter(|(d, _)| (7 * j.max(0) + i64::from(j == 0)..=7 * j + 6).contains(d))
            .map(|(_, s)| s.steps.run_seconds())
            .sum()
    };
    let peak = (1..8).map(running).max().filter(|p| *p > 0)?;
    let week = running(0);
    let percent = settings.taper_race_week_percent;
    if week as f64 * 100.0 / peak as f64 >= percent - crate::rules::taper::FLOOR_POINTS {
        return None;
    }
    let after_legs = plan
        .sessions()
        .filter(|(_, s)| is_training(s))
        .filter_map(|(a, _)| plan.session_date(a))
        .filter(|date| (3..=6).contains(&(race - *date).num_days()))
        .any(|date| {
            date.pred_opt()
                .is_some_and(|eve| plan.lifts_on(eve).iter().any(|l| l.legs))
                || plan.lifts_on(date).iter().any(|l| l.legs)
        });
    let why = if after_legs {
        format!(
            "its run the day after leg day stays under the {} minutes `heavy-legs` allows; lift legs lightly that week, or add a run day, for more",
            settings.heavy_legs_minutes
        )
    } else {
        "your run days leave little room before the two days of rest; add a run day early that week for more".into()
    };
    Some(format!(
        "race week holds {} min of running, {:.0} % of the peak week's {} min (coaches keep about {percent:.0} %): {why}",
        crate::plan::steps::format_minutes(week),
        week as f64 * 100.0 / peak as f64,
        crate::plan::steps::format_minutes(peak),
    ))
}

fn is_training(s: &PlannedSession) -> bool {
    !matches!(s.purpose, Some(Purpose::Cooldown) | Some(Purpose::Race))
}

/// The session with `running` seconds of running, in the same kind of runs:
/// continuous stays continuous, run-walk keeps its ratio, walk-run its runs.
fn rescaled(s: &PlannedSession, running: u64, purpose: Purpose) -> PlannedSession {
    rescaled_with(s, running, purpose, TAPER_NOTE)
}

const TAPER_NOTE: &str = "taper: shorter, to arrive at the race rested";
const RACE_WEEK_NOTE: &str = "race week: short and easy, to keep the legs used to running";

fn rescaled_with(s: &PlannedSession, running: u64, purpose: Purpose, note: &str) -> PlannedSession {
    let steps = &s.steps;
    let longest = steps.longest_run_seconds();
    let body = if longest >= steps.run_seconds() {
        Body::Continuous(round_run(running.min(longest)).max(GRAIN))
    } else {
        let walk = first_walk(steps).unwrap_or(60);
        let even = steps
            .segments()
            .iter()
            .filter(|g| g.kind.is_run())
            .all(|g| u64::from(g.seconds) == longest);
        if even {
            shape::repeats((running / longest).max(1), longest, walk)
        } else {
            shape::walk_run(longest, running, walk)
        }
    };
    PlannedSession {
        steps: body.session(),
        purpose: Some(purpose),
        note: Some(note.into()),
        ..s.clone()
    }
}

fn first_walk(steps: &Session) -> Option<u64> {
    steps
        .segments()
        .iter()
        .find(|g| g.kind == Kind::Walk)
        .map(|g| u64::from(g.seconds))
}
