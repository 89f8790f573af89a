//! Plans and programs: the TOML file format, its validation, and the types the
//! rest of walkrun reads. One format serves both: a program has no `start`, a plan
//! placed on the calendar has one.

pub mod pace;
pub mod programs;
pub mod steps;

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::plan::steps::Session;
use crate::sys::safe_text::{quoted, shorten_quotes};

/// The lift length when a file or flag gives none.
pub const DEFAULT_LIFT_MINUTES: u32 = 60;

/// How long a lift may be, in minutes: five hours is more than any
/// strength session, and a longer one is a typo.
pub const LIFT_MINUTES: std::ops::RangeInclusive<u32> = 1..=300;

/// A position in a file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location { line, column }
    }
}

/// A plan file that cannot be used, with where and why.
#[derive(Debug, Error)]
pub enum PlanError {
    #[error("{path}:{}:{}: {message}", .location.line, .location.column)]
    Invalid {
        path: String,
        location: Location,
        message: String,
    },
    #[error("{path}: {message}")]
    Whole { path: String, message: String },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What the runner puts first when both matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Endurance,
    Strength,
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "endurance" => Ok(Priority::Endurance),
            "strength" => Ok(Priority::Strength),
            _ => Err(format!(
                "expected endurance or strength, found {}",
                quoted(s)
            )),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Priority::Endurance => "endurance",
            Priority::Strength => "strength",
        })
    }
}

/// One weekly strength session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lift {
    pub day: Weekday,
    pub at: NaiveTime,
    pub minutes: u32,
    /// Heavy lower body: the day after is no day for a long run.
    pub legs: bool,
}

impl Lift {
    /// When the lift ends, in minutes from midnight (may pass 24 h).
    pub fn end_minute(&self) -> u32 {
        minute_of_day(self.at) + self.minutes
    }
}

/// One date on which a weekly lift does not happen as usual. Race week asks
/// for them (no heavy legs in the five days before a race, no lift the day
/// before: docs/coaching.md, "Race week"), and a runner may write their own.
/// The file keeps each under its lift (`[[lift.exception]]`); the plan keeps
/// them in one list, each naming its lift by weekday and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiftException {
    /// The weekly lift it changes: the one on this weekday at this time.
    pub day: Weekday,
    pub at: NaiveTime,
    /// The date the lift would fall on (always a `day`).
    pub date: NaiveDate,
    pub change: LiftChange,
    /// Why, in the runner's words.
    pub note: Option<String>,
    /// The line of its `[[lift.exception]]` header, when read from a file.
    pub line: SourceLine,
}

/// What happens to a lift on an exception's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiftChange {
    /// No lift that day (`skip = true`).
    Skip,
    /// The lift on another date and time instead (`move_to`, `at`).
    Move { to: NaiveDate, at: NaiveTime },
    /// The lift goes ahead without heavy legs, upper body only (`legs = false`).
    Light,
}

impl LiftException {
    /// "skip Thu 7 May", "move Thu 7 May to Mon 4 May 18:00", "upper body
    /// only on Thu 7 May": the change, as `show` and the exports say it.
    pub fn describe(&self) -> String {
        let on = self.date.format("%a %-d %b");
        match self.change {
            LiftChange::Skip => format!("skip {on}"),
            LiftChange::Move { to, at } => {
                format!(
                    "move {on} to {} {}",
                    to.format("%a %-d %b"),
                    at.format("%H:%M")
                )
            }
            LiftChange::Light => format!("upper body only on {on}"),
        }
    }

    /// Whether this exception is about `lift` (its weekday and time).
    pub fn is_for(&self, lift: &Lift) -> bool {
        self.day == lift.day && self.at == lift.at
    }
}

/// A lift as the command line writes it: `mon@07:00`, `mon@07:00+45m`,
/// `mon@07:00:legs`, `mon@07:00+90m:legs` (minutes default to 60).
impl FromStr for Lift {
    type Err = String;
    fn from_str(text: &str) -> Result<Lift, String> {
        let shown = quoted(text);
        let shape = || {
            format!("expected a lift as DAY@HH:MM[+MINUTESm][:legs], e.g. mon@07:00+60m:legs, found {shown}")
        };
        let (day, rest) = text.trim().split_once('@').ok_or_else(shape)?;
        let day = parse_weekday(day).map_err(|m| format!("lift {shown}: {m}"))?;
        let (rest, legs) = match rest.strip_suffix(":legs") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (at, minutes) = match rest.split_once('+') {
            None => (rest, DEFAULT_LIFT_MINUTES),
            Some((at, len)) => {
                let len = len.strip_suffix('m').unwrap_or(len);
                let m: u32 = len.parse().map_err(|_| shape())?;
                if !LIFT_MINUTES.contains(&m) {
                    return Err(format!(
                        "lift {shown}: expected {} to {} minutes, found {m}",
                        LIFT_MINUTES.start(),
                        LIFT_MINUTES.end()
                    ));
                }
                (at, m)
            }
        };
        let at = parse_time(at).map_err(|m| format!("lift {shown}: {m}"))?;
        Ok(Lift {
            day,
            at,
            minutes,
            legs,
        })
    }
}

