//! One file a command: each turns parsed flags into library calls and prints the
//! result. Errors come back as a [`Failure`] that `main` turns into an exit code.

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
pub mod explain;
pub mod export;
pub mod init;
pub mod log;
pub mod manpage;
pub mod next;
pub mod out;
pub mod plan;
pub mod profile;
pub mod programs;
pub mod render;
pub mod run;
pub mod show;
pub mod use_plan;
pub mod voice;

use std::fmt;

use walkrun::PlanError;

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

pub type CmdResult = Result<u8, Failure>;

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
