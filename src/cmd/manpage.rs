//! `walkrun manpage [--dir DIR]`: the manual page in roff, from the clap
//! definitions; with --dir, one page a command as well.

use std::path::Path;

use clap::CommandFactory;
use walkrun::sys::atomic_file;

use super::{CmdResult, Ctx, Failure};
use crate::cli::{Cli, ManpageArgs};

pub fn run(args: &ManpageArgs, _ctx: &mut Ctx) -> CmdResult {
    let cmd = Cli::command();
    let Some(dir) = &args.dir else {
        super::out::write_all(&render(&cmd)?)?;
        return Ok(0);
    };
    if !dir.is_dir() {
        return Err(Failure::bad_input(format!(
            "--dir {}: expected an existing folder",
            dir.display()
        )));
    }
    let mut written = vec![write_page(dir, "walkrun", &cmd)?];
    for sub in cmd.get_subcommands() {
        let name = format!("walkrun-{}", sub.get_name());
        // The page's own title and usage line carry the full command name.
        let sub = sub.clone().name(name.clone()).display_name(name.clone());
        written.push(write_page(dir, &name, &sub)?);
    }
    eprintln!(
        "walkrun: wrote {} to {}",
        walkrun::words::count(written.len(), "page"),
        dir.display()
    );
    Ok(0)
}

fn render(cmd: &clap::Command) -> Result<Vec<u8>, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(|e| Failure::runtime(format!("cannot render the manual page: {e}")))?;
    Ok(page)
}

fn write_page(dir: &Path, name: &str, cmd: &clap::Command) -> Result<String, Failure> {
    let path = dir.join(format!("{name}.1"));
    atomic_file::write(&path, &render(cmd)?)?;
    Ok(name.to_string())
}
