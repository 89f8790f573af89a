//! Placing a program's sessions on the runner's days and hours, around their
//! lifts: lift-free run days first, a rest day between runs, the long run on
//! the day with most room and never the day after heavy legs, each run at a
//! time inside the runner's window (or a sensible hour) that keeps every rule.
//! The result is checked with the same rules as `walkrun check`; a placement
//! that breaks one is never returned.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use thiserror::Error;

use crate::plan::steps::Session;
use crate::plan::{
    minute_of_day, parse_time, parse_weekday, weekday_name, Lift, Plan, PlannedSession, Priority,
    Purpose, Week as PlanWeek,
};
use crate::planning::knob::{in_words, Knob, Names};
use crate::planning::promise;
use crate::rules::{check, Finding, Placed, RuleId, Settings, Severity};

/// Runs the planner picks a time for start no earlier and end no later than
/// this, in minutes from midnight.
const EARLIEST: u32 = 6 * 60;
const LATEST_END: u32 = 22 * 60;
/// Inside a window, start times are tried every quarter of an hour.
const STEP_MINUTES: u32 = 15;

/// A day the runner can run: `tue`, `tue@18:30` (a start time) or
/// `tue@18:00-20:00` (a window the whole run fits in). A start time is kept as
/// a window that opens and closes at that minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunDay {
    pub day: Weekday,
    pub window: Option<(NaiveTime, NaiveTime)>,
}

impl RunDay {
    pub fn any_time(day: Weekday) -> RunDay {
        RunDay { day, window: None }
    }

    /// The start time asked for, when the runner gave one rather than a window.
    pub fn start_time(&self) -> Option<NaiveTime> {
        self.window.filter(|(a, b)| a == b).map(|(a, _)| a)
    }
}

impl FromStr for RunDay {
    type Err = String;
    fn from_str(text: &str) -> Result<RunDay, String> {
        let shape = || {
            format!(
                "expected a run day as DAY, DAY@HH:MM or DAY@HH:MM-HH:MM, e.g. tue@18:00-20:00, found '{text}'"
            )
        };
        let (day, window) = match text.trim().split_once('@') {
            None => (text, None),
            Some((day, w)) => match w.split_once('-') {
                None => {
                    let at = parse_time(w.trim()).map_err(|m| format!("run day '{text}': {m}"))?;
                    (day, Some((at, at)))
                }
                Some((from, to)) => {
                    let parse = |t: &str| {
                        parse_time(t.trim()).map_err(|m| format!("run day '{text}': {m}"))
                    };
                    let (from, to) = (parse(from)?, parse(to)?);
                    if to <= from {
                        return Err(format!(
                            "run day '{text}': expected the window to end after it starts"
                        ));
                    }
                    (day, Some((from, to)))
                }
            },
        };
        if day.trim().is_empty() {
            return Err(shape());
        }
        Ok(RunDay {
            day: parse_weekday(day)?,
            window,
        })
    }
}

impl fmt::Display for RunDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(weekday_name(self.day))?;
        match self.window {
            None => Ok(()),
            Some((a, b)) if a == b => write!(f, "@{}", a.format("%H:%M")),
            Some((a, b)) => write!(f, "@{}-{}", a.format("%H:%M"), b.format("%H:%M")),
        }
    }
}

/// The runner's week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPattern {
    pub start: NaiveDate,
    /// The days (and hours) the runner can run. Empty when they named none:
    /// then the planner chooses, lift-free days first (see [`chosen_days`]).
    pub run_days: Vec<RunDay>,
    pub lifts: Vec<Lift>,
    pub priority: Option<Priority>,
    /// Offer a 5-minute easy jog straight after each lift, as a cool-down.
    pub cooldown_jog: bool,
}

