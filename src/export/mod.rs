//! A plan turned into bytes for other tools: a calendar (`ics`), a printable
//! page (`markdown`), a document for scripts (`json`), workouts for a watch
//! (`fit`). Each format is a pure
//! function of the plan; writing the bytes to a file (atomically) happens at
//! the edge.

pub mod fit;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod vtimezone;
pub mod words;

use chrono::{NaiveDate, NaiveTime};
use thiserror::Error;

use crate::plan::steps::{Kind, Session, Step};
use crate::plan::{Address, Plan, PlannedSession};

/// A plan that cannot be exported as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error("{plan} has no dates: place it first, e.g. `walkrun plan --program FILE-OR-ID --start 2026-12-07 -o plan.toml`, then export that file")]
    NotPlaced { plan: String },
    #[error("{plan}: {address} has no day; give it one (day = \"tue\") or place the plan with `walkrun plan --program`")]
    NoDay { plan: String, address: Address },
}

/// A session with the day and time it falls on.
#[derive(Debug, Clone, Copy)]
pub struct Dated<'a> {
    pub address: Address,
    pub session: &'a PlannedSession,
    pub date: NaiveDate,
    pub at: Option<NaiveTime>,
}

/// Every session of a placed plan with its date, in order; an error names the
/// first session that has none.
pub fn dated_sessions(plan: &Plan) -> Result<Vec<Dated<'_>>, ExportError> {
    if plan.start.is_none() {
        return Err(ExportError::NotPlaced {
            plan: plan.name.clone(),
        });
    }
    plan.sessions()
        .map(|(address, session)| {
            let date = plan
                .session_date(address)
                .ok_or_else(|| ExportError::NoDay {
                    plan: plan.name.clone(),
                    address,
                })?;
            Ok(Dated {
                address,
                session,
                date,
                at: session.at,
            })
        })
        .collect()
}

/// The part of a session that makes it what it is: the steps without the
/// warm-up walk before them and the cool-down walk after. A session that is
/// nothing but those keeps them.
pub fn main_set(session: &Session) -> Session {
    let is = |s: &Step, kind: Kind| matches!(s, Step::Segment(seg) if seg.kind == kind);
    let mut steps: &[Step] = &session.steps;
    while steps.first().is_some_and(|s| is(s, Kind::Warmup)) {
        steps = &steps[1..];
    }
    while steps.last().is_some_and(|s| is(s, Kind::Cooldown)) {
        steps = &steps[..steps.len() - 1];
    }
    if steps.is_empty() {
        session.clone()
    } else {
        Session::new(steps.to_vec())
    }
}

/// `W01D1-couch-to-5k.mp3`: a session's file name, for every export that
/// writes a file a session (audio, watch workouts), so that a folder of them
/// sorts in plan order in any file list.
pub fn session_file_name(plan: &Plan, addr: Address, extension: &str) -> String {
    let wide = plan.weeks.len().max(10).to_string().len();
    format!(
        "W{:0wide$}D{}-{}.{extension}",
        addr.week,
        addr.session,
        slug(&plan.name)
    )
}

/// Lower case letters and digits, words joined by '-'.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "session".to_string()
    } else {
        out
    }
}

/// A name as a short id for UIDs: lower-case letters, digits and dashes, with
/// a hash of the whole name so that two names that slug alike still differ.
pub fn plan_id(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    format!("{slug}-{:08x}", fnv1a(name.as_bytes()) as u32)
}

/// FNV-1a: a hash that stays the same across Rust versions and machines, so
/// the ids made from it do too.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps;

    #[test]
    fn main_set_drops_the_walks_around_it() {
        let s = steps::parse("warmup 5m, 5x(run 90s, walk 2m), cooldown 5m").expect("steps");
        assert_eq!(main_set(&s).to_string(), "5x(run 1m30s, walk 2m)");
        let walk = steps::parse("warmup 10m, cooldown 5m").expect("steps");
        assert_eq!(main_set(&walk), walk);
    }

    #[test]
    fn slugs_for_file_names() {
        assert_eq!(slug("Couch to 5K"), "couch-to-5k");
        assert_eq!(slug("  My  plan: 10K! "), "my-plan-10k");
        assert_eq!(slug("!!!"), "session");
    }

    #[test]
    fn plan_ids_are_stable_and_distinct() {
        assert_eq!(plan_id("Couch to 5K"), plan_id("Couch to 5K"));
        assert!(plan_id("Couch to 5K").starts_with("couch-to-5k-"));
        assert_ne!(plan_id("Couch to 5K"), plan_id("couch to 5k"));
        assert!(plan_id("Ölçü!").starts_with("l-") || plan_id("Ölçü!").len() > 8);
    }
}
