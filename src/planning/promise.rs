//! The planner's promise: a plan it generates passes `walkrun check`, with
//! nothing found but a note for a run the runner chose to put on a lift day
//! (`separate-days`: their call, which the checker only notes). This is the
//! one place that judges a generated plan by the checker; placing and the
//! race week ask [`allows`] while they search, and [`keep`] has the last
//! word on the finished plan, so no caller checks again.

use crate::plan::Plan;
use crate::planning::PlanningError;
use crate::rules::{check, Finding, RuleId, Settings, Severity};

/// Whether a generated plan may hold this finding.
pub fn allows(f: &Finding) -> bool {
    f.rule == RuleId::SeparateDays && f.severity == Severity::Note
}

/// The finished plan as `walkrun check` will read it (its settings are the
/// ones its `[rules]` table and age will give), or why not. In a race plan, a
/// warning the taper does not explain comes from where the race falls beside
/// the runner's lifts: theirs to fix ([`PlanningError::Race`]). Anything else
/// is the planner and the checker disagreeing, a bug
/// ([`PlanningError::Disagrees`]).
pub fn keep(plan: &Plan, settings: &Settings) -> Result<(), PlanningError> {
    let report = check(plan, settings);
    if let Some(date) = plan.race {
        let race_week = report
            .findings
            .iter()
            .find(|f| f.severity >= Severity::Warning && f.rule != RuleId::Taper);
        if let Some(f) = race_week {
            return Err(PlanningError::Race {
                date,
                finding: f.clone(),
            });
        }
    }
    match report.findings.iter().find(|f| !allows(f)) {
        Some(f) => Err(PlanningError::Disagrees(f.clone())),
        None => Ok(()),
    }
}
