//! A plan asked for: a goal for the engine or a program to place, on the
//! runner's week. `walkrun plan` and `walkrun init` each turn what they were
//! told into a [`PlanRequest`], and [`build`] makes the plan from it, so the
//! two make the same plan from the same answers and neither knows the other.

use thiserror::Error;

use super::engine::{self, Goal, Level};
use super::knob::Names;
use super::placing::{self, CalendarError, WeekPattern};
use super::{Horizon, PlanningError, Request, Said};
use crate::plan::{programs, Plan, PlanError, RuleSetting};
use crate::rules::{self, Report, Settings};

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
    /// The runner's pace is not known: a generated plan opens with a time
    /// trial over one of this unit ([`super::time_trial`]).
    pub time_trial: Option<crate::plan::pace::Unit>,
}

/// A plan made and placed, not yet written.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub plan: Plan,
    /// Made by the engine (else a program placed).
    pub generated: bool,
    /// What `check` finds in it: for a generated plan, at most what the
    /// planner's promise allows ([`super::promise`]).
    pub report: Report,
    /// What the planner decided on its own, for the runner to hear.
    pub said: Vec<Said>,
    /// A placed program's own warnings, before the placing (0 for a
    /// generated plan): the rest of `report`'s are the runner's week's.
    pub own_warnings: usize,
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

    /// The message, with the knobs it asks the runner to change named by
    /// `name` (the command line names its flags).
    pub fn say(&self, name: Names) -> String {
        match self {
            BuildError::Program(e) => e.to_string(),
            BuildError::Place(e) => e.say(name),
            BuildError::Planning(e) => e.say(name),
        }
    }
}

/// Make the plan asked for, with the rule settings its age calls for written
/// into it and the checker's report on it. A generated plan has already
/// kept the planner's promise ([`super::promise::keep`]); a program's
/// findings are in the report for the runner to hear of.
pub fn build(req: &PlanRequest) -> Result<Built, BuildError> {
    let mut settings = engine::settings_for_age(req.age);
    // Two days back to back that are the runner's only days: the second
    // run short and easy, and the plan's rules say so.
    if matches!(req.source, Source::Goal { runs_per_week, .. } if runs_per_week.is_none_or(|n| n == 2))
        && super::back_to_back(&req.week).is_some()
    {
        settings.back_to_back_percent = super::BACK_TO_BACK_PERCENT;
    }
    let mut own_warnings = 0;
    let (mut plan, generated, said) = match &req.source {
        Source::Program(name) => {
            let program = programs::load(name)?;
            // What the program brings by itself, judged without days (the
            // calendar's rules are the placing's).
            let mut unplaced = program.clone();
            unplaced.age = req.age;
            own_warnings = rules::check(&unplaced, &settings).count(rules::Severity::Warning);
            let plan = placing::place(
                &program,
                &req.week,
                &settings,
                placing::Strictness::FewestWarnings,
            )?;
            // With no run days named, say which the placing chose.
            let said = if req.week.run_days.is_empty() {
                super::days_chosen(&plan).into_iter().collect()
            } else {
                Vec::new()
            };
            (plan, false, said)
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
            let mut made = super::make(&request, &settings)?;
            if let Some(unit) = req.time_trial {
                // The promise is kept with the rule settings the plan will
                // be checked by, its age's among them.
                made.plan.age = req.age;
                let at = match super::time_trial::open_with(&made.plan, unit, &settings) {
                    Some((plan, at)) => {
                        made.plan = plan;
                        Some(at)
                    }
                    None => None,
                };
                made.said.push(Said::TimeTrial { at, unit });
            }
            (made.plan, true, made.said)
        }
    };
    let mut said = said;
    if engine::gentler_for_age(req.age) {
        said.insert(0, Said::DoctorFirst);
    }
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
    Ok(Built {
        plan,
        generated,
        report,
        said,
        own_warnings,
    })
}
