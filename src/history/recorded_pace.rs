//! The runner's easy running pace as their recordings show it: a pace
//! source for the planner and the coach, beside `--pace` and the profile's.
//!
//! Only what a watch or a phone measured counts: sessions imported by `log
//! import` that say how far their runs went, from the last few weeks (a
//! pace of three months ago is not today's), the running alone (a
//! run-walk's walks would make a runner look slower than they run), and
//! easy running only: a session whose heart rate went too high was not
//! easy, and is left out. The pace is the median of the sessions' running
//! paces, so one run on a GPS that lost its way does not move it.

use std::borrow::Borrow;

use chrono::NaiveDate;

use crate::plan::pace::{Pace, Unit, SECONDS_PER_KM};

use super::Entry;

/// How far back recordings count, in days: the last four weeks.
pub const RECENT_DAYS: i64 = 28;
/// A session counts when it held at least this much running: a minute's
/// jog says little of a pace.
pub const SHORTEST_RUNNING_SECONDS: u32 = 120;
/// The pace is given once the sessions that count hold this much running
/// in all (ten minutes: two beginner sessions of run-walk).
pub const ENOUGH_RUNNING_SECONDS: u32 = 600;

/// The runner's recent easy running pace, and what it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedPace {
    /// Per kilometre.
    pub pace: Pace,
    /// How many recorded sessions it came from.
    pub sessions: usize,
    /// Their running, in all.
    pub run_seconds: u32,
    /// The day of the oldest of them.
    pub since: NaiveDate,
}

/// The runner's easy running pace from the journal's imported recordings
/// of the [`RECENT_DAYS`] up to `today` (running only, each session with at
/// least [`SHORTEST_RUNNING_SECONDS`] of it, none whose heart rate went too
/// high); `None` when they hold less than [`ENOUGH_RUNNING_SECONDS`] of
/// running, or a pace no beginner's plan could hold (a broken GPS).
pub fn recorded_easy_pace<E: Borrow<Entry>>(
    entries: impl IntoIterator<Item = E>,
    today: NaiveDate,
) -> Option<RecordedPace> {
    let from = today - chrono::Duration::days(RECENT_DAYS - 1);
    let mut paces: Vec<u32> = Vec::new();
    let mut run_seconds: u32 = 0;
    let mut since: Option<NaiveDate> = None;
    for e in entries {
        let e = e.borrow();
        let day = e.started.date_naive();
        if e.recording.is_none() || day < from || day > today {
            continue;
        }
        if e.progress.run_seconds_done < SHORTEST_RUNNING_SECONDS
            || e.heart_rate.is_some_and(|h| h.too_hard())
        {
            continue;
        }
        let Some(p) = e.run_pace_seconds_per_km() else {
            continue;
        };
        paces.push(p);
        run_seconds = run_seconds.saturating_add(e.progress.run_seconds_done);
        since = Some(since.map_or(day, |s| s.min(day)));
    }
    if run_seconds < ENOUGH_RUNNING_SECONDS {
        return None;
    }
    paces.sort_unstable();
    let n = paces.len();
    // The median; of an even count, the slower middle one (easy errs slow).
    let median = paces[n / 2];
    if !SECONDS_PER_KM.contains(&u64::from(median)) {
        return None;
    }
    Some(RecordedPace {
        pace: Pace {
            seconds: median,
            unit: Unit::Km,
        },
        sessions: n,
        run_seconds,
        since: since?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Covered, HeartRate, Outcome, PlanProgress};
    use super::*;
    use chrono::DateTime;

    /// A recorded session on `date` with `run` seconds of running over
    /// `run_metres`, and 20 minutes of walking besides.
    fn recorded(date: &str, run: u32, run_metres: u32) -> Entry {
        Entry {
            session: date.into(),
            plan: None,
            steps: None,
            started: DateTime::parse_from_rfc3339(&format!("{date}T07:00:00+00:00")).expect("date"),
            progress: PlanProgress {
                seconds_spent: run + 1200,
                run_seconds_done: run,
                longest_run_seconds: run,
                ..PlanProgress::default()
            },
            run_seconds_planned: None,
            longest_known: true,
            outcome: Outcome::Done,
            effort: None,
            note: None,
            pain: None,
            interrupted: false,
            recording: Some(format!("/watch/{date}.fit")),
            heart_rate: None,
            distance: Some(Covered {
                metres: run_metres + 1200 * 16 / 10,
                run_metres,
            }),
            run_seconds_per_km: None,
            trial: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 9).expect("date")
    }

    #[test]
    fn the_running_pace_of_recent_recordings_not_the_walks() {
        // 8 min of running over 1000 m: 8:00/km, whatever the walks were.
        let e = [
            recorded("2026-12-02", 480, 1000),
            recorded("2026-12-04", 480, 1000),
        ];
        let p = recorded_easy_pace(&e, today()).expect("a pace");
        assert_eq!(p.pace.to_string(), "8:00/km");
        assert_eq!((p.sessions, p.run_seconds), (2, 960));
        assert_eq!(p.since.to_string(), "2026-12-02");
    }

    #[test]
    fn the_median_session_so_one_bad_gps_does_not_move_it() {
        let e = [
            recorded("2026-12-01", 600, 1250), // 8:00/km
            recorded("2026-12-03", 600, 1200), // 8:20/km
            recorded("2026-12-05", 600, 3000), // 3:20/km: the GPS jumped
            recorded("2026-12-07", 588, 1200), // 8:10/km
        ];
        // Of 3:20, 8:00, 8:10 and 8:20, the slower middle one.
        let p = recorded_easy_pace(e.iter(), today()).expect("a pace");
        assert_eq!(p.pace.to_string(), "8:10/km");
        assert_eq!(
            recorded_easy_pace(&e[..3], today()).map(|p| p.pace.to_string()),
            Some("8:00/km".into())
        );
    }

    #[test]
    fn old_short_hard_and_hand_logged_sessions_do_not_count() {
        let old = recorded("2026-11-11", 1200, 2500); // 29 days before
        let short = recorded("2026-12-08", 60, 100);
        let mut hard = recorded("2026-12-07", 1200, 3000);
        hard.heart_rate = Some(HeartRate {
            average: 170,
            highest: 182,
            limit: Some(153),
            over_seconds: 900,
        });
        let mut by_hand = recorded("2026-12-06", 1200, 2500);
        by_hand.recording = None;
        let mut no_distance = recorded("2026-12-05", 1200, 2500);
        no_distance.distance = None;
        let tomorrow = recorded("2026-12-10", 1200, 2500);
        let all = [old, short, hard, by_hand, no_distance, tomorrow];
        assert_eq!(recorded_easy_pace(&all, today()), None);
        // The 28th day back still counts.
        let edge = recorded("2026-11-12", 600, 1250);
        assert_eq!(
            recorded_easy_pace([edge], today()).map(|p| p.pace.seconds),
            Some(480)
        );
    }

    #[test]
    fn too_little_running_or_a_pace_no_plan_holds_gives_none() {
        assert_eq!(
            recorded_easy_pace([recorded("2026-12-08", 500, 1000)], today()),
            None
        );
        // 25 min a kilometre: a walk with a broken cadence sensor.
        assert_eq!(
            recorded_easy_pace([recorded("2026-12-08", 1500, 1000)], today()),
            None
        );
    }
}
