//! A recording held against a plan session: whether it was that session at
//! all, and how far it got, in the journal's own terms (running done
//! against planned, the longest run, done or partial by the same 90 % rule
//! as a session played at the laptop). And a recording held against one
//! already in the journal: whether they are the same run recorded twice.

use chrono::{DateTime, Utc};

use crate::history::PlanProgress;
use crate::plan::steps::{self, Segment, Session, Step};

use super::segments::{Found, Kind};

/// A recording this much longer than the session (moving time), and 10
/// minutes more, was some other outing.
const LONGER_SHARE: u32 = 150;
const LONGER_SLACK: u32 = 600;

/// Two recordings that started this close together may be one run.
pub const SAME_START_SECONDS: i64 = 120;
/// ... and are, when they overlap in time for more than this share of the
/// longer one.
pub const SAME_OVERLAP_PERCENT: i64 = 50;

/// A recorded outing in time: when it started, and its moving time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub seconds: u32,
}

/// Whether `a` and `b` are one run recorded twice: the watch's FIT and the
/// phone's GPX of it, or the same run exported again from Strava. Devices
/// are started a few seconds apart and stopped a little apart, so their
/// starts differ by seconds and their lengths a little: they are one when
/// they started within [`SAME_START_SECONDS`] of each other and overlap for
/// most ([`SAME_OVERLAP_PERCENT`]) of the longer one. Two runs of one day
/// are hours apart; a warm-up walk recorded on its own, with the run
/// started after it, overlaps the run not at all.
pub fn same_run(a: Span, b: Span) -> bool {
    let (a0, b0) = (a.start.timestamp(), b.start.timestamp());
    let (a1, b1) = (a0 + i64::from(a.seconds), b0 + i64::from(b.seconds));
    let overlap = (a1.min(b1) - a0.max(b0)).max(0);
    let longer = i64::from(a.seconds.max(b.seconds));
    (a0 - b0).abs() <= SAME_START_SECONDS
        && (longer == 0 || overlap * 100 > longer * SAME_OVERLAP_PERCENT)
}

/// Whether `found` can be `session`: no far longer than it, with no far
/// longer a run in it, and with some running if the session has any. A
/// session cut short fits (it is then partial); a long run recorded on a
/// day of one-minute intervals does not, and is an extra session.
pub fn fits(found: &Found, session: &Session) -> bool {
    let total = u32::try_from(session.total_seconds()).unwrap_or(u32::MAX);
    let run = u32::try_from(session.run_seconds()).unwrap_or(u32::MAX);
    let longest = u32::try_from(session.longest_run_seconds()).unwrap_or(u32::MAX);
    let longer = |planned: u32, slack: u32| planned.saturating_mul(LONGER_SHARE) / 100 + slack;
    found.moving_seconds() <= longer(total, LONGER_SLACK)
        && found.run_seconds() <= longer(run, LONGER_SLACK / 2)
        && found.longest_run() <= longest.saturating_mul(2).saturating_add(120)
        && (run == 0 || found.run_seconds() > 0)
}

/// How far the recording got through `session`: its moving time, and the
/// running and longest run as found (not as planned: a walk break inside a
/// run is a break). Segments completed count as the session's, up to the
/// moving time.
pub fn progress(found: &Found, session: &Session) -> PlanProgress {
    let mut p = PlanProgress::at(session, found.moving_seconds());
    p.seconds_spent = found.moving_seconds();
    p.run_seconds_done = found.run_seconds();
    p.longest_run_seconds = found.longest_run();
    p
}

/// The recording as steps, for an extra session: each run and walk in
/// order (pauses left out).
pub fn as_steps(found: &Found) -> Session {
    let mut steps: Vec<Step> = Vec::new();
    for s in &found.stretches {
        let kind = match s.kind {
            Kind::Run => steps::Kind::Run,
            Kind::Walk => steps::Kind::Walk,
        };
        match steps.last_mut() {
            Some(Step::Segment(last)) if last.kind == kind => {
                last.seconds = (last.seconds + s.seconds).min(steps::MAX_SEGMENT_SECONDS)
            }
            _ => steps.push(Step::Segment(Segment::timed(
                kind,
                s.seconds.min(steps::MAX_SEGMENT_SECONDS),
            ))),
        }
    }
    Session::new(steps)
}

