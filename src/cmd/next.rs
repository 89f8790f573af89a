//! `walkrun next [PLAN]`: the coach's choice of the next session, the day to
//! run it (today if today keeps the rules), and why; or, first of all, rest
//! (pain, a red flag), why and until when.

use chrono::NaiveTime;
use serde_json::json;
use walkrun::coach::race::Misfit;
use walkrun::coach::safety::Body;
use walkrun::coach::when::{self, say_day};
use walkrun::coach::{self, Reason};
use walkrun::history::PlanRef;

use super::pick::{day_to_run, session_plan};
use super::settings;
use super::{print_json, CmdResult, Ctx};
use crate::cli::{DateArg, GoalArgs, NextArgs, OutputFormat};
use walkrun::planning::request;

pub fn run(args: &NextArgs, ctx: &mut Ctx) -> CmdResult {
    // A date alone judges that whole day; a moment judges now, too.
    let as_of = ctx.clock.as_of();
    let (now, is_moment) = (as_of.start(), as_of.is_moment());
    let today = now.date();
    let (plan_ref, plan) = session_plan(ctx, args.plan.as_deref())?;
    // Streamed: the journal is read entry by entry, twice, and only what
    // the coach and the rules weigh is kept, so a long journal needs little
    // memory.
    let scan = ctx.scan()?;
    for w in &scan.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    let key = plan_ref.key();
    // Pain is heard from every session, of any plan, and every check-in.
    let body = Body::hear(scan.entries(), &scan.checks);
    let ours = scan.entries().filter(|e| e.is_for(&key, &plan.name));
    let decision = coach::next_session_with(&plan, ours, Some(&body), today);
    let rest = decision.rest.as_ref();
    // Resting, there is no session to place: none is advised.
    let when = match rest {
        Some(_) => None,
        None => day_to_run(
            ctx,
            &plan,
            &decision,
            when::runs_done(scan.entries()),
            as_of,
        )?,
    };
    let next = decision.next.filter(|_| rest.is_none());
    let steps = decision.steps(&plan).filter(|_| rest.is_none());
    let planned_date = next.and_then(|a| plan.session_date(a));
    // Where the session falls once the coach's repeats have moved the plan.
    let due_date = next.and_then(|a| decision.schedule.date_of(&plan, a));
    let reschedule = match (&decision.slip, &plan_ref) {
        (Some(_), PlanRef::File(path)) => {
            Some(format!("walkrun plan --reschedule {}", path.display()))
        }
        _ => None,
    };
    // Said as soon as it is known: the race no longer fits the plan as it
    // now runs, and the ways that do.
    let race = decision
        .race
        .as_ref()
        .map(|m| (m, race_ways(ctx, m, &plan, &plan_ref, &decision)));
    if args.format == OutputFormat::Json {
        let rule = match decision.reason {
            _ if rest.is_some() => "rest",
            Reason::First => "first",
            Reason::Next { .. } => "next",
            Reason::RepeatSession { .. } => "repeat-session",
            Reason::RepeatWeek { .. } => "repeat-week",
            Reason::Ease { .. } => "ease",
            Reason::AfterBridge { .. } => "after-bridge",
            Reason::Restart { .. } => "restart",
            Reason::Followed { .. } => "followed",
            Reason::Undone { .. } => "undone",
            Reason::RepeatHard { .. } => "repeat-hard",
            Reason::Niggle { .. } => "niggle",
            Reason::StepBack { .. } => "step-back",
            Reason::AfterRest { .. } => "after-rest",
            Reason::Complete => "complete",
        };
        let at = when.as_ref().and_then(|w| w.at);
        print_json(&json!({
            "plan": plan.name,
            "plan_path": plan_ref.key(),
            "next": next.map(|a| a.to_string()),
            "date": at.map(|t| t.date().to_string()),
            "from": at.map(|t| t.format("%H:%M").to_string()),
            "planned_date": planned_date.map(|d| d.to_string()),
            "due_date": due_date.map(|d| d.to_string()),
            "bridge": decision.bridge.is_some() && rest.is_none(),
            "steps": steps.map(|s| s.to_string()),
            "rule": rule,
            "reason": rest.map_or_else(|| decision.to_string(), |r| r.reason()),
            "advice": decision.advice(),
            "rest": rest.map(|r| json!({
                "kind": r.kind.as_str(),
                "since": r.report.at.date_naive().to_string(),
                "until": r.until.map(|d| d.to_string()),
                "reason": r.reason(),
                "advice": r.advice(),
            })),
            "now": when.as_ref().map(|w| w.now.iter().map(|a| json!({
                "rule": a.rule.as_str(),
                "severity": a.severity,
                "text": a.text,
                "better": a.better.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
            })).collect::<Vec<_>>()),
            "race": race.as_ref().map(|(m, ways)| json!({
                "date": m.race.to_string(),
                "reached_on": m.reached_on.to_string(),
                "goal_run_seconds": m.goal_run_seconds,
                "by_race": m.by_race.map(|a| a.to_string()),
                "longest_run_seconds": m.longest_run_seconds,
                "message": m.line(),
                "ways": ways.iter().map(|w| json!({"way": w.way, "command": w.command})).collect::<Vec<_>>(),
            })),
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
    if let Some(r) = rest {
        // First, before anything else: no session until it is over.
        outln!("Rest: {}", r.reason())?;
        outln!("{}", r.advice())?;
        say_race(race.as_ref())?;
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
                    if due_date.is_some_and(|d| d > t.date()) {
                        if let Some(d) = due_date {
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
        // Where the `Next:` line already names the moment that keeps a rule,
        // its reason is said once, plainly, without that moment again.
        let plain = |a: &when::Advice| {
            (w.at.is_some() && a.better == w.at).then(|| {
                let text = a.text.trim_end_matches('.');
                format!("{text}.")
            })
        };
        match w.now.as_slice() {
            [] => {}
            [a] if plain(a).is_some() => outln!("Not now: {}", plain(a).unwrap_or_default())?,
            all => {
                outln!("Not now:")?;
                for a in all {
                    outln!("  {}", plain(a).unwrap_or_else(|| a.line(now)))?;
                }
            }
        }
    }
    say_race(race.as_ref())?;
    if let Some(slip) = &decision.slip {
        match &reschedule {
            Some(cmd) => outln!("{slip}; to move the rest forward from today: {cmd}")?,
            None => outln!("{slip}")?,
        }
    }
    Ok(0)
}

/// One way to a race that no longer fits, and the command that makes it.
struct Way {
    way: String,
    command: Option<String>,
}

/// Run-walk the race, a later race, a lower goal: each a new plan from where
/// the runner is (`plan --reschedule` with the flag), when the plan is a
/// file; only the ways the planner can make within its rules are offered,
/// the later race the first such on the race's weekday.
fn race_ways(
    ctx: &Ctx,
    m: &Misfit,
    plan: &walkrun::Plan,
    plan_ref: &PlanRef,
    decision: &walkrun::coach::Decision,
) -> Vec<Way> {
    let PlanRef::File(path) = plan_ref else {
        return Vec::new();
    };
    // A new plan gets a file of its own: the journal keeps this one's
    // sessions under this file.
    let stem = path
        .file_stem()
        .map_or_else(|| "plan".to_string(), |s| s.to_string_lossy().into_owned());
    let command = |flags: &str, tag: &str| {
        let new = path.with_file_name(format!("{stem}-{tag}.toml"));
        format!(
            "walkrun plan --reschedule {} {flags} -o {} --use",
            path.display(),
            new.display()
        )
    };
    let works = |flags: &GoalArgs| {
        settings::from_here(flags, None, plan, decision, ctx)
            .ok()
            .is_some_and(|req| request::build(&req).is_ok())
    };
    let mut ways = Vec::new();
    let run_walk = GoalArgs {
        run_walk: true,
        ..GoalArgs::default()
    };
    if works(&run_walk) {
        ways.push(Way {
            way: "run-walk the race, with walk breaks from the start".into(),
            command: Some(command("--run-walk", "run-walk")),
        });
    }
    // A few months on at most: past that, a new goal is the better talk.
    let later = (0..12u64)
        .filter_map(|w| m.later_race().checked_add_days(chrono::Days::new(7 * w)))
        .find(|d| {
            works(&GoalArgs {
                race_date: Some(DateArg::On(*d)),
                ..GoalArgs::default()
            })
        });
    if let Some(later) = later {
        ways.push(Way {
            way: format!("a later race, from {}", later.format("%a %-d %b %Y")),
            command: Some(command(&format!("--race-date {later}"), "later")),
        });
    }
    let lower = match plan.goal.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("half") => Some("10k"),
        Some("10k") => Some("5k"),
        _ => None,
    };
    if let Some(goal) = lower.filter(|g| {
        works(&GoalArgs {
            goal: Some(g.to_string()),
            ..GoalArgs::default()
        })
    }) {
        ways.push(Way {
            way: format!("a lower goal on the same day, the {goal}"),
            command: Some(command(&format!("--goal {goal}"), goal)),
        });
    }
    ways
}

fn say_race(race: Option<&(&Misfit, Vec<Way>)>) -> CmdResult {
    let Some((m, ways)) = race else {
        return Ok(0);
    };
    outln!("{}.", m.line())?;
    if ways.is_empty() {
        outln!("Talk it over with a coach: a later race or a lower goal (`walkrun plan --goal`).")?;
        return Ok(0);
    }
    outln!("Ways that work:")?;
    for w in ways {
        match &w.command {
            Some(c) => outln!("  {}: {c}", w.way)?,
            None => outln!("  {}", w.way)?,
        }
    }
    Ok(0)
}
