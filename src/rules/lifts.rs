//! How runs sit around strength sessions: `same-day-gap` (with the
//! `cooldown-jog` exemption), `post-lift-limit`, `separate-days`,
//! `priority-order` and `heavy-legs`.
//!
//! Their advice moves the run, never the race: on race day it is the lift
//! that moves or is skipped (docs/coaching.md, "Race week").

use super::placed::{cooldown_after, day_name, hours_minutes, Placed, PlacedSession};
use super::{Finding, RuleId, Settings, Severity};
use crate::plan::steps::format_minutes;
use crate::plan::{Lift, Priority, Purpose};

/// What to do instead, for a run too close to a lift: "move the run to
/// Friday"; for the race, which cannot move, "move or skip the lift".
fn instead(placed: &Placed, s: &PlacedSession, settings: &Settings) -> String {
    if s.is_race() {
        RACE_ADVICE.into()
    } else {
        format!("move the run to {}", move_to(placed, s, settings))
    }
}

/// The advice for a lift too close to the race.
pub(super) const RACE_ADVICE: &str = "move or skip the lift, as the race cannot move";

/// Run every same-day and post-lift rule that `settings` enables.
pub fn check(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    for s in placed.sessions.iter().filter(|s| s.run_seconds > 0) {
        let Some(day) = s.day_index else { continue };
        if s.at.is_none() {
            if let Some(lift) = placed.lifts_on(day).first() {
                if settings.enabled(RuleId::SameDayGap) {
                    out.push(finding(
                        RuleId::SameDayGap,
                        Severity::Warning,
                        s,
                        format!(
                            "{} is on a lift day but has no time, so the gap to your {} lift \
                             cannot be checked; give it a time at least {} away from the lift, \
                             or {}.",
                            s.label(),
                            lift.at.format("%H:%M"),
                            hours_minutes(Settings::minutes(settings.same_day_gap_hours)),
                            if s.is_race() {
                                RACE_ADVICE.to_string()
                            } else {
                                format!("move it to {}", move_to(placed, s, settings))
                            }
                        ),
                        format!(
                            "are on a lift day with no time, so the gap to the lift cannot be \
                             checked; give each a time at least {} away from the lift",
                            hours_minutes(Settings::minutes(settings.same_day_gap_hours)),
                        ),
                    ));
                }
            }
            continue;
        }
        // A lift late the evening before that runs past midnight shares this
        // day's hours as much as one in the morning does.
        for (lift, lift_day) in placed.lifts_touching(day) {
            same_day(placed, s, &lift, lift_day, settings, out);
        }
        // A lift late the evening before can still be inside the window.
        for lift_day in [day, day - 1] {
            for lift in placed.lifts_on(lift_day) {
                post_lift(placed, s, &lift, lift_day, settings, out);
            }
        }
    }
}

