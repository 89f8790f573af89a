//! `walkrun log` (the journal as a table or a chart, with adherence),
//! `walkrun log add` and `walkrun log clear` (the pain has gone).
//!
//! The journal is streamed: entries are read back one at a time from the
//! scan's index and printed, so a journal of any size lists in little memory.

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};

use chrono::{DateTime, FixedOffset, Local, NaiveTime, TimeZone};
use serde_json::json;
use walkrun::chart::{self, Weekly};
use walkrun::coach::safety::{Body, Rest, RestKind};
use walkrun::coach::{self, Adherence};
use walkrun::cues::milestone;
use walkrun::history::{
    self, CheckIn, Entry, Journal, Outcome, Pain, PlanProgress, PlanRef, PlanSession, Record,
    RecordKind, Scan, TrialResult,
};
use walkrun::plan::pace::{Unit, SECONDS_PER_KM};
use walkrun::plan::steps::{self, format_minutes, parse_duration, Session};
use walkrun::plan::Address;
use walkrun::sys::safe_text;
use walkrun::Plan;

use super::pick::{chosen_plan, session_plan};
use super::{chart_style, out, CmdResult, Ctx, Failure};
use crate::cli::{LogAction, LogAddArgs, LogArgs, LogClearArgs, OutputFormat};

mod import;
mod table;

use table::{Cells, Layout};

pub fn run(args: &LogArgs, ctx: &mut Ctx) -> CmdResult {
    match &args.action {
        Some(LogAction::Add(add)) => run_add(add, ctx),
        Some(LogAction::Import(i)) => import::run(i, ctx),
        Some(LogAction::Clear(clear)) => run_clear(clear, ctx),
        None => run_list(args, ctx),
    }
}

/// The rest the coach has the runner on as of `today`, heard from the whole
/// journal (every plan's sessions, and the check-ins).
fn rest_now(ctx: &Ctx, today: chrono::NaiveDate) -> Result<Option<Rest>, Failure> {
    let scan = ctx.scan()?;
    Ok(Body::hear(scan.entries(), &scan.checks).rest(today))
}

fn say_rest(r: &Rest) -> Result<(), Failure> {
    outln!("Rest: {}", r.reason())?;
    outln!("{}", r.advice())
}

/// `walkrun log clear` (and `log add --pain none` with no session): the
/// pain has gone, or a doctor has cleared the runner. Nothing to clear is
/// said, and nothing is written.
fn run_clear(args: &LogClearArgs, ctx: &mut Ctx) -> CmdResult {
    check_in(ctx, Pain::None, args.note.clone())
}

/// Record what the runner says between sessions, and what it means now.
fn check_in(ctx: &mut Ctx, pain: Pain, note: Option<String>) -> CmdResult {
    let today = ctx.clock.today();
    let before = rest_now(ctx, today)?;
    if pain == Pain::None {
        match &before {
            None => {
                outln!("Nothing to clear: the coach has you on no rest.")?;
                return Ok(0);
            }
            Some(r) if r.gone => {
                // Said already: the days of rest are what is left.
                say_rest(r)?;
                return Ok(0);
            }
            Some(_) => {}
        }
    }
    let check = CheckIn {
        at: ctx.clock.now(),
        pain,
        note,
    };
    let target = ctx.append(&Record::check_in(&check))?;
    for w in &target.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    if let Some(why) = &target.diverted {
        eprintln!("walkrun: warning: {why}");
    }
    let day = today.format("%a %-d %b %Y");
    match (pain, before.as_ref().map(|r| r.kind)) {
        (Pain::None, Some(RestKind::Doctor)) => outln!(
            "Noted on {day}: a doctor has cleared you to run. `walkrun next` says what comes next."
        )?,
        (Pain::None, _) => outln!(
            "Noted on {day}: the pain has gone. The plan goes back a week; `walkrun next` \
             says when."
        )?,
        (p, _) => outln!("Noted on {day}: pain ({p}).")?,
    }
    if let Some(r) = rest_now(ctx, today)? {
        say_rest(&r)?;
    }
    out::flush()?;
    Ok(0)
}

