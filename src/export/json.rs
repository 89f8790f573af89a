//! The stable JSON document of a plan, as `walkrun show --format json` prints it.

use serde::Serialize;

use crate::plan::pace::Paces;
use crate::plan::{Address, Plan};
use crate::rules::{Finding, Report, Severity};

#[derive(Debug, Serialize)]
pub struct PlanDoc {
    pub name: String,
    /// Race day (YYYY-MM-DD) for a race plan.
    pub race: Option<String>,
    /// The pace distances are timed at and speeds come from; `null` when
    /// the document was made without one.
    pub pace: Option<PaceDoc>,
    pub weeks: Vec<WeekDoc>,
}

/// The runner's pace as a document: where it came from and the treadmill's
/// speeds it gives.
#[derive(Debug, Serialize)]
pub struct PaceDoc {
    /// `8:00/km` or `12:52/mi`.
    pub pace: String,
    /// `flag`, `profile`, `plan` or `journal`.
    pub from: &'static str,
    /// Speeds in `speed_unit`, to a tenth (a treadmill's display).
    pub run_speed: f64,
    pub walk_speed: f64,
    /// `km/h` or `mph`.
    pub speed_unit: &'static str,
}

impl PaceDoc {
    pub fn new(paces: &Paces, from: &'static str) -> PaceDoc {
        let unit = paces.run.unit;
        let tenth = |t: u32| f64::from(t) / 10.0;
        PaceDoc {
            pace: paces.run.to_string(),
            from,
            run_speed: tenth(paces.run.speed_tenths(unit)),
            walk_speed: tenth(paces.walk.speed_tenths(unit)),
            speed_unit: unit.speed_unit(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct WeekDoc {
    pub week: usize,
    pub sessions: Vec<SessionDoc>,
}

#[derive(Debug, Serialize)]
pub struct SessionDoc {
    pub address: String,
    pub date: Option<String>,
    pub at: Option<String>,
    /// long, easy, run-walk, race, cooldown or time-trial, when the plan says.
    pub purpose: Option<&'static str>,
    pub steps: String,
    pub total_seconds: u64,
    pub run_seconds: u64,
    pub longest_run_seconds: u64,
    /// The distance its distance segments cover, in metres (repeats counted
    /// out); `null` for a session of times only.
    pub distance_metres: Option<u64>,
}

/// The plan's document; `week` keeps a single week when given.
pub fn plan_doc(plan: &Plan, week: Option<usize>) -> PlanDoc {
    let pace = plan.pace.map(|p| PaceDoc::new(&Paces::running(p), "plan"));
    plan_doc_at(plan, week, pace)
}

/// The plan's document, with the pace its distances were timed at.
pub fn plan_doc_at(plan: &Plan, week: Option<usize>, pace: Option<PaceDoc>) -> PlanDoc {
    let weeks = plan
        .weeks
        .iter()
        .enumerate()
        .map(|(i, _)| i + 1)
        .filter(|w| week.is_none_or(|only| only == *w))
        .map(|w| WeekDoc {
            week: w,
            sessions: plan.weeks[w - 1]
                .sessions
                .iter()
                .enumerate()
                .map(|(d, s)| {
                    let address = Address {
                        week: w,
                        session: d + 1,
                    };
                    SessionDoc {
                        address: address.to_string(),
                        date: plan
                            .session_date(address)
                            .map(|d| d.format("%Y-%m-%d").to_string()),
                        at: s.at.map(|t| t.format("%H:%M").to_string()),
                        purpose: s.purpose.map(|p| p.as_str()),
                        steps: s.steps.to_string(),
                        total_seconds: s.steps.total_seconds(),
                        run_seconds: s.steps.run_seconds(),
                        longest_run_seconds: s.steps.longest_run_seconds(),
                        distance_metres: s.steps.distance_metres(),
                    }
                })
                .collect(),
        })
        .collect();
    PlanDoc {
        name: plan.name.clone(),
        race: plan.race.map(|d| d.format("%Y-%m-%d").to_string()),
        pace,
        weeks,
    }
}

/// The stable JSON document of a check, as `walkrun check --format json` prints it.
#[derive(Debug, Serialize)]
pub struct CheckDoc<'a> {
    pub findings: &'a [Finding],
    pub summary: Summary,
    /// Rules not run because the plan's sessions have no days.
    pub skipped: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub sessions: usize,
}

pub fn check_doc(report: &Report) -> CheckDoc<'_> {
    CheckDoc {
        findings: &report.findings,
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            sessions: report.sessions,
        },
        skipped: report.skipped.iter().map(|r| r.as_str()).collect(),
    }
}
