//! The pace check a generated plan opens with when the runner's pace is not
//! known: a timed kilometre (or mile), Galloway's "magic mile", run steadily
//! after a ten-minute warm-up. Its time becomes the runner's pace
//! (`history::time_trial`), so the plan's distances and a treadmill's speeds
//! stop resting on an assumed pace.
//!
//! It is a pass over the weeks the planner has already built and placed:
//! the engine knows nothing of it. The trial takes the place of the first
//! easy run of the first week whose own longest run without a walk already
//! lasts as long as the trial's distance takes at the assumed pace, so no
//! runner is asked to run further without stopping than the plan had them
//! run anyway (a walker's trial comes weeks in, never in week 1). It never
//! replaces a long run, and never falls in a lighter week, the taper or race
//! week; the plan with it must still keep the planner's promise
//! ([`super::promise`]), or the next week is tried.

use crate::plan::pace::{Pace, Paces, Unit};
use crate::plan::steps::{self, Session};
use crate::plan::{Address, Plan, PlannedSession, Purpose};
use crate::rules::Settings;

/// How a time trial's note starts: the coach knows it by this
/// ([`crate::cues::speech::Note`]).
pub const NOTE_START: &str = "time trial:";

/// From this age the trial asks for an effort at which a few words can
/// still be said, rather than "comfortably hard".
pub const STEADY_FROM_AGE: u32 = 60;

/// Live, a trial's run lasts as long as the distance takes at this pace,
/// slower than any running: a ceiling, since the runner ends it with `n` at
/// the distance and that moment is the trial's time.
pub const LIVE_CEILING: Pace = Pace {
    seconds: 15 * 60,
    unit: Unit::Km,
};

/// The trial's distance in the steps grammar: one kilometre, or one mile.
pub fn distance_text(unit: Unit) -> &'static str {
    match unit {
        Unit::Km => "1km",
        Unit::Mi => "1mi",
    }
}

/// The trial session: about ten minutes of brisk walking with three short
/// easy jogs to warm up (as Galloway warms up for the magic mile), the
/// distance run steadily, then a walk to cool down. `make_up` seconds of
/// easy jogging after a two-minute walk keep the week's running what the
/// plan had (so the week after grows no faster than the rules let it):
/// the easy run it replaces, less the trial's own running.
pub fn session(unit: Unit, make_up: u64) -> Option<Session> {
    let after = match make_up.div_ceil(30) * 30 {
        0 => String::new(),
        s => format!("walk 2m, run {}, ", steps::format_duration(s)),
    };
    steps::parse(&format!(
        "warmup 6m, 3x(run 20s, walk 1m), run {}, {after}cooldown 5m",
        distance_text(unit)
    ))
    .ok()
}

/// What the plan says of the trial, as `show` prints it and the coach's
/// intro says it.
pub fn note(unit: Unit, age: Option<u32>) -> String {
    let d = match unit {
        Unit::Km => "1 km",
        Unit::Mi => "1 mile",
    };
    let effort = if age.is_some_and(|a| a >= STEADY_FROM_AGE) {
        "steady, at an effort where you could still say a few words, never flat out"
    } else {
        "steadily, comfortably hard but not flat out (an all-out effort is not worth the risk past 40)"
    };
    format!(
        "{NOTE_START} after the warm-up, run {d} {effort}; press n when the treadmill or watch shows {d}: \
         that time sets your training pace. If anything hurts, or your chest feels tight, stop and walk"
    )
}

/// The running the trial's distance takes at the assumed pace: a week's
/// runs must already last this long without a walk.
pub fn needed_seconds(unit: Unit) -> u64 {
    Paces::ASSUMED.run.seconds_for_mm(unit.millimetres())
}

/// Whether a week is one a trial must not fall in: a lighter week, the
/// taper or race week.
fn kept_easy(week: &crate::plan::Week) -> bool {
    week.sessions.iter().any(|s| {
        s.purpose == Some(Purpose::Race)
            || s.note.as_deref().is_some_and(|n| {
                let n = n.trim().to_lowercase();
                ["lighter week", "taper", "race week", "shake-out"]
                    .iter()
                    .any(|start| n.starts_with(start))
            })
    })
}

/// The plan with its time trial in place, and where: in the first week
/// that allows one (see the module's words), or `None` when no week does
/// (the plan's runs never get long enough).
pub fn open_with(plan: &Plan, unit: Unit, settings: &Settings) -> Option<(Plan, Address)> {
    let need = needed_seconds(unit);
    let bare = session(unit, 0)?;
    for (w, week) in plan.weeks.iter().enumerate() {
        let longest = week
            .sessions
            .iter()
            .map(|s| s.steps.longest_run_seconds())
            .max()
            .unwrap_or(0);
        if longest < need || kept_easy(week) {
            continue;
        }
        // The first easy run, else the first run-walk: never the long run.
        let Some(i) = [Purpose::Easy, Purpose::Intervals]
            .iter()
            .find_map(|p| week.sessions.iter().position(|s| s.purpose == Some(*p)))
        else {
            continue;
        };
        let mut with = plan.clone();
        let old = &with.weeks[w].sessions[i];
        let make_up = old.steps.run_seconds().saturating_sub(bare.run_seconds());
        let Some(trial) = session(unit, make_up) else {
            continue;
        };
        with.weeks[w].sessions[i] = PlannedSession {
            day: old.day,
            at: old.at,
            steps: trial,
            note: Some(note(unit, plan.age)),
            purpose: Some(Purpose::TimeTrial),
            line: old.line,
        };
        if super::promise::keep(&with, settings).is_ok() {
            return Some((
                with,
                Address {
                    week: w + 1,
                    session: i + 1,
                },
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trial_session_reads_and_holds_its_distance() {
        for unit in [Unit::Km, Unit::Mi] {
            let s = session(unit, 0).expect("the trial's steps read");
            assert_eq!(
                s.distance_metres(),
                Some(if unit == Unit::Km { 1000 } else { 1609 })
            );
            // Ten minutes of warming up before the distance.
            let before: u64 = s
                .segments()
                .iter()
                .take_while(|g| g.distance.is_none())
                .map(|g| u64::from(g.seconds))
                .sum();
            assert_eq!(before, 10 * 60, "{s}");
        }
    }

    #[test]
    fn easy_jogging_after_makes_up_the_running_of_the_run_it_replaces() {
        let s = session(Unit::Km, 150).expect("steps");
        assert_eq!(
            s.to_string(),
            "warmup 6m, 3x(run 20s, walk 1m), run 1km, walk 2m, run 2m30s, cooldown 5m"
        );
    }

    #[test]
    fn the_note_asks_for_less_past_sixty() {
        assert!(note(Unit::Km, Some(45)).contains("comfortably hard but not flat out"));
        let older = note(Unit::Mi, Some(66));
        assert!(older.contains("could still say a few words"), "{older}");
        assert!(older.contains("1 mile"), "{older}");
        assert!(older.starts_with(NOTE_START));
    }
}