impl WeekPattern {
    /// A week with these run days at any time, no lifts.
    pub fn new(start: NaiveDate, days: &[Weekday]) -> WeekPattern {
        WeekPattern {
            start,
            run_days: days.iter().map(|d| RunDay::any_time(*d)).collect(),
            lifts: Vec::new(),
            priority: None,
            cooldown_jog: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    TooFewSpacedDays {
        runs: usize,
        days: String,
        fits: usize,
        suggest: String,
    },
    /// No placement keeps the rules: why (the first day or finding in the
    /// way), and the nearest change that would help.
    NoSafePlacement { reason: String, fix: PlacementFix },
}

/// The nearest change that lets the runs be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementFix {
    /// The nearest start that keeps the rules on a day without one, as the
    /// run day that asks for it (`mon@22:00`, or a window from then).
    NearestTime { at: NaiveTime, run_day: RunDay },
    /// No time on this day keeps them.
    NoTimeOn(Weekday),
    /// No one day is to blame: a lift-free run day (such as `suggest`), a lift
    /// moved, or fewer runs.
    AddRunDay { suggest: String },
}

impl CalendarError {
    /// The message, with the knobs it asks the runner to change named by
    /// `name` (the command line names its flag).
    pub fn say(&self, name: Names) -> String {
        match self {
            CalendarError::TooFewSpacedDays {
                runs,
                days,
                fits,
                suggest,
            } => format!(
                "{runs} runs a week need a rest day between runs, and run days {days} allow only {fits}; add a run day (such as {suggest}), or run {}",
                match fits {
                    1 => "once a week".to_string(),
                    2 => "twice a week".to_string(),
                    n => format!("{n} times a week"),
                }
            ),
            CalendarError::NoSafePlacement { reason, fix } => {
                format!("cannot place the runs safely: {reason}; {}", fix.say(name))
            }
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
    }
}

impl PlacementFix {
    /// The fix, with the run day it suggests named by `name`.
    pub fn say(&self, name: Names) -> String {
        match self {
            PlacementFix::NearestTime { at, run_day } => format!(
                "the nearest time that works is {}: try {}, run on another day, or move the lift",
                at.format("%H:%M"),
                name(&Knob::RunDays(Some(*run_day)))
            ),
            PlacementFix::NoTimeOn(day) => format!(
                "no time on {} works: run on a day without a lift, or move the lift",
                weekday_name(*day)
            ),
            PlacementFix::AddRunDay { suggest } => format!(
                "add a run day without a lift (such as {suggest}), move a lift earlier or later, or run fewer times a week"
            ),
        }
    }
}

impl fmt::Display for PlacementFix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
    }
}

/// The rules that are about placement, as opposed to the program itself.
const PLACEMENT_RULES: &[RuleId] = &[
    RuleId::SameDayGap,
    RuleId::PostLiftLimit,
    RuleId::PriorityOrder,
    RuleId::RestBetweenRuns,
    RuleId::HeavyLegs,
];

/// How much a placement must keep of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// No placement warning at all: the planner's own plans, which must pass
    /// `check` (its promise).
    NoWarnings,
    /// The placement with the fewest warnings; only errors refuse (a fixed
    /// program whose long runs cannot all avoid leg day still gets a
    /// calendar).
    FewestWarnings,
}

