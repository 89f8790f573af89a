//! The coaching rules, shared by `walkrun check` and the planner: pure functions
//! from a plan (and its `[rules]` settings) to findings.
//!
//! Rule families live one to a file: `lifts` (how runs sit around strength
//! sessions), `spacing` (rest between runs), `load` (how the weeks grow).
//! `catalog` holds what `walkrun explain` says about each rule.

pub mod catalog;
mod lifts;
mod load;
pub mod now;
mod placed;
mod settings;
mod spacing;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{Address, Plan};

pub use load::{lighter_weeks, longest_allowed, progression_allowance};
pub use placed::Placed;
pub use settings::{Param, Settings, Unit, PARAMS};

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
        /// A rule's stable id, as DOMAIN.md and `walkrun explain` name it.
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
}

impl RuleId {
    /// Rules that look at weekdays and lift times; a program whose sessions have
    /// no days yet cannot be judged on them.
    pub fn needs_days(self) -> bool {
        !matches!(
            self,
            RuleId::ProgressionRate | RuleId::LongestJump | RuleId::Deload
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
                    "unknown rule '{s}': expected one of {}",
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
    pub message: String,
}

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

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Check a plan against every enabled rule.
pub fn check(plan: &Plan, settings: &Settings) -> Report {
    let placed = Placed::new(plan);
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