fn run_list(args: &LogArgs, ctx: &mut Ctx) -> CmdResult {
    let today = ctx.clock.today();
    let journal = ctx.journal()?;
    let scan = ctx.scan()?;
    for w in &scan.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    // The plan to count adherence against: the one named (and only its
    // sessions), else the current one if it still loads.
    let plan: Option<(PlanRef, Plan)> = match &args.plan {
        Some(p) => Some(chosen_plan(ctx, Some(p))?),
        None => match ctx.current()? {
            None => None,
            Some(c) => match &c.plan {
                Ok(plan) => Some((c.plan_ref.clone(), plan.clone())),
                Err(e) => {
                    eprintln!(
                        "walkrun: warning: the current plan cannot be read: {}",
                        e.message
                    );
                    None
                }
            },
        },
    };
    let key = plan.as_ref().map(|(r, p)| (r.key(), p.name.clone()));
    let only = args.plan.is_some();
    let shown = |e: &Entry| match (&key, only) {
        (Some((k, n)), true) => e.is_for(k, n),
        _ => true,
    };
    let of_plan = |e: &Entry| key.as_ref().is_some_and(|(k, n)| e.is_for(k, n));

    if args.chart {
        let mut weekly = Weekly::new(today, args.weeks);
        let mut tried = BTreeSet::new();
        for e in scan.entries().filter(|e| shown(e)) {
            if of_plan(&e) {
                tried.extend(e.address());
            }
            weekly.add(&e, plan.as_ref().map(|(_, p)| p));
        }
        if let Some((_, p)) = &plan {
            weekly.add_untried(p, &tried);
        }
        let mut out = BufWriter::new(out::Stdout);
        for line in chart::draw(&weekly.panels(), chart_style()) {
            writeln!(out, "{line}").map_err(out::failed)?;
        }
        out.flush().map_err(out::failed)?;
        return Ok(0);
    }

    let mut out = BufWriter::new(out::Stdout);
    let mut done = BTreeSet::new();
    if args.format == OutputFormat::Json {
        write_json(&mut out, journal, scan, &plan, &shown, &of_plan, &mut done)
            .map_err(out::failed)?;
    } else {
        // Miles for a runner whose pace is per mile. A profile that cannot
        // be read does not stop the journal being listed.
        let unit = ctx
            .profile()
            .ok()
            .and_then(|p| p.pace.as_ref().map(|p| p.value.unit))
            .unwrap_or(Unit::Km);
        let t = Table {
            shown_only_one: only,
            // One column short of the terminal's, where some terminals wrap.
            width: chart_style().width.max(40) - 1,
            unit,
            goal: plan.as_ref().and_then(|(_, p)| p.goal_run_seconds()),
        };
        write_table(&mut out, journal, scan, &t, &shown, &of_plan, &mut done)
            .map_err(out::failed)?;
    }
    // Against the plan as the coach re-flowed it after its own repeats:
    // the journal is streamed once more, as `next` reads it.
    let adherence: Option<Adherence> = plan.as_ref().map(|(_, p)| {
        let body = Body::hear(scan.entries(), &scan.checks);
        let decision =
            coach::next_session_with(p, scan.entries().filter(|e| of_plan(e)), Some(&body), today);
        coach::adherence(p, &done, &decision.schedule, today)
    });
    if args.format == OutputFormat::Json {
        let a = adherence.as_ref().map(|a| {
            json!({
                "done": a.done,
                "due": a.due,
                "done_of_due": a.done_of_due,
                "total": a.total,
                "as_of": a.as_of.to_string(),
            })
        });
        let text = serde_json::to_string_pretty(&a).unwrap_or_default();
        writeln!(out, "  \"adherence\": {}\n}}", indent(&text)).map_err(out::failed)?;
    } else if let (Some((_, p)), Some(a)) = (&plan, &adherence) {
        writeln!(out, "{}: {a}", safe_text::clean(&p.name)).map_err(out::failed)?;
    }
    out.flush().map_err(out::failed)?;
    Ok(0)
}

