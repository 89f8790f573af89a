//! How the weeks grow: `progression-rate`, `longest-jump` and `deload`.
//! Only training counts: a cool-down jog after a lift and the race itself are
//! not load (see `PlacedSession::is_training`).

use chrono::Days;

use super::placed::Placed;
use super::{Finding, RuleId, Settings, Severity};

use crate::plan::steps::format_minutes;

/// Which weeks are deliberately lighter: at least three quarters of the
/// deload cut below the last week that was not (so a 20 % deload is
/// recognised from 15 % down).
pub fn lighter_weeks(placed: &Placed, settings: &Settings) -> Vec<bool> {
    let cut = 0.75 * settings.deload_percent / 100.0;
    let mut base: Option<u64> = None;
    placed
        .weeks
        .iter()
        .map(|w| {
            let lighter = base.is_some_and(|b| (w.run_seconds as f64) <= b as f64 * (1.0 - cut));
            if !lighter {
                base = Some(w.run_seconds);
            }
            lighter
        })
        .collect()
}

pub(super) fn week_finding(
    placed: &Placed,
    week: usize,
    rule: RuleId,
    severity: Severity,
    message: String,
    group: String,
) -> Finding {
    Finding {
        rule,
        severity,
        address: None,
        week,
        date: placed
            .plan
            .start
            .and_then(|s| s.checked_add_days(Days::new(7 * (week as u64 - 1)))),
        line: placed.plan.weeks.get(week - 1).and_then(|w| w.line.0),
        message,
        group,
    }
}

/// The steps from `from` to `to` when each may be at most `next(previous)`:
/// the values in between, so advice can name the weeks to add.
fn steps_between(from: u64, to: u64, next: impl Fn(u64) -> u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut at = from;
    while out.len() < 52 {
        let n = next(at);
        if n >= to || n <= at {
            break;
        }
        // Whole minutes read better and stay within the limit.
        let n = (n / 60 * 60).max(at + 60);
        out.push(n);
        at = n;
    }
    out
}

/// "1 week of about 37 min", "2 weeks of about 10 and 15 min runs".
fn weeks_of(minutes: &[u64], unit: &str) -> String {
    let list: Vec<String> = minutes.iter().map(|s| format_minutes(*s)).collect();
    let list = crate::export::words::join_and(&list);
    format!(
        "{} week{} of about {list} {unit}",
        minutes.len(),
        if minutes.len() == 1 { "" } else { "s" }
    )
}

/// `progression-rate`: weekly running grows by at most the larger of a few
/// minutes and a few percent over the last week that was not a deload, and
/// never by more than a capped share of it. The cap is what holds at beginner
/// volumes: without it, a few minutes on 20 minutes a week is +25 % and more,
/// so a plan going 20, 30, ..., 80 would pass every week. A week after one
/// with no running at all (a walking week) is a start, as a plan's first
/// week is: `longest-jump` judges its runs.
pub fn progression_rate(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let lighter = lighter_weeks(placed, settings);
    let mut base: Option<(usize, u64)> = None;
    for (i, w) in placed.weeks.iter().enumerate() {
        if lighter[i] {
            continue;
        }
        if let Some((bw, b)) = base.filter(|&(_, b)| b > 0) {
            let allowed = b + progression_allowance(b, settings);
            if w.run_seconds > allowed {
                let between =
                    steps_between(b, w.run_seconds, |x| x + progression_allowance(x, settings));
                let grown = (w.run_seconds - b) as f64 * 100.0 / b as f64;
                out.push(week_finding(
                    placed,
                    i + 1,
                    RuleId::ProgressionRate,
                    Severity::Warning,
                    format!(
                        "Week {} runs {} min, {} min ({:.0} %) more than week {bw} ({} min); weekly running grows by at most {} min a week from there ({} min): build up to it with {} before week {}, or cut week {} to {} min.",
                        i + 1,
                        format_minutes(w.run_seconds),
                        format_minutes(w.run_seconds - b),
                        grown.floor(),
                        format_minutes(b),
                        format_minutes(allowed - b),
                        format_minutes(allowed),
                        weeks_of(&between, "min"),
                        i + 1,
                        i + 1,
                        format_minutes(allowed),
                    ),
                    format!(
                        "grow weekly running by more than {} min or {} % (whichever is larger, and at most {} %) over the week before; add weeks in between to build up to them",
                        settings.progression_rate_minutes,
                        settings.progression_rate_percent,
                        settings.progression_rate_cap_percent
                    ),
                ));
            }
        }
        base = Some((i + 1, w.run_seconds));
    }
}

