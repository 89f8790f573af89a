//! The planner: a runner's goal, level and week in, a placed plan out. It
//! asks the [`engine`] for the weeks, [`placing`] puts them on the runner's
//! days and hours, [`race_week`] tapers into the race, and it hands back
//! only a plan the checker agrees with ([`promise`]). Its messages name what
//! the runner can change as [`knob::Knob`]s, which the command line says as
//! its flags.

pub mod engine;
pub mod knob;
pub mod placing;
pub mod promise;
pub mod race_week;
pub mod request;
pub mod shape;

use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use crate::plan::Plan;
use crate::planning::engine::{Goal, Level, ProgressionError, Runner, MAX_WEEKS};
use crate::planning::knob::{in_words, Knob, Names};
use crate::planning::placing::{CalendarError, WeekPattern};
use crate::planning::race_week::RaceWeekError;
use crate::rules::{Finding, Settings};

/// The fewest weeks a plan has.
pub const MIN_WEEKS: usize = 2;
/// The fewest days from the start to a race: a week of training and the two
/// weeks of the taper, the race on the last day.
const MIN_RACE_DAYS: i64 = 20;

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
    pub said: Vec<Said>,
}

/// Something the planner decided on its own, for the runner to hear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Without a horizon: the weeks the goal takes, and the plan's.
    WeeksNeeded {
        goal: String,
        level: String,
        needed: usize,
        weeks: usize,
    },
    /// The same, with an easy run held short enough to follow leg day.
    WeeksNeededHeld {
        goal: String,
        level: String,
        weeks: usize,
    },
    /// Race week holds well under its share of the peak week, and why.
    RaceWeek(String),
}

impl Said {
    /// The words, with the knob they offer named by `name`.
    pub fn say(&self, name: Names) -> String {
        let gentler = name(&Knob::Weeks(None));
        match self {
            Said::WeeksNeeded {
                goal,
                level,
                needed,
                weeks,
            } => format!(
                "{goal} from {level} takes {needed} weeks within the rules; the plan has {weeks} (give {gentler} for a gentler climb)"
            ),
            Said::WeeksNeededHeld { goal, level, weeks } => format!(
                "{goal} from {level} takes {weeks} weeks within the rules, with an easy run short enough to follow leg day (give {gentler} for a gentler climb)"
            ),
            Said::RaceWeek(words) => words.clone(),
        }
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
    }
}

/// A horizon that makes no plan: too short, too far, or backwards.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HorizonError {
    WeeksTooFew {
        given: usize,
    },
    WeeksTooMany {
        given: usize,
    },
    RaceNotAfterStart {
        race: NaiveDate,
        start: NaiveDate,
    },
    RaceTooFar {
        race: NaiveDate,
        start: NaiveDate,
        weeks: usize,
    },
    /// Too close for a week of training and the two weeks of the taper.
    RaceTooSoon {
        race: NaiveDate,
        start: NaiveDate,
        days: i64,
    },
}

impl HorizonError {
    /// The message, with the knob at fault named by `name`.
    pub fn say(&self, name: Names) -> String {
        match self {
            HorizonError::WeeksTooFew { given } => format!(
                "{}: expected at least {MIN_WEEKS} weeks",
                name(&Knob::Weeks(Some(*given)))
            ),
            HorizonError::WeeksTooMany { given } => format!(
                "{}: expected at most {MAX_WEEKS} weeks",
                name(&Knob::Weeks(Some(*given)))
            ),
            HorizonError::RaceNotAfterStart { race, start } => format!(
                "{} is not after the start {start}: expected a later race date",
                name(&Knob::RaceDate(*race))
            ),
            HorizonError::RaceTooFar { race, start, weeks } => format!(
                "{} is {weeks} weeks after the start {start}: expected a race within {MAX_WEEKS} weeks",
                name(&Knob::RaceDate(*race))
            ),
            HorizonError::RaceTooSoon { race, start, days } => format!(
                "{} is {days} days after the start {start}: a race plan needs a week of training and two weeks to taper; expected a race at least {MIN_RACE_DAYS} days away",
                name(&Knob::RaceDate(*race))
            ),
        }
    }
}