/// Place `program` on the runner's week. Sessions get days and times; each
/// week's sessions are ordered by day; `strictness` says what may remain.
pub fn place(
    program: &Plan,
    week: &WeekPattern,
    settings: &Settings,
    strictness: Strictness,
) -> Result<Plan, CalendarError> {
    let mut days: Vec<RunDay> = Vec::new();
    for d in &week.run_days {
        if !days.iter().any(|o| o.day == d.day) {
            days.push(*d);
        }
    }
    days.sort_by_key(|d| offset(week.start, d.day));
    let runs = program
        .weeks
        .iter()
        .map(|w| w.sessions.len())
        .max()
        .unwrap_or(0);
    let mut base = program.clone();
    base.start = Some(week.start);
    base.lifts = week.lifts.clone();
    base.priority = week.priority;
    if runs == 0 {
        return Ok(base);
    }
    let gap_days =
        if settings.enabled(RuleId::RestBetweenRuns) && settings.back_to_back_percent <= 0.0 {
            settings.rest_days_between_runs.round() as u32 + 1
        } else {
            1
        };
    let chosen = days.is_empty();
    if chosen {
        days = all_days(week.start);
    }
    let weekdays: Vec<Weekday> = days.iter().map(|d| d.day).collect();
    let mut subsets = spaced_subsets(&days, runs, gap_days, week.start);
    if subsets.is_empty() {
        let fits = (1..runs)
            .rev()
            .find(|k| !spaced_subsets(&days, *k, gap_days, week.start).is_empty())
            .unwrap_or(0);
        return Err(CalendarError::TooFewSpacedDays {
            runs,
            days: names(&weekdays),
            fits,
            suggest: suggest_day(&weekdays, week),
        });
    }
    if chosen {
        subsets.sort_by_key(|s| chosen_rank(week, s));
    } else {
        // Lift-free days first; among equals, keep the runner's order.
        subsets.sort_by_key(|s| {
            s.iter()
                .filter(|d| lifts_on(week, d.day).next().is_some())
                .count()
        });
    }
    let mut times = Times::new(week, settings);
    let mut first_reason = None;
    let mut best: Option<(usize, Plan)> = None;
    for subset in &subsets {
        match try_subset(&base, week, subset, settings, &mut times) {
            Ok((plan, warnings)) if warnings.is_empty() => {
                return Ok(with_cooldown_jogs(plan, week, settings));
            }
            Ok((plan, warnings)) => {
                if strictness == Strictness::FewestWarnings
                    && best.as_ref().is_none_or(|(w, _)| warnings.len() < *w)
                {
                    best = Some((warnings.len(), plan));
                }
                first_reason.get_or_insert_with(|| warnings[0].clone());
            }
            Err(reason) => {
                first_reason.get_or_insert(reason);
            }
        }
    }
    if let Some((_, plan)) = best {
        return Ok(plan);
    }
    let reason = first_reason.unwrap_or_else(|| "no placement fits".into());
    let fix = times.fix.take().unwrap_or_else(|| PlacementFix::AddRunDay {
        suggest: suggest_day(&weekdays, week),
    });
    Err(CalendarError::NoSafePlacement { reason, fix })
}

/// Every day of the week at any time, from the plan's first day.
fn all_days(start: NaiveDate) -> Vec<RunDay> {
    let mut days: Vec<RunDay> = ALL_WEEKDAYS.iter().map(|d| RunDay::any_time(*d)).collect();
    days.sort_by_key(|d| offset(start, d.day));
    days
}

const ALL_WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The days walkrun has long suggested to a runner without lifts: what it
/// keeps when nothing else tells the choices apart.
const USUAL_DAYS: [Weekday; 3] = [Weekday::Tue, Weekday::Thu, Weekday::Sat];

/// How good a choice of run days is when the runner named none, best
/// lowest (docs/coaching.md, "Where the runs go"): fewest lift days (free days
/// first, a lift day only at the 6-hour gap); fewest days on or after heavy
/// legs, where a run must stay short; a day for the long run that is free,
/// and not before, on or after heavy legs; a weekend day for it; and then
/// the usual Tue, Thu and Sat. Compared field by field (the derived `Ord`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct DaysRank {
    lift_days: usize,
    /// Days on or after heavy legs.
    tired: usize,
    no_long_run_day: bool,
    no_weekend: bool,
    /// Days other than Tue, Thu and Sat.
    unusual: usize,
}

fn chosen_rank(week: &WeekPattern, days: &[RunDay]) -> DaysRank {
    let lift = |d: Weekday| lifts_on(week, d).next().is_some();
    let lift_days = days.iter().filter(|d| lift(d.day)).count();
    let tired = days.iter().filter(|d| tired_legs(week, d.day)).count();
    let long_day = days
        .iter()
        .any(|d| !lift(d.day) && !tired_legs(week, d.day) && !before_legs(week, d.day));
    let weekend = days
        .iter()
        .any(|d| matches!(d.day, Weekday::Sat | Weekday::Sun));
    let unusual = days.iter().filter(|d| !USUAL_DAYS.contains(&d.day)).count();
    DaysRank {
        lift_days,
        tired,
        no_long_run_day: !long_day,
        no_weekend: !weekend,
        unusual,
    }
}

