//! A session in words, for a page a runner prints: "run 1 min, walk 1½ min,
//! 8 times" rather than the grammar's `8x(run 1m, walk 1m30s)`.

use crate::plan::pace::Paces;
use crate::plan::steps::{Distance, DistanceUnit, Kind, Segment, Session, Step};
use crate::words::duration;

/// How a plan's sessions are run, for a beginner reading it: what the
/// warm-up is, and how easy the running (the talk test), when it has them.
pub fn how_to_run(plan: &crate::plan::Plan) -> Option<String> {
    let segments: Vec<Segment> = plan
        .sessions()
        .flat_map(|(_, s)| s.steps.segments())
        .collect();
    let warmup = segments
        .iter()
        .any(|s| matches!(s.kind, Kind::Warmup | Kind::Cooldown));
    let runs = segments.iter().any(|s| s.kind.is_run());
    let mut parts = Vec::new();
    if warmup {
        parts.push(
            "The warm-up and cool-down are brisk walking, breathing a little harder than usual.",
        );
    }
    if runs {
        parts.push("Run easy: slow enough to talk in whole sentences the whole way (if you cannot, slow down or walk); the walks are brisk.");
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The steps in words. A lone run says it is done without stopping.
pub fn session(s: &Session) -> String {
    if let [Step::Segment(Segment {
        kind: Kind::Run,
        seconds,
        distance: None,
    })] = s.steps.as_slice()
    {
        return format!("run {} without stopping", duration(u64::from(*seconds)));
    }
    steps(&s.steps)
}

fn steps(list: &[Step]) -> String {
    let mut out = String::new();
    for (i, step) in list.iter().enumerate() {
        if i > 0 {
            // After a repeat, "then" tells where the repeated block ends.
            let after_repeat = matches!(list[i - 1], Step::Repeat { .. });
            let before_repeat = matches!(step, Step::Repeat { .. });
            out.push_str(if after_repeat || before_repeat {
                "; then "
            } else {
                ", "
            });
        }
        match step {
            Step::Segment(seg) => out.push_str(&segment(seg)),
            Step::Repeat {
                count,
                steps: inner,
            } => {
                let body = steps(inner);
                let times = match count {
                    1 => "once".to_string(),
                    2 => "twice".to_string(),
                    n => format!("{n} times"),
                };
                // A long block in brackets, so the count plainly covers all of it.
                if inner.len() > 2 || inner.iter().any(|s| matches!(s, Step::Repeat { .. })) {
                    out.push_str(&format!("({body}) {times}"));
                } else {
                    out.push_str(&format!("{body}, {times}"));
                }
            }
        }
    }
    out
}

/// A distance for a page: `5 km`, `1.5 mi`, `400 m`.
pub fn distance(d: Distance) -> String {
    let unit = match d.unit {
        DistanceUnit::Km => "km",
        DistanceUnit::Mi => "mi",
        DistanceUnit::Metres => "m",
    };
    format!("{} {unit}", d.amount())
}

/// "on a treadmill: runs at 7.5 km/h, walks at 5.5 km/h": the speeds to set
/// for a session's runs and its walks (warm-up and cool-down are brisk walks
/// too), in the running pace's unit; None for a session with neither.
pub fn treadmill(steps: &Session, paces: &Paces) -> Option<String> {
    speeds(steps, paces).map(|s| format!("on a treadmill: {s}"))
}

/// "runs at 7.5 km/h, walks at 5.5 km/h", as [`treadmill`] says it.
pub fn speeds(steps: &Session, paces: &Paces) -> Option<String> {
    let segments = steps.segments();
    let unit = paces.run.unit;
    let at = |tenths: u32| format!("{}.{} {}", tenths / 10, tenths % 10, unit.speed_unit());
    let mut parts = Vec::new();
    if segments.iter().any(|s| s.kind.is_run()) {
        parts.push(format!("runs at {}", at(paces.run.speed_tenths(unit))));
    }
    if segments.iter().any(|s| !s.kind.is_run()) {
        parts.push(format!("walks at {}", at(paces.walk.speed_tenths(unit))));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn segment(seg: &Segment) -> String {
    let d = match seg.distance {
        // The time it takes at the pace, which a runner plans the day by.
        Some(dist) => format!(
            "{} (about {})",
            distance(dist),
            duration(u64::from(seg.seconds))
        ),
        None => duration(u64::from(seg.seconds)),
    };
    match seg.kind {
        Kind::Run => format!("run {d}"),
        Kind::Walk => format!("walk {d}"),
        Kind::Warmup => format!("{d} brisk walk"),
        Kind::Cooldown => format!("{d} walk to cool down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;

    fn words(text: &str) -> String {
        session(&parse(text).expect("steps"))
    }

    #[test]
    fn sessions_read_as_a_coach_would_say_them() {
        assert_eq!(
            words("8x(run 60s, walk 90s)"),
            "run 1 min, walk 1½ min, 8 times"
        );
        assert_eq!(words("run 20m"), "run 20 min without stopping");
        assert_eq!(
            words("2x(run 8m, walk 2m), run 1m"),
            "run 8 min, walk 2 min, twice; then run 1 min"
        );
        assert_eq!(
            words("2x(run 90s, walk 90s, run 3m, walk 3m)"),
            "(run 1½ min, walk 1½ min, run 3 min, walk 3 min) twice"
        );
        assert_eq!(
            words("run 3m, walk 90s, run 5m"),
            "run 3 min, walk 1½ min, run 5 min"
        );
        assert_eq!(
            words("warmup 5m, 3x(run 45s, walk 2m15s), cooldown 10m"),
            "5 min brisk walk; then run 45 s, walk 2 min 15 s, 3 times; then 10 min walk to cool down"
        );
        assert_eq!(words("run 70m"), "run 1 h 10 min without stopping");
        assert_eq!(
            words("2x(3x(run 1m, walk 1m), walk 3m)"),
            "(run 1 min, walk 1 min, 3 times; then walk 3 min) twice"
        );
    }
}
