//! The coaching rules, shared by `walkrun check` and the planner: pure functions
//! from a plan (and its `[rules]` settings) to findings.
//!
//! Rule families live one to a file: `lifts` (how runs sit around strength
//! sessions), `spacing` (rest between runs), `load` (how the weeks grow),
//! `taper` (the weeks into a race), `race_lifts` (the lifts of race week) and
//! `warmup` (each session opens with a brisk walk).
//! `catalog` holds what `walkrun explain` says about each rule.

pub mod catalog;
mod lifts;
mod load;
pub mod now;
mod placed;
mod race_lifts;
mod settings;
mod spacing;
pub(crate) mod taper;
mod warmup;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{Address, Plan};

pub use load::{lighter_weeks, longest_allowed, progression_allowance};
pub use placed::Placed;
pub use settings::{Param, Settings, Unit, GENTLER_AGE, MASTERS_AGE, PARAMS};
pub use taper::TOLERANCE_POINTS as TAPER_TOLERANCE_POINTS;

/// How much a finding matters. Ordered: a note is below a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! rule_ids {
    ($($variant:ident => $id:literal),* $(,)?) => {
        /// A rule's stable id, as docs/coaching.md and `walkrun explain` name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $($variant),* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id),* }
            }
        }
    };
}

rule_ids! {
    SeparateDays => "separate-days",
    SameDayGap => "same-day-gap",
    CooldownJog => "cooldown-jog",
    PostLiftLimit => "post-lift-limit",
    PriorityOrder => "priority-order",
    RestBetweenRuns => "rest-between-runs",
    ProgressionRate => "progression-rate",
    LongestJump => "longest-jump",
    Deload => "deload",
    HeavyLegs => "heavy-legs",
    Taper => "taper",
    RaceLifts => "race-lifts",
    WarmUp => "warm-up",
}

impl RuleId {
    /// Rules that look at weekdays and lift times; a program whose sessions have
    /// no days yet cannot be judged on them.
    pub fn needs_days(self) -> bool {
        !matches!(
            self,
            RuleId::ProgressionRate | RuleId::LongestJump | RuleId::Deload | RuleId::WarmUp
        )
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = String;
    fn from_str(s: &str) -> Result<RuleId, String> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown rule {}: expected one of {}",
                    crate::sys::safe_text::quoted(s),
                    RuleId::ALL
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One thing a rule found, about one session or one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// The session the finding is about; week-level findings have none.
    #[serde(serialize_with = "ser_address")]
    pub address: Option<Address>,
    /// The week it falls in (from 1), always set.
    pub week: usize,
    pub date: Option<NaiveDate>,
    /// The plan file's line of the session (or week) it is about.
    pub line: Option<usize>,
    pub message: String,
    /// What many findings of this kind share, in the plural and without the
    /// session ("share a day with a lift, ..."): findings with the same rule,
    /// severity and group are said in one line.
    #[serde(skip)]
    pub group: String,
}

impl fmt::Display for Finding {
    /// `heavy-legs: W2D1 (Tue) has 32 min of running the day after ...`: the
    /// rule, then the message without its full stop, so that a longer
    /// sentence can hold it ("cannot place the runs safely: ...; add a run
    /// day"). Every message that quotes a finding says it this way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.message.trim_end_matches('.'))
    }
}

/// Findings of one kind said together: one rule, one severity, one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    pub rule: RuleId,
    pub severity: Severity,
    pub findings: Vec<&'a Finding>,
}

impl Group<'_> {
    /// The one line a person reads: the finding itself when alone, else how
    /// many, what they share, and every session or week it names.
    pub fn message(&self) -> String {
        let first = self.findings[0];
        if self.findings.len() < GROUP_FROM {
            return first.message.clone();
        }
        let sessions = self.findings.iter().all(|f| f.address.is_some());
        let names: Vec<String> = self
            .findings
            .iter()
            .map(|f| match f.address {
                Some(a) => a.to_string(),
                None => format!("week {}", f.week),
            })
            .collect();
        format!(
            "{} {} {}: {}.",
            self.findings.len(),
            if sessions { "sessions" } else { "weeks" },
            first.group,
            names.join(", ")
        )
    }

    /// Where the group starts in the plan file.
    pub fn line(&self) -> Option<usize> {
        self.findings.iter().filter_map(|f| f.line).min()
    }

    /// `error[same-day-gap]: W1D2 ...`, as linters print a finding, with the
    /// severity said as `level` (`walkrun check` colours it at a terminal).
    pub fn said_as(&self, level: &str) -> String {
        format!("{level}[{}]: {}", self.rule, self.message())
    }
}

