//! `warm-up`: a session with running opens with a brisk walk. Five minutes of
//! walking raise the heart rate and warm the calves and Achilles tendons, which
//! is what a masters beginner's first minutes of running ask of them.

use super::lifts::finding;
use super::placed::Placed;
use super::{Finding, RuleId, Severity};
use crate::plan::steps::{format_minutes, Kind};

/// Walking before the first run that counts as a warm-up: a `warmup` segment
/// of any length, or this much plain walking.
const WALK_AS_WARM_UP_SECONDS: u64 = 5 * 60;

pub fn warm_up(placed: &Placed, out: &mut Vec<Finding>) {
    // A cool-down jog right after a lift comes warm from the lift.
    for s in placed
        .sessions
        .iter()
        .filter(|s| !s.cooldown && s.run_seconds > 0)
    {
        let segments = s.session.steps.segments();
        let before_run = segments.iter().take_while(|g| !g.kind.is_run());
        let (mut warmup, mut walked) = (false, 0u64);
        for g in before_run {
            match g.kind {
                Kind::Warmup => warmup = true,
                Kind::Walk => walked += u64::from(g.seconds),
                Kind::Run | Kind::Cooldown => {}
            }
        }
        if warmup || walked >= WALK_AS_WARM_UP_SECONDS {
            continue;
        }
        let opening = if walked > 0 {
            format!("opens with only {} min of walking", format_minutes(walked))
        } else {
            "starts running with no warm-up".to_string()
        };
        out.push(finding(
            RuleId::WarmUp,
            Severity::Note,
            s,
            format!(
                "{} {opening}: begin with `warmup 5m`, a brisk walk that readies the calves and tendons for the running.",
                s.label()
            ),
            "start running with no warm-up; begin each with `warmup 5m`, a brisk walk".to_string(),
        ));
    }
}
