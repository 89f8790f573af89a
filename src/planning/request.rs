//! A plan asked for: a goal for the engine or a program to place, on the
//! runner's week. `walkrun plan` and `walkrun init` each turn what they were
//! told into a [`PlanRequest`], and [`build`] makes the plan from it, so the
//! two make the same plan from the same answers and neither knows the other.

use thiserror::Error;

use super::engine::{self, Goal, Level};
use super::placing::{self, CalendarError, WeekPattern};
use super::{Horizon, PlanningError, Request};
use crate::plan::{programs, Plan, PlanError, RuleSetting};
use crate::rules::{self, Report, RuleId, Settings, Severity};

/// Where the weeks come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The engine's weeks from a level to a goal.
    Goal {
        goal: Goal,
        level: Level,
        horizon: Horizon,
        /// Runs a week (default: one a run day, at most 3).
        runs_per_week: Option<usize>,
    },
    /// A program, a built-in id or a file, placed on the runner's days.
    Program(String),
}

/// Everything a plan is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    pub source: Source,
    /// The first day, the run days and hours, the lifts, what comes first.
    pub week: WeekPattern,
    /// From 40, every fourth week is lighter.
    pub age: Option<u32>,
}

/// A plan made and placed, not yet written.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub plan: Plan,
    /// Made by the engine (else a program placed).
    pub generated: bool,
    /// What `check` finds in it: for a generated plan, at most the runner's
    /// own choice of run days on lift days.
    pub report: Report,
    /// What the planner decided on its own, for the runner to hear.
    pub said: Vec<String>,
}

#[derive(Debug, Error)]
pub enum BuildError {
    /// The program named cannot be read.
    #[error(transparent)]
    Program(#[from] PlanError),
    /// The program cannot be placed on the runner's week.
    #[error(transparent)]
    Place(#[from] CalendarError),
    #[error(transparent)]
    Planning(#[from] PlanningError),
}

impl BuildError {
    /// Whether the runner can fix it by asking differently (else it is a bug).
    pub fn is_input(&self) -> bool {
        match self {
            BuildError::Program(_) | BuildError::Place(_) => true,
            BuildError::Planning(e) => e.is_input(),
        }
    }
}

/// Make the plan asked for, with the rule settings its age calls for written
/// into it and the checker's report on it.
pub fn build(req: &PlanRequest) -> Result<Built, BuildError> {
    let settings = engine::settings_for_age(req.age);
    let (mut plan, generated, said) = match &req.source {
        Source::Program(name) => {
            let program = programs::load(name)?;
            let plan = placing::place(&program, &req.week, &settings, false)?;
            (plan, false, Vec::new())
        }
        Source::Goal {
            goal,
            level,
            horizon,
            runs_per_week,
        } => {
            let request = Request {
                goal: goal.clone(),
                level: *level,
                horizon: *horizon,
                week: req.week.clone(),
                runs_per_week: *runs_per_week,
                age: req.age,
            };
            let made = super::make(&request, &settings)?;
            (made.plan, true, made.said)
        }
    };
    plan.age = req.age;
    plan.rules = settings
        .to_table(&Settings::for_age(req.age))
        .into_iter()
        .map(|(key, value)| RuleSetting {
            key,
            value,
            location: None,
        })
        .collect();
    let report = rules::check(&plan, &settings);
    // Only the runner's own choice of run days on lift days may leave a
    // finding in a generated plan; anything else means the planner and the
    // checker disagree, a bug rather than bad input.
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| generated && (f.severity >= Severity::Warning || f.rule != RuleId::SeparateDays))
    {
        return Err(PlanningError::Disagrees {
            rule: f.rule,
            message: f.message.clone(),
        }
        .into());
    }
    Ok(Built {
        plan,
        generated,
        report,
        said,
    })
}