impl fmt::Display for Group<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_as(&self.severity.to_string()))
    }
}

/// A kind of finding that comes this many times or more is said in one line.
pub const GROUP_FROM: usize = 3;

fn ser_address<S: serde::Serializer>(a: &Option<Address>, s: S) -> Result<S::Ok, S::Error> {
    match a {
        Some(a) => s.serialize_str(&a.to_string()),
        None => s.serialize_none(),
    }
}

/// Everything the rules found in one plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Sorted by week, then session, then rule.
    pub findings: Vec<Finding>,
    pub sessions: usize,
    /// Rules that could not run because the plan's sessions have no days.
    pub skipped: Vec<RuleId>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// "1 error, 2 warnings", and the notes when there are any: what the
    /// report holds, as its summary line says it.
    pub fn tally(&self) -> String {
        use crate::export::words::count;
        let mut out = format!(
            "{}, {}",
            count(self.count(Severity::Error), "error"),
            count(self.count(Severity::Warning), "warning")
        );
        let notes = self.count(Severity::Note);
        if notes > 0 {
            out.push_str(&format!(", {}", count(notes, "note")));
        }
        out
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// The findings as a person reads them: a kind that comes [`GROUP_FROM`]
    /// times or more in one group, the rest one by one, in plan order.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut groups: Vec<Group> = Vec::new();
        for f in &self.findings {
            let same = |g: &Group| {
                let o = g.findings[0];
                o.rule == f.rule && o.severity == f.severity && o.group == f.group
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(g) => g.findings.push(f),
                None => groups.push(Group {
                    rule: f.rule,
                    severity: f.severity,
                    findings: vec![f],
                }),
            }
        }
        // Small groups go back to one line a finding.
        let mut out = Vec::new();
        for g in groups {
            if g.findings.len() >= GROUP_FROM {
                out.push(g);
            } else {
                out.extend(g.findings.into_iter().map(|f| Group {
                    rule: f.rule,
                    severity: f.severity,
                    findings: vec![f],
                }));
            }
        }
        out.sort_by_key(|g| {
            let f = g.findings[0];
            (f.week, f.address.map_or(0, |a| a.session), f.rule)
        });
        out
    }
}

/// Check a plan against every enabled rule.
pub fn check(plan: &Plan, settings: &Settings) -> Report {
    let placed = Placed::new(plan, settings);
    let mut findings = Vec::new();
    let has_days = placed.sessions.iter().any(|s| s.day_index.is_some());
    let skipped: Vec<RuleId> = if has_days || placed.sessions.is_empty() {
        Vec::new()
    } else {
        RuleId::ALL
            .iter()
            .copied()
            .filter(|r| r.needs_days() && *r != RuleId::CooldownJog && settings.enabled(*r))
            .collect()
    };
    let on = |r: RuleId| settings.enabled(r) && !skipped.contains(&r);
    let out = &mut findings;
    lifts::check(&placed, settings, out);
    if on(RuleId::HeavyLegs) {
        lifts::heavy_legs(&placed, settings, out);
    }
    if on(RuleId::RestBetweenRuns) {
        spacing::rest_between_runs(&placed, settings, out);
    }
    if on(RuleId::ProgressionRate) {
        load::progression_rate(&placed, settings, out);
    }
    if on(RuleId::LongestJump) {
        load::longest_jump(&placed, settings, out);
    }
    if on(RuleId::Deload) {
        load::deload(&placed, settings, out);
    }
    if on(RuleId::Taper) {
        taper::taper(&placed, settings, out);
    }
    if on(RuleId::RaceLifts) {
        race_lifts::race_lifts(&placed, settings, out);
    }
    if on(RuleId::WarmUp) {
        warmup::warm_up(&placed, out);
    }
    findings.sort_by_key(|f| (f.week, f.address.map_or(0, |a| a.session), f.rule));
    Report {
        findings,
        sessions: placed.sessions.len(),
        skipped,
    }
}

/// Check a plan with the settings from its own `[rules]` table.
pub fn check_plan(plan: &Plan, path: &str) -> Result<Report, crate::PlanError> {
    let settings = Settings::from_plan(plan, path)?;
    Ok(check(plan, &settings))
}
