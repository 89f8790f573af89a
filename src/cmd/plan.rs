//! `walkrun plan`: a plan to a goal, or a program placed, around the
//! runner's lifts; or `--reschedule`, a placed plan moved forward after
//! missed sessions.

use walkrun::coach;
use walkrun::history::PlanRef;
use walkrun::plan::{self, Plan};
use walkrun::planning::placing;
use walkrun::planning::request;
use walkrun::rules::{self, Settings, Severity};
use walkrun::sys::{atomic_file, safe_text};
use walkrun::words::count;

use super::settings::{self, HORIZON_WEEKS};
use super::{CmdResult, Ctx, Failure, PlanOutput};
use crate::cli::PlanArgs;

pub fn run(args: &PlanArgs, ctx: &mut Ctx) -> CmdResult {
    if let Some(name) = &args.reschedule {
        return reschedule(args, name, ctx);
    }
    let req = settings::plan_request(&args.goal, args.pace, args.program.as_deref(), ctx)?;
    let built = request::build(&req)?;
    super::write_plan(
        ctx,
        &req,
        &built,
        PlanOutput {
            path: args.output.as_deref(),
            format: args.format,
            make_current: args.use_it,
        },
    )
}

/// `--reschedule PLAN`: the coach's next session moves to today or later.
/// The file is edited, not rewritten: only `start` changes, and the runner's
/// comments and layout stay.
fn reschedule(args: &PlanArgs, name: &str, ctx: &mut Ctx) -> CmdResult {
    let g = &args.goal;
    if g.goal.is_some() || g.race_date.is_some() || g.run_walk {
        return remake_from_here(args, name, ctx);
    }
    let today = ctx.clock.today();
    let plan_ref = PlanRef::resolve(name);
    let PlanRef::File(path) = &plan_ref else {
        return Err(Failure::bad_input(format!(
            "--reschedule {name}: a built-in program has no dates; place it first with `walkrun plan --program {name} -o plan.toml`"
        )));
    };
    let shown = path.display().to_string();
    let text = plan::read_text(path)?;
    let plan = Plan::from_toml(&text, &shown)?;
    let plan_name = safe_text::clean(&plan.name);
    if plan.start.is_none() {
        return Err(Failure::bad_input(format!(
            "--reschedule {shown}: the plan has no start date to move; place it with `walkrun plan --program {shown} -o plan.toml`"
        )));
    }
    let history = ctx.history()?;
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session(&plan, &entries, today);
    let Some(next) = decision.next else {
        outln!("{plan_name}: complete, nothing to move")?;
        return Ok(0);
    };
    let moved = placing::reschedule(&plan, next, today).ok_or_else(|| {
        Failure::bad_input(format!("--reschedule {shown}: {next} has no day to keep"))
    })?;
    // A move years ahead is a typo, and the dates written must stay ones the
    // file can hold and read back. A plan that already starts that far ahead
    // is not moved at all: it is on schedule.
    if let Some(moved_start) = moved.start.filter(|s| Some(*s) != plan.start) {
        let ahead = (moved_start - ctx.world_today).num_days();
        if ahead > HORIZON_WEEKS * 7 {
            return Err(Failure::bad_input(format!(
                "--reschedule {shown}: moving {next} to {today} would start week 1 on {moved_start}, {} weeks from today: expected a date within {HORIZON_WEEKS} weeks",
                ahead / 7
            )));
        }
    }
    // Weeks move whole and keep their days and times, so the rules find what
    // they found before: a plan that already broke one is still moved (and
    // told so), and only a finding the move itself brings stops it.
    let settings = Settings::from_plan(&plan, &shown)?;
    let before = rules::check(&plan, &settings);
    let after = rules::check(&moved, &settings);
    let known = |f: &rules::Finding| {
        before
            .findings
            .iter()
            .any(|b| b.rule == f.rule && b.severity == f.severity && b.address == f.address)
    };
    if let Some(f) = after
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error && !known(f))
    {
        return Err(Failure::bad_input(format!(
            "--reschedule {shown}: moving {next} to {today} or later would break {f}; the plan is left as it was"
        )));
    }
    let moved_start = moved.start.unwrap_or(today);
    let target = args.output.clone().unwrap_or_else(|| path.clone());
    let on_schedule = plan.start == moved.start;
    if !on_schedule || args.output.is_some() {
        let edited = plan::move_start(&text, &shown, moved_start)?;
        let note = format!(
            "# Rescheduled by walkrun on {today}: {next} moved to {}.\n",
            moved
                .session_date(next)
                .map_or_else(String::new, |d| d.format("%a %-d %b %Y").to_string()),
        );
        // One such line at the top, the latest: the runner's own comments
        // below it stay as they are.
        let body = match edited.split_once('\n') {
            Some((first, rest)) if first.starts_with("# Rescheduled by walkrun on ") => rest,
            _ => edited.as_str(),
        };
        let out = if on_schedule {
            edited.clone()
        } else {
            format!("{note}{body}")
        };
        // toml_edit writes bare newlines; a file kept with Windows line
        // endings keeps them.
        let out = if text.contains("\r\n") {
            out.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            out
        };
        atomic_file::write(&target, out.as_bytes())?;
    }
    if on_schedule {
        outln!("{plan_name}: on schedule, nothing to move")?;
    } else {
        outln!(
            "{plan_name}: {next} is now on {}; week 1 now starts {moved_start} (written to {})",
            moved
                .session_date(next)
                .map_or_else(String::new, |d| d.format("%a %-d %b").to_string()),
            target.display()
        )?;
    }
    let (errors, warnings) = (
        before.count(Severity::Error),
        before.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        eprintln!(
            "walkrun: note: the plan already breaks rules ({}, {}), moved or not; see `walkrun check {}`",
            count(errors, "error"),
            count(warnings, "warning"),
            target.display()
        );
    }
    Ok(0)
}

/// `--reschedule PLAN` with `--goal`, `--race-date` or `--run-walk`: when
/// the race no longer fits, a new plan from where the runner is (the
/// longest run of the coach's next session, from today), to the goal, race and way
/// asked for (else the plan's), on the plan's lifts and days. It goes to a
/// file of its own (-o), and the coach starts it from its first session.
fn remake_from_here(args: &PlanArgs, name: &str, ctx: &mut Ctx) -> CmdResult {
    let plan_ref = PlanRef::resolve(name);
    let PlanRef::File(path) = &plan_ref else {
        return Err(Failure::bad_input(format!(
            "--reschedule {name}: a built-in program has no race to move; make a plan with `walkrun plan --goal`"
        )));
    };
    let shown = path.display().to_string();
    let Some(output) = args.output.as_deref().filter(|o| *o != path.as_path()) else {
        return Err(Failure::bad_input(format!(
            "--reschedule {shown}: a new plan from here needs a file of its own, -o FILE: the journal keeps this plan's sessions under {shown}"
        )));
    };
    let plan = Plan::from_toml(&plan::read_text(path)?, &shown)?;
    let history = ctx.history()?;
    let body = walkrun::coach::safety::Body::hear(&history.entries, &history.checks);
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session_with(&plan, entries, Some(&body), ctx.clock.today());
    let req = settings::from_here(&args.goal, args.pace, &plan, &decision, ctx)?;
    let built = request::build(&req)?;
    super::write_plan(
        ctx,
        &req,
        &built,
        PlanOutput {
            path: Some(output),
            format: args.format,
            make_current: args.use_it,
        },
    )
}
