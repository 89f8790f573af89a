//! The rules' numbers and switches: the defaults of docs/coaching.md, changed by a plan's
//! `[rules]` table (`same_day_gap_hours = 8`, `deload = false`).

use std::collections::BTreeSet;

use super::RuleId;
use crate::plan::{Plan, PlanError};
use crate::sys::safe_text::{quote, quoted};

/// From this age the `deload` rule applies (masters runners).
pub const MASTERS_AGE: u32 = 40;
/// From this age a runner gets the gentler plan: two days without running
/// after the week's long run (`rest_days_after_long`), as tendons past 60
/// take longer to recover.
pub const GENTLER_AGE: u32 = 60;

/// What a number in `[rules]` counts, which bounds what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Minutes,
    Percent,
    Factor,
    Days,
    /// Days before a race.
    DaysBefore,
    Weeks,
}

impl Unit {
    fn range(self) -> (f64, f64) {
        match self {
            Unit::Hours => (0.0, 24.0),
            Unit::Minutes => (0.0, 300.0),
            Unit::Percent => (0.0, 100.0),
            Unit::Factor => (1.0, 10.0),
            Unit::Days => (0.0, 6.0),
            Unit::DaysBefore => (0.0, 42.0),
            Unit::Weeks => (2.0, 52.0),
        }
    }

    fn whole(self) -> bool {
        matches!(self, Unit::Days | Unit::DaysBefore | Unit::Weeks)
    }

    pub fn word(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
            Unit::Percent => "percent",
            Unit::Factor => "times",
            Unit::Days | Unit::DaysBefore => "days",
            Unit::Weeks => "weeks",
        }
    }
}

/// One number a plan may change.
pub struct Param {
    pub key: &'static str,
    pub rule: RuleId,
    pub unit: Unit,
    pub help: &'static str,
    get: fn(&Settings) -> f64,
    set: fn(&mut Settings, f64),
}

impl Param {
    pub fn get(&self, s: &Settings) -> f64 {
        (self.get)(s)
    }
}

/// Thresholds in the units people write them in; the rules convert.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    disabled: BTreeSet<RuleId>,
    pub same_day_gap_hours: f64,
    pub cooldown_jog_minutes: f64,
    pub cooldown_jog_within_minutes: f64,
    pub post_lift_window_hours: f64,
    pub post_lift_warning_minutes: f64,
    pub post_lift_error_minutes: f64,
    pub rest_days_between_runs: f64,
    pub rest_days_after_long: f64,
    pub back_to_back_percent: f64,
    pub progression_rate_percent: f64,
    pub progression_rate_minutes: f64,
    pub progression_rate_cap_percent: f64,
    pub longest_jump_factor: f64,
    pub longest_jump_minutes: f64,
    pub deload_every_weeks: f64,
    pub deload_percent: f64,
    pub deload_program_weeks: f64,
    pub heavy_legs_minutes: f64,
    pub taper_peak_days: f64,
    pub taper_half_peak_days: f64,
    pub taper_last_week_percent: f64,
    pub taper_half_last_week_percent: f64,
    pub taper_race_week_percent: f64,
    pub taper_shakeout_minutes: f64,
    pub race_lifts_legs_days: f64,
    pub race_lifts_rest_days: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            disabled: BTreeSet::new(),
            same_day_gap_hours: 6.0,
            cooldown_jog_minutes: 5.0,
            cooldown_jog_within_minutes: 30.0,
            post_lift_window_hours: 6.0,
            post_lift_warning_minutes: 5.0,
            post_lift_error_minutes: 10.0,
            rest_days_between_runs: 1.0,
            rest_days_after_long: 1.0,
            back_to_back_percent: 0.0,
            progression_rate_percent: 10.0,
            progression_rate_minutes: 8.0,
            progression_rate_cap_percent: 25.0,
            longest_jump_factor: 2.0,
            longest_jump_minutes: 5.0,
            deload_every_weeks: 4.0,
            deload_percent: 20.0,
            deload_program_weeks: 6.0,
            heavy_legs_minutes: 30.0,
            taper_peak_days: 10.0,
            taper_half_peak_days: 14.0,
            taper_last_week_percent: 75.0,
            taper_half_last_week_percent: 70.0,
            taper_race_week_percent: 50.0,
            taper_shakeout_minutes: 15.0,
            race_lifts_legs_days: 5.0,
            race_lifts_rest_days: 1.0,
        }
    }
}

