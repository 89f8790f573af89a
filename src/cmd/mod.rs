//! One file a command: each turns parsed flags into library calls and prints the
//! result. Errors come back as a [`Failure`] that `main` turns into an exit code.
//!
//! Every command is `run(&Args, &mut Ctx)`. No command uses another's
//! module: what several share lives here, in [`context`] (the clock and
//! what is read from disk, each once), [`settings`] (flag, else profile,
//! else default), [`pick`] (which plan, which session) and [`out`] (stdout).

/// `println!` that returns `Result<(), Failure>` instead of panicking when
/// stdout cannot be written (see [`out`]). Defined before the modules so
/// every command sees it.
macro_rules! outln {
    () => {
        $crate::cmd::out::write_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cmd::out::write_line(format_args!($($arg)*))
    };
}

/// `print!` that returns `Result<(), Failure>`, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cmd::out::write_fmt(format_args!($($arg)*))
    };
}

pub mod check;
pub mod completions;
pub mod config;
pub mod context;
pub mod explain;
pub mod export;
pub mod init;
pub mod log;
pub mod manpage;
pub mod next;
pub mod out;
pub mod pick;
pub mod plan;
pub mod programs;
pub mod render;
pub mod run;
pub mod settings;
pub mod show;
pub mod use_plan;
pub mod voice;

use std::fmt;
use std::path::Path;

use walkrun::history::PlanRef;
use walkrun::planning::request::{BuildError, Built, PlanRequest};
use walkrun::rules::Severity;
use walkrun::words::count;
use walkrun::PlanError;

pub use context::Ctx;

use crate::cli::OutputFormat;

/// Exit codes, as the README documents them.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_RUNTIME: u8 = 3;

/// A command that could not do its job: a one-line message and an exit code.
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn bad_input(message: impl fmt::Display) -> Failure {
        Failure {
            code: EXIT_BAD_INPUT,
            message: message.to_string(),
        }
    }

    pub fn runtime(message: impl fmt::Display) -> Failure {
        Failure {
            code: EXIT_RUNTIME,
            message: message.to_string(),
        }
    }
}

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Failure {
        match e {
            // A file that cannot be read is the user's input too: wrong path.
            PlanError::Invalid { .. } | PlanError::Whole { .. } | PlanError::Read { .. } => {
                Failure::bad_input(e)
            }
        }
    }
}

impl From<walkrun::plan::WriteError> for Failure {
    fn from(e: walkrun::plan::WriteError) -> Failure {
        match e {
            walkrun::plan::WriteError::Year(..) | walkrun::plan::WriteError::Length(_) => {
                Failure::bad_input(e)
            }
            walkrun::plan::WriteError::Internal(_) => Failure::runtime(e),
        }
    }
}

impl From<walkrun::sys::atomic_file::WriteError> for Failure {
    fn from(e: walkrun::sys::atomic_file::WriteError) -> Failure {
        use walkrun::sys::atomic_file::WriteError;
        match e {
            // Exit as a process stopped by the signal would.
            WriteError::Interrupted { signal, .. } => Failure {
                code: signal.exit_code(),
                message: e.to_string(),
            },
            e if e.is_bad_input() => Failure::bad_input(e),
            e => Failure::runtime(e),
        }
    }
}

impl From<walkrun::history::HistoryError> for Failure {
    fn from(e: walkrun::history::HistoryError) -> Failure {
        // The journal and the current-plan file are walkrun's own files, not
        // what the runner typed: trouble with them is a runtime failure.
        Failure::runtime(e)
    }
}

impl From<BuildError> for Failure {
    /// The planner's message, naming what to change as the flag to type.
    fn from(e: BuildError) -> Failure {
        match e {
            BuildError::Program(e) => e.into(),
            e if e.is_input() => Failure::bad_input(e.say(&settings::flag)),
            e => Failure::runtime(e.say(&settings::flag)),
        }
    }
}

pub type CmdResult = Result<u8, Failure>;

/// Where `plan` and `init` put a plan they made.
pub struct PlanOutput<'a> {
    /// The file to write, else stdout.
    pub path: Option<&'a Path>,
    /// What stdout gets: the plan file, or the JSON `show` prints.
    pub format: OutputFormat,
    /// Make the file written the current plan.
    pub make_current: bool,
}