impl fmt::Display for Lift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}@{}+{}m{}",
            weekday_name(self.day),
            self.at.format("%H:%M"),
            self.minutes,
            if self.legs { ":legs" } else { "" }
        )
    }
}

/// What a session is for in its week, as a coach names it. Stored in the plan
/// (`purpose = "long"`) so `show`, the voice and the exports can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// The week's long run: the one that builds endurance.
    Long,
    /// An easy run, shorter than the long one.
    Easy,
    /// Run-walk: runs with walks between, on the way to running without
    /// stopping (written `run-walk`; `intervals`, its old name, still reads).
    Intervals,
    /// The race itself, the last session of a race plan.
    Race,
    /// A few minutes of easy jogging straight after a lift: a cool-down, not a
    /// workout (`cooldown-jog`).
    Cooldown,
    /// A pace check: a timed kilometre or mile, run steadily (never flat
    /// out), whose time sets the runner's pace (`time-trial`).
    #[serde(rename = "time-trial")]
    TimeTrial,
}

impl Purpose {
    pub const ALL: &'static [Purpose] = &[
        Purpose::Long,
        Purpose::Easy,
        Purpose::Intervals,
        Purpose::Race,
        Purpose::Cooldown,
        Purpose::TimeTrial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Long => "long",
            Purpose::Easy => "easy",
            Purpose::Intervals => "run-walk",
            Purpose::Race => "race",
            Purpose::Cooldown => "cooldown",
            Purpose::TimeTrial => "time-trial",
        }
    }
}

impl FromStr for Purpose {
    type Err = String;
    fn from_str(s: &str) -> Result<Purpose, String> {
        // Plans written before run-walk had its name say `intervals`.
        if s == "intervals" {
            return Ok(Purpose::Intervals);
        }
        Purpose::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                format!("expected long, easy, run-walk, race, cooldown or time-trial, found '{s}'")
            })
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The line of the file something was read from (from 1), so findings can
/// point at it as linters do. Where a thing was read is not part of what it
/// is: two plans that differ only in their lines are equal.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceLine(pub Option<usize>);

impl PartialEq for SourceLine {
    fn eq(&self, _: &SourceLine) -> bool {
        true
    }
}

impl Eq for SourceLine {}

/// A session of a week, placed on a weekday (and a time) or not yet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlannedSession {
    pub day: Option<Weekday>,
    pub at: Option<NaiveTime>,
    pub steps: Session,
    pub note: Option<String>,
    pub purpose: Option<Purpose>,
    /// The line of its `[[week.session]]` header, when read from a file.
    pub line: SourceLine,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Week {
    pub sessions: Vec<PlannedSession>,
    /// The line of its `[[week]]` header, when read from a file.
    pub line: SourceLine,
}

/// One key of the plan's `[rules]` table, kept with where it was written so the
/// rule set can name the line when it does not know the key or value.
#[derive(Debug, Clone)]
pub struct RuleSetting {
    pub key: String,
    pub value: toml::Value,
    pub location: Option<Location>,
}

/// Two settings are the same when they say the same: where each was written
/// is not part of the plan.
impl PartialEq for RuleSetting {
    fn eq(&self, other: &RuleSetting) -> bool {
        self.key == other.key && self.value == other.value
    }
}

/// The most weeks a plan file may hold: ten years, well past any program
/// (the planner makes at most 104), and few enough that checking a plan
/// stays quick whatever a file holds.
pub const MAX_PLAN_WEEKS: usize = 520;
/// The largest plan file read: a 520-week plan with a session a day and a
/// note to each is well under 1 MB.
pub const MAX_PLAN_BYTES: u64 = 4 << 20;
/// The last day a plan file can name: TOML dates have four-digit years.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The last day of a plan of `weeks` weeks from `start`, when it is one a
/// file can hold (on or before [`LAST_DATE`]).
pub fn last_day(start: NaiveDate, weeks: usize) -> Option<NaiveDate> {
    let days = u64::try_from(weeks.max(1)).ok()?.checked_mul(7)? - 1;
    start
        .checked_add_days(Days::new(days))
        .filter(|d| *d <= LAST_DATE)
}

/// The ages a plan or flag may give: a runner's, not a typo's.
pub const AGES: std::ops::RangeInclusive<u32> = 10..=100;

/// A program (no start date) or a plan (placed on the calendar).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub name: String,
    pub description: Option<String>,
    pub goal: Option<String>,
    pub start: Option<NaiveDate>,
    /// Race day: the plan ends with the race (a session with purpose race).
    pub race: Option<NaiveDate>,
    /// The runner's age: from 40 the `deload` rule applies.
    pub age: Option<u32>,
    /// Where `race` is written, when read from a file.
    pub race_line: SourceLine,
    pub priority: Option<Priority>,
    /// The runner's easy running pace: a treadmill's speeds come from it.
    pub pace: Option<pace::Pace>,
    pub lifts: Vec<Lift>,
    /// Dates on which a lift is skipped, moved or made lighter.
    pub lift_exceptions: Vec<LiftException>,
    pub weeks: Vec<Week>,
    pub rules: Vec<RuleSetting>,
}

