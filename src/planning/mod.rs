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
pub mod time_trial;

use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use crate::plan::{weekday_name, Plan};
use crate::planning::engine::{Goal, Level, ProgressionError, Runner, MAX_WEEKS};
use crate::planning::knob::{in_words, Knob, Names};
use crate::planning::placing::{CalendarError, WeekPattern};
use crate::planning::race_week::RaceWeekError;
use crate::rules::{Finding, Settings};
use crate::words::join_and;

/// A weekend runner's second run holds at most this share of the first's.
pub const BACK_TO_BACK_PERCENT: f64 = 50.0;

/// The runner's two run days, when they are their only ones and back to
/// back (Saturday and Sunday): the first and the second.
pub fn back_to_back(week: &WeekPattern) -> Option<(chrono::Weekday, chrono::Weekday)> {
    let mut days: Vec<chrono::Weekday> = week.run_days.iter().map(|d| d.day).collect();
    days.dedup();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    match days.as_slice() {
        [a, b] if a.succ() == *b => Some((*a, *b)),
        [a, b] if b.succ() == *a => Some((*b, *a)),
        _ => None,
    }
}

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
    /// A runner past 60 gets the gentler plan: what it does differently
    /// (a walking first week, a quarter more weeks, when the planner chose
    /// them; two rest days after each long run).
    Gentler { walk_first: bool, longer: bool },
    /// The runner's only two days are back to back: the second's run is
    /// short and easy.
    BackToBack {
        first: chrono::Weekday,
        second: chrono::Weekday,
    },
    /// Past 60, a doctor's check before starting is wise.
    DoctorFirst,
    /// Race week holds well under its share of the peak week, and why.
    RaceWeek(String),
    /// The runner named no run days: the days and hours chosen, and which
    /// of them share a day with a lift (at the 6-hour gap).
    DaysChosen {
        runs: Vec<(chrono::Weekday, chrono::NaiveTime)>,
        beside_lifts: Vec<chrono::Weekday>,
        /// The long run's day, and whether it is free of lifts and clear of
        /// heavy legs (not before, on or after them).
        long: Option<(chrono::Weekday, bool)>,
    },
    /// The runner's pace is not known: the plan's time trial, where it
    /// falls, and its distance; `None` when the plan's runs never last as
    /// long as the trial's distance takes.
    TimeTrial {
        at: Option<crate::plan::Address>,
        unit: crate::plan::pace::Unit,
    },
    /// The lifts of race week the plan skips, as the plan file marks them:
    /// heavy legs in the `legs_days` before the race, any lift in the
    /// `rest_days` before it and on race day.
    RaceWeekLifts {
        skipped: Vec<crate::plan::LiftException>,
        legs_days: u32,
        rest_days: u32,
    },
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
            Said::Gentler { walk_first, longer } => {
                let mut parts = Vec::new();
                if *walk_first {
                    parts.push("a first week of brisk walks, then 30-second runs with a minute's walk between");
                }
                if *longer {
                    parts.push("a quarter more weeks");
                }
                parts.push("two rest days after each long run");
                format!("past 60, the plan is gentler: {}", join_and(&parts))
            }
            Said::BackToBack { first, second } => format!(
                "your only run days, {} and {}, are back to back: that is fine, with {}'s run short and easy, at most half of {}'s running (a brisk walk does as well), and the long run on {}",
                weekday_name(*first),
                weekday_name(*second),
                weekday_name(*second),
                weekday_name(*first),
                weekday_name(*first)
            ),
            Said::DoctorFirst => "past 60, a doctor's check before you start is wise, as the NHS Couch to 5K advises; and if a run brings chest pain, dizziness or unusual breathlessness, stop and see your doctor".to_string(),
            Said::RaceWeek(words) => words.clone(),
            Said::TimeTrial { at, unit } => {
                let assumed = crate::plan::pace::Paces::ASSUMED.run;
                let d = match unit {
                    crate::plan::pace::Unit::Km => "1 km",
                    crate::plan::pace::Unit::Mi => "1 mile",
                };
                match at {
                    Some(a) => format!(
                        "your pace is not known yet: {a}, week {}'s first easy run, is a time trial \
                         ({d} run steadily, not flat out), the first week your runs last as long as {d} takes; \
                         its time sets your pace, and until then distances and speeds are at an assumed {assumed}",
                        a.week
                    ),
                    None => format!(
                        "your pace is not known, and the plan's runs never last as long as a {d} time trial takes: \
                         distances are timed at an assumed {assumed}"
                    ),
                }
            }
            Said::DaysChosen {
                runs,
                beside_lifts,
                long,
            } => {
                let days: Vec<String> = runs
                    .iter()
                    .map(|(d, at)| format!("{} at {}", weekday_name(*d), at.format("%H:%M")))
                    .collect();
                let beside = if beside_lifts.is_empty() {
                    "days without a lift".to_string()
                } else {
                    let names: Vec<&str> = beside_lifts.iter().map(|d| weekday_name(*d)).collect();
                    format!(
                        "days without a lift first, and {} beside a lift at the 6-hour gap, as there are too few free days with a rest day between them",
                        join_and(&names)
                    )
                };
                let long = match long {
                    Some((d, true)) => format!("; the long run on {}, clear of heavy legs", weekday_name(*d)),
                    Some((d, false)) => format!("; the long run on {}", weekday_name(*d)),
                    None => String::new(),
                };
                format!(
                    "no run days given: runs on {} ({beside}{long}); choose your own with {}",
                    join_and(&days),
                    name(&Knob::RunDays(None))
                )
            }
            Said::RaceWeekLifts {
                skipped,
                legs_days,
                rest_days,
            } => {
                let lifts: Vec<String> = skipped
                    .iter()
                    .map(|e| format!("{} lift on {}", e.at.format("%H:%M"), e.date.format("%a %-d %b")))
                    .collect();
                let rest = if *rest_days == 1 {
                    "the day before".to_string()
                } else {
                    format!("in the {rest_days} days before it")
                };
                format!(
                    "race week: the plan skips your {} (no heavy legs in the {legs_days} days before the race, no lift {rest} or on race day); to lift anyway, move the lift, never the race: each [[lift.exception]] in the plan file says where",
                    join_and(&lifts),
                )
            }
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

