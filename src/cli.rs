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