/// A session's address: `W3D2` is week 3, its second session (both from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address {
    pub week: usize,
    pub session: usize,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "W{}D{}", self.week, self.session)
    }
}

impl FromStr for Address {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected a session address like W3D2, found {}", quoted(s));
        let upper = s.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix('W').ok_or_else(bad)?;
        let (w, d) = rest.split_once('D').ok_or_else(bad)?;
        let week: usize = w.parse().map_err(|_| bad())?;
        let session: usize = d.parse().map_err(|_| bad())?;
        if week == 0 || session == 0 {
            return Err(bad());
        }
        Ok(Address { week, session })
    }
}

impl Plan {
    /// The session at an address, if the plan has it.
    pub fn session(&self, addr: Address) -> Option<&PlannedSession> {
        self.weeks
            .get(addr.week.checked_sub(1)?)?
            .sessions
            .get(addr.session.checked_sub(1)?)
    }

    /// Every session with its address, in order.
    pub fn sessions(&self) -> impl Iterator<Item = (Address, &PlannedSession)> {
        self.weeks.iter().enumerate().flat_map(|(w, week)| {
            week.sessions.iter().enumerate().map(move |(d, s)| {
                (
                    Address {
                        week: w + 1,
                        session: d + 1,
                    },
                    s,
                )
            })
        })
    }

    pub fn session_count(&self) -> usize {
        self.weeks.iter().map(|w| w.sessions.len()).sum()
    }

    /// The date of a session: week N is the 7 days from `start + 7(N-1)`, and the
    /// session falls on the first of those days with its weekday.
    pub fn date_of(&self, week: usize, day: Weekday) -> Option<NaiveDate> {
        let start = self.start?;
        let week_start = start.checked_add_days(Days::new(7 * (week.checked_sub(1)? as u64)))?;
        let offset =
            (7 + day.num_days_from_monday() - week_start.weekday().num_days_from_monday()) % 7;
        week_start.checked_add_days(Days::new(u64::from(offset)))
    }

    /// The date of the session at `addr`, when the plan is placed.
    pub fn session_date(&self, addr: Address) -> Option<NaiveDate> {
        self.date_of(addr.week, self.session(addr)?.day?)
    }

    /// The lifts that happen on `date`: the weekly ones on its weekday, as
    /// the plan's exceptions change them (skipped, moved away, made
    /// lighter), and those moved onto it. The one place exceptions apply:
    /// the rules, the exports and `show` all ask here.
    pub fn lifts_on(&self, date: NaiveDate) -> Vec<Lift> {
        let mut out = Vec::new();
        for lift in self.lifts.iter().filter(|l| l.day == date.weekday()) {
            match self.exception(lift, date).map(|e| e.change) {
                None => out.push(lift.clone()),
                Some(LiftChange::Light) => out.push(Lift {
                    legs: false,
                    ..lift.clone()
                }),
                Some(LiftChange::Skip | LiftChange::Move { .. }) => {}
            }
        }
        for e in &self.lift_exceptions {
            let LiftChange::Move { to, at } = e.change else {
                continue;
            };
            if to != date {
                continue;
            }
            if let Some(lift) = self.lifts.iter().find(|l| e.is_for(l)) {
                out.push(Lift {
                    day: to.weekday(),
                    at,
                    ..lift.clone()
                });
            }
        }
        out
    }

    /// The lift exceptions in the order the file keeps them: under the
    /// first lift they are for, in the order given. A plan read back from
    /// its file is equal to one sorted so.
    pub fn sort_lift_exceptions(&mut self) {
        let lifts = &self.lifts;
        self.lift_exceptions.sort_by_key(|e| {
            lifts
                .iter()
                .position(|l| e.is_for(l))
                .unwrap_or(lifts.len())
        });
    }

    /// The exception for `lift` on `date`, if the plan has one.
    pub fn exception(&self, lift: &Lift, date: NaiveDate) -> Option<&LiftException> {
        self.lift_exceptions
            .iter()
            .find(|e| e.date == date && e.is_for(lift))
    }