macro_rules! param {
    ($key:literal, $rule:ident, $unit:ident, $field:ident, $help:literal) => {
        Param {
            key: $key,
            rule: RuleId::$rule,
            unit: Unit::$unit,
            help: $help,
            get: |s| s.$field,
            set: |s, v| s.$field = v,
        }
    };
}

/// Every number a `[rules]` table may set.
pub const PARAMS: &[Param] = &[
    param!("same_day_gap_hours", SameDayGap, Hours, same_day_gap_hours,
        "least time between the end of a lift and the start of a run on the same day, or the other way round"),
    param!("cooldown_jog_minutes", CooldownJog, Minutes, cooldown_jog_minutes,
        "most running a cool-down jog may hold"),
    param!("cooldown_jog_within_minutes", CooldownJog, Minutes, cooldown_jog_within_minutes,
        "a cool-down jog starts at most this long after the lift ends"),
    param!("post_lift_window_hours", PostLiftLimit, Hours, post_lift_window_hours,
        "how long after a lift a run counts as post-lift cardio"),
    param!("post_lift_warning_minutes", PostLiftLimit, Minutes, post_lift_warning_minutes,
        "post-lift running above this is a warning"),
    param!("post_lift_error_minutes", PostLiftLimit, Minutes, post_lift_error_minutes,
        "post-lift running above this is an error"),
    param!("rest_days_between_runs", RestBetweenRuns, Days, rest_days_between_runs,
        "days without a run between two runs"),
    param!("rest_days_after_long", RestBetweenRuns, Days, rest_days_after_long,
        "days without a run after the week's long run (2 from age 60)"),
    param!("back_to_back_percent", RestBetweenRuns, Percent, back_to_back_percent,
        "a run the day after another is fine when it is not a long run and holds at most this share of the other's running (0: never; a weekend runner's plan sets 50)"),
    param!("progression_rate_percent", ProgressionRate, Percent, progression_rate_percent,
        "weekly running may grow by this share of the last full week..."),
    param!("progression_rate_minutes", ProgressionRate, Minutes, progression_rate_minutes,
        "...or by this many minutes, whichever is larger..."),
    param!("progression_rate_cap_percent", ProgressionRate, Percent, progression_rate_cap_percent,
        "...and never by more than this share (it holds at low volume: 20 minutes a week may become 25, not 28)"),
    param!("longest_jump_factor", LongestJump, Factor, longest_jump_factor,
        "the longest run may grow to this many times the longest so far..."),
    param!("longest_jump_minutes", LongestJump, Minutes, longest_jump_minutes,
        "...and by at most this many minutes"),
    param!("deload_every_weeks", Deload, Weeks, deload_every_weeks,
        "at most this many weeks in a row without a lighter one (the lighter week included)"),
    param!("deload_percent", Deload, Percent, deload_percent,
        "how much lighter a deload week is; a week at least three quarters of that below counts"),
    param!("deload_program_weeks", Deload, Weeks, deload_program_weeks,
        "programs this long or shorter need no deload week"),
    param!("heavy_legs_minutes", HeavyLegs, Minutes, heavy_legs_minutes,
        "a run with this much running or more is long"),
    param!("taper_peak_days", Taper, DaysBefore, taper_peak_days,
        "before a 5K or 10K, the biggest session comes at least this many days before the race"),
    param!("taper_half_peak_days", Taper, DaysBefore, taper_half_peak_days,
        "before a half marathon, the biggest session comes at least this many days before the race"),
    param!("taper_last_week_percent", Taper, Percent, taper_last_week_percent,
        "before a 5K or 10K, the last full week before race week runs about this share of the peak week"),
    param!("taper_half_last_week_percent", Taper, Percent, taper_half_last_week_percent,
        "before a half marathon, the last full week before race week runs about this share of the peak week"),
    param!("taper_race_week_percent", Taper, Percent, taper_race_week_percent,
        "race week, before the race, runs about this share of the peak week"),
    param!("taper_shakeout_minutes", Taper, Minutes, taper_shakeout_minutes,
        "the longest session, walks included, in the two days before the race (one easy shake-out)"),
    param!("race_lifts_legs_days", RaceLifts, DaysBefore, race_lifts_legs_days,
        "no heavy-legs lift in this many days before the race"),
    param!("race_lifts_rest_days", RaceLifts, DaysBefore, race_lifts_rest_days,
        "no lift at all on race day or in this many days before it"),
];

