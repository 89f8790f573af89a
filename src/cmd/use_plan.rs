//! `walkrun use PLAN`, and the choice of plan that `log` and `next` share.

use chrono::NaiveDate;
use walkrun::history::{self, PlanRef};
use walkrun::Plan;

use super::{CmdResult, Failure};
use crate::cli::UseArgs;

pub fn run(args: &UseArgs) -> CmdResult {
    let plan_ref = PlanRef::resolve(&args.plan);
    let plan = plan_ref.load()?;
    history::set_current_plan(&history::data_dir()?, &plan_ref)?;
    println!(
        "Current plan: {} ({})",
        walkrun::safe_text::clean(&plan.name),
        plan_ref.key()
    );
    Ok(0)
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

/// Today, where the runner is: the default of every date flag.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