    /// Parse and validate a plan file's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<Plan, PlanError> {
        let raw: RawPlan = toml::from_str(text).map_err(|e| {
            let location = Location::of_offset(text, e.span().map_or(0, |s| s.start));
            PlanError::Invalid {
                path: path.to_string(),
                location,
                message: shorten_quotes(e.message().trim(), '`'),
            }
        })?;
        let mut plan = Loader {
            text,
            path,
            line_starts: line_starts(text),
        }
        .plan(raw)?;
        // The plan's own pace times its distances until the runner's is known.
        if let Some(p) = plan.pace {
            plan.at_pace(&pace::Paces::running(p));
        }
        Ok(plan)
    }

    /// Every distance in the plan timed at `paces` (see
    /// [`steps::Session::at_pace`]).
    pub fn at_pace(&mut self, paces: &pace::Paces) {
        for week in &mut self.weeks {
            for s in &mut week.sessions {
                if s.steps.has_distance() {
                    s.steps = s.steps.at_pace(paces);
                }
            }
        }
    }

    /// Whether any session holds a distance.
    /// The run without a walk a plan with a goal builds to (its longest
    /// run, in seconds): reaching it is the goal's milestone. `None` for a
    /// plan that names no goal.
    pub fn goal_run_seconds(&self) -> Option<u64> {
        self.goal.as_ref()?;
        self.sessions()
            .map(|(_, s)| s.steps.longest_run_seconds())
            .max()
            .filter(|&s| s > 0)
    }

    pub fn has_distance(&self) -> bool {
        self.sessions().any(|(_, s)| s.steps.has_distance())
    }

    /// Read and validate a plan file.
    pub fn load(path: &Path) -> Result<Plan, PlanError> {
        let shown = path.display().to_string();
        let text = read_text(path)?;
        Plan::from_toml(&text, &shown)
    }

    /// The plan as a TOML document in the file format, serialised by the toml
    /// crate (so any name, note or rule value is quoted and escaped as TOML
    /// needs) and read back before it is returned: what walkrun writes, it
    /// can read, or it says so instead of writing.
    pub fn to_toml(&self) -> Result<String, WriteError> {
        if let Some(m) = length_problem(self.start, self.weeks.len()) {
            return Err(WriteError::Length(m));
        }
        let raw = WritePlan {
            name: &self.name,
            description: self.description.as_deref(),
            goal: self.goal.as_deref(),
            start: self.start.map(|d| toml_date("start", d)).transpose()?,
            race: self.race.map(|d| toml_date("race", d)).transpose()?,
            age: self.age,
            priority: self.priority,
            pace: self.pace.map(|p| p.to_string()),
            lift: self
                .lifts
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    Ok(WriteLift {
                        day: weekday_name(l.day),
                        at: l.at.format("%H:%M").to_string(),
                        minutes: l.minutes,
                        legs: l.legs,
                        // Under the first lift it is for: a lift given twice
                        // keeps its exceptions once.
                        exception: self
                            .lift_exceptions
                            .iter()
                            .filter(|e| self.lifts.iter().position(|o| e.is_for(o)) == Some(i))
                            .map(|e| {
                                let (skip, move_to, at, legs) = match e.change {
                                    LiftChange::Skip => (Some(true), None, None, None),
                                    LiftChange::Move { to, at } => (
                                        None,
                                        Some(toml_date("move_to", to)),
                                        Some(at.format("%H:%M").to_string()),
                                        None,
                                    ),
                                    LiftChange::Light => (None, None, None, Some(false)),
                                };
                                Ok(WriteException {
                                    date: toml_date("date", e.date)?,
                                    skip,
                                    move_to: move_to.transpose()?,
                                    at,
                                    legs,
                                    note: e.note.as_deref(),
                                })
                            })
                            .collect::<Result<Vec<_>, WriteError>>()?,
                    })
                })
                .collect::<Result<Vec<_>, WriteError>>()?,
            rules: self
                .rules
                .iter()
                .map(|r| (r.key.clone(), r.value.clone()))
                .collect(),
            week: self
                .weeks
                .iter()
                .map(|w| WriteWeek {
                    session: w
                        .sessions
                        .iter()
                        .map(|s| WriteSession {
                            day: s.day.map(weekday_name),
                            at: s.at.map(|t| t.format("%H:%M").to_string()),
                            purpose: s.purpose,
                            steps: s.steps.to_string(),
                            note: s.note.as_deref(),
                        })
                        .collect(),
                })
                .collect(),
        };
        if self
            .lift_exceptions
            .iter()
            .any(|e| !self.lifts.iter().any(|l| e.is_for(l)))
        {
            return Err(WriteError::Internal(
                "a lift exception is for a lift the plan does not have".into(),
            ));
        }
        let text = toml::to_string(&raw).map_err(|e| WriteError::Internal(e.to_string()))?;
        let mut expected = self.clone();
        expected.sort_lift_exceptions();
        match Plan::from_toml(&text, "the written plan") {
            Ok(back) if back == expected => Ok(text),
            Ok(_) => Err(WriteError::Internal(
                "the written plan reads back different".into(),
            )),
            Err(e) => Err(WriteError::Internal(format!(
                "the written plan does not read back: {e}"
            ))),
        }
    }
}

