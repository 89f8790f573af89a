//! A recording held against a plan session: whether it was that session at
//! all, and how far it got, in the journal's own terms (running done
//! against planned, the longest run, done or partial by the same 90 % rule
//! as a session played at the laptop).

use crate::history::PlanProgress;
use crate::plan::steps::{self, Segment, Session, Step};

use super::segments::{Found, Kind};

/// A recording this much longer than the session (moving time), and 10
/// minutes more, was some other outing.
const LONGER_SHARE: u32 = 150;
const LONGER_SLACK: u32 = 600;

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
