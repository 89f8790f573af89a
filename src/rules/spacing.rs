//! `rest-between-runs`: a beginner's legs need a day off between runs, and
//! from 60 two after the week's long run (`rest_days_after_long`).

use super::lifts::finding;
use super::placed::Placed;
use super::{Finding, RuleId, Settings, Severity};
use crate::plan::Purpose;

pub fn rest_between_runs(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let between = settings.rest_days_between_runs.round() as i64;
    let after_long = settings.rest_days_after_long.round() as i64;
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
        // The short, easy second run of a weekend runner's two days.
        let pair_pct = settings.back_to_back_percent;
        if rest == 0
            && pair_pct > 0.0
            && b.session.purpose != Some(Purpose::Long)
            && (b.run_seconds as f64) * 100.0 <= pair_pct * a.run_seconds as f64
        {
            continue;
        }
        let long = a.session.purpose == Some(Purpose::Long) && after_long > between;
        let need = if long { after_long } else { between };
        if rest >= need {
            continue;
        }
        let how = match rest {
            -1 => format!("is on the same day as {}", a.label()),
            0 => format!("comes the day after {}", a.label()),
            n => format!("comes only {n} rest days after {}", a.label()),
        };
        let days = format!("{need} day{}", if need == 1 { "" } else { "s" });
        if long {
            out.push(finding(
                RuleId::RestBetweenRuns,
                Severity::Warning,
                b,
                format!(
                    "{} {how}, the week's long run; after a long run, legs past 60 need {days} without running.",
                    b.label(),
                ),
                format!(
                    "come too soon after the long run; legs past 60 need {days} without running after it: put the long run before the longest gap between run days"
                ),
            ));
            continue;
        }
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