/// The plan file's `text` with its start moved to `start`, edited in place:
/// comments, blank lines, key order and quoting stay as the runner wrote
/// them, and only the value of `start` changes (a comment after it too stays).
/// The result is read back and must be the same plan with the new start.
pub fn move_start(text: &str, path: &str, start: NaiveDate) -> Result<String, WriteError> {
    let before = Plan::from_toml(text, path).map_err(|e| WriteError::Internal(e.to_string()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| WriteError::Internal(e.message().to_string()))?;
    let date: toml_edit::Datetime = toml_date("start", start)?
        .to_string()
        .parse()
        .map_err(|e: toml_edit::DatetimeParseError| WriteError::Internal(e.to_string()))?;
    match doc.get_mut("start").and_then(toml_edit::Item::as_value_mut) {
        Some(value) => {
            let decor = value.decor().clone();
            *value = toml_edit::Value::from(date);
            *value.decor_mut() = decor;
        }
        None => {
            doc.insert("start", toml_edit::value(date));
        }
    }
    let edited = doc.to_string();
    let mut expected = before;
    expected.start = Some(start);
    match Plan::from_toml(&edited, path) {
        Ok(back) if back == expected => Ok(edited),
        Ok(_) => Err(WriteError::Internal(format!(
            "{path} with its start moved reads back different"
        ))),
        Err(e) => Err(WriteError::Internal(format!(
            "{path} with its start moved does not read back: {e}"
        ))),
    }
}

/// A plan file's text, refused unread past [`MAX_PLAN_BYTES`]: a plan is
/// a few kilobytes, and a huge file would only exhaust memory.
pub fn read_text(path: &Path) -> Result<String, PlanError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let read_error = |source| PlanError::Read {
        path: shown.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(PlanError::Whole {
            path: shown,
            message: format!(
                "expected a plan file of at most {} MB",
                MAX_PLAN_BYTES >> 20
            ),
        });
    }
    String::from_utf8(bytes)
        .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// A plan that cannot be written as a file walkrun reads back.
#[derive(Debug, Error)]
pub enum WriteError {
    /// TOML dates have four-digit years.
    #[error("{0} {1}: expected a year from 0000 to 9999, which is what a plan file can hold")]
    Year(&'static str, NaiveDate),
    /// The weeks run past the last date a file can hold, or are too many.
    #[error("{0}")]
    Length(String),
    /// A bug: what the plan holds cannot be said in the file format.
    #[error("internal error: {0}")]
    Internal(String),
}

/// What is wrong with a plan of `weeks` weeks from `start`, if anything:
/// too many weeks, or weeks that run past the last date a file can hold.
fn length_problem(start: Option<NaiveDate>, weeks: usize) -> Option<String> {
    if weeks > MAX_PLAN_WEEKS {
        return Some(format!(
            "{weeks} weeks: expected a plan of at most {MAX_PLAN_WEEKS} weeks"
        ));
    }
    let start = start?;
    if last_day(start, weeks).is_some() {
        return None;
    }
    Some(format!(
        "start {start}: the plan's {} would run past {LAST_DATE}, the last date a plan file can hold",
        crate::words::count(weeks, "week")
    ))
}

/// A date as a TOML local date (`start = 2026-12-07`, not a string); `key`
/// names it in the error.
fn toml_date(key: &'static str, date: NaiveDate) -> Result<toml::value::Datetime, WriteError> {
    let year = u16::try_from(date.year())
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or(WriteError::Year(key, date))?;
    Ok(toml::value::Datetime {
        date: Some(toml::value::Date {
            year,
            // chrono keeps months in 1..=12 and days in 1..=31.
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

/// The three-letter name the file format uses.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// A weekday from `mon` or `monday`, any case.
pub fn parse_weekday(text: &str) -> Result<Weekday, String> {
    let t = text.trim().to_ascii_lowercase();
    let day = match t.as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => {
            return Err(format!(
                "expected a weekday (mon, tue, wed, thu, fri, sat, sun), found {}",
                quoted(text)
            ))
        }
    };
    Ok(day)
}

/// A time of day written `HH:MM`, from 00:00 to 23:59.
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let bad = || {
        format!(
            "expected a time as HH:MM from 00:00 to 23:59, found {}",
            quoted(text)
        )
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// A date as people type it on the command line: `YYYY-MM-DD` with a
/// four-digit year (what a plan file can hold and read back), `today` or
/// `tomorrow`.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim();
    match t.to_ascii_lowercase().as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.succ_opt().ok_or_else(|| "no tomorrow".to_string()),
        _ => {}
    }
    let bad = || {
        format!(
            "expected a date as YYYY-MM-DD (e.g. 2026-12-07), today or tomorrow, found {}",
            quoted(text)
        )
    };
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(bad());
    }
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
    if date.year() < 1 {
        return Err(bad());
    }
    Ok(date)
}

/// Minutes from midnight.
pub fn minute_of_day(t: NaiveTime) -> u32 {
    use chrono::Timelike;
    t.hour() * 60 + t.minute()
}

type Spanned<T> = toml::Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    description: Option<String>,
    goal: Option<String>,
    start: Option<Spanned<toml::value::Datetime>>,
    race: Option<Spanned<toml::value::Datetime>>,
    age: Option<Spanned<i64>>,
    priority: Option<Spanned<String>>,
    pace: Option<Spanned<String>>,
    #[serde(default)]
    lift: Vec<RawLift>,
    #[serde(default)]
    week: Vec<Spanned<RawWeek>>,
    #[serde(default)]
    rules: toml::map::Map<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLift {
    day: Spanned<String>,
    at: Spanned<String>,
    minutes: Option<Spanned<i64>>,
    #[serde(default)]
    legs: bool,
    #[serde(default)]
    exception: Vec<Spanned<RawException>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    date: Spanned<toml::value::Datetime>,
    skip: Option<Spanned<bool>>,
    move_to: Option<Spanned<toml::value::Datetime>>,
    at: Option<Spanned<String>>,
    legs: Option<Spanned<bool>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeek {
    #[serde(default)]
    session: Vec<Spanned<RawSession>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    day: Option<Spanned<String>>,
    at: Option<Spanned<String>>,
    steps: Spanned<String>,
    note: Option<String>,
    purpose: Option<Spanned<String>>,
}

struct Loader<'a> {
    text: &'a str,
    path: &'a str,
    /// Where each line of `text` starts: a plan of thousands of sessions
    /// finds each one's line by a search, not by counting from the top.
    line_starts: Vec<usize>,
}

/// The byte offsets at which the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl Loader<'_> {
    fn error(&self, span: Range<usize>, message: String) -> PlanError {
        PlanError::Invalid {
            path: self.path.to_string(),
            location: Location::of_offset(self.text, span.start),
            message,
        }
    }

    fn weekday(&self, v: &Spanned<String>) -> Result<Weekday, PlanError> {
        parse_weekday(v.get_ref()).map_err(|m| self.error(v.span(), m))
    }

    fn time(&self, v: &Spanned<String>) -> Result<NaiveTime, PlanError> {
        parse_time(v.get_ref()).map_err(|m| self.error(v.span(), m))
    }

    fn line(&self, span: Range<usize>) -> SourceLine {
        SourceLine(Some(self.line_starts.partition_point(|&s| s <= span.start)))
    }

    /// A TOML local date (`2026-12-07`, unquoted).
    fn date(
        &self,
        key: &str,
        v: &Option<Spanned<toml::value::Datetime>>,
    ) -> Result<Option<NaiveDate>, PlanError> {
        let Some(v) = v else { return Ok(None) };
        let dt = v.get_ref();
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
                    .map(Some)
                    .ok_or_else(|| self.error(v.span(), format!("{key}: no such date {dt}")))
            }
            _ => Err(self.error(
                v.span(),
                format!("{key}: expected a date like 2026-12-07, found {dt}"),
            )),
        }
    }

    fn plan(&self, raw: RawPlan) -> Result<Plan, PlanError> {
        let start = self.date("start", &raw.start)?;
        let race = self.date("race", &raw.race)?;
        let age = match &raw.age {
            None => None,
            Some(a) => {
                let v = *a.get_ref();
                match u32::try_from(v) {
                    Ok(v) if AGES.contains(&v) => Some(v),
                    _ => {
                        return Err(self.error(
                            a.span(),
                            format!(
                                "age: expected {} to {} years, found {v}",
                                AGES.start(),
                                AGES.end()
                            ),
                        ))
                    }
                }
            }
        };
        let priority = match &raw.priority {
            None => None,
            Some(p) => Some(
                p.get_ref()
                    .parse()
                    .map_err(|m| self.error(p.span(), format!("priority: {m}")))?,
            ),
        };
        let pace = match &raw.pace {
            None => None,
            Some(p) => Some(
                p.get_ref()
                    .parse::<pace::Pace>()
                    .map_err(|e| self.error(p.span(), format!("pace: {e}")))?,
            ),
        };
        let mut lifts = Vec::new();
        let mut lift_exceptions: Vec<LiftException> = Vec::new();
        for l in &raw.lift {
            let minutes = match &l.minutes {
                None => DEFAULT_LIFT_MINUTES,
                Some(m) => {
                    let v = *m.get_ref();
                    match u32::try_from(v).ok().filter(|v| LIFT_MINUTES.contains(v)) {
                        Some(v) => v,
                        None => {
                            return Err(self.error(
                                m.span(),
                                format!(
                                    "lift minutes: expected {} to {}, found {v}",
                                    LIFT_MINUTES.start(),
                                    LIFT_MINUTES.end()
                                ),
                            ))
                        }
                    }
                }
            };
            let lift = Lift {
                day: self.weekday(&l.day)?,
                at: self.time(&l.at)?,
                minutes,
                legs: l.legs,
            };
            for e in &l.exception {
                let e = self.exception(&lift, e, &lift_exceptions)?;
                lift_exceptions.push(e);
            }
            lifts.push(lift);
        }
        if let Some(extra) = raw.week.get(MAX_PLAN_WEEKS) {
            return Err(self.error(
                extra.span(),
                format!(
                    "week {}: expected a plan of at most {MAX_PLAN_WEEKS} weeks",
                    MAX_PLAN_WEEKS + 1
                ),
            ));
        }
        if let (Some(span), Some(m)) = (
            raw.start.as_ref().map(Spanned::span),
            length_problem(start, raw.week.len()),
        ) {
            return Err(self.error(span, m));
        }
        let mut weeks = Vec::new();
        for (w, rw) in raw.week.iter().enumerate() {
            let mut week = Week {
                sessions: Vec::new(),
                line: self.line(rw.span()),
            };
            for (d, spanned) in rw.get_ref().session.iter().enumerate() {
                let rs = spanned.get_ref();
                let steps = self.steps(&rs.steps)?;
                let day = rs.day.as_ref().map(|v| self.weekday(v)).transpose()?;
                let at = rs.at.as_ref().map(|v| self.time(v)).transpose()?;
                if let Some(prev) = week
                    .sessions
                    .iter()
                    .position(|s: &PlannedSession| s.day.is_some() && s.day == day && s.at == at)
                {
                    let when = match at {
                        Some(t) => format!(
                            "{} at {}",
                            weekday_name(day.unwrap_or(Weekday::Mon)),
                            t.format("%H:%M")
                        ),
                        None => {
                            format!("{} with no time", weekday_name(day.unwrap_or(Weekday::Mon)))
                        }
                    };
                    let span = rs.day.as_ref().map_or(rs.steps.span(), |v| v.span());
                    return Err(self.error(
                        span,
                        format!(
                            "W{}D{} is on {when}, like W{}D{}: expected one session per day and time",
                            w + 1,
                            d + 1,
                            w + 1,
                            prev + 1
                        ),
                    ));
                }
                let purpose = rs
                    .purpose
                    .as_ref()
                    .map(|p| {
                        p.get_ref()
                            .parse()
                            .map_err(|m| self.error(p.span(), format!("purpose: {m}")))
                    })
                    .transpose()?;
                week.sessions.push(PlannedSession {
                    day,
                    at,
                    steps,
                    note: rs.note.clone(),
                    purpose,
                    line: self.line(spanned.span()),
                });
            }
            weeks.push(week);
        }
        let keys = self.key_locations("rules");
        let rules = raw
            .rules
            .iter()
            .map(|(k, v)| RuleSetting {
                key: k.clone(),
                value: v.clone(),
                location: keys.get(k.as_str()).copied(),
            })
            .collect();
        let mut plan = Plan {
            name: raw.name,
            description: raw.description,
            goal: raw.goal,
            start,
            race,
            age,
            race_line: raw
                .race
                .as_ref()
                .map_or(SourceLine(None), |r| self.line(r.span())),
            priority,
            pace,
            lifts,
            lift_exceptions,
            weeks,
            rules,
        };
        // A lift given twice keeps its exceptions under the first: the same
        // plan however the file spread them.
        plan.sort_lift_exceptions();
        Ok(plan)
    }

    /// One `[[lift.exception]]` of `lift`: a date on the lift's weekday, and
    /// one change (`skip = true`, `move_to = DATE` with an optional `at`, or
    /// `legs = false` for a heavy-legs lift), not given twice.
    fn exception(
        &self,
        lift: &Lift,
        raw: &Spanned<RawException>,
        known: &[LiftException],
    ) -> Result<LiftException, PlanError> {
        let e = raw.get_ref();
        let whole = raw.span();
        let date = self
            .date("lift exception date", &Some(e.date.clone()))?
            .ok_or_else(|| self.error(e.date.span(), "lift exception: expected a date".into()))?;
        if date.weekday() != lift.day {
            return Err(self.error(
                e.date.span(),
                format!(
                    "lift exception date {date} is a {}: expected a date on the lift's day, {}",
                    weekday_name(date.weekday()),
                    weekday_name(lift.day)
                ),
            ));
        }
        let expected = "expected one of skip = true, move_to = DATE (with at = \"HH:MM\" if the time changes) or legs = false";
        let skip = e.skip.as_ref().map(|v| (*v.get_ref(), v.span()));
        let light = e.legs.as_ref().map(|v| (*v.get_ref(), v.span()));
        let change = match (skip, &e.move_to, light) {
            (Some((true, _)), None, None) => LiftChange::Skip,
            (None, Some(to), None) => {
                let to_date = self
                    .date("move_to", &Some(to.clone()))?
                    .ok_or_else(|| self.error(to.span(), "move_to: expected a date".into()))?;
                let at = match &e.at {
                    Some(t) => self.time(t)?,
                    None => lift.at,
                };
                if to_date == date && at == lift.at {
                    return Err(self.error(
                        to.span(),
                        format!(
                            "move_to {to_date}: expected another date or time than the lift's own"
                        ),
                    ));
                }
                LiftChange::Move { to: to_date, at }
            }
            (None, None, Some((false, span))) => {
                if !lift.legs {
                    return Err(self.error(
                        span,
                        "legs = false: the lift is not heavy legs already; expected skip = true or move_to = DATE".into(),
                    ));
                }
                LiftChange::Light
            }
            (Some((false, span)), None, None) | (None, None, Some((true, span))) => {
                return Err(self.error(span, format!("lift exception: {expected}")));
            }
            (None, None, None) => {
                return Err(self.error(whole, format!("lift exception: {expected}")));
            }
            _ => {
                return Err(self.error(
                    whole,
                    format!("lift exception: found more than one change; {expected}"),
                ));
            }
        };
        if let (Some(t), false) = (&e.at, matches!(change, LiftChange::Move { .. })) {
            return Err(self.error(
                t.span(),
                "at: a lift exception takes a time only with move_to = DATE".into(),
            ));
        }
        if known.iter().any(|k| k.is_for(lift) && k.date == date) {
            return Err(self.error(
                e.date.span(),
                format!(
                    "lift exception date {date}: the {} {} lift already has an exception that day; expected one a date",
                    weekday_name(lift.day),
                    lift.at.format("%H:%M")
                ),
            ));
        }
        Ok(LiftException {
            day: lift.day,
            at: lift.at,
            date,
            change,
            note: e.note.clone(),
            line: self.line(whole),
        })
    }

    /// Parse a steps string, pointing errors at the character inside the file.
    fn steps(&self, v: &Spanned<String>) -> Result<Session, PlanError> {
        steps::parse(v.get_ref()).map_err(|e| {
            let span = v.span();
            let raw = &self.text[span.clone()];
            // Spans cover the quotes; for a plain string with no escapes the
            // column inside the value maps one to one onto the file.
            let inner = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
                3
            } else {
                1
            };
            let offset = if raw.contains('\\') {
                span.start
            } else {
                span.start + inner
            };
            let mut loc = Location::of_offset(self.text, offset);
            if !raw.contains('\\') && !raw.contains('\n') {
                loc.column += e.column - 1;
            }
            PlanError::Invalid {
                path: self.path.to_string(),
                location: loc,
                message: format!("steps: expected {}, found {}", e.expected, e.found),
            }
        })
    }

    /// Where each key of `[table]` is written, found by reading the text
    /// once: toml does not keep spans for keys of a free-form table.
    fn key_locations(&self, table: &str) -> std::collections::HashMap<&str, Location> {
        let header = format!("[{table}]");
        let mut found = std::collections::HashMap::new();
        let mut inside = false;
        for (n, line) in self.text.split_inclusive('\n').enumerate() {
            let t = line.trim();
            if t.starts_with('[') {
                inside = t == header;
            } else if inside {
                let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
                let indent = line.len() - line.trim_start().len();
                found.entry(k).or_insert(Location {
                    line: n + 1,
                    column: line[..indent].chars().count() + 1,
                });
            }
        }
        found
    }
}