/// The run days the planner chooses for a runner who named none, best
/// first: every choice of `runs` days with a rest day between runs, ranked
/// as [`chosen_rank`] says. The placement takes the first that keeps every
/// rule.
pub fn chosen_days(week: &WeekPattern, runs: usize, settings: &Settings) -> Vec<Vec<RunDay>> {
    let gap_days = if settings.enabled(RuleId::RestBetweenRuns) {
        settings.rest_days_between_runs.round() as u32 + 1
    } else {
        1
    };
    let mut subsets = spaced_subsets(&all_days(week.start), runs, gap_days, week.start);
    subsets.sort_by_key(|s| chosen_rank(week, s));
    subsets
}

/// The plan on these days and how many placement warnings it has, or why it
/// cannot be placed there.
fn try_subset(
    base: &Plan,
    week: &WeekPattern,
    subset: &[RunDay],
    settings: &Settings,
    times: &mut Times,
) -> Result<(Plan, Vec<String>), String> {
    let mut plan = base.clone();
    for pw in &mut plan.weeks {
        let mut free: Vec<RunDay> = subset.to_vec();
        let mut assigned: Vec<(RunDay, usize)> = Vec::new();
        // The long run takes the day with most room first.
        if let Some(big) = long_session(&pw.sessions) {
            let pick = (0..free.len())
                .max_by_key(|&i| room(week, &free[i], subset, settings))
                .unwrap_or(0);
            assigned.push((free.remove(pick), big));
        }
        // A day of or after heavy legs takes the shortest session left (an
        // easy run held under `heavy-legs` for it); the rest keep their
        // program order on the remaining days.
        let mut rest: Vec<usize> = (0..pw.sessions.len())
            .filter(|i| !assigned.iter().any(|(_, a)| a == i))
            .collect();
        rest.sort_unstable();
        let mut k = 0;
        while k < free.len() && !rest.is_empty() {
            if tired_legs(week, free[k].day) {
                let pick = (0..rest.len())
                    .min_by_key(|&j| (pw.sessions[rest[j]].steps.run_seconds(), j))
                    .unwrap_or(0);
                assigned.push((free.remove(k), rest.remove(pick)));
            } else {
                k += 1;
            }
        }
        for i in rest {
            if free.is_empty() {
                break;
            }
            assigned.push((free.remove(0), i));
        }
        assigned.sort_by_key(|(d, _)| offset(week.start, d.day));
        let old = std::mem::take(&mut pw.sessions);
        for (day, i) in assigned {
            let mut s = old[i].clone();
            s.day = Some(day.day);
            s.at = Some(times.at(&day, &s.steps)?);
            pw.sessions.push(s);
        }
    }
    // The placement's findings as the planner's promise judges them: an
    // error refuses these days; the rest are warnings, which only a fixed
    // program may keep (`Strictness::FewestWarnings`).
    let report = check(&plan, settings);
    let problems: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| PLACEMENT_RULES.contains(&f.rule) && !promise::allows(f))
        .collect();
    if let Some(f) = problems.iter().find(|f| f.severity == Severity::Error) {
        return Err(f.to_string());
    }
    let warnings: Vec<String> = problems.iter().map(|f| f.to_string()).collect();
    Ok((plan, warnings))
}

/// The week's long session: the one marked long, else the one with most running.
fn long_session(sessions: &[PlannedSession]) -> Option<usize> {
    sessions
        .iter()
        .position(|s| s.purpose == Some(Purpose::Long))
        .or_else(|| (0..sessions.len()).max_by_key(|&i| (sessions[i].steps.run_seconds(), i)))
}