fn same_day(
    placed: &Placed,
    s: &PlacedSession,
    lift: &Lift,
    lift_day: i64,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
    let Some((rs, re)) = s.span() else { return };
    let (ls, le) = Placed::lift_span(lift, lift_day);
    if cooldown_after(s, le, settings) {
        return;
    }
    let need = Settings::minutes(settings.same_day_gap_hours);
    let lift_name = if Some(lift_day) == s.day_index {
        format!("your {} lift", lift.at.format("%H:%M"))
    } else {
        format!(
            "{}'s {} lift (it ends after midnight)",
            day_name(lift.day),
            lift.at.format("%H:%M")
        )
    };
    let run_after = rs >= le;
    let gap = if run_after {
        Some(rs - le)
    } else if re <= ls {
        Some(ls - re)
    } else {
        None
    };
    let too_close = format!(
        "are closer than {} to a lift on the same day; keep at least {} between them, or move them to a day without a lift",
        hours_minutes(need),
        hours_minutes(need)
    );
    match gap {
        None => {
            if settings.enabled(RuleId::SameDayGap) {
                out.push(finding(
                    RuleId::SameDayGap,
                    Severity::Error,
                    s,
                    format!(
                        "{} overlaps {lift_name}; keep at least {} between them, or {}.",
                        s.label(),
                        hours_minutes(need),
                        instead(placed, s, settings)
                    ),
                    too_close,
                ));
            }
            return;
        }
        Some(gap) if gap < need => {
            if settings.enabled(RuleId::SameDayGap) {
                let how = if run_after {
                    format!("starts {} after {lift_name} ends", hours_minutes(gap))
                } else {
                    format!("ends {} before {lift_name} starts", hours_minutes(gap))
                };
                out.push(finding(
                    RuleId::SameDayGap,
                    Severity::Error,
                    s,
                    format!(
                        "{} {how}; keep at least {} between them, or {}.",
                        s.label(),
                        hours_minutes(need),
                        instead(placed, s, settings)
                    ),
                    too_close,
                ));
            }
        }
        Some(gap) => {
            if settings.enabled(RuleId::SeparateDays) && Some(lift_day) == s.day_index {
                out.push(finding(
                    RuleId::SeparateDays,
                    Severity::Note,
                    s,
                    format!(
                        "{} shares {} with your {} lift, {} apart: safe, though different days are the ideal.",
                        s.label(),
                        day_name(lift.day),
                        lift.at.format("%H:%M"),
                        hours_minutes(gap)
                    ),
                    format!(
                        "share a day with a lift, at least {} apart: safe, though different days are the ideal",
                        hours_minutes(need)
                    ),
                ));
            }
        }
    }
    if !settings.enabled(RuleId::PriorityOrder) {
        return;
    }
    let (advice, group) = match (placed.plan.priority, run_after) {
        (Some(Priority::Strength), false) => (
            format!(
                "{} runs before {lift_name}, but your priority is strength: lift first and keep cardio after it short, or run on another day.",
                s.label()
            ),
            "run before a lift on the same day, but your priority is strength: lift first, or run on another day",
        ),
        (Some(Priority::Endurance), true) => (
            format!(
                "{} runs after {lift_name}, but your priority is endurance: run first, or on a day without a lift.",
                s.label()
            ),
            "run after a lift on the same day, but your priority is endurance: run first, or on a day without a lift",
        ),
        _ => return,
    };
    out.push(finding(
        RuleId::PriorityOrder,
        Severity::Warning,
        s,
        advice,
        group.to_string(),
    ));
}

fn post_lift(
    placed: &Placed,
    s: &PlacedSession,
    lift: &Lift,
    lift_day: i64,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
    if !settings.enabled(RuleId::PostLiftLimit) {
        return;
    }
    let Some((rs, _)) = s.span() else { return };
    let (_, le) = Placed::lift_span(lift, lift_day);
    let window = Settings::minutes(settings.post_lift_window_hours);
    if rs < le || rs - le >= window || cooldown_after(s, le, settings) {
        return;
    }
    let warn = Settings::seconds(settings.post_lift_warning_minutes);
    let error = Settings::seconds(settings.post_lift_error_minutes);
    let (severity, limit) = if s.run_seconds > error {
        (Severity::Error, error)
    } else if s.run_seconds > warn {
        (Severity::Warning, warn)
    } else {
        return;
    };
    let when = if lift_day == s.day_index.unwrap_or(lift_day) {
        format!("your {} lift", lift.at.format("%H:%M"))
    } else {
        format!("{}'s {} lift", day_name(lift.day), lift.at.format("%H:%M"))
    };
    let advice = if s.is_race() {
        RACE_ADVICE.to_string()
    } else {
        format!(
            "within {} of lifting keep it to an easy {} min ({} at most), or {}",
            hours_minutes(window),
            format_minutes(warn),
            format_minutes(error),
            instead(placed, s, settings)
        )
    };
    out.push(finding(
        RuleId::PostLiftLimit,
        severity,
        s,
        format!(
            "{} holds {} min of running {} after {when} ends; {advice}.",
            s.label(),
            format_minutes(s.run_seconds),
            hours_minutes(rs - le),
        ),
        format!(
            "hold more than {} min of running within {} after a lift; keep post-lift running to an easy {} min, or move them to a day without a lift",
            format_minutes(limit),
            hours_minutes(window),
            format_minutes(warn),
        ),
    ));
}

