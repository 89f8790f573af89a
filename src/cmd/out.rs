//! Standard output, the one way every command writes to it.
//!
//! `println!` panics when stdout cannot be written (a full disk, `> /dev/full`,
//! a terminal gone), and a `let _ = writeln!` loses the output with exit 0.
//! Here a failed write becomes a [`Failure`] (exit 3, one line on stderr) and
//! is also remembered, so a command that must go on after a failed print (a
//! session still to record) leaves `main` to report it at the end. After the
//! first failure nothing more is tried: the output is already incomplete.
//!
//! A closed pipe never gets here while SIGPIPE has its default action (set
//! first thing in `main`): the process ends quietly, as `cat` does. Should
//! SIGPIPE be blocked by whoever started walkrun, the write fails with EPIPE
//! instead, and that stays quiet too.

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;

use super::{Failure, EXIT_RUNTIME};

/// The first write to stdout that failed, as the line `main` prints.
static FAILED: Mutex<Option<Failure>> = Mutex::new(None);

/// What a closed pipe exits with when SIGPIPE did not end the process: the
/// status a shell shows for a process SIGPIPE stopped (128 + 13).
const EXIT_CLOSED_PIPE: u8 = 141;

/// Write formatted text to stdout (line-buffered, as `print!`).
pub fn write_fmt(args: fmt::Arguments) -> Result<(), Failure> {
    if let Some(f) = failure() {
        return Err(f);
    }
    io::stdout().lock().write_fmt(args).map_err(failed)
}

/// Write a line to stdout; `outln!` calls this.
pub fn write_line(args: fmt::Arguments) -> Result<(), Failure> {
    write_fmt(format_args!("{args}\n"))
}

/// Write bytes to stdout as they are (a man page, a calendar).
pub fn write_all(bytes: &[u8]) -> Result<(), Failure> {
    if let Some(f) = failure() {
        return Err(f);
    }
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(failed)
}

/// Push out what stdout still buffers: the last step of every command, so a
/// write that fails only here is reported too.
pub fn flush() -> Result<(), Failure> {
    if let Some(f) = failure() {
        return Err(f);
    }
    io::stdout().flush().map_err(failed)
}

/// The failure a write to stdout met, remembered for `main`. Callers that
/// write through their own buffer (`log` streams the journal through a
/// `BufWriter`) pass their errors here.
pub fn failed(e: io::Error) -> Failure {
    let f = if e.kind() == io::ErrorKind::BrokenPipe {
        Failure {
            code: EXIT_CLOSED_PIPE,
            message: String::new(),
        }
    } else {
        Failure {
            code: EXIT_RUNTIME,
            message: format!("cannot write to standard output: {e}"),
        }
    };
    let mut first = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    first.get_or_insert(f).clone()
}

/// The failure stdout met, if any.
pub fn failure() -> Option<Failure> {
    FAILED.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Stdout as an [`io::Write`] for code that takes a writer (the session's
/// line display, clap's help): failures are remembered as any other.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if failure().is_some() {
            return Err(io::Error::other("standard output failed before"));
        }
        io::stdout().lock().write(buf).inspect_err(|e| {
            failed(io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if failure().is_some() {
            return Err(io::Error::other("standard output failed before"));
        }
        io::stdout().flush().inspect_err(|e| {
            failed(io::Error::new(e.kind(), e.to_string()));
        })
    }
}
