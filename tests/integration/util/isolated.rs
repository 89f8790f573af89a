//! The one way the tests start walkrun: `walkrun()`, with every variable that
//! walkrun reads set or cleared the same way for every test, so that no test
//! sees the developer's journal, profile or clock, nor another test's.
//!
//! What walkrun reads (`grep -rn env::var src`): `WALKRUN_HOME` (the data
//! folder, and the profile's folder when `WALKRUN_CONFIG` is unset),
//! `WALKRUN_CONFIG`, `WALKRUN_NOW`, and for charts `NO_COLOR`,
//! `CLICOLOR_FORCE` and `COLUMNS`. The `XDG_*` folders are read only by
//! the `directories` crate, and only when `WALKRUN_HOME` is unset, which
//! it never is here; they are left as they are, as are `HOME` and
//! `XDG_RUNTIME_DIR`, which the sound tests set for the sound server.

use std::ffi::OsStr;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_walkrun");

/// Read by walkrun, and unset unless a test sets them.
const CLEARED: [&str; 4] = ["WALKRUN_CONFIG", "WALKRUN_NOW", "CLICOLOR_FORCE", "COLUMNS"];

/// `walkrun` with a home of its own: an `assert_cmd::Command` (it derefs to
/// one) that also gives the same command as a `std::process::Command`
/// ([`Walkrun::std`], to spawn) or as a line of shell ([`Walkrun::shell`],
/// for tmux).
pub struct Walkrun {
    cmd: assert_cmd::Command,
    home: PathBuf,
    /// The fresh home, removed with the builder; `None` once a test gives
    /// its own with [`Walkrun::home`].
    _temp: Option<tempfile::TempDir>,
}

/// walkrun isolated: `WALKRUN_HOME` a fresh temporary folder (which holds
/// the profile too: `WALKRUN_CONFIG` is unset), no `WALKRUN_NOW` (the system
/// clock), `NO_COLOR=1`, no `CLICOLOR_FORCE` nor `COLUMNS`.
///
/// The temporary home lives as long as the builder: a test that spawns a
/// walkrun from [`Walkrun::std`] keeps the builder until the child has
/// ended, or gives a home of its own.
pub fn walkrun() -> Walkrun {
    let temp = tempfile::tempdir().expect("a temporary home");
    let home = temp.path().to_path_buf();
    let mut cmd = assert_cmd::Command::new(BIN);
    for var in CLEARED {
        cmd.env_remove(var);
    }
    cmd.env("WALKRUN_HOME", &home).env("NO_COLOR", "1");
    Walkrun {
        cmd,
        home,
        _temp: Some(temp),
    }
}

impl Walkrun {
    /// The data folder (and the profile's, unless [`Walkrun::config`]) is
    /// `dir`, the test's own, instead of a fresh one.
    pub fn home(mut self, dir: impl AsRef<Path>) -> Walkrun {
        self.home = dir.as_ref().to_path_buf();
        self._temp = None;
        self.cmd.env("WALKRUN_HOME", &self.home);
        self
    }

    /// The profile is `file` (`WALKRUN_CONFIG`).
    pub fn config(mut self, file: impl AsRef<Path>) -> Walkrun {
        self.cmd.env("WALKRUN_CONFIG", file.as_ref());
        self
    }

    /// The clock says `now` (`WALKRUN_NOW`, e.g. `2026-12-08T09:30`).
    pub fn now(mut self, now: &str) -> Walkrun {
        self.cmd.env("WALKRUN_NOW", now);
        self
    }

    /// Runs in `dir` (relative paths in the arguments are read from there).
    pub fn in_dir(mut self, dir: impl AsRef<Path>) -> Walkrun {
        self.cmd.current_dir(dir.as_ref());
        self
    }

    /// Runs in its home folder.
    pub fn in_home(self) -> Walkrun {
        let home = self.home.clone();
        self.in_dir(home)
    }

    /// The data folder walkrun is given.
    pub fn home_dir(&self) -> &Path {
        &self.home
    }

    /// The same command, arguments and environment as a
    /// `std::process::Command`: to spawn, to pipe, or to give a `pre_exec`.
    pub fn std(&self) -> std::process::Command {
        let mut c = std::process::Command::new(self.cmd.get_program());
        c.args(self.cmd.get_args());
        for (key, value) in self.cmd.get_envs() {
            match value {
                Some(v) => c.env(key, v),
                None => c.env_remove(key),
            };
        }
        if let Some(dir) = self.cmd.get_current_dir() {
            c.current_dir(dir);
        }
        c
    }

    /// The same command as one line of `sh`, for a shell in a terminal
    /// (tmux), whose environment is not the test's: `env -u VAR ... VAR=value
    /// 'walkrun' 'arg' ...`, to which the test appends what it wants. A
    /// shell that `exec`s it gets walkrun in its own process (env execs it).
    pub fn shell(&self) -> String {
        let mut words = vec!["env".to_string()];
        let mut set = Vec::new();
        for (key, value) in self.cmd.get_envs() {
            let key = key.to_str().expect("a variable's name in UTF-8");
            match value {
                Some(v) => set.push(format!("{key}={}", quote(v))),
                None => words.push(format!("-u {key}")),
            }
        }
        if let Some(dir) = self.cmd.get_current_dir() {
            words.push(format!("-C {}", quote(dir.as_os_str())));
        }
        words.extend(set);
        words.push(quote(self.cmd.get_program()));
        words.extend(self.cmd.get_args().map(quote));
        words.join(" ")
    }
}

/// `text` in single quotes for sh.
fn quote(text: &OsStr) -> String {
    let text = text.to_str().expect("a shell word in UTF-8");
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl Deref for Walkrun {
    type Target = assert_cmd::Command;

    fn deref(&self) -> &assert_cmd::Command {
        &self.cmd
    }
}

impl DerefMut for Walkrun {
    fn deref_mut(&mut self) -> &mut assert_cmd::Command {
        &mut self.cmd
    }
}
