//! The planner: a runner's goal, level and week in, a placed plan out. It
//! asks the [`engine`] for the weeks, [`placing`] puts them on the runner's
//! days and hours, [`race_week`] tapers into the race, and it hands back
//! only a plan the checker agrees with.

pub mod engine;
pub mod placing;
pub mod race_week;
pub mod request;
pub mod shape;

use chrono::NaiveDate;
use thiserror::Error;

use crate::plan::Plan;
use crate::planning::engine::{Goal, Level, ProgressionError, Runner, MAX_WEEKS};
use crate::planning::placing::{CalendarError, WeekPattern};
use crate::rules::{check, RuleId, Settings, Severity};

/// How far the plan reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// This many weeks.
    Weeks(usize),
    /// Up to a race on this day, which ends the plan.
    Race(NaiveDate),
    /// The weeks the goal needs.
    Needed,
}

/// What the runner asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub goal: Goal,
    pub level: Level,
    pub horizon: Horizon,
    pub week: WeekPattern,
    /// Runs a week (default: one a run day, at most 3).
    pub runs_per_week: Option<usize>,
    pub age: Option<u32>,
}

/// A plan, and what the planner decided on its own that the runner should hear.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub plan: Plan,
    pub said: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanningError {
    #[error(transparent)]
    Progression(#[from] ProgressionError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A horizon that makes no plan: too short, too far, or backwards.
    #[error("{0}")]
    Horizon(String),
    /// The race itself cannot keep the rules where it falls.
    #[error("cannot place the race on {date} safely: {reason}; the race cannot move, so move or skip that lift in race week and plan around it")]
    Race { date: String, reason: String },
    /// The planner made a plan the checker rejects: a bug, not input.
    #[error("internal error: the generated plan breaks {rule}: {message}")]
    Disagrees { rule: RuleId, message: String },
}

impl PlanningError {
    /// Whether the runner can fix it by asking differently (else it is a bug).
    pub fn is_input(&self) -> bool {
        !matches!(self, PlanningError::Disagrees { .. })
    }
}

/// The plan for a request, with the rule settings for the runner's age.
pub fn make(req: &Request, settings: &Settings) -> Result<Made, PlanningError> {
    let start = req.week.start;
    let mut profile = Runner::new(req.goal.clone(), req.level, 0);
    profile.runs_per_week = req.runs_per_week.unwrap_or(req.week.run_days.len());
    profile.deload = engine::deload_for_age(req.age);
    let mut said = Vec::new();
    match req.horizon {
        Horizon::Weeks(w) if w < 2 => {
            return Err(PlanningError::Horizon(format!(
                "--weeks {w}: expected at least 2 weeks"
            )))
        }
        Horizon::Weeks(w) if w > MAX_WEEKS => {
            return Err(PlanningError::Horizon(format!(
                "--weeks {w}: expected at most {MAX_WEEKS} weeks"
            )))
        }
        Horizon::Weeks(w) => profile.weeks = w,
        Horizon::Race(race) => {
            if race <= start {
                return Err(PlanningError::Horizon(format!(
                    "--race-date {race} is not after the start {start}: expected a later race date"
                )));
            }
            let days = (race - start).num_days();
            let weeks = (days / 7 + 1) as usize;
            if weeks > MAX_WEEKS {
                return Err(PlanningError::Horizon(format!(
                    "--race-date {race} is {weeks} weeks after the start {start}: expected a race within {MAX_WEEKS} weeks"
                )));
            }
            // The goal by the last week that ends at least 14 days before
            // the race; the last two weeks taper into it.
            let goal_by = (days - 13).div_euclid(7);
            if goal_by < 1 {
                return Err(PlanningError::Horizon(format!(
                    "--race-date {race} is {days} days after the start {start}: a race plan needs a week of training and two weeks to taper; expected a race at least 20 days away"
                )));
            }
            profile.weeks = weeks;
            profile.taper_weeks = 2;
            profile.goal_by = Some(goal_by as usize);
        }
        Horizon::Needed => {
            let needed = engine::weeks_needed(&profile, settings)?;
            profile.weeks = needed.max(2);
            said.push(format!(
                "{} from {} takes {} weeks within the rules; the plan has {} (give --weeks N for a gentler climb)",
                profile.goal.describe(),
                profile.level,
                needed,
                profile.weeks
            ));
        }
    }
    let plan = match attempt(req, &profile, settings) {
        Ok(plan) => plan,
        Err(first) if !first.is_input() => return Err(first),
        Err(first) => {
            // An easy run the day after heavy legs must stay short for
            // `heavy-legs`: hold that one (then two, ...) under the limit and
            // let the others grow beside the long run. Holding them all is
            // the last resort.
            let mut found = None;
            for held in 1..profile.runs_per_week.min(engine::MAX_RUNS_PER_WEEK) {
                let mut gentler = profile.clone();
                gentler.held_runs = held;
                gentler.held_cap_seconds =
                    ((settings.heavy_legs_minutes - 5.0).max(5.0) * 60.0) as u64;
                if req.horizon == Horizon::Needed {
                    match engine::weeks_needed(&gentler, settings) {
                        Ok(w) => gentler.weeks = w.max(2),
                        Err(_) => continue,
                    }
                }
                if let Ok(plan) = attempt(req, &gentler, settings) {
                    found = Some((plan, gentler));
                    break;
                }
            }
            let Some((plan, gentler)) = found else {
                return Err(first);
            };
            if let (Horizon::Needed, Some(s)) = (req.horizon, said.first_mut()) {
                *s = format!(
                    "{} from {} takes {} weeks within the rules, with an easy run short enough to follow leg day (give --weeks N for a gentler climb)",
                    gentler.goal.describe(),
                    gentler.level,
                    gentler.weeks
                );
            }
            plan
        }
    };
    if let Some(words) = race_week::race_week_words(&plan, settings) {
        said.push(words);
    }
    Ok(Made { plan, said })
}

/// The engine's weeks for `profile`, placed and tapered, checked.
fn attempt(req: &Request, profile: &Runner, settings: &Settings) -> Result<Plan, PlanningError> {
    let program = engine::program(profile, settings)?;
    let mut plan = placing::place(&program, &req.week, settings, true)?;
    if let Horizon::Race(race) = req.horizon {
        plan = race_week::into_race(&plan, race, &profile.goal, settings).map_err(|reason| {
            PlanningError::Race {
                date: race.format("%a %-d %b %Y").to_string(),
                reason,
            }
        })?;
        // The race day is where it is: when it clashes with a lift, say so.
        let report = check(&plan, settings);
        if let Some(f) = report
            .findings
            .iter()
            .find(|f| f.severity >= Severity::Warning && f.rule != RuleId::Taper)
        {
            return Err(PlanningError::Race {
                date: race.format("%a %-d %b %Y").to_string(),
                reason: format!("{} ({})", f.message.trim_end_matches('.'), f.rule),
            });
        }
    }
    plan.age = req.age;
    // Only the runner's own choice of run days on lift days may leave a
    // finding in a generated plan: anything else is the planner and the
    // checker disagreeing.
    let report = check(&plan, settings);
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.severity >= Severity::Warning || f.rule != RuleId::SeparateDays)
    {
        return Err(PlanningError::Disagrees {
            rule: f.rule,
            message: f.message.clone(),
        });
    }
    Ok(plan)
}
