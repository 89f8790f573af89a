//! What the test modules share: the one way to start walkrun
//! ([`walkrun()`]), the one way to wait for something ([`wait_until`]), and
//! the one guard for a tool a test needs ([`require`]).

// Each test module uses the part it needs.
#![allow(dead_code)]

pub mod fit_file;
mod isolated;
pub mod onsets;
pub mod recordings;
pub mod tmux;

use std::fmt::Display;
use std::time::{Duration, Instant};

// render_long, a binary of its own, uses only walkrun().
#[allow(unused_imports)]
pub use isolated::{walkrun, Walkrun};

/// What a condition polled by [`wait_until`] answers: `bool`, `Option<T>`
/// (ready with a value), or `Result<T, E>` whose `Err` says what was seen
/// instead, printed if the deadline passes.
pub trait Ready {
    type Value;
    fn ready(self) -> Result<Self::Value, String>;
}

impl Ready for bool {
    type Value = ();
    fn ready(self) -> Result<(), String> {
        if self {
            Ok(())
        } else {
            Err(String::new())
        }
    }
}

impl<T> Ready for Option<T> {
    type Value = T;
    fn ready(self) -> Result<T, String> {
        self.ok_or_else(String::new)
    }
}

impl<T, E: Display> Ready for Result<T, E> {
    type Value = T;
    fn ready(self) -> Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

/// Poll `ready` until it holds and return what it gives; fail the test,
/// naming `what` (and what was last seen), once `deadline` has passed.
/// It polls often at first, then every 20 ms.
pub fn wait_until<R: Ready>(
    what: impl Display,
    deadline: Duration,
    ready: impl FnMut() -> R,
) -> R::Value {
    poll_until(deadline, ready).unwrap_or_else(|seen| {
        let sep = if seen.is_empty() { "" } else { ":\n" };
        panic!("waited {deadline:?} for {what}{sep}{seen}")
    })
}

/// As [`wait_until`], for a test that must tidy up (kill what it started)
/// before it fails: `Err` with what was last seen once `deadline` has passed.
pub fn poll_until<R: Ready>(
    deadline: Duration,
    mut ready: impl FnMut() -> R,
) -> Result<R::Value, String> {
    let until = Instant::now() + deadline;
    let mut pause = Duration::from_millis(1);
    loop {
        let seen = match ready().ready() {
            Ok(value) => return Ok(value),
            Err(seen) => seen,
        };
        if Instant::now() >= until {
            return Err(seen);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Whether `tool` is installed (an executable of that name on `PATH`). When
/// it is not, a test on CI (`CI` set) fails, and elsewhere it says why and
/// is skipped: `if !require("tmux") { return; }`.
pub fn require(tool: &str) -> bool {
    require_that(installed(tool), &format!("{tool} is not installed"))
}

/// Whether an executable named `tool` is on `PATH`.
pub fn installed(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(dir.join(tool))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// As [`require`], for what is not a tool: `can` says whether the test can
/// run here, `why` why not.
pub fn require_that(can: bool, why: &str) -> bool {
    if can {
        return true;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("this test");
    if std::env::var_os("CI").is_some() {
        panic!("{test}: CI must run this test, but {why}");
    }
    eprintln!("skipped {test}: {why}");
    false
}
