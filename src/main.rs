//! The `walkrun` binary: parse the command line, run the command, map its
//! outcome to an exit code (0 ok, 1 findings, 2 bad input, 3 runtime failure).

mod cli;
mod cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, which turns `walkrun show | head` into a panic on
    // the next print; a command-line tool should simply stop, as cat does.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success; usage errors
            // get the documented bad-input code instead of clap's own.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                cmd::EXIT_BAD_INPUT
            } else {
                0
            });
        }
    };
    let result = match cli.command {
        Command::Programs => cmd::programs::run(),
        Command::Show(args) => cmd::show::run(&args),
        Command::Plan(args) => cmd::plan::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Log(args) => cmd::log::run(&args),
        Command::Use(args) => cmd::use_plan::run(&args),
        Command::Next(args) => cmd::next::run(&args),
        Command::Render(args) => cmd::render::run(&args),
        Command::Run(args) => cmd::run::run(&args),
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("walkrun: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