#[cfg(test)]
mod tests {
    use super::super::segments::Stretch;
    use super::*;

    fn found(parts: &[(Kind, u32)]) -> Found {
        let mut start = 0;
        Found {
            stretches: parts
                .iter()
                .map(|&(kind, seconds)| {
                    start += seconds;
                    Stretch {
                        kind,
                        start: start - seconds,
                        seconds,
                    }
                })
                .collect(),
            span_seconds: start,
            paused_seconds: 0,
            heart: None,
            distance: None,
            run_speed: None,
        }
    }

    fn w1() -> Session {
        steps::parse("warmup 5m, 8x(run 1m, walk 90s), cooldown 5m").unwrap()
    }

    #[test]
    fn a_session_whole_or_cut_short_fits_and_a_long_run_does_not() {
        let mut whole = vec![(Kind::Walk, 300)];
        for _ in 0..8 {
            whole.extend([(Kind::Run, 60), (Kind::Walk, 90)]);
        }
        whole.push((Kind::Walk, 300));
        assert!(fits(&found(&whole), &w1()));
        let p = progress(&found(&whole), &w1());
        assert_eq!((p.run_seconds_done, p.longest_run_seconds), (480, 60));
        assert_eq!(p.judge(&w1()), crate::history::Outcome::Done);
        let cut = found(&whole[..6]);
        assert!(fits(&cut, &w1()));
        assert_eq!(
            progress(&cut, &w1()).judge(&w1()),
            crate::history::Outcome::Partial
        );
        let long = found(&[(Kind::Walk, 300), (Kind::Run, 1800)]);
        assert!(!fits(&long, &w1()));
        assert_eq!(as_steps(&long).to_string(), "walk 5m, run 30m");
    }

    fn span(start: &str, minutes: f64) -> Span {
        Span {
            start: DateTime::parse_from_rfc3339(start)
                .expect("a time")
                .with_timezone(&Utc),
            seconds: (minutes * 60.0) as u32,
        }
    }

    #[test]
    fn one_run_recorded_twice_is_the_same_run() {
        let watch = span("2026-12-09T07:00:00Z", 30.0);
        // The phone started 7 s later and stopped half a minute sooner.
        let phone = span("2026-12-09T07:00:07Z", 29.4);
        assert!(same_run(watch, phone) && same_run(phone, watch));
        assert!(same_run(watch, watch), "the same file again");
        // Started 1:50 late, and left running on the walk home.
        assert!(same_run(watch, span("2026-12-09T07:01:50Z", 40.0)));
    }

    #[test]
    fn two_runs_of_one_day_are_two() {
        let morning = span("2026-12-09T07:00:00Z", 30.0);
        assert!(!same_run(morning, span("2026-12-09T18:00:00Z", 30.0)));
        // A warm-up walk saved on its own, the run started after it.
        let walk = span("2026-12-09T06:58:30Z", 1.5);
        assert!(!same_run(walk, morning));
        // Started within two minutes, yet a minute's recording and a run
        // of half an hour are not one.
        assert!(!same_run(span("2026-12-09T07:01:00Z", 1.0), morning));
        // Three minutes apart is not a device started late.
        assert!(!same_run(morning, span("2026-12-09T07:03:00Z", 30.0)));
    }

    #[test]
    fn an_extra_sessions_longest_run_is_the_one_found() {
        // Two runs of 5 min with the watch paused between: "run 10m" as
        // steps, yet no run was longer than 5 min.
        let mut f = found(&[(Kind::Run, 300), (Kind::Run, 300)]);
        f.stretches[1].start += 60;
        let s = as_steps(&f);
        assert_eq!(s.to_string(), "run 10m");
        let p = progress(&f, &s);
        assert_eq!((p.run_seconds_done, p.longest_run_seconds), (600, 300));
        assert_eq!(p.judge(&s), crate::history::Outcome::Done);
    }
}
