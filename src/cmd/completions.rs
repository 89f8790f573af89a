//! `walkrun completions SHELL`: the completion script, made from the same clap
//! definitions that parse the command line, so it never drifts from them.

use clap::CommandFactory;

use super::CmdResult;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> CmdResult {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "walkrun", &mut std::io::stdout());
    Ok(0)
}
