use serde_json::json;
use walkrun::rules::{catalog, RuleId};

use super::{print_json, CmdResult, Ctx, Failure};
use crate::cli::{ExplainArgs, OutputFormat};

pub fn run(args: &ExplainArgs, _ctx: &mut Ctx) -> CmdResult {
    let Some(id) = &args.rule else {
        if args.format == OutputFormat::Json {
            let rules: Vec<_> = catalog::ENTRIES.iter().map(rule_doc).collect();
            print_json(&json!({ "rules": rules }))?;
            return Ok(0);
        }
        outln!("The rules walkrun checks (walkrun explain RULE for one):\n")?;
        for e in catalog::ENTRIES {
            outln!("  {:<18} {:<16} {}", e.rule.as_str(), levels(e), e.summary)?;
        }
        return Ok(0);
    };
    let rule: RuleId = id.parse().map_err(Failure::bad_input)?;
    let e = catalog::entry(rule);
    if args.format == OutputFormat::Json {
        print_json(&rule_doc(e))?;
        return Ok(0);
    }
    outln!("{} ({})", rule, levels(e))?;
    outln!("{}\n", e.summary)?;
    outln!("What it checks:\n  {}\n", e.checks)?;
    outln!("Why:\n  {}\n", e.why)?;
    if let Some(table) = catalog::table(rule) {
        outln!("The race week coaches write (docs/coaching.md, \"Race week\"):")?;
        for line in table.lines() {
            outln!("  {line}")?;
        }
        outln!()?;
    }
    let params = catalog::defaults(rule);
    outln!("Change it in the plan's [rules] table:")?;
    for (key, value, unit, help) in params {
        outln!("  {key} = {value}    # {unit}: {help}")?;
    }
    outln!("  {rule} = false    # switch the rule off")?;
    Ok(0)
}

/// A rule as `explain --format json` prints it.
fn rule_doc(e: &catalog::Entry) -> serde_json::Value {
    json!({
        "rule": e.rule.as_str(),
        "levels": e.levels,
        "summary": e.summary,
        "checks": e.checks,
        "why": e.why,
        "table": catalog::table(e.rule),
        "settings": catalog::defaults(e.rule)
            .into_iter()
            .map(|(key, default, unit, help)| json!({
                "key": key, "default": default, "unit": unit, "help": help,
            }))
            .collect::<Vec<_>>(),
    })
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
