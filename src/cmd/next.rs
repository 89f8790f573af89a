//! `walkrun next [PLAN]`: the coach's choice of the next session, the day to
//! run it (today if today keeps the rules), and why.

use chrono::{NaiveDateTime, NaiveTime};
use serde_json::json;
use walkrun::coach::when::{self, say_day, When};
use walkrun::coach::{self, Decision, Reason};
use walkrun::config::RunDay;
use walkrun::history::{self, History, Journal, PlanRef};
use walkrun::rules::now::Situation;
use walkrun::Plan;

use super::use_plan::{now_or, session_plan};
use super::{print_json, CmdResult, Failure};
use crate::cli::{NextArgs, OutputFormat};

pub fn run(args: &NextArgs) -> CmdResult {
    // A date alone judges that whole day; a moment judges now, too.
    let (now, is_moment) = match args.today {
        Some(d) => (d.and_time(NaiveTime::MIN), false),
        None => (now_or(args.now)?.naive_local(), true),
    };
    let today = now.date();
    let (plan_ref, plan) = session_plan(args.plan.as_deref())?;
    // Streamed: the journal is read entry by entry, twice, and only what
    // the coach and the rules weigh is kept, so a long journal needs little
    // memory.
    let scan = Journal::at(history::data_dir()?).scan();
    for w in &scan.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    let key = plan_ref.key();
    let ours = scan.entries().filter(|e| e.is_for(&key, &plan.name));
    let decision = coach::next_session_of(&plan, ours, today);
    let runs = when::runs_done(scan.entries());
    let when = day_to_run_with(&plan, &decision, runs, now, is_moment)?;
    let steps = decision.steps(&plan);
    let planned_date = decision.next.and_then(|a| plan.session_date(a));
    let reschedule = match (&decision.slip, &plan_ref) {
        (Some(_), PlanRef::File(path)) => {
            Some(format!("walkrun plan --reschedule {}", path.display()))
        }
        _ => None,
    };
    if args.format == OutputFormat::Json {
        let rule = match decision.reason {
            Reason::First => "first",
            Reason::Next { .. } => "next",
            Reason::RepeatSession { .. } => "repeat-session",
            Reason::RepeatWeek { .. } => "repeat-week",
            Reason::Ease { .. } => "ease",
            Reason::AfterBridge { .. } => "after-bridge",
            Reason::Restart { .. } => "restart",
            Reason::Followed { .. } => "followed",
            Reason::Undone { .. } => "undone",
            Reason::Complete => "complete",
        };
        let at = when.as_ref().and_then(|w| w.at);
        print_json(&json!({
            "plan": plan.name,
            "plan_path": plan_ref.key(),
            "next": decision.next.map(|a| a.to_string()),
            "date": at.map(|t| t.date().to_string()),
            "from": at.map(|t| t.format("%H:%M").to_string()),
            "planned_date": planned_date.map(|d| d.to_string()),
            "bridge": decision.bridge.is_some(),
            "steps": steps.map(|s| s.to_string()),
            "rule": rule,
            "reason": decision.to_string(),
            "advice": decision.advice(),
            "now": when.as_ref().map(|w| w.now.iter().map(|a| json!({
                "rule": a.rule.as_str(),
                "severity": a.severity,
                "text": a.text,
                "better": a.better.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
            })).collect::<Vec<_>>()),
            "slip": decision.slip.as_ref().map(|s| json!({
                "address": s.address.to_string(),
                "due": s.due.to_string(),
                "days_late": s.days_late,
                "overdue": s.overdue,
                "message": s.to_string(),
                "reschedule": reschedule,
            })),
        }))?;
        return Ok(0);
    }
    match (decision.next, steps) {
        (Some(addr), Some(s)) => {
            let day = match when.as_ref().and_then(|w| w.at) {
                Some(t) => {
                    let mut day = say_day(t.date(), today);
                    if t.time() != NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default()
                        && !(is_moment && t <= now)
                    {
                        day.push_str(&format!(" from {}", t.format("%H:%M")));
                    }
                    if planned_date.is_some_and(|d| d > t.date()) {
                        if let Some(d) = planned_date {
                            day.push_str(&format!(", planned for {}", d.format("%a %-d %b")));
                        }
                    }
                    day
                }
                None => format!(
                    "not within {} days: every day breaks a rule (see `walkrun check`)",
                    when::HORIZON_DAYS
                ),
            };
            let bridge = if decision.bridge.is_some() {
                " as a bridge session"
            } else {
                ""
            };
            outln!("Next: {addr}{bridge}, {day}: {s}")?;
        }
        _ => outln!("{}: complete", walkrun::sys::safe_text::clean(&plan.name))?,
    }
    outln!("{decision}")?;
    if let Some(a) = decision.advice() {
        outln!("{a}")?;
    }
    if let Some(w) = &when {
        if !w.now.is_empty() {
            outln!("Not now:")?;
            for a in &w.now {
                outln!("  {}", a.line(now))?;
            }
        }
    }
    if let Some(slip) = &decision.slip {
        match &reschedule {
            Some(cmd) => outln!("{slip}; to move the rest forward from today: {cmd}")?,
            None => outln!("{slip}")?,
        }
    }
    Ok(0)
}

/// When to run the coach's choice, judged against the plan's lifts (and the
/// profile's), every run in the journal and the profile's run days.
pub fn day_to_run(
    plan: &Plan,
    decision: &Decision,
    history: &History,
    now: NaiveDateTime,
    is_moment: bool,
) -> Result<Option<When>, Failure> {
    day_to_run_with(
        plan,
        decision,
        when::runs_done(&history.entries),
        now,
        is_moment,
    )
}

/// [`day_to_run`] given the runs done, as [`when::runs_done`] lists them.
pub fn day_to_run_with(
    plan: &Plan,
    decision: &Decision,
    runs: Vec<walkrun::rules::now::DoneRun>,
    now: NaiveDateTime,
    is_moment: bool,
) -> Result<Option<When>, Failure> {
    let Some(mut session) = decision.next.and_then(|a| plan.session(a)).cloned() else {
        return Ok(None);
    };
    if let Some(b) = &decision.bridge {
        session.steps = b.clone();
    }
    let (plan, days) = with_profile(plan)?;
    let situation = Situation::new(&plan, runs);
    Ok(Some(when::when(
        &situation,
        &session,
        now,
        is_moment,
        days.as_deref(),
    )))
}

/// The plan with the profile's lifts added, and the profile's run days. A
/// malformed profile is bad input here as in every command that reads it:
/// advice that silently ignored the runner's lifts would be wrong advice.
pub fn with_profile(plan: &Plan) -> Result<(Plan, Option<Vec<RunDay>>), Failure> {
    let mut plan = plan.clone();
    let profile = super::profile::load()?;
    plan.lifts
        .extend(super::profile::extra_lifts(&plan, &[], &profile));
    Ok((plan, profile.run_days.map(|d| d.value)))
}