/// How good a day is for the long run, compared field by field in this
/// order (the derived `Ord`): each field is "more is better".
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct LongRunRoom {
    /// Not on or the day after heavy legs.
    fresh_legs: bool,
    /// Followed by as many days without a run as the long run asks
    /// (`rest_days_after_long`: two from 60), or by the short easy run of
    /// two days back to back (`back_to_back_percent`).
    rest_after: bool,
    /// The first of two run days back to back, when such pairs are allowed:
    /// the short easy run comes the day after, never before.
    starts_pair: bool,
    /// Not the day before heavy legs.
    not_before_legs: bool,
    no_lift: bool,
    /// The minutes of the day's window.
    width: u32,
    weekend: bool,
    /// Later in the week.
    offset: u32,
}

fn room(week: &WeekPattern, d: &RunDay, days: &[RunDay], settings: &Settings) -> LongRunRoom {
    let lift = lifts_on(week, d.day).next().is_some();
    // Days without a run until the next run day, the week round.
    let at = offset(week.start, d.day);
    let gap = days
        .iter()
        .map(|o| (offset(week.start, o.day) + 7 - at) % 7)
        .filter(|g| *g > 0)
        .min()
        .unwrap_or(7);
    let pairs = settings.back_to_back_percent > 0.0;
    let starts_pair = pairs && gap == 1;
    let rest_after = !settings.enabled(RuleId::RestBetweenRuns)
        || starts_pair
        || f64::from(gap - 1) >= settings.rest_days_after_long.round();
    let width = match d.window {
        None => LATEST_END - EARLIEST,
        Some((a, b)) => minute_of_day(b).saturating_sub(minute_of_day(a)),
    };
    let weekend = matches!(d.day, Weekday::Sat | Weekday::Sun);
    LongRunRoom {
        fresh_legs: !tired_legs(week, d.day),
        rest_after,
        starts_pair,
        not_before_legs: !before_legs(week, d.day),
        no_lift: !lift,
        width,
        weekend,
        offset: offset(week.start, d.day),
    }
}

/// Whether a heavy-legs lift falls on `day` or the day before: no day for a
/// long or hard run (`heavy-legs`).
pub fn tired_legs(week: &WeekPattern, day: Weekday) -> bool {
    week.lifts
        .iter()
        .any(|l| l.legs && (l.day == day || l.day.succ() == day))
}

/// Whether a heavy-legs lift falls the day after `day`: a long run there
/// sends the runner into leg day tired.
fn before_legs(week: &WeekPattern, day: Weekday) -> bool {
    week.lifts.iter().any(|l| l.legs && day.succ() == l.day)
}

/// Start times for sessions, worked out once for each day and session.
struct Times<'a> {
    week: &'a WeekPattern,
    settings: &'a Settings,
    known: HashMap<(Weekday, String), Result<NaiveTime, String>>,
    /// The nearest fix for the first day that had no time, for the message.
    fix: Option<PlacementFix>,
}