/// The journal as one JSON document, written an entry at a time; the
/// adherence, which needs every entry, comes last.
fn write_json(
    out: &mut impl Write,
    journal: &Journal,
    scan: &Scan,
    plan: &Option<(PlanRef, Plan)>,
    shown: &dyn Fn(&Entry) -> bool,
    of_plan: &dyn Fn(&Entry) -> bool,
    done: &mut BTreeSet<Address>,
) -> std::io::Result<()> {
    let head = |v: &serde_json::Value| indent(&serde_json::to_string_pretty(v).unwrap_or_default());
    let goal = plan.as_ref().and_then(|(_, p)| p.goal_run_seconds());
    let goal_of = |e: &Entry| if of_plan(e) { goal } else { None };
    writeln!(out, "{{")?;
    writeln!(
        out,
        "  \"journal\": {},",
        head(&json!(journal.path().display().to_string()))
    )?;
    writeln!(
        out,
        "  \"plan\": {},",
        head(&json!(plan
            .as_ref()
            .map(|(r, p)| json!({"name": p.name, "path": r.key()}))))
    )?;
    write!(out, "  \"entries\": [")?;
    let mut first = true;
    let mut watch = milestone::Watch::default();
    for e in scan.entries() {
        // Milestones count every session before, shown or not.
        let reached = watch.see(longest_known(&e), goal_of(&e));
        if !shown(&e) {
            continue;
        }
        if of_plan(&e) {
            done.extend(coach::done_addresses([&e]));
        }
        let mut value = serde_json::to_value(&e).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.insert("milestone".into(), json!(reached));
        }
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        write!(
            out,
            "{}\n    {}",
            if first { "" } else { "," },
            indent2(&text)
        )?;
        first = false;
    }
    writeln!(out, "{}],", if first { "" } else { "\n  " })?;
    // What was said between sessions: a few lines, whatever the plan.
    let checks: Vec<serde_json::Value> = scan
        .checks
        .iter()
        .map(|c| {
            json!({
                "at": c.at.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "pain": c.pain,
                "note": c.note,
            })
        })
        .collect();
    writeln!(out, "  \"checks\": {},", head(&json!(checks)))?;
    Ok(())
}

/// The longest run without a walk an entry records, when it says.
fn longest_known(e: &Entry) -> Option<u64> {
    e.longest_known
        .then(|| u64::from(e.progress.longest_run_seconds))
}

/// A check-in as a row of the table: what was said, and its note.
fn check_row(c: &CheckIn) -> (String, String) {
    let said = match c.pain {
        Pain::None => "said the pain has gone (or a doctor's all-clear)".to_string(),
        p => format!("pain: {p}, said between sessions"),
    };
    let note = match &c.note {
        Some(n) => format!("{said}; {n}"),
        None => said,
    };
    (c.at.format("%a %Y-%m-%d").to_string(), note)
}

/// Continuation lines of a value nested one level down.
fn indent(text: &str) -> String {
    text.replace('\n', "\n  ")
}

/// Continuation lines of a value nested two levels down.
fn indent2(text: &str) -> String {
    text.replace('\n', "\n    ")
}

/// How the table is asked for.
struct Table {
    shown_only_one: bool,
    /// The widest a line may be (short of the terminal's, else of 80).
    width: usize,
    unit: Unit,
    /// The current plan's goal run, for the goal's milestone.
    goal: Option<u64>,
}

