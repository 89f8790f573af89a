//! `race-lifts`: the lifts of race week. No heavy legs in the five days
//! before the race, so the legs arrive fresh, and no lift at all the day
//! before or on race day (docs/coaching.md, "Race week"). The race cannot
//! move, so the advice is always to move or skip the lift; a plan that says
//! so (a `[[lift.exception]]` that skips it, moves it away or keeps it to
//! the upper body) has nothing to fix.

use chrono::NaiveDate;

use super::lifts::RACE_ADVICE;
use super::load::week_finding;
use super::placed::Placed;
use super::{Finding, RuleId, Settings, Severity};

pub fn race_lifts(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(race) = race_day(placed) else {
        return;
    };
    let legs_days = settings.race_lifts_legs_days.round() as i64;
    let rest_days = settings.race_lifts_rest_days.round() as i64;
    let race_date = placed.date_of(race);
    let race_words = race_date
        .map(|d| format!(" on {}", d.format("%a %-d %b")))
        .unwrap_or_default();
    for before in (0..=legs_days.max(rest_days)).rev() {
        let day = race - before;
        for lift in placed.lifts_on(day) {
            let when = match placed.date_of(day) {
                Some(d) => d.format("%a %-d %b").to_string(),
                None => super::placed::day_name(lift.day).to_string(),
            };
            let what = format!(
                "Your {}{} lift on {when}",
                lift.at.format("%H:%M"),
                if lift.legs { " heavy-legs" } else { "" }
            );
            let message = if before == 0 {
                format!(
                    "{what} is on race day; the race is workout enough for the day: {RACE_ADVICE}."
                )
            } else if before <= rest_days {
                format!(
                    "{what} is {} before the race{race_words}; rest the day before a race: {RACE_ADVICE}.",
                    days_words(before)
                )
            } else if lift.legs && before <= legs_days {
                let earliest = placed
                    .date_of(race - legs_days - 1)
                    .map(|d| format!(" to {} or earlier", d.format("%a %-d %b")))
                    .unwrap_or_default();
                format!(
                    "{what} is {} before the race{race_words}; no heavy legs in the {legs_days} days before a race, so the legs arrive fresh: {RACE_ADVICE} (move it{earliest}, or lift upper body only that day).",
                    days_words(before)
                )
            } else {
                continue;
            };
            let week = usize::try_from(day.div_euclid(7) + 1)
                .unwrap_or(1)
                .clamp(1, placed.weeks.len().max(1));
            let date: Option<NaiveDate> = placed.date_of(day);
            out.push(Finding {
                date,
                line: placed.plan.race_line.0.or(week_finding_line(placed, week)),
                // One line each: a lift's date is its own, never one of many.
                group: format!("lift on {when} at {}", lift.at.format("%H:%M")),
                ..week_finding(
                    placed,
                    week,
                    RuleId::RaceLifts,
                    Severity::Warning,
                    message,
                    String::new(),
                )
            });
        }
    }
}

fn week_finding_line(placed: &Placed, week: usize) -> Option<usize> {
    placed.plan.weeks.get(week - 1).and_then(|w| w.line.0)
}

/// Race day's index: the plan's `race` date, else its last race session.
pub(super) fn race_day(placed: &Placed) -> Option<i64> {
    if let (Some(race), Some(start)) = (placed.plan.race, placed.plan.start) {
        return Some((race - start).num_days());
    }
    placed
        .sessions
        .iter()
        .filter(|s| s.is_race())
        .filter_map(|s| s.day_index)
        .next_back()
}

fn days_words(d: i64) -> String {
    if d == 1 {
        "the day".into()
    } else {
        format!("{d} days")
    }
}
