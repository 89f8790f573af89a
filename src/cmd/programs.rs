use walkrun::programs::BUILTINS;

use super::CmdResult;

pub fn run() -> CmdResult {
    println!(
        "{:<16} {:<24} {:>5} {:>9}  goal",
        "id", "name", "weeks", "per week"
    );
    for b in BUILTINS {
        let plan = b.plan()?;
        let per_week = plan
            .weeks
            .iter()
            .map(|w| w.sessions.len())
            .max()
            .unwrap_or(0);
        println!(
            "{:<16} {:<24} {:>5} {:>9}  {}",
            b.id,
            plan.name,
            plan.weeks.len(),
            per_week,
            plan.goal.as_deref().unwrap_or("-")
        );
    }
    Ok(0)
}