fn write_table(
    out: &mut impl Write,
    journal: &Journal,
    scan: &Scan,
    t: &Table,
    shown: &dyn Fn(&Entry) -> bool,
    of_plan: &dyn Fn(&Entry) -> bool,
    done: &mut BTreeSet<Address>,
) -> std::io::Result<()> {
    let goal_of = |e: &Entry| if of_plan(e) { t.goal } else { None };
    // The plan column's width, from the names the scan met (a filtered
    // table may hold fewer: the width then errs on the wide side).
    let (plans, extras) = scan.plan_names();
    let mut names: Vec<&str> = plans.iter().map(String::as_str).collect();
    if extras {
        names.push(plan_name_none());
    }
    let mut rows = scan.entries().filter(|e| shown(e)).peekable();
    if rows.peek().is_none() {
        return writeln!(
            out,
            "No sessions {}in the journal yet ({}); `walkrun log add W1D1` records one",
            if t.shown_only_one {
                "of this plan "
            } else {
                ""
            },
            journal.path().display()
        );
    }
    let several_plans = names.len() > 1 && !t.shown_only_one;
    if !several_plans {
        names.clear();
    }
    let layout = Layout::new(&names, scan.has_recordings(), t.width, t.unit);
    writeln!(out, "{}", layout.header())?;
    let mut checks = scan.checks.iter().peekable();
    let check_line = |out: &mut dyn Write, c: &CheckIn| {
        let (date, note) = check_row(c);
        let cells = Cells {
            date: &date,
            plan: "",
            session: "-",
            outcome: "check-in",
            run_min: "-",
            effort: "-",
            distance: "",
            pace: "",
            heart: "",
        };
        for line in layout.row(&cells, &safe_text::clean(&note)) {
            writeln!(out, "{line}")?;
        }
        Ok::<(), std::io::Error>(())
    };
    drop(rows);
    // Milestones count every session before, shown or not.
    let mut watch = milestone::Watch::default();
    for e in scan.entries() {
        let reached = watch.see(longest_known(&e), goal_of(&e));
        if !shown(&e) {
            continue;
        }
        while let Some(c) = checks.next_if(|c| c.at < e.started) {
            check_line(out, c)?;
        }
        if of_plan(&e) {
            done.extend(coach::done_addresses([&e]));
        }
        let outcome = if e.interrupted {
            "cut off".to_string()
        } else {
            e.outcome.to_string()
        };
        let session = match &e.plan {
            Some(p) if p.bridge => format!("{}~", p.address),
            Some(p) => p.address.to_string(),
            None => "extra".to_string(),
        };
        let mut note = e.note.clone().unwrap_or_default();
        if e.is_extra() {
            if let Some(s) = &e.steps {
                note = if note.is_empty() {
                    s.clone()
                } else {
                    format!("{s}; {note}")
                };
            }
        }
        if let Some(p) = e.pain.filter(|p| *p != Pain::None) {
            note = if note.is_empty() {
                format!("pain: {p}")
            } else {
                format!("pain: {p}; {note}")
            };
        }
        if e.progress.run_seconds_skipped > 0 {
            let skipped = format!(
                "{} of running skipped",
                steps::format_duration(u64::from(e.progress.run_seconds_skipped))
            );
            note = if note.is_empty() {
                skipped
            } else {
                format!("{skipped}; {note}")
            };
        }
        if let Some(m) = reached {
            let mark = if m.goal {
                format!(
                    "milestone: {} minutes without a walk, the goal",
                    m.minutes()
                )
            } else {
                format!("milestone: {} minutes without a walk", m.minutes())
            };
            note = if note.is_empty() {
                mark
            } else {
                format!("{mark}; {note}")
            };
        }
        let (distance, pace, heart) = layout.recorded_cells(&e);
        let plan = if several_plans {
            safe_text::clean(plan_name(&e))
        } else {
            "".into()
        };
        let date = e.started.format("%a %Y-%m-%d").to_string();
        let run_min = format_minutes(u64::from(e.progress.run_seconds_done));
        let effort = e
            .effort
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into());
        let cells = Cells {
            date: &date,
            plan: &plan,
            session: &session,
            outcome: &outcome,
            run_min: &run_min,
            effort: &effort,
            distance: &distance,
            pace: &pace,
            heart: &heart,
        };
        for line in layout.row(&cells, &safe_text::clean(&note)) {
            writeln!(out, "{line}")?;
        }
    }
    for c in checks {
        check_line(out, c)?;
    }
    Ok(())
}

fn plan_name(e: &Entry) -> &str {
    e.plan
        .as_ref()
        .map_or(plan_name_none(), |p| p.name.as_str())
}

fn plan_name_none() -> &'static str {
    "(no plan)"
}

