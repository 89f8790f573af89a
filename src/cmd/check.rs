use std::io::IsTerminal;

use crossterm::style::Stylize;
use walkrun::export::json::check_doc;
use walkrun::rules::{self, Report, Settings, Severity};
use walkrun::sys::safe_text::clean;
use walkrun::words::count;

use super::pick::plan_arg;
use super::settings::{self, over_plan};
use super::{print_json, CmdResult, Ctx, EXIT_FINDINGS};
use crate::cli::{CheckArgs, Deny, OutputFormat};

pub fn run(args: &CheckArgs, ctx: &mut Ctx) -> CmdResult {
    let (mut plan, shown) = plan_arg(ctx, args.plan.as_deref())?;
    let you = ctx.profile()?;
    let extra = settings::extra_lifts(&plan, &args.lifts, you);
    plan.lifts.extend(extra);
    // The flags override the plan's own priority and age; the profile only
    // fills in for a plan that says nothing.
    plan.priority = over_plan(args.priority, plan.priority, settings::priority(None, you));
    plan.age = over_plan(args.age, plan.age, settings::age(None, you));
    if let Some(start) = args.start {
        plan.start = Some(ctx.clock.date(start)?);
    }
    if let Some(race) = args.race_date {
        plan.race = Some(ctx.clock.date(race)?);
    }
    let settings = Settings::from_plan(&plan, &shown)?;
    let report = rules::check(&plan, &settings);
    match args.format {
        OutputFormat::Json => print_json(&check_doc(&report))?,
        OutputFormat::Text => out!(
            "{}",
            render_text(&shown, &clean(&plan.name), &report, colour_wanted())
        )?,
    }
    let fail_at = match args.deny {
        None => Severity::Error,
        Some(Deny::Warnings) => Severity::Warning,
        Some(Deny::Notes) => Severity::Note,
    };
    Ok(if report.worst().is_some_and(|w| w >= fail_at) {
        EXIT_FINDINGS
    } else {
        0
    })
}

/// Colour only for a person at a terminal who has not asked for none
/// (https://no-color.org).
fn colour_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The report as a person reads it, as linters print: one line a finding,
/// `plan.toml:23: error[rule]: message`, a kind that comes often in one line
/// naming every session, then a summary.
pub fn render_text(path: &str, name: &str, report: &Report, colour: bool) -> String {
    let mut out = String::new();
    for g in report.groups() {
        let level = g.severity.to_string();
        let level = match (colour, g.severity) {
            (false, _) => level,
            (true, Severity::Error) => level.red().bold().to_string(),
            (true, Severity::Warning) => level.yellow().bold().to_string(),
            (true, Severity::Note) => level.cyan().to_string(),
        };
        let at = match g.line() {
            Some(line) => format!("{path}:{line}"),
            None => path.to_string(),
        };
        out.push_str(&format!("{at}: {}\n", g.said_as(&level)));
    }
    if !report.skipped.is_empty() {
        let ids: Vec<&str> = report.skipped.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!(
            "Skipped {}: the sessions have no days yet (place them with `walkrun plan --program`, or give each session a day).\n",
            ids.join(", ")
        ));
    }
    out.push_str(&format!(
        "{name}: {} in {}\n",
        report.tally(),
        count(report.sessions, "session")
    ));
    out
}