#[derive(Serialize)]
struct WritePlan<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    race: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<Priority>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pace: Option<String>,
    #[serde(skip_serializing_if = "toml::map::Map::is_empty")]
    rules: toml::map::Map<String, toml::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lift: Vec<WriteLift<'a>>,
    week: Vec<WriteWeek<'a>>,
}

#[derive(Serialize)]
struct WriteLift<'a> {
    day: &'static str,
    at: String,
    minutes: u32,
    legs: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exception: Vec<WriteException<'a>>,
}

#[derive(Serialize)]
struct WriteException<'a> {
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    skip: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    move_to: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legs: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct WriteWeek<'a> {
    session: Vec<WriteSession<'a>>,
}

#[derive(Serialize)]
struct WriteSession<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purpose: Option<Purpose>,
    steps: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    const PLAN: &str = r#"name = "p"
start = 2027-03-01
[[lift]]
day = "thu"
at = "18:00"
legs = true
[[lift.exception]]
date = 2027-03-04
legs = false
[[lift.exception]]
date = 2027-03-11
skip = true
note = "race week"
[[lift]]
day = "fri"
at = "07:00"
[[lift.exception]]
date = 2027-03-05
move_to = 2027-03-02
at = "06:30"
[[week]]
"#;

    #[test]
    fn lift_exceptions_change_the_lifts_of_their_dates_and_write_back() {
        let plan = Plan::from_toml(PLAN, "p.toml").expect("reads");
        let on = |d: &str| -> Vec<String> {
            plan.lifts_on(date(d))
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        // Upper body only, skipped, moved away and moved in; other weeks as usual.
        assert_eq!(on("2027-03-04"), ["thu@18:00+60m"]);
        assert!(on("2027-03-11").is_empty());
        assert!(on("2027-03-05").is_empty());
        assert_eq!(on("2027-03-02"), ["tue@06:30+60m"]);
        assert_eq!(on("2027-03-18"), ["thu@18:00+60m:legs"]);
        assert_eq!(on("2027-03-12"), ["fri@07:00+60m"]);
        let said: Vec<String> = plan.lift_exceptions.iter().map(|e| e.describe()).collect();
        assert_eq!(
            said,
            [
                "upper body only on Thu 4 Mar",
                "skip Thu 11 Mar",
                "move Fri 5 Mar to Tue 2 Mar 06:30"
            ]
        );
        let text = plan.to_toml().expect("writes");
        assert!(
            text.contains(
                "[[lift.exception]]\ndate = 2027-03-11\nskip = true\nnote = \"race week\"\n"
            ),
            "{text}"
        );
        assert_eq!(
            Plan::from_toml(&text, "back.toml").expect("reads back"),
            plan
        );
    }

    #[test]
    fn a_lift_given_twice_keeps_its_exceptions_once_under_the_first() {
        let text = "name = \"p\"\n[[lift]]\nday = \"mon\"\nat = \"07:00\"\n[[lift]]\nday = \"tue\"\nat = \"07:00\"\n\
                    [[lift.exception]]\ndate = 2027-03-02\nskip = true\n\
                    [[lift]]\nday = \"mon\"\nat = \"07:00\"\n[[lift.exception]]\ndate = 2027-03-01\nskip = true\n[[week]]\n";
        let plan = Plan::from_toml(text, "p.toml").expect("reads");
        let written = plan.to_toml().expect("writes");
        assert_eq!(
            written.matches("[[lift.exception]]").count(),
            2,
            "{written}"
        );
        let back = Plan::from_toml(&written, "back.toml").expect("reads back");
        assert_eq!(back, plan);
        assert_eq!(back.to_toml().expect("writes again"), written);
    }
}