fn run_add(args: &LogAddArgs, ctx: &mut Ctx) -> CmdResult {
    let pain: Option<Pain> = match &args.pain {
        None => None,
        Some(text) => Some(
            text.parse()
                .map_err(|m| Failure::bad_input(format!("--pain: {m}")))?,
        ),
    };
    if let (None, None, Some(p)) = (&args.address, &args.steps, pain) {
        // No session: pain that came between sessions, or that has gone.
        if args.effort.is_some() || args.time.is_some() || args.date.is_some() {
            return Err(Failure::bad_input(
                "--pain alone says how it is now: --effort, --time and --date are for a \
                 session (name it, W1D2, or give --steps)",
            ));
        }
        return check_in(ctx, p, args.note.clone());
    }
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
        // How much was run decides the next session and the rest before it:
        // a partial session with none recorded would leave the coach advising
        // another run the same evening.
        None if outcome == Outcome::Partial => {
            return Err(Failure::bad_input(
                "--outcome partial: add --time, how long it ran before it ended (an estimate will do), \
                 so the coach knows how much you ran",
            ))
        }
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
    let today = ctx.clock.today();
    let date = match args.date {
        Some(d) => ctx.clock.date(d)?,
        None => today,
    };
    if date > today {
        return Err(Failure::bad_input(format!(
            "--date {date}: that is in the future; log a session once it is done"
        )));
    }
    // A plan session, or one outside any plan.
    let (plan_session, session, what): (Option<PlanSession>, Session, String) =
        match (&args.steps, &args.address) {
            (Some(text), _) => {
                let session =
                    steps::parse(text).map_err(|e| Failure::bad_input(format!("--steps: {e}")))?;
                if session.total_seconds() == 0 {
                    return Err(Failure::bad_input("--steps: the session has no time in it"));
                }
                let what = format!(
                    "an extra session ({})",
                    safe_text::quote(&session.to_string())
                );
                (None, session, what)
            }
            (None, Some(text)) => {
                let address: Address = text.parse().map_err(Failure::bad_input)?;
                let (plan_ref, plan) = session_plan(ctx, args.plan.as_deref())?;
                let Some(s) = plan.session(address) else {
                    return Err(Failure::bad_input(format!(
                        "{address}: {} has no such session ({}; see `walkrun show`)",
                        plan.name,
                        walkrun::words::count(plan.weeks.len(), "week")
                    )));
                };
                // The coach's bridge version, when that is what it advised
                // for this session and the runner does not say otherwise.
                let bridge = if args.full {
                    None
                } else {
                    advised_bridge(ctx, &plan_ref, &plan, address, date)?
                };
                let what = match bridge {
                    Some(_) => format!(
                        "{address} of {} (the bridge version the coach advised; \
                         --full if you ran the plan's)",
                        safe_text::clean(&plan.name)
                    ),
                    None => format!("{address} of {}", safe_text::clean(&plan.name)),
                };
                let ps = PlanSession {
                    name: plan.name.clone(),
                    path: Some(plan_ref.key()),
                    address,
                    bridge: bridge.is_some(),
                };
                (Some(ps), bridge.unwrap_or_else(|| s.steps.clone()), what)
            }
            (None, None) => {
                return Err(Failure::bad_input(
                    "log add: name the session (W1D2) or give --steps",
                ))
            }
        };
    // A session cannot end early after longer than it lasts: such a time
    // would be recorded as the whole session run.
    if let (Some(t), Some(text)) = (spent, &args.time) {
        if u64::from(t) > session.total_seconds() {
            return Err(Failure::bad_input(format!(
                "--time {}: expected at most the session's {} (the time it ran before it ended)",
                safe_text::quoted(text),
                steps::format_duration(session.total_seconds())
            )));
        }
    }
    let trial = match &args.trial {
        None => None,
        Some(text) => Some(trial_result(text, &session, outcome, &what)?),
    };
    let progress = match outcome {
        Outcome::Done => PlanProgress::whole(&session),
        _ => PlanProgress::at(&session, spent.unwrap_or(0)),
    };
    let started = started_at(date, today, args.at, ctx)?;
    let mut record = Record::new(plan_session, &session, started);
    record.kind = RecordKind::Final;
    record.set_progress(progress);
    record.outcome = Some(outcome);
    record.effort = effort;
    record.note = args.note.clone();
    record.pain = pain;
    record.trial = trial;
    let target = ctx.append(&record)?;
    for w in &target.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    if let Some(why) = &target.diverted {
        eprintln!("walkrun: warning: {why}");
    }
    // The entry is durable by now (the append syncs it). A script seeing
    // exit 3 must not log it again, so the failure says it is recorded.
    outln!(
        "Logged {what} on {}: {outcome}{}{}",
        date.format("%a %-d %b %Y"),
        effort.map(|e| format!(", effort {e}")).unwrap_or_default(),
        // Pain is said when there was some.
        pain.filter(|p| *p != Pain::None)
            .map(|p| format!(", pain: {p}"))
            .unwrap_or_default(),
    )
    .and_then(|()| out::flush())
    .map_err(|f| match f.message.is_empty() {
        // A closed pipe stays quiet.
        true => f,
        false => Failure {
            message: format!(
                "recorded {what} in {}, but {}",
                target.path.display(),
                f.message
            ),
            ..f
        },
    })?;
    if let Some(t) = trial {
        say_trial(t, &record, ctx)?;
    }
    // What it means, at once: a sharp pain or a red flag is a rest now.
    if let Some(r) = rest_now(ctx, today)? {
        say_rest(&r)?;
        out::flush()?;
    }
    Ok(0)
}

