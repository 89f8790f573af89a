//! The runner's profile under the command line: each setting comes from a flag
//! when one is given, else from the profile, else from walkrun's default.
//! Commands call these instead of reading the profile themselves, so the order
//! of precedence lives in one place.

use std::path::PathBuf;

use chrono::Weekday;
use walkrun::config::{self, Profile, RunDay};
use walkrun::plan::{Lift, Plan, Priority};

use super::Failure;

/// The days a plan runs on when neither a flag nor the profile names any.
pub const DEFAULT_RUN_DAYS: [Weekday; 3] = [Weekday::Tue, Weekday::Thu, Weekday::Sat];

/// The profile at its usual place (empty when there is no file). A malformed
/// profile is bad input: the message names its file, line and column. So is
/// one that reads but is no profile (not text, or far too large); only a file
/// that cannot be read at all is a runtime failure.
pub fn load() -> Result<Profile, Failure> {
    let path = config::config_path().map_err(Failure::runtime)?;
    Profile::load(&path).map_err(|e| match e {
        config::ConfigError::Read { ref source, .. }
            if source.kind() == std::io::ErrorKind::InvalidData =>
        {
            Failure::bad_input(e)
        }
        config::ConfigError::Read { .. } | config::ConfigError::NoConfigDir => Failure::runtime(e),
        config::ConfigError::Invalid { .. } => Failure::bad_input(e),
    })
}

/// The lifts to plan around: those given as flags, else the profile's.
pub fn lifts(flags: &[Lift], profile: &Profile) -> Vec<Lift> {
    if flags.is_empty() {
        profile
            .lifts
            .as_ref()
            .map_or_else(Vec::new, |l| l.value.clone())
    } else {
        flags.to_vec()
    }
}

/// Lifts to add to a plan's own: the flags, else the profile's lifts that the
/// plan does not already have (same day and time), so a plan made from the
/// profile is not checked against each lift twice.
pub fn extra_lifts(plan: &Plan, flags: &[Lift], profile: &Profile) -> Vec<Lift> {
    if !flags.is_empty() {
        return flags.to_vec();
    }
    lifts(&[], profile)
        .into_iter()
        .filter(|l| !plan.lifts.iter().any(|p| p.day == l.day && p.at == l.at))
        .collect()
}

/// The run days, with their hours: the flag's, else the profile's, else
/// none, and the planner chooses them around the lifts (lift-free days
/// first).
pub fn run_days(flags: &[RunDay], profile: &Profile) -> Vec<RunDay> {
    if !flags.is_empty() {
        return flags.to_vec();
    }
    profile
        .run_days
        .as_ref()
        .map_or_else(Vec::new, |days| days.value.clone())
}

pub fn age(flag: Option<u32>, profile: &Profile) -> Option<u32> {
    flag.or(profile.age.as_ref().map(|a| a.value))
}

pub fn priority(flag: Option<Priority>, profile: &Profile) -> Option<Priority> {
    flag.or(profile.priority.as_ref().map(|p| p.value))
}

/// The voice folder: the flag's, else the profile's (else the built-in voice).
pub fn voice(flag: Option<&PathBuf>, profile: &Profile) -> Option<PathBuf> {
    flag.cloned()
        .or_else(|| profile.voice.as_ref().map(|v| v.value.clone()))
}
