//! `walkrun completions SHELL`: the completion script, made from the same clap
//! definitions that parse the command line, so it never drifts from them.

use clap::CommandFactory;

use super::{CmdResult, Ctx};
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, _ctx: &mut Ctx) -> CmdResult {
    let mut cmd = Cli::command();
    // clap_complete panics when its writer fails: it writes to memory, and
    // the script goes out the way every other output does.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "walkrun", &mut script);
    super::out::write_all(&script)?;
    Ok(0)
}
