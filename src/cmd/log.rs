//! `walkrun log` (the journal as a table, with adherence) and `walkrun log add`.

use std::io::{BufWriter, Write};

use chrono::{Local, NaiveTime, TimeZone};
use serde_json::json;
use walkrun::coach::{self, Adherence};
use walkrun::history::{
    self, new_session_id, Entry, Journal, Outcome, PlanRef, Progress, Record, RecordKind,
    FORMAT_VERSION,
};
use walkrun::plan::Address;
use walkrun::steps::{format_minutes, parse_duration};
use walkrun::{safe_text, Plan};

use super::use_plan::{chosen_plan, today};
use super::{print_json, CmdResult, Failure};
use crate::cli::{Format, LogAction, LogAddArgs, LogArgs};

pub fn run(args: &LogArgs) -> CmdResult {
    match &args.action {
        Some(LogAction::Add(add)) => run_add(add),
        None => run_list(args),
    }
}

fn run_list(args: &LogArgs) -> CmdResult {
    let today = args.today.unwrap_or_else(today);
    let journal = Journal::at(history::data_dir()?);
    let history = journal.read()?;
    for w in &history.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    // The plan to count adherence against: the one named (and only its
    // sessions), else the current one if it still loads.
    let plan: Option<(PlanRef, Plan)> = match &args.plan {
        Some(p) => Some(chosen_plan(Some(p))?),
        None => match history::current_plan(journal.dir())? {
            None => None,
            Some(r) => match r.load() {
                Ok(plan) => Some((r, plan)),
                Err(e) => {
                    eprintln!("walkrun: warning: the current plan cannot be read: {e}");
                    None
                }
            },
        },
    };
    let mut entries: Vec<&Entry> = match (&args.plan, &plan) {
        (Some(_), Some((r, p))) => history.for_plan(&r.key(), &p.name),
        _ => history.entries.iter().collect(),
    };
    entries.sort_by_key(|e| e.started);
    let adherence: Option<Adherence> = plan
        .as_ref()
        .map(|(r, p)| coach::adherence(p, &history.for_plan(&r.key(), &p.name), today));

    if args.format == Format::Json {
        print_json(&json!({
            "journal": journal.path().display().to_string(),
            "plan": plan.as_ref().map(|(r, p)| json!({"name": p.name, "path": r.key()})),
            "adherence": adherence.as_ref().map(|a| json!({
                "done": a.done,
                "due": a.due,
                "done_of_due": a.done_of_due,
                "total": a.total,
                "as_of": a.as_of.to_string(),
            })),
            "entries": entries,
        }));
        return Ok(0);
    }

    // Ten thousand lines through a line-buffered stdout cost a write each.
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if entries.is_empty() {
        let _ = writeln!(
            out,
            "No sessions in the journal yet ({}); `walkrun log add W1D1` records one",
            journal.path().display()
        );
    } else {
        let several_plans = entries.iter().any(|e| e.plan != entries[0].plan);
        let plan_width = if several_plans {
            entries.iter().map(|e| e.plan.len()).max().unwrap_or(0) + 2
        } else {
            0
        };
        let _ = writeln!(
            out,
            "{:<16} {:<pw$}{:<7} {:<10} {:>7} {:>6}  note",
            "date",
            if several_plans { "plan" } else { "" },
            "session",
            "outcome",
            "run min",
            "effort",
            pw = plan_width
        );
        for e in &entries {
            let outcome = if e.interrupted {
                "cut off".to_string()
            } else {
                e.outcome.to_string()
            };
            let _ = writeln!(
                out,
                "{:<16} {:<pw$}{:<7} {:<10} {:>7} {:>6}  {}",
                e.started.format("%a %Y-%m-%d"),
                if several_plans {
                    safe_text::clean(&e.plan)
                } else {
                    "".into()
                },
                e.address.to_string(),
                outcome,
                format_minutes(u64::from(e.progress.run_seconds_done)),
                e.effort
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "-".into()),
                safe_text::clean(e.note.as_deref().unwrap_or("")),
                pw = plan_width
            );
        }
    }
    if let (Some((_, p)), Some(a)) = (&plan, &adherence) {
        let _ = writeln!(out, "{}: {a}", safe_text::clean(&p.name));
    }
    let _ = out.flush();
    Ok(0)
}

fn run_add(args: &LogAddArgs) -> CmdResult {
    let address: Address = args.address.parse().map_err(Failure::bad_input)?;
    let effort = match &args.effort {
        None => None,
        Some(text) => match text.parse::<u8>() {
            Ok(v) if (1..=10).contains(&v) => Some(v),
            _ => {
                return Err(Failure::bad_input(format!(
                    "--effort {}: expected a whole number from 1 (easy) to 10 (all out)",
                    safe_text::quoted(text)
                )))
            }
        },
    };
    let outcome: Outcome = args
        .outcome
        .parse()
        .map_err(|m| Failure::bad_input(format!("--outcome: {m}")))?;
    let spent = match &args.time {
        None => None,
        Some(_) if outcome == Outcome::Done => {
            return Err(Failure::bad_input(
                "--time is for a session that ended early: add --outcome partial or abandoned",
            ))
        }
        Some(text) => Some(parse_duration(text).map_err(|m| {
            Failure::bad_input(format!("--time {}: expected {m}", safe_text::quoted(text)))
        })?),
    };
    let now = today();
    let date = args.date.unwrap_or(now);
    if date > now {
        return Err(Failure::bad_input(format!(
            "--date {date}: that is in the future; log a session once it is done"
        )));
    }
    let (plan_ref, plan) = chosen_plan(args.plan.as_deref())?;
    let Some(session) = plan.session(address) else {
        return Err(Failure::bad_input(format!(
            "{address}: {} has no such session ({} weeks; see `walkrun show`)",
            plan.name,
            plan.weeks.len()
        )));
    };
    let progress = match outcome {
        Outcome::Done => Progress::whole(&session.steps),
        _ => Progress::at(&session.steps, spent.unwrap_or(0)),
    };
    // A session logged for today keeps the time it was logged; one logged for
    // another day sits at noon, which orders it sensibly within that day.
    let time = if date == now {
        Local::now().time()
    } else {
        NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
    };
    let started = Local
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.fixed_offset())
        .ok_or_else(|| Failure::bad_input(format!("--date {date}: no such local time")))?;
    let record = Record {
        v: FORMAT_VERSION,
        session: new_session_id(),
        kind: RecordKind::Final,
        plan: plan.name.clone(),
        plan_path: Some(plan_ref.key()),
        address,
        started,
        seconds_spent: progress.seconds_spent,
        run_seconds_done: progress.run_seconds_done,
        segments_completed: progress.segments_completed,
        segments_skipped: progress.segments_skipped,
        outcome: Some(outcome),
        effort,
        note: args.note.clone(),
    };
    let journal = Journal::at(history::data_dir()?);
    let target = journal.append(&record)?;
    for w in &target.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    if let Some(why) = &target.diverted {
        eprintln!("walkrun: warning: {why}");
    }
    println!(
        "Logged {address} of {} on {}: {outcome}{}{}",
        safe_text::clean(&plan.name),
        date.format("%a %-d %b %Y"),
        effort.map(|e| format!(", effort {e}")).unwrap_or_default(),
        if target.diverted.is_some() {
            format!(" (in {})", target.path.display())
        } else {
            String::new()
        }
    );
    Ok(0)
}