impl<'a> Times<'a> {
    fn new(week: &'a WeekPattern, settings: &'a Settings) -> Times<'a> {
        Times {
            week,
            settings,
            known: HashMap::new(),
            fix: None,
        }
    }

    /// The time for `steps` on `day`: inside its window (the earliest that
    /// keeps the rules, or the latest when strength comes first, so the lift
    /// has the most room before the run), at its start time, or at a sensible
    /// hour.
    fn at(&mut self, day: &RunDay, steps: &Session) -> Result<NaiveTime, String> {
        let key = (day.day, steps.to_string());
        if let Some(known) = self.known.get(&key) {
            return known.clone();
        }
        let minutes = steps.total_seconds().div_ceil(60) as u32;
        let candidates = candidates(day, minutes, self.week.priority);
        // Every rule that stood in the way, and the first time's reason.
        let mut rules: Vec<RuleId> = Vec::new();
        let mut why = None;
        let mut found = None;
        for at in candidates {
            match fits(self.week, day.day, at, steps, self.settings) {
                Ok(()) => {
                    found = Some(at);
                    break;
                }
                Err((rule, reason)) => {
                    if !rules.contains(&rule) {
                        rules.push(rule);
                    }
                    why.get_or_insert(reason);
                }
            }
        }
        let why = why.map(|first| {
            if rules.len() > 1 {
                let ids: Vec<&str> = rules.iter().map(|r| r.as_str()).collect();
                format!("each time breaks {}; {first}", ids.join(" or "))
            } else {
                first
            }
        });
        let result = match found {
            Some(at) => Ok(at),
            None => {
                let (reason, fix) = self.no_time(day, minutes, steps, why);
                self.fix.get_or_insert(fix);
                Err(reason)
            }
        };
        self.known.insert(key, result.clone());
        result
    }

    /// Why a day has no time, and the nearest change that gives it one.
    fn no_time(
        &self,
        day: &RunDay,
        minutes: u32,
        steps: &Session,
        why: Option<String>,
    ) -> (String, PlacementFix) {
        let name = weekday_name(day.day);
        let hours = match day.window {
            Some((a, b)) if a == b => format!("at {}", a.format("%H:%M")),
            Some((a, b)) => format!("in {}-{}", a.format("%H:%M"), b.format("%H:%M")),
            None => "between 06:00 and 22:00".into(),
        };
        let why = why.unwrap_or_else(|| format!("a {minutes}-minute session does not fit"));
        let reason = format!(
            "on {name} no time {hours} keeps the rules for a {minutes}-minute session ({why})"
        );
        // The start nearest the runner's hours that does keep them.
        let wanted = match day.window {
            Some((a, _)) => minute_of_day(a),
            None => 18 * 60,
        };
        // Runners' hours: not the middle of the night.
        let nearest = (5 * 60 / STEP_MINUTES..23 * 60 / STEP_MINUTES)
            .map(|i| i * STEP_MINUTES)
            .filter(|m| m + minutes <= 24 * 60)
            .filter_map(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0))
            .filter(|t| fits(self.week, day.day, *t, steps, self.settings).is_ok())
            .min_by_key(|t| (minute_of_day(*t) as i64 - wanted as i64).abs());
        let fix = match (nearest, day.window) {
            (Some(t), Some((a, b))) if a != b => {
                // A window as wide as the runner's (or the session) from then.
                let width = minute_of_day(b) - minute_of_day(a);
                let end = (minute_of_day(t) + width.max(minutes)).min(24 * 60 - 1);
                let end = NaiveTime::from_hms_opt(end / 60, end % 60, 0).unwrap_or(t);
                PlacementFix::NearestTime {
                    at: t,
                    run_day: RunDay {
                        day: day.day,
                        window: Some((t, end)),
                    },
                }
            }
            (Some(t), _) => PlacementFix::NearestTime {
                at: t,
                run_day: RunDay {
                    day: day.day,
                    window: Some((t, t)),
                },
            },
            (None, _) => PlacementFix::NoTimeOn(day.day),
        };
        (reason, fix)
    }
}

/// The start times to try on a day, best first.
fn candidates(day: &RunDay, minutes: u32, priority: Option<Priority>) -> Vec<NaiveTime> {
    let time = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0);
    let mut out: Vec<u32> = match day.window {
        Some((a, b)) if a == b => vec![minute_of_day(a)],
        Some((a, b)) => {
            let (a, b) = (minute_of_day(a), minute_of_day(b));
            let mut v: Vec<u32> = (a..=b.saturating_sub(minutes))
                .step_by(STEP_MINUTES as usize)
                .collect();
            if priority == Some(Priority::Strength) {
                v.reverse();
            }
            v
        }
        None => {
            // Evenings on workdays, mornings at the weekend; mid-afternoon on
            // a workday only when nothing else fits.
            let h = |h: u32, m: u32| h * 60 + m;
            let first: Vec<u32> = if matches!(day.day, Weekday::Sat | Weekday::Sun) {
                vec![
                    h(9, 0),
                    h(9, 30),
                    h(8, 30),
                    h(10, 0),
                    h(8, 0),
                    h(10, 30),
                    h(11, 0),
                    h(7, 30),
                    h(7, 0),
                    h(17, 0),
                    h(17, 30),
                    h(18, 0),
                    h(16, 30),
                    h(16, 0),
                ]
            } else {
                vec![
                    h(18, 0),
                    h(18, 30),
                    h(17, 30),
                    h(19, 0),
                    h(19, 30),
                    h(17, 0),
                    h(20, 0),
                    h(7, 0),
                    h(6, 30),
                    h(7, 30),
                    h(6, 0),
                    h(12, 0),
                    h(12, 30),
                    h(20, 30),
                    h(21, 0),
                ]
            };
            let rest: Vec<u32> = (EARLIEST..LATEST_END)
                .step_by(30)
                .filter(|m| !first.contains(m))
                .collect();
            first
                .into_iter()
                .chain(rest)
                .filter(|m| *m >= EARLIEST && m + minutes <= LATEST_END)
                .collect()
        }
    };
    out.dedup();
    out.into_iter().filter_map(time).collect()
}