impl fmt::Display for HorizonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanningError {
    Progression(#[from] ProgressionError),
    Calendar(#[from] CalendarError),
    Horizon(#[from] HorizonError),
    /// The race day breaks this rule where it falls (beside a lift): the
    /// runner's to fix, as the race cannot move.
    Race {
        date: NaiveDate,
        finding: Finding,
    },
    /// Race week could not be shaped: a bug, not input.
    RaceWeek(#[from] RaceWeekError),
    /// The planner made a plan the checker rejects: a bug, not input.
    Disagrees(Finding),
}

impl PlanningError {
    /// Whether the runner can fix it by asking differently (else it is a bug).
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            PlanningError::Disagrees(_) | PlanningError::RaceWeek(_)
        )
    }

    /// The message, with the knobs it asks the runner to change named by
    /// `name` (the command line names its flags).
    pub fn say(&self, name: Names) -> String {
        // A bug says so, for the runner to report rather than rephrase.
        let bug = |what: &dyn fmt::Display| format!("internal error: {what}");
        match self {
            PlanningError::Progression(e) => e.say(name),
            PlanningError::Calendar(e) => e.say(name),
            PlanningError::Horizon(e) => e.say(name),
            PlanningError::Race { date, finding } => format!(
                "cannot place the race on {} safely: {finding}; the race cannot move, so move or skip that lift in race week and plan around it",
                date.format("%a %-d %b %Y")
            ),
            PlanningError::RaceWeek(e) => bug(e),
            PlanningError::Disagrees(finding) => {
                bug(&format_args!("the generated plan breaks {finding}"))
            }
        }
    }
}

impl fmt::Display for PlanningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
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
        Horizon::Weeks(given) if given < MIN_WEEKS => {
            return Err(HorizonError::WeeksTooFew { given }.into())
        }
        Horizon::Weeks(given) if given > MAX_WEEKS => {
            return Err(HorizonError::WeeksTooMany { given }.into())
        }
        Horizon::Weeks(w) => profile.weeks = w,
        Horizon::Race(race) => {
            if race <= start {
                return Err(HorizonError::RaceNotAfterStart { race, start }.into());
            }
            let days = (race - start).num_days();
            let weeks = (days / 7 + 1) as usize;
            if weeks > MAX_WEEKS {
                return Err(HorizonError::RaceTooFar { race, start, weeks }.into());
            }
            // The goal by the last week that ends at least 14 days before
            // the race; the last two weeks taper into it.
            let goal_by = (days - 13).div_euclid(7);
            if goal_by < 1 {
                return Err(HorizonError::RaceTooSoon { race, start, days }.into());
            }
            profile.weeks = weeks;
            profile.taper_weeks = 2;
            profile.goal_by = Some(goal_by as usize);
        }
        Horizon::Needed => {
            let needed = engine::weeks_needed(&profile, settings)?;
            profile.weeks = needed.max(MIN_WEEKS);
            said.push(Said::WeeksNeeded {
                goal: profile.goal.describe(),
                level: profile.level.to_string(),
                needed,
                weeks: profile.weeks,
            });
        }
    }
    let plan = match attempt(req, &profile, settings) {
        Ok(plan) => plan,
        Err(first) if !first.is_input() => return Err(first),
        Err(first) => {
            // An easy run the day after heavy legs must stay short for
            // `heavy-legs`: hold that one (then two, ...) under the limit and
            // let the others grow beside the long run. Holding them all is
            // the last resort. Held easy runs also ask less of the weeks, so
            // a horizon too short for the goal can fit with them: those are
            // held only to build, and grow again once the goal is reached
            // (`held_at_goal`). Only the runs that may fall the day after
            // heavy legs stay held, fewest first.
            let after_legs = days_after_legs(&req.week);
            let mut found = None;
            'held: for held in 1..profile.runs_per_week.min(engine::MAX_RUNS_PER_WEEK) {
                let mut gentler = profile.clone();
                gentler.held_runs = held;
                gentler.held_cap_seconds =
                    ((settings.heavy_legs_minutes - 5.0).max(5.0) * 60.0) as u64;
                if req.horizon == Horizon::Needed {
                    match engine::weeks_needed(&gentler, settings) {
                        Ok(w) => gentler.weeks = w.max(MIN_WEEKS),
                        Err(_) => continue,
                    }
                }
                for kept in held.min(after_legs)..=held {
                    gentler.held_at_goal = kept;
                    match attempt(req, &gentler, settings) {
                        Ok(plan) => {
                            found = Some((plan, gentler));
                            break 'held;
                        }
                        // The weeks up to the goal do not depend on what
                        // happens after it: no use trying more kept runs.
                        Err(PlanningError::Progression(_)) => break,
                        Err(_) => {}
                    }
                }
            }
            let Some((plan, gentler)) = found else {
                return Err(first);
            };
            if let (Horizon::Needed, Some(s)) = (req.horizon, said.first_mut()) {
                *s = Said::WeeksNeededHeld {
                    goal: gentler.goal.describe(),
                    level: gentler.level.to_string(),
                    weeks: gentler.weeks,
                };
            }
            plan
        }
    };
    if let Some(words) = race_week::race_week_words(&plan, settings) {
        said.push(Said::RaceWeek(words));
    }
    Ok(Made { plan, said })
}

/// How many of the runner's run days follow a heavy-legs lift: at most that
/// many easy runs need holding under `heavy-legs` for good.
fn days_after_legs(week: &WeekPattern) -> usize {
    let mut days: Vec<chrono::Weekday> = week
        .run_days
        .iter()
        .map(|d| d.day)
        .filter(|d| week.lifts.iter().any(|l| l.legs && l.day.succ() == *d))
        .collect();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    days.len()
}

/// The engine's weeks for `profile`, placed and tapered, as the promise
/// lets them out.
fn attempt(req: &Request, profile: &Runner, settings: &Settings) -> Result<Plan, PlanningError> {
    let program = engine::program(profile, settings)?;
    let mut plan = placing::place(&program, &req.week, settings, true)?;
    if let Horizon::Race(race) = req.horizon {
        plan = race_week::into_race(&plan, race, &profile.goal, settings)?;
    }
    plan.age = req.age;
    promise::keep(&plan, settings)?;
    Ok(plan)
}