/// How many seconds a week may add to `base` seconds of weekly running: the
/// larger of the minutes and the percentage, within the percentage cap (which
/// binds below 32 minutes a week at the defaults: 8 minutes is 25 % of 32).
pub fn progression_allowance(base: u64, settings: &Settings) -> u64 {
    let by_minutes = Settings::seconds(settings.progression_rate_minutes);
    let share = |percent: f64| (base as f64 * percent / 100.0).floor() as u64;
    let allowed = by_minutes
        .max(share(settings.progression_rate_percent))
        .min(share(settings.progression_rate_cap_percent));
    // In whole half minutes, as plans are written ("7:30 min", not "6:45").
    allowed / 30 * 30
}

/// The longest continuous run a week may hold after `so_far` (the longest of
/// every earlier week). From no running at all, the first runs count from a
/// minute, so a walking week may be followed by 2-minute runs.
pub fn longest_allowed(so_far: u64, settings: &Settings) -> u64 {
    let doubled = (so_far.max(60) as f64 * settings.longest_jump_factor).floor() as u64;
    doubled.min(so_far + Settings::seconds(settings.longest_jump_minutes))
}

/// `longest-jump`: the longest continuous run grows in steps. Every session
/// that outgrows the earlier weeks is named, not only the week's first.
pub fn longest_jump(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let mut so_far: Option<(usize, u64)> = None;
    for (i, w) in placed.weeks.iter().enumerate() {
        if let Some((sw, longest)) = so_far {
            let allowed = longest_allowed(longest, settings);
            let breaking = placed.sessions.iter().filter(|s| {
                s.addr.week == i + 1 && s.is_training() && s.longest_run_seconds > allowed
            });
            for s in breaking {
                let between = steps_between(longest, s.longest_run_seconds, |x| {
                    longest_allowed(x, settings)
                });
                out.push(super::lifts::finding(
                    RuleId::LongestJump,
                    Severity::Warning,
                    s,
                    format!(
                        "{} has a {} min continuous run, up from {} min (week {sw}); the longest run grows by at most {}x and {} min a week ({} min here): build up to it with {} before it, or cut this run to {} min.",
                        s.label(),
                        format_minutes(s.longest_run_seconds),
                        format_minutes(longest),
                        settings.longest_jump_factor,
                        settings.longest_jump_minutes,
                        format_minutes(allowed),
                        weeks_of(&between, "min runs"),
                        format_minutes(allowed),
                    ),
                    format!(
                        "make the longest run grow by more than {}x or {} min over the weeks before; add weeks in between to build up to them",
                        settings.longest_jump_factor, settings.longest_jump_minutes
                    ),
                ));
            }
        }
        if so_far.is_none_or(|(_, l)| w.longest_run_seconds > l) {
            so_far = Some((i + 1, w.longest_run_seconds));
        }
    }
}

/// From this age a missed lighter week is a warning, not a note.
pub const DELOAD_WARNING_AGE: u32 = 50;

/// `deload`: in a program longer than a few weeks, no long stretch of weeks
/// without a lighter one (a note, a warning from 50).
pub fn deload(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    if placed.weeks.len() as f64 <= settings.deload_program_weeks {
        return;
    }
    let every = settings.deload_every_weeks.round() as usize;
    let lighter = lighter_weeks(placed, settings);
    // The taper's weeks (a session within 13 days of the race) are lighter
    // by design, as `taper` judges them: they end a run of building weeks.
    let plan = placed.plan;
    let tapering = |i: usize| {
        plan.race.is_some_and(|race| {
            plan.weeks.get(i).is_some_and(|w| {
                (0..w.sessions.len()).any(|d| {
                    plan.session_date(crate::Address {
                        week: i + 1,
                        session: d + 1,
                    })
                    .is_some_and(|date| (0..=13).contains(&(race - date).num_days()))
                })
            })
        })
    };
    // From 50 a missed lighter week is a warning: recovery slows further,
    // and the step back is what keeps a masters beginner injury-free.
    let severity = if plan.age.is_some_and(|a| a >= DELOAD_WARNING_AGE) {
        Severity::Warning
    } else {
        Severity::Note
    };
    let mut streak = 0;
    for (i, &l) in lighter.iter().enumerate() {
        streak = if l || tapering(i) { 0 } else { streak + 1 };
        if streak == every {
            let week = i + 1;
            out.push(week_finding(
                placed,
                week,
                RuleId::Deload,
                severity,
                format!(
                    "Weeks {} to {week} all build with no lighter week; runners over 40 recover better with an easier week (about {} % less running) every {every} weeks: make week {week} lighter.",
                    week + 1 - every,
                    settings.deload_percent,
                ),
                format!(
                    "end {every} weeks in a row with no lighter one; runners over 40 recover better with an easier week (about {} % less running) every {every} weeks",
                    settings.deload_percent
                ),
            ));
            streak = 0;
        }
    }
}
