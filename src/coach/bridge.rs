//! A gentler step for a week that stays too hard: a bridge week between the
//! week before and this one.
//!
//! Each run of the hard week is shortened to halfway between the longest run
//! of the week before and itself (in 30-second steps, whole minutes from 10
//! minutes up), so the bridge sits between the two weeks. When there is no
//! room for that (week 2 of Couch to 5K runs 90 s after week 1's 60 s), the
//! runs stay and the walks between them grow by half. A session with neither
//! room nor walks has no bridge; the coach then goes back to the week before.

use std::fmt;

use crate::plan::steps::{format_duration, Kind, Segment, Session, Step};
use crate::plan::{Address, Plan};

/// How a hard week is made gentler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Easing {
    /// A bridge week: the longest run of `from` seconds becomes `to`.
    ShorterRuns { from: u32, to: u32 },
    /// A bridge week: the same runs, with walks of `to` seconds instead of `from`.
    LongerWalks { from: u32, to: u32 },
    /// No bridge can be made: the week before again.
    WeekBefore { week: usize },
}

impl fmt::Display for Easing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = |s: u32| format_duration(u64::from(s));
        match self {
            Easing::ShorterRuns { from, to } => write!(
                f,
                "first a gentler bridge week with runs of {} instead of {}, then this week again",
                d(*to),
                d(*from)
            ),
            Easing::LongerWalks { from, to } => write!(
                f,
                "first a gentler bridge week with the same runs and walks of {} instead of {}, \
                 then this week again",
                d(*to),
                d(*from)
            ),
            Easing::WeekBefore { week } => {
                write!(f, "back to week {week} first, then this week again")
            }
        }
    }
}

/// How week `week` of `plan` is eased: as its first session's bridge is.
pub fn easing(plan: &Plan, week: usize) -> Easing {
    let first = Address { week, session: 1 };
    match bridge(plan, first) {
        Some((_, how)) => how,
        None => Easing::WeekBefore {
            week: week.saturating_sub(1).max(1),
        },
    }
}

/// The bridge version of the session at `address`, and how it eases it.
pub fn bridge(plan: &Plan, address: Address) -> Option<(Session, Easing)> {
    let steps = &plan.session(address)?.steps;
    let before = address
        .week
        .checked_sub(1)
        .and_then(|w| plan.weeks.get(w.checked_sub(1)?))
        .map_or(0, |w| {
            w.sessions
                .iter()
                .map(|s| s.steps.longest_run_seconds())
                .max()
                .unwrap_or(0)
        });
    ease(steps, u32::try_from(before).unwrap_or(u32::MAX))
}

/// `steps` made gentler, given the longest run of the week before.
pub fn ease(steps: &Session, before: u32) -> Option<(Session, Easing)> {
    let segments = steps.segments();
    let longest = |kind: Kind| {
        segments
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.seconds)
            .max()
    };
    let longest_run = longest(Kind::Run)?;
    let shorter = |r: u32| {
        let mid = before.saturating_add(r) / 2;
        let unit = if mid >= 600 { 60 } else { 30 };
        let b = mid / unit * unit;
        (b > before && b < r).then_some(b)
    };
    let all_shorter = segments
        .iter()
        .filter(|s| s.kind == Kind::Run)
        .all(|s| shorter(s.seconds).is_some());
    if all_shorter {
        let to = shorter(longest_run)?;
        let eased = map(steps, &|s| match s.kind {
            Kind::Run => shorter(s.seconds).unwrap_or(s.seconds),
            _ => s.seconds,
        });
        return Some((
            eased,
            Easing::ShorterRuns {
                from: longest_run,
                to,
            },
        ));
    }
    let longest_walk = longest(Kind::Walk)?;
    let longer = |w: u32| (w.saturating_mul(3) / 2).div_ceil(30) * 30;
    let eased = map(steps, &|s| match s.kind {
        Kind::Walk => longer(s.seconds),
        _ => s.seconds,
    });
    Some((
        eased,
        Easing::LongerWalks {
            from: longest_walk,
            to: longer(longest_walk),
        },
    ))
}

/// The same shape with each segment's length changed by `f`.
fn map(session: &Session, f: &dyn Fn(&Segment) -> u32) -> Session {
    fn walk(steps: &[Step], f: &dyn Fn(&Segment) -> u32) -> Vec<Step> {
        steps
            .iter()
            .map(|s| match s {
                // An eased distance is a time: its distance no longer holds.
                Step::Segment(seg) => Step::Segment(Segment::timed(seg.kind, f(seg))),
                Step::Repeat { count, steps } => Step::Repeat {
                    count: *count,
                    steps: walk(steps, f),
                },
            })
            .collect()
    }
    Session::new(walk(&session.steps, f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::programs;

    fn c25k() -> Plan {
        programs::load("couch-to-5k").expect("builtin")
    }

    fn bridged(week: usize) -> (String, Easing) {
        let (s, how) = bridge(&c25k(), Address { week, session: 1 }).expect("a bridge");
        (s.to_string(), how)
    }

    #[test]
    fn a_bridge_sits_between_the_week_before_and_this_one() {
        // Week 1 has nothing before it: half the run.
        let (s, how) = bridged(1);
        assert!(s.contains("8x(run 30s, walk 1m30s)"), "{s}");
        assert_eq!(how, Easing::ShorterRuns { from: 60, to: 30 });
        // 90 s after 60 s leaves no 30-second step between: longer walks.
        let (s, how) = bridged(2);
        assert!(s.contains("6x(run 1m30s, walk 3m)"), "{s}");
        assert_eq!(how, Easing::LongerWalks { from: 120, to: 180 });
        // The 20-minute run after week 4's 5 minutes: 12 minutes.
        let (s, _) = bridge(
            &c25k(),
            Address {
                week: 5,
                session: 3,
            },
        )
        .expect("bridge");
        assert!(s.to_string().contains("run 12m"), "{s}");
    }

    #[test]
    fn a_bridge_is_always_gentler() {
        let plan = c25k();
        for (a, s) in plan.sessions() {
            let Some((b, _)) = bridge(&plan, a) else {
                continue;
            };
            assert!(
                b.longest_run_seconds() <= s.steps.longest_run_seconds(),
                "{a}: {b} against {}",
                s.steps
            );
            let ratio_before = s.steps.run_seconds() * 1000 / s.steps.total_seconds().max(1);
            let ratio_after = b.run_seconds() * 1000 / b.total_seconds().max(1);
            assert!(ratio_after < ratio_before, "{a}: {b} against {}", s.steps);
        }
    }
}