/// Whether `steps` at `at` on `day` keeps every rule about lifts, checked by
/// the rules themselves on a one-session plan, and counts as a run there
/// (not a cool-down jog); the reason when it does not.
fn fits(
    week: &WeekPattern,
    day: Weekday,
    at: NaiveTime,
    steps: &Session,
    settings: &Settings,
) -> Result<(), (RuleId, String)> {
    let plan = Plan {
        name: String::new(),
        start: Some(week.start),
        lifts: week.lifts.clone(),
        priority: week.priority,
        weeks: vec![PlanWeek {
            sessions: vec![PlannedSession {
                day: Some(day),
                at: Some(at),
                steps: steps.clone(),
                ..PlannedSession::default()
            }],
            ..PlanWeek::default()
        }],
        ..Plan::default()
    };
    // A run of the program is training: at a time where the checker takes
    // it for a cool-down jog (a few minutes of running straight after a
    // lift), it would leave the week's running, and the week it grew or
    // moved it would come back as a jump `progression-rate` rejects.
    if Placed::new(&plan, settings)
        .sessions
        .first()
        .is_some_and(|s| s.cooldown)
    {
        return Err((
            RuleId::CooldownJog,
            format!(
                "a run at {} would be a cool-down jog straight after your lift, not one of the plan's runs",
                at.format("%H:%M")
            ),
        ));
    }
    let report = check(&plan, settings);
    let bad = report.findings.iter().find(|f| {
        f.severity >= Severity::Warning
            && matches!(
                f.rule,
                RuleId::SameDayGap | RuleId::PostLiftLimit | RuleId::PriorityOrder
            )
    });
    match bad {
        None => Ok(()),
        Some(f) => {
            // The finding names a session the runner never sees: say "a run
            // at 12:00" instead.
            let message = match f.message.split_once(") ") {
                Some((_, rest)) => format!("a run at {} {rest}", at.format("%H:%M")),
                None => f.message.clone(),
            };
            let said = Finding {
                message,
                ..f.clone()
            };
            Err((f.rule, said.to_string()))
        }
    }
}

/// The plan with an easy cool-down jog straight after each lift, in the weeks
/// where the runner's runs are long enough for a few minutes of jogging to be
/// easy, and only where the jog keeps every rule.
fn with_cooldown_jogs(plan: Plan, week: &WeekPattern, settings: &Settings) -> Plan {
    if !week.cooldown_jog || !settings.enabled(RuleId::CooldownJog) {
        return plan;
    }
    let clean = |p: &Plan| {
        check(p, settings)
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count()
    };
    let before = clean(&plan);
    let mut plan = plan;
    for lift in &week.lifts {
        let end = lift.end_minute();
        if end >= LATEST_END {
            continue;
        }
        let Some(at) = NaiveTime::from_hms_opt(end / 60, end % 60, 0) else {
            continue;
        };
        let mut with = plan.clone();
        for pw in &mut with.weeks {
            let longest = pw
                .sessions
                .iter()
                .filter(|s| s.purpose != Some(Purpose::Cooldown))
                .map(|s| s.steps.longest_run_seconds())
                .max()
                .unwrap_or(0);
            // Five minutes of jogging is a cool-down for someone who runs
            // ten without stopping; for a newer runner it would be a workout.
            let jog = Settings::seconds(settings.cooldown_jog_minutes).min(longest / 2) / 30 * 30;
            if longest < 10 * 60 || jog < 3 * 60 {
                continue;
            }
            if pw.sessions.iter().any(|s| s.day == Some(lift.day)) {
                // One workout a day is plenty: no jog on a run day.
                continue;
            }
            pw.sessions.push(PlannedSession {
                day: Some(lift.day),
                at: Some(at),
                steps: crate::planning::shape::Body::Continuous(jog).session_bare(),
                purpose: Some(Purpose::Cooldown),
                note: Some("cool-down: an easy jog straight after your lift".into()),
                ..PlannedSession::default()
            });
            pw.sessions
                .sort_by_key(|s| (s.day.map(|d| offset(week.start, d)), s.at));
        }
        if clean(&with) <= before {
            plan = with;
        }
    }
    plan
}