/// A way of asking that works: the knobs to change together.
pub type Way = Vec<Knob>;

/// The goal does not fit the horizon, with the ways that do fit, tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// "30 min of continuous running", and the level, as the runner wrote it.
    pub goal: String,
    pub level: String,
    /// The weeks the goal takes with no deadline: the same whatever the
    /// first day.
    pub needed: usize,
    /// The weeks the horizon gives, and the race that ends it (if one).
    pub given: usize,
    pub race: Option<NaiveDate>,
    /// What the given weeks can safely reach.
    pub reachable: String,
    /// Each a way that makes a plan, with the runner's other settings as
    /// they are; none conflicts with a setting given.
    pub ways: Vec<Way>,
}

impl Refusal {
    /// The message, with each way's knobs named by `name`.
    pub fn say(&self, name: Names) -> String {
        let Refusal {
            goal,
            level,
            needed,
            given,
            race,
            reachable,
            ways,
        } = self;
        let horizon = match race {
            Some(r) => format!(
                "the race on {} is {} away",
                r.format("%a %-d %b %Y"),
                crate::words::count(*given, "week")
            ),
            None => format!("{given} were given"),
        };
        let taper = if race.is_some() {
            ", then 2 to taper"
        } else {
            ""
        };
        let ways: Vec<String> = ways
            .iter()
            .map(|way| {
                let knobs: Vec<String> = way.iter().map(name).collect();
                let what = way.iter().find_map(|k| match k {
                    Knob::Weeks(_) => Some("more weeks"),
                    Knob::RaceDate(_) => Some("a later race"),
                    Knob::RunWalk => Some("run-walk, walk breaks kept"),
                    Knob::Ratio(r) if *r == engine::Ratio::WALK_WITH_JOGS => {
                        Some("walk it, with 30-second jogs")
                    }
                    Knob::Ratio(_) => Some("run-walk"),
                    Knob::Goal(_) => Some("a lower goal"),
                    Knob::RunDays(_) => None,
                });
                format!("{} (`{}`)", what.unwrap_or("another way"), knobs.join(" "))
            })
            .collect();
        let ways = if ways.is_empty() {
            "aim for a shorter goal first".to_string()
        } else {
            format!("what works: {}", ways.join("; or "))
        };
        format!(
            "{goal} from '{level}' takes at least {needed} weeks within the rules{taper}, and {horizon}: in that time you can safely reach {reachable}; {ways}"
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanningError {
    Progression(#[from] ProgressionError),
    /// The goal does not fit the horizon; the ways that do.
    Refused(Refusal),
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
            PlanningError::Refused(r) => r.say(name),
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
///
/// A runner who named no run days gets the planner's: lift-free days first
/// (with a rest day between runs), and only then a lift day at the 6-hour
/// gap; the long run clear of heavy legs ([`placing::chosen_days`]). Each
/// choice is tried in that order, as if the runner had named it, so an
/// easy run held short the day after heavy legs on free days comes before
/// any run beside a lift.
pub fn make(req: &Request, settings: &Settings) -> Result<Made, PlanningError> {
    match make_any(req, settings) {
        Err(PlanningError::Progression(ProgressionError::TooFewWeeks {
            goal,
            level,
            given,
            reachable,
            ..
        })) => Err(PlanningError::Refused(refusal(
            req, settings, goal, level, given, reachable,
        ))),
        made => made,
    }
}

/// The refusal of a goal the horizon is too short for, with the ways that
/// work, each tried: more weeks (or a later race), run-walk, a lower goal,
/// and for a race, walking it with 30-second jogs.
fn refusal(
    req: &Request,
    settings: &Settings,
    goal: String,
    level: String,
    given: usize,
    reachable: String,
) -> Refusal {
    let works = |r: &Request| make_any(r, settings).is_ok();
    let with_goal = |g: &Goal| Request {
        goal: g.clone(),
        ..req.clone()
    };
    // The weeks with no deadline: they do not depend on the first day.
    let needed = {
        let mut p = Runner::new(req.goal.clone(), req.level, 0);
        p.runs_per_week = req
            .runs_per_week
            .unwrap_or(if req.week.run_days.is_empty() {
                engine::MAX_RUNS_PER_WEEK
            } else {
                req.week.run_days.len()
            });
        p.deload = engine::deload_for_age(req.age);
        p.walk_first = engine::gentler_for_age(req.age) && req.level.longest_run_seconds == 0;
        engine::weeks_needed(&p, settings).unwrap_or(MAX_WEEKS)
    };
    let mut ways: Vec<Way> = Vec::new();
    let race = match req.horizon {
        Horizon::Race(race) => Some(race),
        _ => None,
    };
    // More time, as the horizon was given: weeks, or a later race on the
    // same weekday.
    match req.horizon {
        Horizon::Weeks(_) => {
            let from = needed.max(given + 1);
            if let Some(w) = (from..=(from + 8).min(MAX_WEEKS)).find(|w| {
                works(&Request {
                    horizon: Horizon::Weeks(*w),
                    ..req.clone()
                })
            }) {
                ways.push(vec![Knob::Weeks(Some(w))]);
            }
        }
        Horizon::Race(race) => {
            let start = req.week.start;
            // The build and the two weeks of the taper, on the race's weekday.
            let least = start + chrono::Days::new(7 * needed as u64 + 13);
            let mut at = race + chrono::Days::new(7);
            while at < least {
                at = at + chrono::Days::new(7);
            }
            let last = start + chrono::Days::new(7 * (MAX_WEEKS as u64 - 1));
            let mut tries = 0;
            while at <= last && tries < 8 {
                if works(&Request {
                    horizon: Horizon::Race(at),
                    ..req.clone()
                }) {
                    ways.push(vec![Knob::RaceDate(at)]);
                    break;
                }
                at = at + chrono::Days::new(7);
                tries += 1;
            }
        }
        Horizon::Needed => {}
    }
    // Run-walk, for a runner who asked for continuous running.
    if !req.goal.run_walk {
        if let Ok(g) = Goal::parse(&req.goal.name, true) {
            if g.run_walk && works(&with_goal(&g)) {
                ways.push(vec![Knob::RunWalk]);
            }
        }
    }
    // The longest continuous goal (or run-walk at the same ratio) the
    // horizon reaches, in 5-minute steps.
    let minutes = req.goal.long_run_seconds / 60;
    let ratio = req.goal.run_walk.then_some(engine::Ratio {
        run_seconds: req.goal.interval_seconds,
        walk_seconds: req.goal.walk_seconds,
    });
    let top = if req.goal.run_walk {
        (minutes * 5 / 4).min(180)
    } else {
        minutes.min(180)
    };
    let lower = (2..=top / 5)
        .rev()
        .map(|m| format!("{}min", m * 5))
        .filter_map(|name| Goal::parse_at(&name, ratio).ok().map(|g| (name, g)))
        .filter(|(_, g)| g.long_run_seconds < req.goal.long_run_seconds)
        .take(8)
        .find(|(_, g)| works(&with_goal(g)));
    if let Some((name, _)) = lower {
        ways.push(vec![Knob::Goal(name)]);
    }
    // A race near at hand can still be walked, with 30-second jogs, when
    // nothing else makes that day.
    let same_day = ways
        .iter()
        .any(|w| w.iter().any(|k| matches!(k, Knob::RunWalk | Knob::Goal(_))));
    if race.is_some() && !same_day && ratio != Some(engine::Ratio::WALK_WITH_JOGS) {
        if let Ok(g) = Goal::parse_at(&req.goal.name, Some(engine::Ratio::WALK_WITH_JOGS)) {
            if works(&with_goal(&g)) {
                ways.push(vec![Knob::Ratio(engine::Ratio::WALK_WITH_JOGS)]);
            }
        }
    }
    Refusal {
        goal,
        level,
        needed,
        given,
        race,
        reachable,
        ways,
    }
}

/// [`make`], with a goal the horizon is too short for refused without the
/// ways that work.
fn make_any(req: &Request, settings: &Settings) -> Result<Made, PlanningError> {
    if !req.week.run_days.is_empty() {
        return make_on(req, settings);
    }
    let runs = req.runs_per_week.unwrap_or(engine::MAX_RUNS_PER_WEEK);
    let mut first = None;
    for days in placing::chosen_days(&req.week, runs, settings) {
        let mine = Request {
            week: WeekPattern {
                run_days: days,
                ..req.week.clone()
            },
            ..req.clone()
        };
        match make_on(&mine, settings) {
            Ok(mut made) => {
                if let Some(s) = days_chosen(&made.plan) {
                    made.said.insert(0, s);
                }
                return Ok(made);
            }
            // Only where the runs fall depends on the days: a goal the weeks
            // cannot reach, or a bug, is the same on any of them.
            Err(
                e @ (PlanningError::Progression(_)
                | PlanningError::Horizon(_)
                | PlanningError::Refused(_)),
            ) => return Err(e),
            Err(e) if !e.is_input() => return Err(e),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    Err(
        first.unwrap_or(PlanningError::Calendar(CalendarError::NoSafePlacement {
            reason: "no choice of days keeps the rules".into(),
            fix: placing::PlacementFix::AddRunDay {
                suggest: "a day without a lift".into(),
            },
        })),
    )
}

/// The plan on the runner's own run days.
fn make_on(req: &Request, settings: &Settings) -> Result<Made, PlanningError> {
    let start = req.week.start;
    let mut profile = Runner::new(req.goal.clone(), req.level, 0);
    profile.runs_per_week = req.runs_per_week.unwrap_or(req.week.run_days.len());
    profile.deload = engine::deload_for_age(req.age);
    if let Some(n) = req.runs_per_week.filter(|n| *n > engine::MAX_RUNS_PER_WEEK) {
        return Err(ProgressionError::TooManyRuns(n).into());
    }
    let gentler = engine::gentler_for_age(req.age);
    profile.walk_first = gentler && req.level.longest_run_seconds == 0;
    let pair = back_to_back(&req.week).filter(|_| settings.back_to_back_percent > 0.0);
    profile.back_to_back = pair.is_some() && profile.runs_per_week == 2;
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
            let needed = at_least_as_long_as_more_runs(&profile, settings)?;
            profile.weeks = engine::weeks_for_age(needed, req.age).max(MIN_WEEKS);
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
                    match at_least_as_long_as_more_runs(&gentler, settings) {
                        Ok(w) => gentler.weeks = engine::weeks_for_age(w, req.age).max(MIN_WEEKS),
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
    if let Some((first, second)) = pair.filter(|_| profile.back_to_back) {
        said.push(Said::BackToBack { first, second });
    }
    if gentler {
        said.push(Said::Gentler {
            walk_first: profile.walk_first,
            longer: req.horizon == Horizon::Needed,
        });
    }
    if let Some(words) = race_week::race_week_words(&plan, settings) {
        said.push(Said::RaceWeek(words));
    }
    // The planner writes lift exceptions only for race week.
    if !plan.lift_exceptions.is_empty() {
        said.push(Said::RaceWeekLifts {
            skipped: plan.lift_exceptions.clone(),
            legs_days: settings.race_lifts_legs_days.round() as u32,
            rest_days: settings.race_lifts_rest_days.round() as u32,
        });
    }
    Ok(Made { plan, said })
}

/// The weeks a profile needs, and never fewer than with more runs a week:
/// two runs a week build more slowly than three, whatever the arithmetic
/// of weekly minutes says.
fn at_least_as_long_as_more_runs(
    profile: &Runner,
    settings: &Settings,
) -> Result<usize, ProgressionError> {
    let needed = engine::weeks_needed(profile, settings)?;
    if profile.runs_per_week >= engine::MAX_RUNS_PER_WEEK || profile.runs_per_week < 2 {
        return Ok(needed);
    }
    let mut more = profile.clone();
    more.runs_per_week = engine::MAX_RUNS_PER_WEEK;
    Ok(engine::weeks_needed(&more, settings).map_or(needed, |m| needed.max(m)))
}

/// The days and hours the planner chose for a runner who named none, as
/// the first full week has them.
pub(crate) fn days_chosen(plan: &Plan) -> Option<Said> {
    let week = plan
        .weeks
        .iter()
        .max_by_key(|w| w.sessions.iter().filter(|s| is_run_of_the_plan(s)).count())?;
    let mut runs: Vec<(chrono::Weekday, chrono::NaiveTime)> = week
        .sessions
        .iter()
        .filter(|s| is_run_of_the_plan(s))
        .filter_map(|s| Some((s.day?, s.at?)))
        .collect();
    runs.sort_by_key(|(d, _)| plan.start.map_or(0, |st| placing::offset(st, *d)));
    runs.dedup_by_key(|(d, _)| *d);
    let beside_lifts = runs
        .iter()
        .filter(|(d, _)| plan.lifts.iter().any(|l| l.day == *d))
        .map(|(d, _)| *d)
        .collect();
    let long_days: Vec<chrono::Weekday> = plan
        .sessions()
        .filter(|(_, s)| s.purpose == Some(crate::plan::Purpose::Long))
        .filter_map(|(_, s)| s.day)
        .collect();
    let clear = |d: chrono::Weekday| {
        !plan
            .lifts
            .iter()
            .any(|l| l.day == d || (l.legs && (l.day.succ() == d || d.succ() == l.day)))
    };
    // The long run's usual day: the one most weeks have it on.
    let long = long_days
        .iter()
        .max_by_key(|d| long_days.iter().filter(|o| o == d).count())
        .map(|d| (*d, clear(*d)));
    Some(Said::DaysChosen {
        runs,
        beside_lifts,
        long,
    })
}

fn is_run_of_the_plan(s: &crate::plan::PlannedSession) -> bool {
    !matches!(
        s.purpose,
        Some(crate::plan::Purpose::Cooldown | crate::plan::Purpose::Race)
    )
}

/// How many of the runner's run days fall on or after a heavy-legs lift: at
/// most that many easy runs need holding under `heavy-legs` for good.
fn days_after_legs(week: &WeekPattern) -> usize {
    let mut days: Vec<chrono::Weekday> = week
        .run_days
        .iter()
        .map(|d| d.day)
        .filter(|d| placing::tired_legs(week, *d))
        .collect();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    days.len()
}

/// The engine's weeks for `profile`, placed and tapered, as the promise
/// lets them out.
fn attempt(req: &Request, profile: &Runner, settings: &Settings) -> Result<Plan, PlanningError> {
    let program = engine::program(profile, settings)?;
    let mut plan = placing::place(
        &program,
        &req.week,
        settings,
        placing::Strictness::NoWarnings,
    )?;
    if let Horizon::Race(race) = req.horizon {
        plan = race_week::into_race(&plan, race, &profile.goal, settings)?;
    }
    plan.age = req.age;
    promise::keep(&plan, settings)?;
    Ok(plan)
}