impl Settings {
    pub fn enabled(&self, rule: RuleId) -> bool {
        !self.disabled.contains(&rule)
    }

    pub fn set_enabled(&mut self, rule: RuleId, on: bool) {
        if on {
            self.disabled.remove(&rule);
        } else {
            self.disabled.insert(rule);
        }
    }

    /// The defaults for a runner of this age: `deload` is for masters
    /// runners, two rest days after the long run from 60, and without an
    /// age it assumes neither.
    pub fn for_age(age: Option<u32>) -> Settings {
        let mut s = Settings::default();
        s.set_enabled(RuleId::Deload, age.is_some_and(|a| a >= MASTERS_AGE));
        if age.is_some_and(|a| a >= GENTLER_AGE) {
            s.rest_days_after_long = 2.0;
        }
        s
    }

    /// The settings a plan's `[rules]` table asks for, for the plan's `age`
    /// (a `deload = true/false` in the table wins); `path` names the file in
    /// errors.
    pub fn from_plan(plan: &Plan, path: &str) -> Result<Settings, PlanError> {
        let mut s = Settings::for_age(plan.age);
        for setting in &plan.rules {
            let fail = |message: String| match setting.location {
                Some(location) => PlanError::Invalid {
                    path: path.to_string(),
                    location,
                    message,
                },
                None => PlanError::Whole {
                    path: path.to_string(),
                    message,
                },
            };
            s.apply(&setting.key, &setting.value)
                .map_err(|m| fail(format!("[rules] {m}")))?;
        }
        Ok(s)
    }

    /// Apply one `key = value` of a `[rules]` table.
    pub fn apply(&mut self, key: &str, value: &toml::Value) -> Result<(), String> {
        if let Ok(rule) = key.parse::<RuleId>() {
            let on = value.as_bool().ok_or_else(|| {
                format!(
                    "{key}: expected true or false to switch the rule on or off, found {}",
                    quote(&value.to_string())
                )
            })?;
            self.set_enabled(rule, on);
            return Ok(());
        }
        let param = PARAMS.iter().find(|p| p.key == key).ok_or_else(|| {
            format!(
                "unknown key {}: expected a rule id ({}) set to true or false, or one of {}",
                quoted(key),
                RuleId::ALL
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                PARAMS.iter().map(|p| p.key).collect::<Vec<_>>().join(", ")
            )
        })?;
        let v = match value {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            other => {
                return Err(format!(
                    "{key}: expected a number of {}, found {}",
                    param.unit.word(),
                    quote(&other.to_string())
                ))
            }
        };
        let (lo, hi) = param.unit.range();
        if !v.is_finite() || v < lo || v > hi || (param.unit.whole() && v.fract() != 0.0) {
            return Err(format!(
                "{key}: expected {}{lo} to {hi} {}, found {}",
                if param.unit.whole() { "a whole " } else { "" },
                param.unit.word(),
                number_as_written(v)
            ));
        }
        (param.set)(self, v);
        Ok(())
    }

    /// `[rules]` entries that differ from `base` (the defaults for the plan's
    /// age), for writing a plan back.
    pub fn to_table(&self, base: &Settings) -> toml::map::Map<String, toml::Value> {
        let mut t = toml::map::Map::new();
        for r in RuleId::ALL {
            if self.enabled(*r) != base.enabled(*r) {
                t.insert(
                    r.as_str().to_string(),
                    toml::Value::Boolean(self.enabled(*r)),
                );
            }
        }
        let d = base;
        for p in PARAMS {
            let v = p.get(self);
            if v != p.get(d) {
                let value = if v.fract() == 0.0 {
                    toml::Value::Integer(v as i64)
                } else {
                    toml::Value::Float(v)
                };
                t.insert(p.key.to_string(), value);
            }
        }
        t
    }

    // Conversions the rules use, so a threshold in hours is compared in the
    // unit the rule counts in.
    pub(crate) fn minutes(hours: f64) -> i64 {
        (hours * 60.0).round() as i64
    }

    pub(crate) fn seconds(minutes: f64) -> u64 {
        (minutes * 60.0).round() as u64
    }
}

/// A number echoed back in a message: as written for everyday sizes, and in
/// exponent form (`1e308`) when plain digits would run to hundreds.
fn number_as_written(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