/// `--trial TIME`: the time the session's one run over a distance took, for
/// a session run to its end.
fn trial_result(
    text: &str,
    session: &Session,
    outcome: Outcome,
    what: &str,
) -> Result<TrialResult, Failure> {
    let shown = safe_text::quoted(text);
    if outcome != Outcome::Done {
        return Err(Failure::bad_input(format!(
            "--trial {shown}: a time trial that ended early sets no pace; log it without --trial"
        )));
    }
    let Some(metres) = history::trial_metres(session) else {
        return Err(Failure::bad_input(format!(
            "--trial {shown}: {what} has no run over a distance to time; a time trial is one run over a distance (the plan's time-trial session, or --steps \"warmup 10m, run 1km, cooldown 5m\")"
        )));
    };
    let seconds = parse_duration(text)
        .map_err(|m| Failure::bad_input(format!("--trial {shown}: expected {m}")))?;
    if history::easy_pace_from_trial(metres, seconds, Unit::Km).is_none() {
        let at = |per_km: u64| walkrun::player::display::clock(per_km * u64::from(metres) / 1000);
        return Err(Failure::bad_input(format!(
            "--trial {shown}: expected the time the {} took, from {} to {}",
            history::trial_distance_words(metres),
            at(*SECONDS_PER_KM.start()),
            at(*SECONDS_PER_KM.end() - u64::from(history::EASY_ADDS_SECONDS_PER_KM))
        )));
    }
    Ok(TrialResult { metres, seconds })
}

/// What a trial just logged means: the pace it sets, or why it sets none.
fn say_trial(t: TrialResult, record: &Record, ctx: &Ctx) -> Result<(), Failure> {
    let entry = record.clone().into_entry_done();
    let what = format!(
        "{} in {}",
        history::trial_distance_words(t.metres),
        walkrun::player::display::clock(u64::from(t.seconds))
    );
    match history::latest_trial([&entry], ctx.clock.today().max(entry.started.date_naive())) {
        Some(tp) => outln!(
            "Time trial: {what} ({}); your easy pace is now {}, and distances and speeds follow it",
            tp.trial,
            tp.pace
        ),
        None => outln!(
            "Time trial: {what}, but it sets no pace: {}",
            history::untrusted_why(&entry).unwrap_or("its time is not one a trial takes")
        ),
    }
}

/// The bridge steps the coach advises for `address` as of `date`, if it
/// advises a bridge for that very session.
fn advised_bridge(
    ctx: &Ctx,
    plan_ref: &PlanRef,
    plan: &Plan,
    address: Address,
    date: chrono::NaiveDate,
) -> Result<Option<Session>, Failure> {
    // Streamed, as `next` does: a long journal needs little memory.
    let scan = ctx.scan()?;
    let key = plan_ref.key();
    let ours = scan.entries().filter(|e| e.is_for(&key, &plan.name));
    let decision = coach::next_session_of(plan, ours, date);
    Ok(match decision.next {
        Some(a) if a == address => decision.bridge,
        _ => None,
    })
}

/// When the session started: `--at` on its day; else, logged for today, the
/// time it was logged; for another day, noon, which orders it sensibly
/// within that day. Never later than now (for `--today`, that day's end).
fn started_at(
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
    at: Option<NaiveTime>,
    ctx: &Ctx,
) -> Result<DateTime<FixedOffset>, Failure> {
    let now = ctx.clock.latest();
    let time = match at {
        Some(t) => t,
        None if date == today => return Ok(ctx.clock.now()),
        None => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
    };
    let started = Local
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.fixed_offset())
        .ok_or_else(|| Failure::bad_input(format!("--date {date}: no such local time")))?;
    if started > now {
        return Err(Failure::bad_input(format!(
            "--at {}: that is later than now; log a session once it is done",
            time.format("%H:%M")
        )));
    }
    Ok(started)
}
