//! `walkrun use PLAN`: make a plan the current one.

use walkrun::history::PlanRef;

use super::{CmdResult, Ctx};
use crate::cli::UseArgs;

pub fn run(args: &UseArgs, ctx: &mut Ctx) -> CmdResult {
    let plan_ref = PlanRef::resolve(&args.plan);
    let plan = plan_ref.load()?;
    ctx.set_current(&plan_ref)?;
    outln!(
        "Current plan: {} ({})",
        walkrun::sys::safe_text::clean(&plan.name),
        plan_ref.key()
    )?;
    Ok(0)
}
