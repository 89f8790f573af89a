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
    /// Render one session's audio cues to a WAV file, to play on a phone
    Render(RenderArgs),
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
#[command(group(clap::ArgGroup::new("source").required(true).args(["steps", "session"])))]
pub struct RenderArgs {
    /// A plan file or built-in program to take --session from
    #[arg(requires = "session")]
    pub plan: Option<String>,
    /// The session in PLAN to render, as W3D2 (week 3, its second session)
    #[arg(long, value_name = "W3D2", requires = "plan")]
    pub session: Option<String>,
    /// The session as steps text instead of a plan, e.g. "warmup 5m, 8x(run 60s, walk 90s)"
    #[arg(long, value_name = "STEPS", conflicts_with_all = ["plan", "session"])]
    pub steps: Option<String>,
    /// The WAV file to write (replaced whole, never left half-written)
    #[arg(short, long, value_name = "FILE.wav")]
    pub output: std::path::PathBuf,
    /// A folder of your own cue recordings (run.wav, walk.wav, ...) to use instead of the built-in voice
    #[arg(long, value_name = "DIR")]
    pub voice: Option<std::path::PathBuf>,
    /// Sample rate in Hz
    #[arg(long, value_name = "HZ", default_value_t = 44_100)]
    pub rate: u32,
    /// 1 (mono) or 2 (stereo)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub channels: u16,
    /// Also print every cue with its time
    #[arg(short, long)]
    pub verbose: bool,
}