/// Write a plan `plan` or `init` made, headed by the `walkrun plan` command
/// that would make it again, and make it current when asked; what the
/// planner decided on its own goes to stderr first.
pub fn write_plan(ctx: &mut Ctx, req: &PlanRequest, built: &Built, to: PlanOutput) -> CmdResult {
    let Built {
        plan,
        generated,
        report,
        said,
        ..
    } = built;
    let start = req.week.start;
    let text = format!(
        "{}{}",
        plan_header(&settings::remake(req), start, plan.race),
        plan.to_toml()?
    );
    for line in said
        .iter()
        .map(|s| s.say(&settings::flag))
        .chain(settings::chosen_times(plan, &req.week))
    {
        eprintln!("walkrun: {line}");
    }
    match to.path {
        Some(path) => {
            walkrun::sys::atomic_file::write(path, text.as_bytes())?;
            eprintln!(
                "walkrun: wrote {} ({}, {}, from {})",
                path.display(),
                count(plan.weeks.len(), "week"),
                count(plan.session_count(), "session"),
                start.format("%a %-d %b %Y")
            );
            if to.make_current {
                ctx.set_current(&PlanRef::resolve(&path.display().to_string()))?;
                eprintln!("walkrun: {} is now your current plan", path.display());
            }
        }
        None if to.format == OutputFormat::Json => {
            print_json(&walkrun::export::json::plan_doc(plan, None))?
        }
        None => out!("{text}")?,
    }
    if !generated && report.worst().is_some_and(|w| w >= Severity::Warning) {
        // The program's own warnings apart from those its days bring.
        let own = built.own_warnings;
        let placed = report.count(Severity::Warning).saturating_sub(own);
        let mut parts = Vec::new();
        if own > 0 {
            parts.push(format!(
                "the program itself has {}; repeat a week when one feels too hard",
                count(own, "warning")
            ));
        }
        if placed > 0 {
            parts.push(format!(
                "placed on your days it has {placed} more {}, from where your runs fall",
                if placed == 1 { "warning" } else { "warnings" }
            ));
        }
        eprintln!("walkrun: note: {} (see `walkrun check`)", parts.join("; "));
    }
    Ok(0)
}

/// The header comment that says how the plan was made (`command` is made
/// safe for a comment by [`settings::remake`]).
fn plan_header(command: &str, start: chrono::NaiveDate, race: Option<chrono::NaiveDate>) -> String {
    let race = race
        .map(|r| format!(" The race is on {}.", r.format("%a %-d %b %Y")))
        .unwrap_or_default();
    format!(
        "# Made with: {command}\n# Week 1 starts {}.{race} Edit freely; `walkrun check` this file after.\n\n",
        start.format("%a %-d %b %Y")
    )
}

/// How charts may draw on stdout: as wide as the terminal (or `$COLUMNS`,
/// else 80; at most [`walkrun::chart::MAX_WIDTH`] whatever they say), in
/// colour only on a terminal and never with `NO_COLOR` set
/// (`CLICOLOR_FORCE=1` forces colour into a pipe).
pub fn chart_style() -> walkrun::chart::Style {
    use std::io::IsTerminal;
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0");
    let tty = std::io::stdout().is_terminal();
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| columns(c.trim()))
        .filter(|&c| c > 0);
    let width = columns
        .or_else(|| {
            tty.then(|| {
                crossterm::terminal::size()
                    .ok()
                    .map(|(w, _)| usize::from(w))
            })
            .flatten()
        })
        .unwrap_or(80)
        .min(walkrun::chart::MAX_WIDTH);
    walkrun::chart::Style {
        width,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && (tty || set("CLICOLOR_FORCE")),
    }
}

/// `$COLUMNS` as a width: a number too large for a `usize` is as wide as a
/// chart goes, not a reason to ignore the variable.
fn columns(text: &str) -> Option<usize> {
    match text.parse::<usize>() {
        Ok(c) => Some(c),
        Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(walkrun::chart::MAX_WIDTH)
        }
        Err(_) => None,
    }
}

/// Print JSON to stdout; serialising our own types cannot fail, writing
/// them can.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    match serde_json::to_string_pretty(value) {
        Ok(s) => outln!("{s}"),
        Err(e) => Err(Failure::runtime(format!(
            "internal error writing JSON: {e}"
        ))),
    }
}