/// A long or hard run, as `heavy-legs` sees one: the week's long run
/// (`purpose = "long"`), or `heavy_legs_minutes` of running or more. A
/// cool-down jog and the race are neither: the race is `race-lifts`' to
/// guard, and it is the lift that gives way to it.
pub(super) fn is_hard(s: &PlacedSession, settings: &Settings) -> bool {
    !s.cooldown
        && !s.is_race()
        && s.run_seconds > 0
        && (s.run_seconds >= Settings::seconds(settings.heavy_legs_minutes)
            || s.session.purpose == Some(Purpose::Long))
}

/// Whether a heavy-legs lift falls on this day or the day before: no day
/// for a long or hard run.
pub(super) fn tired_legs(placed: &Placed, day: i64) -> bool {
    placed.lifts_on(day).iter().any(|l| l.legs) || placed.lifts_on(day - 1).iter().any(|l| l.legs)
}

/// `heavy-legs`: no long or hard run on the day of a heavy lower-body lift,
/// before it or after it, nor on the day after.
pub fn heavy_legs(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let long = Settings::seconds(settings.heavy_legs_minutes);
    for s in placed.sessions.iter().filter(|s| is_hard(s, settings)) {
        let Some(day) = s.day_index else { continue };
        let what = if s.run_seconds >= long {
            format!("holds {} min of running", format_minutes(s.run_seconds))
        } else {
            "is the week's long run".to_string()
        };
        let today = placed.lifts_on(day).into_iter().find(|l| l.legs);
        let message = if let Some(lift) = today {
            let order = match s.at {
                Some(at) if at >= crate::plan::minute_of_day(lift.at) => "after",
                Some(_) => "before",
                None => "on the day of",
            };
            format!(
                "{} {what} {order} your {} heavy-legs lift that day; \
                 a long or hard run and heavy legs on one day tire the same legs twice: \
                 move the run to {} or lift legs on another day.",
                s.label(),
                lift.at.format("%H:%M"),
                move_to(placed, s, settings)
            )
        } else if let Some(lift) = placed.lifts_on(day - 1).into_iter().find(|l| l.legs) {
            format!(
                "{} {what} the day after your heavy-legs lift on {}; \
                 tired legs make a long run a hard one: move it to {} or lift legs on another day.",
                s.label(),
                day_name(lift.day),
                move_to(placed, s, settings)
            )
        } else {
            continue;
        };
        out.push(finding(
            RuleId::HeavyLegs,
            Severity::Warning,
            s,
            message,
            format!(
                "are long runs or hold {} min of running or more on or the day after a heavy-legs lift; \
                 move them to another day, or lift legs on another day",
                format_minutes(long)
            ),
        ));
    }
}

/// A day of the same week to suggest: no lift, no other session, and not
/// beside another run when such a day exists; for a long or hard run, not
/// on or the day after heavy legs either.
pub(super) fn move_to(placed: &Placed, s: &PlacedSession, settings: &Settings) -> String {
    let Some(day) = s.day_index else {
        return "a day without a lift".into();
    };
    let week_start = day - day.rem_euclid(7);
    let run_days: Vec<i64> = placed
        .sessions
        .iter()
        .filter(|o| o.addr.week == s.addr.week && o.addr != s.addr && o.run_seconds > 0)
        .filter_map(|o| o.day_index)
        .collect();
    let hard = is_hard(s, settings);
    let free = |d: i64| {
        placed.lifts_on(d).is_empty() && !run_days.contains(&d) && !(hard && tired_legs(placed, d))
    };
    let lonely = |d: i64| !run_days.iter().any(|r| (r - d).abs() <= 1);
    let candidates: Vec<i64> = (1..7)
        .map(|k| week_start + (day - week_start + k) % 7)
        .collect();
    let pick = candidates
        .iter()
        .find(|&&d| free(d) && lonely(d))
        .or_else(|| candidates.iter().find(|&&d| free(d)));
    match pick {
        Some(&d) => day_name(placed.weekday_of(d)).to_string(),
        None => "a day without a lift (or move the lift)".into(),
    }
}

/// A finding about one session; `group` is what many such findings share, in
/// the plural ("share a day with a lift ..."), for the one-line summary.
pub(super) fn finding(
    rule: RuleId,
    severity: Severity,
    s: &PlacedSession,
    message: String,
    group: String,
) -> Finding {
    Finding {
        rule,
        severity,
        address: Some(s.addr),
        week: s.addr.week,
        date: s.date,
        line: s.line(),
        message,
        group,
    }
}
