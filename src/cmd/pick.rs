//! Which plan and which session: the plan a command names or the current
//! one, the session the coach picks from the journal, and the day to run it.

use walkrun::coach::safety::Body;
use walkrun::coach::when::{self, AsOf, When};
use walkrun::coach::{self, Decision};
use walkrun::history::PlanRef;
use walkrun::plan::programs;
use walkrun::rules::now::{DoneRun, Situation};
use walkrun::sys::safe_text;
use walkrun::words::count;
use walkrun::{Address, Plan};

use super::context::Ctx;
use super::{settings, Failure};

/// The program a new machine starts with: `run`, `next` and `log add` agree
/// on it, so a runner who pressed play before choosing a plan is followed.
pub const FIRST_PROGRAM: &str = "couch-to-5k";

/// The current plan, or why there is none to use.
fn current(ctx: &Ctx, none: &str) -> Result<(PlanRef, Plan), Failure> {
    match ctx.current()? {
        Some(c) => Ok((c.plan_ref.clone(), c.plan.clone()?)),
        None => Err(Failure::bad_input(none)),
    }
}

/// The plan a session belongs to: the one named, else the current one, else
/// the first program.
pub fn session_plan(ctx: &Ctx, arg: Option<&str>) -> Result<(PlanRef, Plan), Failure> {
    let plan_ref = match arg {
        Some(a) => PlanRef::resolve(a),
        None => match ctx.current()? {
            Some(c) => return Ok((c.plan_ref.clone(), c.plan.clone()?)),
            None => PlanRef::Builtin(FIRST_PROGRAM.to_string()),
        },
    };
    let plan = plan_ref.load()?;
    Ok((plan_ref, plan))
}

/// The plan named on the command line, else the current one; an error when
/// there is neither.
pub fn chosen_plan(ctx: &Ctx, arg: Option<&str>) -> Result<(PlanRef, Plan), Failure> {
    match arg {
        Some(a) => {
            let plan_ref = PlanRef::resolve(a);
            let plan = plan_ref.load()?;
            Ok((plan_ref, plan))
        }
        None => current(
            ctx,
            "no current plan: name one (a file or built-in id), or choose one with \
             `walkrun use PLAN`",
        ),
    }
}

/// For commands whose PLAN may be left out (`show`, `check`): the plan, and
/// the name its messages give it (the path as typed, `builtin:ID`, or the
/// current plan's path).
pub fn plan_arg(ctx: &Ctx, arg: Option<&str>) -> Result<(Plan, String), Failure> {
    if let Some(a) = arg {
        return Ok(programs::load_named(a)?);
    }
    let (plan_ref, plan) = current(
        ctx,
        "no current plan: name one (a file or built-in id), or choose one with \
         `walkrun use PLAN` (or `walkrun init`)",
    )?;
    Ok((plan, plan_ref.key()))
}

/// The coach's choice of the next session of `plan` as of `today`, said as
/// `walkrun next` says it (a rest first, else the decision, then any
/// advice); warnings about the journal are printed first.
pub fn coach_pick(
    ctx: &Ctx,
    plan_ref: &PlanRef,
    plan: &Plan,
    today: chrono::NaiveDate,
) -> Result<Decision, Failure> {
    let history = ctx.history()?;
    for w in &history.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    // Pain is heard from the whole journal, as `next` hears it.
    let body = Body::hear(&history.entries, &history.checks);
    let decision = coach::next_session_with(plan, entries, Some(&body), today);
    if let Some(r) = &decision.rest {
        outln!("Rest: {}", r.reason())?;
        outln!("{}", r.advice())?;
        return Ok(decision);
    }
    outln!("{decision}")?;
    if let Some(a) = decision.advice() {
        outln!("{a}")?;
    }
    Ok(decision)
}

/// A rest the runner is on as of `today` (pain, a doctor to see), said as
/// `walkrun next` says it, for a command that goes on with a session the
/// runner chose: the audio may be made, but the runner hears the rest.
pub fn say_rest(ctx: &Ctx, today: chrono::NaiveDate) -> Result<(), Failure> {
    let history = ctx.history()?;
    if let Some(r) = Body::hear(&history.entries, &history.checks).rest(today) {
        outln!("Rest: {}", r.reason())?;
        outln!("{}", r.advice())?;
    }
    Ok(())
}

/// When to run the coach's choice, judged against the plan's lifts (and the
/// profile's), the runs done and the profile's run days. A malformed profile
/// is bad input here as in every command that reads it: advice that
/// silently ignored the runner's lifts would be wrong advice.
pub fn day_to_run(
    ctx: &Ctx,
    plan: &Plan,
    decision: &Decision,
    runs: Vec<DoneRun>,
    as_of: AsOf,
) -> Result<Option<When>, Failure> {
    let Some(mut session) = decision.next.and_then(|a| plan.session(a)).cloned() else {
        return Ok(None);
    };
    if let Some(b) = &decision.bridge {
        session.steps = b.clone();
    }
    // The session's date in the plan as the coach re-flowed it.
    let planned = decision
        .next
        .and_then(|a| decision.schedule.date_of(plan, a));
    let (plan, days) = settings::with_profile(plan, ctx.profile()?);
    let situation = Situation::new(&plan, runs);
    Ok(Some(when::when(
        &situation,
        &session,
        as_of,
        days.as_deref(),
        planned,
    )))
}

/// The sessions `--session W3D2` or `--week N` name, in plan order; `None`
/// when neither is given. `render` and `export` choose sessions alike.
pub fn named_sessions(
    plan: &Plan,
    week: Option<usize>,
    session: Option<&str>,
) -> Result<Option<Vec<Address>>, Failure> {
    if let Some(text) = session {
        let addr = text
            .parse::<Address>()
            .map_err(|e| Failure::bad_input(format!("--session: {e}")))?;
        if plan.session(addr).is_none() {
            return Err(Failure::bad_input(format!(
                "--session {addr}: {} has no such session",
                safe_text::clean(&plan.name)
            )));
        }
        return Ok(Some(vec![addr]));
    }
    let Some(week) = week else {
        return Ok(None);
    };
    let found: Vec<Address> = plan
        .sessions()
        .map(|(a, _)| a)
        .filter(|a| a.week == week)
        .collect();
    if found.is_empty() {
        return Err(Failure::bad_input(format!(
            "--week {week}: {} has {}",
            safe_text::clean(&plan.name),
            count(plan.weeks.len(), "week")
        )));
    }
    Ok(Some(found))
}
