//! The runner's pace from their latest time trial: a pace source ahead of
//! the recordings' easy pace (`recorded_pace`), since a trial was run for
//! exactly this.
//!
//! A trial is run comfortably hard, faster than easy running. Its pace
//! becomes an easy pace the way Galloway turns a "magic mile" into training
//! paces: about two minutes a mile slower, which is 75 seconds a kilometre
//! (docs/coaching.md says why). A trial only counts when it was run as
//! asked and nothing went wrong: finished, not cut off, with no pain said
//! and no red flag in its note. A trial older than [`TRIAL_DAYS`] says
//! little of today's legs.

use std::borrow::Borrow;

use chrono::NaiveDate;

use crate::plan::pace::{Pace, Unit, SECONDS_PER_KM};

use super::feedback::{flags_in, Flag};
use super::{Entry, Outcome, Pain};

/// How long a trial's result stands, in days: eight weeks.
pub const TRIAL_DAYS: i64 = 56;
/// A trial's pace slowed by this much a kilometre is the easy pace: about
/// Galloway's two minutes a mile.
pub const EASY_ADDS_SECONDS_PER_KM: u32 = 75;

/// The pace a time trial gives, and the trial it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrialPace {
    /// The easy pace, in the trial's unit.
    pub pace: Pace,
    /// The trial's own pace, in its unit.
    pub trial: Pace,
    /// The day it was run.
    pub on: NaiveDate,
}

/// The easy pace of a trial over `metres` in `seconds`, in `unit`; `None`
/// for a time no runner's trial could be (a typo, a watch gone wrong).
pub fn easy_pace_from_trial(metres: u32, seconds: u32, unit: Unit) -> Option<(Pace, Pace)> {
    if metres == 0 || seconds == 0 {
        return None;
    }
    let per_km = (u64::from(seconds) * 1000 + u64::from(metres) / 2) / u64::from(metres);
    if !SECONDS_PER_KM.contains(&per_km) {
        return None;
    }
    let per_km = u32::try_from(per_km).ok()?;
    let easy = per_km + EASY_ADDS_SECONDS_PER_KM;
    if !SECONDS_PER_KM.contains(&u64::from(easy)) {
        return None;
    }
    let km = |seconds| Pace {
        seconds,
        unit: Unit::Km,
    };
    Some((km(easy).in_unit(unit), km(per_km).in_unit(unit)))
}

/// Why a trial's time cannot be trusted, if it cannot: it was not run to
/// its end, it was cut off, or pain or a red flag was said.
pub fn untrusted_why(e: &Entry) -> Option<&'static str> {
    let flagged = e.note.as_deref().is_some_and(|n| {
        flags_in(n)
            .iter()
            .any(|f| !matches!(f, Flag::CouldNotTalk | Flag::Burning | Flag::OutOfBreath))
    });
    if e.pain.is_some_and(|p| p != Pain::None) || flagged {
        Some("with pain or a red flag said, a time is not a pace to train at; run the trial again once you are well")
    } else if e.interrupted || e.outcome != Outcome::Done {
        Some("it was not run to its end")
    } else {
        None
    }
}

fn trusted(e: &Entry) -> bool {
    untrusted_why(e).is_none()
}

/// The pace of the latest trusted time trial of the [`TRIAL_DAYS`] up to
/// `today`; its unit is the trial's (a mile's trial gives a pace a mile).
pub fn latest_trial<E: Borrow<Entry>>(
    entries: impl IntoIterator<Item = E>,
    today: NaiveDate,
) -> Option<TrialPace> {
    let from = today - chrono::Duration::days(TRIAL_DAYS - 1);
    let mut best: Option<(chrono::DateTime<chrono::FixedOffset>, TrialPace)> = None;
    for e in entries {
        let e = e.borrow();
        let Some(t) = e.trial else { continue };
        let day = e.started.date_naive();
        if day < from || day > today || !trusted(e) {
            continue;
        }
        // A mile is 1609 m: a trial of about a mile says its pace a mile.
        let unit = if (1500..=1700).contains(&t.metres) {
            Unit::Mi
        } else {
            Unit::Km
        };
        let Some((pace, trial)) = easy_pace_from_trial(t.metres, t.seconds, unit) else {
            continue;
        };
        if best.is_none_or(|(at, _)| e.started >= at) {
            best = Some((
                e.started,
                TrialPace {
                    pace,
                    trial,
                    on: day,
                },
            ));
        }
    }
    best.map(|(_, t)| t)
}

/// The metres a session's time trial covers: its one run over a distance
/// (`None` when it has none, or more than one, so no time could be its).
pub fn trial_metres(session: &crate::plan::steps::Session) -> Option<u32> {
    let mut runs = session
        .segments()
        .into_iter()
        .filter(|g| g.kind.is_run())
        .filter_map(|g| g.distance);
    let d = runs.next()?;
    if runs.next().is_some() {
        return None;
    }
    u32::try_from(d.metres()).ok().filter(|m| *m > 0)
}

/// A trial's distance in words: "1 km", "1 mile", else its metres.
pub fn trial_distance_words(metres: u32) -> String {
    match metres {
        1000 => "1 km".to_string(),
        1609 => "1 mile".to_string(),
        m => format!("{m} m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trial_gives_an_easy_pace_75_seconds_a_kilometre_slower() {
        let (easy, trial) = easy_pace_from_trial(1000, 7 * 60, Unit::Km).expect("pace");
        assert_eq!(trial.seconds, 7 * 60);
        assert_eq!(easy.seconds, 8 * 60 + 15);
        // A 12:00 mile is 7:27/km; easy is 8:42/km, 14:00/mi.
        let (easy, trial) = easy_pace_from_trial(1609, 12 * 60, Unit::Mi).expect("pace");
        // Through whole seconds a kilometre: a second either way.
        assert!(trial.seconds.abs_diff(12 * 60) <= 1, "{trial}");
        assert_eq!(easy.to_string(), "14:00/mi");
    }

    #[test]
    fn a_time_no_trial_could_take_gives_no_pace() {
        assert_eq!(easy_pace_from_trial(1000, 60, Unit::Km), None);
        assert_eq!(easy_pace_from_trial(1000, 0, Unit::Km), None);
        assert_eq!(easy_pace_from_trial(1000, 20 * 60, Unit::Km), None);
    }
}
