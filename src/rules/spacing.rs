//! `rest-between-runs`: a beginner's legs need a day off between runs.

use super::lifts::finding;
use super::placed::Placed;
use super::{Finding, RuleId, Settings, Severity};

pub fn rest_between_runs(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let need = settings.rest_days_between_runs.round() as i64;
    let mut runs: Vec<_> = placed
        .sessions
        .iter()
        .filter(|s| s.run_seconds > 0 && s.day_index.is_some())
        .filter(|s| !s.cooldown)
        .collect();
    runs.sort_by_key(|s| (s.day_index, s.at));
    for pair in runs.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (Some(da), Some(db)) = (a.day_index, b.day_index) else {
            continue;
        };
        let rest = db - da - 1;
        if rest >= need {
            continue;
        }
        let how = match rest {
            -1 => format!("is on the same day as {}", a.label()),
            0 => format!("comes the day after {}", a.label()),
            n => format!("comes only {n} rest days after {}", a.label()),
        };
        let days = format!("{need} day{}", if need == 1 { "" } else { "s" });
        out.push(finding(
            RuleId::RestBetweenRuns,
            Severity::Warning,
            b,
            format!(
                "{} {how}; a beginner's legs need {days} without running between runs.",
                b.label(),
            ),
            format!(
                "come too soon after another run; a beginner's legs need {days} without running between runs: pick run days with a day between them"
            ),
        ));
    }
}
