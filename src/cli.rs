//! The command line: clap definitions only. Turning these into library types and
//! running them happens in `cmd/`.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use walkrun::plan::{Lift, Priority};

#[derive(Debug, Parser)]
#[command(
    name = "walkrun",
    version,
    about = "Walk-run interval coaching for people who lift",
    long_about = "Walk-run interval coaching for people who lift: progressive programs placed \
                  around your strength days, a checker for any plan, and audio-guided sessions."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in programs
    Programs,
    /// Print a plan or program week by week
    Show(ShowArgs),
    /// Check a plan against your lift days and the coaching rules
    Check(CheckArgs),
    /// Explain a rule: what it checks, why, and how to change it
    Explain(ExplainArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A plan file, or the id of a built-in program (see `walkrun programs`)
    pub plan: String,
    /// Show only this week
    #[arg(long, value_name = "N")]
    pub week: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Fail (exit 1) on warnings as well as errors
    Warnings,
    /// Fail on anything, notes included
    Notes,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plan file, or the id of a built-in program
    pub plan: String,
    /// A weekly lift, added to the plan's own: DAY@HH:MM[+MINUTESm][:legs],
    /// e.g. mon@07:00+60m:legs (repeat the flag for each lift)
    #[arg(long = "lift", value_name = "LIFT", value_parser = parse_lift)]
    pub lifts: Vec<Lift>,
    /// What comes first when both fall on one day
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
    /// The first day of week 1 (YYYY-MM-DD), replacing the plan's
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 on findings at this level too, not only on errors
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. same-day-gap; without one, every rule is listed
    pub rule: Option<String>,
}

pub fn parse_lift(s: &str) -> Result<Lift, String> {
    s.parse()
}

pub fn parse_priority(s: &str) -> Result<Priority, String> {
    s.parse()
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, e.g. 2026-12-07, found '{s}'"))
}
