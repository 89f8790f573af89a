use walkrun::rules::{catalog, RuleId};

use super::{CmdResult, Failure};
use crate::cli::ExplainArgs;

pub fn run(args: &ExplainArgs) -> CmdResult {
    let Some(id) = &args.rule else {
        println!("The rules walkrun checks (walkrun explain RULE for one):\n");
        for e in catalog::ENTRIES {
            println!("  {:<18} {:<16} {}", e.rule.as_str(), levels(e), e.summary);
        }
        return Ok(0);
    };
    let rule: RuleId = id.parse().map_err(Failure::bad_input)?;
    let e = catalog::entry(rule);
    println!("{} ({})", rule, levels(e));
    println!("{}\n", e.summary);
    println!("What it checks:\n  {}\n", e.checks);
    println!("Why:\n  {}\n", e.why);
    let params = catalog::defaults(rule);
    println!("Change it in the plan's [rules] table:");
    for (key, value, unit, help) in params {
        println!("  {key} = {value}    # {unit}: {help}");
    }
    println!("  {rule} = false    # switch the rule off");
    Ok(0)
}

fn levels(e: &catalog::Entry) -> String {
    if e.levels.is_empty() {
        return "exemption".into();
    }
    e.levels
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(" / ")
}
