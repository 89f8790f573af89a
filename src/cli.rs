//! The command line: clap definitions only. Turning these into library types and
//! running them happens in `cmd/`.

use clap::{Parser, Subcommand, ValueEnum};

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
    /// The journal: sessions done, how they felt, and how the plan is kept
    Log(LogArgs),
    /// Make a plan the current one (remembered in the data folder)
    Use(UseArgs),
    /// Decide the next session from the plan and the journal, and say why
    Next(NextArgs),
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

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogAction>,
    /// Only this plan's sessions, with its adherence (default: all sessions,
    /// with the current plan's adherence)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Count adherence as of this date instead of today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Record a session done away from the laptop
    Add(LogAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct LogAddArgs {
    /// The session's address, such as W3D2
    pub address: String,
    /// How hard it felt, from 1 (easy) to 10 (all out)
    #[arg(long, value_name = "1-10")]
    pub effort: Option<String>,
    /// The day it was done (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A free note
    #[arg(long)]
    pub note: Option<String>,
    /// The plan (default: the current plan, see `walkrun use`)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// done, partial (ended early) or abandoned
    #[arg(long, default_value = "done")]
    pub outcome: String,
    /// Time spent before stopping, for a partial or abandoned session (12m, 12:30)
    #[arg(long, value_name = "DURATION")]
    pub time: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct UseArgs {
    /// A plan file, or the id of a built-in program
    pub plan: String,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// A plan file or built-in id (default: the current plan)
    pub plan: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Decide as of this date instead of today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}
