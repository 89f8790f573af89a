//! The weeks before a race, as a coach writes them (DOMAIN.md, "Race week"):
//! the biggest session two weeks out, the last full week down to about 75 %
//! of the peak (70 % before a half), race week about half, short and easy, a
//! rest day or a 10-minute shake-out in the two days before, and the race
//! itself as the plan's last session. It works on a plan already placed on
//! days, counting back from race day, because that is how the `taper` rule
//! measures it, whatever weekday the plan's weeks start on.

use chrono::{NaiveDate, NaiveTime};

use crate::calendar::offset;
use crate::plan::{Plan, PlannedSession, Purpose};
use crate::progression::Goal;
use crate::rules::Settings;
use crate::shape::{self, round_run, Body, GRAIN};
use crate::steps::{Kind, Session};

/// When the race starts: most races start in the morning.
pub const RACE_TIME: (u32, u32) = (9, 0);
/// The shake-out two days before the race.
const SHAKEOUT_SECONDS: u64 = 10 * 60;

/// The plan with its last two weeks brought down into the race on `race`,
/// and the race added as its last session. The plan must be placed (a start
/// and days), with the race in its last week.
pub fn into_race(
    plan: &Plan,
    race: NaiveDate,
    goal: &Goal,
    settings: &Settings,
) -> Result<Plan, String> {
    let start = plan.start.ok_or("the plan has no start date")?;
    let race_day = (race - start).num_days();
    let race_week = (race_day / 7) as usize;
    if race_day < 0 || race_week >= plan.weeks.len() {
        return Err(format!(
            "the race on {} is outside the plan's weeks",
            race.format("%a %-d %b %Y")
        ));
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
    let peak = windows
        .iter()
        .skip(2)
        .max()
        .or_else(|| windows.iter().skip(1).max())
        .copied()
        .unwrap_or(0);
    let half = goal.name == "half" || goal.body().session().total_seconds() >= 90 * 60;
    let last_share = if half {
        settings.taper_half_last_week_percent
    } else {
        settings.taper_last_week_percent
    } / 100.0;
    let race_share = settings.taper_race_week_percent / 100.0;
    let in_window = |j: i64| {
        let mut total = 0;
        let mut count = 0;
        for (w, week) in plan.weeks.iter().enumerate() {
            for s in week.sessions.iter().filter(|s| is_training(s)) {
                let d = race_day - day_of(w, s);
                let lo = if j == 0 { 3 } else { 7 * j };
                if (lo..=7 * j + 6).contains(&d) {
                    total += s.steps.run_seconds();
                    count += 1;
                }
            }
        }
        (total, count)
    };
    let (last_total, _) = in_window(1);
    let last_factor = if last_total == 0 {
        1.0
    } else {
        (peak as f64 * last_share / last_total as f64).min(1.0)
    };
    // Race week's budget, less the shake-out two days out.
    let shakeout: u64 = plan
        .weeks
        .iter()
        .enumerate()
        .flat_map(|(w, week)| week.sessions.iter().map(move |s| (w, s)))
        .filter(|(w, s)| is_training(s) && race_day - day_of(*w, s) == 2)
        .map(|(_, s)| s.steps.run_seconds().min(SHAKEOUT_SECONDS))
        .sum();
    let (_, race_runs) = in_window(0);
    let race_each =
        ((peak as f64 * race_share) as u64).saturating_sub(shakeout) / race_runs.max(1) as u64;

    let mut out = plan.clone();
    out.race = Some(race);
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
                2 => Some(rescaled(&s, run.min(SHAKEOUT_SECONDS), Purpose::Easy)),
                // Short and easy: no longer than last week's easy runs, and
                // rest rather than a token jog when the week has no room.
                3..=6 => {
                    let keep = ((run as f64 * last_factor) as u64).min(race_each);
                    (keep >= SHAKEOUT_SECONDS.min(run)).then(|| rescaled(&s, keep, Purpose::Easy))
                }
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
        steps: goal.body().session(),
        purpose: Some(Purpose::Race),
        note: Some(format!("race day: {}", goal.describe())),
        ..PlannedSession::default()
    });
    out.weeks[race_week]
        .sessions
        .sort_by_key(|s| (s.day.map(|d| offset(start, d)), s.at));
    out.weeks.truncate(race_week + 1);
    Ok(out)
}

fn is_training(s: &PlannedSession) -> bool {
    !matches!(s.purpose, Some(Purpose::Cooldown) | Some(Purpose::Race))
}

/// The session with `running` seconds of running, in the same kind of runs:
/// continuous stays continuous, run-walk keeps its ratio, walk-run its runs.
fn rescaled(s: &PlannedSession, running: u64, purpose: Purpose) -> PlannedSession {
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
        note: match purpose {
            Purpose::Easy if running <= SHAKEOUT_SECONDS => {
                Some("shake-out: easy, to loosen the legs before the race".into())
            }
            _ => Some("taper: shorter, to arrive at the race rested".into()),
        },
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
