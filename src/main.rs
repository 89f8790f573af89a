//! The `walkrun` binary: parse the command line, run the command, map its
//! outcome to an exit code (0 ok, 1 findings, 2 bad input, 3 runtime failure).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;
use walkrun::sys::safe_text::{clean, shorten_quotes};

use cli::{Cli, Command};

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, which turns `walkrun show | head` into a panic on
    // the next print; a command-line tool should simply stop, as cat does.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A write past the file-size limit (ulimit -f) would kill walkrun with
    // SIGXFSZ, leaving its temporary file; ignored, the write fails with
    // EFBIG and walkrun says so and tidies up.
    #[cfg(unix)]
    // SAFETY: as above.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with success. A usage error is
            // bad input: one line, like every other error, and exit code 2.
            if !e.use_stderr() {
                // Help that cannot be written is a failure like any output.
                return match e
                    .print()
                    .map_err(cmd::out::failed)
                    .and_then(|()| cmd::out::flush())
                {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(f) => fail(&f),
                };
            }
            eprintln!("walkrun: {}", one_line(&e.render().to_string()));
            return ExitCode::from(cmd::EXIT_BAD_INPUT);
        }
    };
    // Built once, for whichever command runs: the clock is set now (a bad
    // WALKRUN_NOW stops every command alike), the rest is read on first use.
    let mut ctx = match cmd::Ctx::new(cli.command.clock()) {
        Ok(ctx) => ctx,
        Err(f) => return fail(&f),
    };
    let ctx = &mut ctx;
    let result = match cli.command {
        Command::Programs(args) => cmd::programs::run(&args, ctx),
        Command::Show(args) => cmd::show::run(&args, ctx),
        Command::Plan(args) => cmd::plan::run(&args, ctx),
        Command::Check(args) => cmd::check::run(&args, ctx),
        Command::Explain(args) => cmd::explain::run(&args, ctx),
        Command::Log(args) => cmd::log::run(&args, ctx),
        Command::Use(args) => cmd::use_plan::run(&args, ctx),
        Command::Next(args) => cmd::next::run(&args, ctx),
        Command::Render(args) => cmd::render::run(&args, ctx),
        Command::Run(args) => cmd::run::run(&args, ctx),
        Command::Init(args) => cmd::init::run(&args, ctx),
        Command::Export(args) => cmd::export::run(&args, ctx),
        Command::Config(args) => cmd::config::run(&args, ctx),
        Command::Completions(args) => cmd::completions::run(&args, ctx),
        Command::Manpage(args) => cmd::manpage::run(&args, ctx),
        Command::Voice(args) => cmd::voice::run(&args, ctx),
    };
    // What stdout still buffers goes out now, so a write that fails only
    // here is reported too; so is a failed print a command went on past
    // (a session recorded after its summary could not be shown).
    let result = match (result, cmd::out::flush()) {
        // A command stopped by a signal keeps its exit code.
        (Ok(code), Err(f)) if code < 128 => Err(f),
        (result, _) => result,
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => fail(&f),
    }
}

/// One line on stderr (none for a closed pipe) and the failure's exit code.
fn fail(f: &cmd::Failure) -> ExitCode {
    if !f.message.is_empty() {
        // The last guard at the edge: whatever a message carries from a
        // file or a flag, it reaches the terminal on one line and inert.
        eprintln!("walkrun: {}", clean(&f.message));
    }
    ExitCode::from(f.code)
}

/// clap's error as one line: its message and any argument list under it,
/// without the usage block and the pointer to --help. clap quotes what was
/// typed in full; each quoted piece is cut to what messages quote.
fn one_line(rendered: &str) -> String {
    let line = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join(" ");
    shorten_quotes(&line, '\'')
}
