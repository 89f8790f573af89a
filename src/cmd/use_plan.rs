//! `walkrun use PLAN`, and the choice of plan that `log` and `next` share.

use chrono::{DateTime, FixedOffset, NaiveDate};
use walkrun::history::{self, PlanRef};
use walkrun::Plan;

use super::{CmdResult, Failure};
use crate::cli::UseArgs;

pub fn run(args: &UseArgs) -> CmdResult {
    let plan_ref = PlanRef::resolve(&args.plan);
    let plan = plan_ref.load()?;
    history::set_current_plan(&history::data_dir()?, &plan_ref)?;
    outln!(
        "Current plan: {} ({})",
        walkrun::sys::safe_text::clean(&plan.name),
        plan_ref.key()
    )?;
    Ok(0)
}

/// The program a new machine starts with: `run`, `next` and `log add` agree
/// on it, so a runner who pressed play before choosing a plan is followed.
pub const FIRST_PROGRAM: &str = "couch-to-5k";

/// The plan a session belongs to: the one named, else the current one, else
/// the first program.
pub fn session_plan(arg: Option<&str>) -> Result<(PlanRef, Plan), Failure> {
    let plan_ref = match arg {
        Some(a) => PlanRef::resolve(a),
        None => history::current_plan(&history::data_dir()?)?
            .unwrap_or_else(|| PlanRef::Builtin(FIRST_PROGRAM.to_string())),
    };
    let plan = plan_ref.load()?;
    Ok((plan_ref, plan))
}

/// The plan named on the command line, else the current one; an error when
/// there is neither.
pub fn chosen_plan(arg: Option<&str>) -> Result<(PlanRef, Plan), Failure> {
    let plan_ref = match arg {
        Some(a) => PlanRef::resolve(a),
        None => history::current_plan(&history::data_dir()?)?.ok_or_else(|| {
            Failure::bad_input(
                "no current plan: name one (a file or built-in id), or choose one with \
                 `walkrun use PLAN`",
            )
        })?,
    };
    let plan = plan_ref.load()?;
    Ok((plan_ref, plan))
}

/// The plan a command names, or the current one's name (a path or a built-in
/// id) for commands whose PLAN may be left out.
pub fn plan_arg(arg: Option<&str>) -> Result<String, Failure> {
    if let Some(a) = arg {
        return Ok(a.to_string());
    }
    match history::current_plan(&history::data_dir()?)? {
        Some(PlanRef::Builtin(id)) => Ok(id),
        Some(PlanRef::File(p)) => Ok(p.display().to_string()),
        None => Err(Failure::bad_input(
            "no current plan: name one (a file or built-in id), or choose one with \
             `walkrun use PLAN` (or `walkrun init`)",
        )),
    }
}

/// The environment variable that sets the clock, for tests and rehearsals:
/// a local time like `2026-12-08T09:30`, or one with an offset.
pub const NOW_VAR: &str = "WALKRUN_NOW";

/// The runner's clock: `--now` when given, else `$WALKRUN_NOW`, else the
/// system's. A malformed `$WALKRUN_NOW` is bad input, not a silent fallback.
pub fn now_or(flag: Option<DateTime<FixedOffset>>) -> Result<DateTime<FixedOffset>, Failure> {
    if let Some(t) = flag {
        return Ok(t);
    }
    match std::env::var(NOW_VAR) {
        Ok(text) if !text.trim().is_empty() => {
            crate::cli::parse_now(&text).map_err(|e| Failure::bad_input(format!("{NOW_VAR}: {e}")))
        }
        _ => Ok(chrono::Local::now().fixed_offset()),
    }
}

/// Now, on the runner's clock (see [`now_or`]).
pub fn now() -> Result<DateTime<FixedOffset>, Failure> {
    now_or(None)
}

/// Today, where the runner is: the default of every date flag.
pub fn today() -> NaiveDate {
    now().map_or_else(|_| chrono::Local::now().date_naive(), |t| t.date_naive())
}
