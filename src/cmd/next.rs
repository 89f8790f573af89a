//! `walkrun next [PLAN]`: the coach's choice of the next session, and why.

use serde_json::json;
use walkrun::coach::{self, Reason};
use walkrun::history::{self, Journal};
use walkrun::safe_text::clean;

use super::use_plan::{chosen_plan, today};
use super::{print_json, CmdResult};
use crate::cli::{Format, NextArgs};

pub fn run(args: &NextArgs) -> CmdResult {
    let today = args.today.unwrap_or_else(today);
    let (plan_ref, plan) = chosen_plan(args.plan.as_deref())?;
    let journal = Journal::at(history::data_dir()?);
    let history = journal.read()?;
    for w in &history.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session(&plan, &entries, today);
    let session = decision.next.and_then(|a| plan.session(a));
    if args.format == Format::Json {
        let rule = match decision.reason {
            Reason::First => "first",
            Reason::Next { .. } => "next",
            Reason::RepeatSession { .. } => "repeat-session",
            Reason::RepeatWeek { .. } => "repeat-week",
            Reason::Restart { .. } => "restart",
            Reason::Undone { .. } => "undone",
            Reason::Complete => "complete",
        };
        print_json(&json!({
            "plan": plan.name,
            "plan_path": plan_ref.key(),
            "next": decision.next.map(|a| a.to_string()),
            "date": decision.next.and_then(|a| plan.session_date(a)).map(|d| d.to_string()),
            "steps": session.map(|s| s.steps.to_string()),
            "rule": rule,
            "reason": decision.to_string(),
            "slip": decision.slip.as_ref().map(|s| json!({
                "address": s.address.to_string(),
                "due": s.due.to_string(),
                "days_late": s.days_late,
                "overdue": s.overdue,
                "message": s.to_string(),
            })),
        }));
        return Ok(0);
    }
    match (decision.next, session) {
        (Some(addr), Some(s)) => {
            let when = plan
                .session_date(addr)
                .map(|d| format!(" ({})", d.format("%a %-d %b %Y")))
                .unwrap_or_default();
            println!("Next: {addr}{when}  {}", s.steps);
        }
        _ => println!("{}: complete", clean(&plan.name)),
    }
    println!("{decision}");
    if let Some(slip) = &decision.slip {
        println!("{slip}");
        if let walkrun::history::PlanRef::File(path) = &plan_ref {
            println!(
                "Move the rest forward from today with: walkrun plan --reschedule {}",
                path.display()
            );
        }
    }
    Ok(0)
}
