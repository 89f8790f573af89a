use serde_json::json;
use walkrun::plan::programs::BUILTINS;

use super::{print_json, CmdResult, Ctx};
use crate::cli::{OutputFormat, ProgramsArgs};

pub fn run(args: &ProgramsArgs, _ctx: &mut Ctx) -> CmdResult {
    let mut rows = Vec::new();
    for b in BUILTINS {
        let plan = b.plan()?;
        let per_week = plan
            .weeks
            .iter()
            .map(|w| w.sessions.len())
            .max()
            .unwrap_or(0);
        rows.push((b.id, plan, per_week));
    }
    if args.format == OutputFormat::Json {
        let programs: Vec<_> = rows
            .iter()
            .map(|(id, plan, per_week)| {
                json!({
                    "id": id,
                    "name": plan.name,
                    "description": plan.description,
                    "goal": plan.goal,
                    "weeks": plan.weeks.len(),
                    "sessions_per_week": per_week,
                    "sessions": plan.session_count(),
                })
            })
            .collect();
        print_json(&json!({ "programs": programs }))?;
        return Ok(0);
    }
    outln!(
        "{:<16} {:<24} {:>5} {:>9}  goal",
        "id",
        "name",
        "weeks",
        "per week"
    )?;
    for (id, plan, per_week) in &rows {
        outln!(
            "{:<16} {:<24} {:>5} {:>9}  {}",
            id,
            plan.name,
            plan.weeks.len(),
            per_week,
            plan.goal.as_deref().unwrap_or("-")
        )?;
    }
    Ok(0)
}