fn lifts_on(week: &WeekPattern, day: Weekday) -> impl Iterator<Item = &Lift> {
    week.lifts.iter().filter(move |l| l.day == day)
}

/// Days from the plan's first day to this weekday's first occurrence.
pub fn offset(start: NaiveDate, day: Weekday) -> u32 {
    (7 + day.num_days_from_monday() - start.weekday().num_days_from_monday()) % 7
}

/// Every choice of `k` days, in the runner's order, with at least `gap` days
/// between consecutive runs, the wrap into next week included.
fn spaced_subsets(days: &[RunDay], k: usize, gap: u32, start: NaiveDate) -> Vec<Vec<RunDay>> {
    let mut out = Vec::new();
    let n = days.len();
    if k == 0 || k > n {
        return out;
    }
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != k {
            continue;
        }
        let chosen: Vec<RunDay> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| days[i])
            .collect();
        let offs: Vec<u32> = chosen.iter().map(|d| offset(start, d.day)).collect();
        let spaced = offs.windows(2).all(|w| w[1] - w[0] >= gap)
            && (k == 1 || offs[0] + 7 - offs[k - 1] >= gap);
        if spaced {
            out.push(chosen);
        }
    }
    out
}

fn names(days: &[Weekday]) -> String {
    days.iter()
        .map(|d| weekday_name(*d))
        .collect::<Vec<_>>()
        .join(",")
}

/// A weekday that is not a run day yet, has no lift, and sits two days from
/// the given run days where possible.
fn suggest_day(days: &[Weekday], week: &WeekPattern) -> String {
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let apart = |d: Weekday| {
        days.iter().all(|r| {
            let diff = (7 + d.num_days_from_monday() - r.num_days_from_monday()) % 7;
            (2..=5).contains(&diff)
        })
    };
    let free = |d: &Weekday| !days.contains(d) && lifts_on(week, *d).next().is_none();
    all.iter()
        .filter(|d| free(d))
        .find(|d| apart(**d))
        .or_else(|| all.iter().find(|d| free(d)))
        .map_or("another day".into(), |d| weekday_name(*d).to_string())
}

/// The plan moved forward so that `next` falls on or after `today`, on the
/// same weekday: weeks keep their days and times, so every rule that held
/// still holds. Sessions before `next` move with their weeks; the journal
/// keeps the dates they were really done.
pub fn reschedule(plan: &Plan, next: crate::plan::Address, today: NaiveDate) -> Option<Plan> {
    let start = plan.start?;
    let day = plan.session(next)?.day?;
    let off = u64::from(offset(start, day));
    // The first date with the plan's start weekday whose week puts `next` on
    // or after today.
    let mut week_start = today.checked_sub_days(chrono::Days::new(off))?;
    while week_start.weekday() != start.weekday() {
        week_start = week_start.succ_opt()?;
    }
    let new_start = week_start.checked_sub_days(chrono::Days::new(7 * (next.week as u64 - 1)))?;
    let mut moved = plan.clone();
    moved.start = Some(new_start.max(start));
    Some(moved)
}
