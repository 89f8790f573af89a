//! The stable JSON document of a plan, as `walkrun show --format json` prints it.

use serde::Serialize;

use crate::plan::{Address, Plan};
use crate::rules::{Finding, Report, Severity};

#[derive(Debug, Serialize)]
pub struct PlanDoc {
    pub name: String,
    /// Race day (YYYY-MM-DD) for a race plan.
    pub race: Option<String>,
    pub weeks: Vec<WeekDoc>,
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
    /// long, easy, run-walk, race or cooldown, when the plan says.
    pub purpose: Option<&'static str>,
    pub steps: String,
    pub total_seconds: u64,
    pub run_seconds: u64,
    pub longest_run_seconds: u64,
}

/// The plan's document; `week` keeps a single week when given.
pub fn plan_doc(plan: &Plan, week: Option<usize>) -> PlanDoc {
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
                    }
                })
                .collect(),
        })
        .collect();
    PlanDoc {
        name: plan.name.clone(),
        race: plan.race.map(|d| d.format("%Y-%m-%d").to_string()),
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
