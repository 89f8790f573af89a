//! The signals that stop walkrun from outside: SIGINT (Ctrl-C), SIGTERM and
//! SIGHUP (the terminal hung up).
//!
//! By default they end the process at once, as for any command-line tool.
//! Two things change that:
//!
//! - a command that can stop cleanly (a live session, a long render) calls
//!   [`catch`]; from then on the signals are only recorded, the command asks
//!   [`caught`] as it goes, stops, tidies up and exits with
//!   [`Signal::exit_code`] (128 + the signal's number, as a shell reports a
//!   process killed by it);
//! - a file being written holds them off with [`hold`]: a signal that comes
//!   meanwhile is acted on once the write is done or undone, so no temporary
//!   file is left behind.
//!
//! A signal that was ignored when walkrun started (`nohup` ignores SIGHUP)
//! stays ignored.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A signal that asks walkrun to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT: Ctrl-C.
    Interrupt,
    /// SIGTERM: `kill`, a shutdown.
    Terminate,
    /// SIGHUP: the terminal went away.
    HangUp,
}

impl Signal {
    const ALL: [Signal; 3] = [Signal::Interrupt, Signal::Terminate, Signal::HangUp];

    /// The signal's number.
    pub fn number(self) -> i32 {
        match self {
            Signal::Interrupt => libc::SIGINT,
            Signal::Terminate => libc::SIGTERM,
            Signal::HangUp => libc::SIGHUP,
        }
    }

    fn from_number(n: usize) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.number() as usize == n)
    }

    /// The exit code that says walkrun stopped on this signal: 130, 143, 129.
    pub fn exit_code(self) -> u8 {
        128 + self.number() as u8
    }

    /// The signal's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
            Signal::HangUp => "SIGHUP",
        }
    }
}

struct State {
    /// The number of the latest signal caught, 0 for none.
    caught: Arc<AtomicUsize>,
    /// Whether a signal should act as by default (end the process) now.
    fatal: Arc<AtomicBool>,
    /// Whether the command catches the signals for good.
    catching: AtomicBool,
    /// How many writes hold the signals off.
    holds: Mutex<usize>,
}

static STATE: OnceLock<Option<State>> = OnceLock::new();

/// The handlers, installed the first time they are needed. `None` when they
/// could not be (the signals then act as by default, which is safe).
fn state() -> Option<&'static State> {
    STATE
        .get_or_init(|| {
            let state = State {
                caught: Arc::new(AtomicUsize::new(0)),
                fatal: Arc::new(AtomicBool::new(false)),
                catching: AtomicBool::new(false),
                holds: Mutex::new(0),
            };
            for signal in Signal::ALL {
                let n = signal.number();
                if ignored(n) {
                    continue;
                }
                // The default action comes first: when it applies, nothing
                // after it matters.
                signal_hook::flag::register_conditional_default(n, Arc::clone(&state.fatal))
                    .ok()?;
                signal_hook::flag::register_usize(n, Arc::clone(&state.caught), n as usize).ok()?;
            }
            Some(state)
        })
        .as_ref()
}

/// Whether signal `n` was set to be ignored before walkrun started.
fn ignored(n: i32) -> bool {
    // SAFETY: sigaction with a null new action only reads the current one.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(n, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// From now on, SIGINT, SIGTERM and SIGHUP no longer end the process: the
/// caller asks [`caught`] and stops by itself.
pub fn catch() {
    if let Some(s) = state() {
        s.catching.store(true, Ordering::SeqCst);
        s.fatal.store(false, Ordering::SeqCst);
    }
}

/// The latest signal caught since [`catch`] or during a [`hold`].
pub fn caught() -> Option<Signal> {
    let s = STATE.get()?.as_ref()?;
    Signal::from_number(s.caught.load(Ordering::SeqCst))
}

/// Record `signal` as if it had come (Ctrl-C read as a key in raw mode).
pub fn raise(signal: Signal) {
    if let Some(s) = state() {
        s.caught.store(signal.number() as usize, Ordering::SeqCst);
    }
}

/// Signals held off while it lives; see [`hold`].
#[derive(Debug)]
#[must_use = "signals are held off only while the Hold lives"]
pub struct Hold(());

/// Hold SIGINT, SIGTERM and SIGHUP off until the returned [`Hold`] is
/// dropped. Unless the command catches them, one that came meanwhile then
/// ends the process as it would have: what the write left is tidied first.
pub fn hold() -> Hold {
    if let Some(s) = state() {
        if let Ok(mut holds) = s.holds.lock() {
            *holds += 1;
            s.fatal.store(false, Ordering::SeqCst);
        }
    }
    Hold(())
}

impl Drop for Hold {
    fn drop(&mut self) {
        let Some(s) = STATE.get().and_then(Option::as_ref) else {
            return;
        };
        let Ok(mut holds) = s.holds.lock() else {
            return;
        };
        *holds = holds.saturating_sub(1);
        if *holds > 0 || s.catching.load(Ordering::SeqCst) {
            return;
        }
        s.fatal.store(true, Ordering::SeqCst);
        if let Some(signal) = caught() {
            let _ = signal_hook::low_level::emulate_default_handler(signal.number());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(Signal::Interrupt.exit_code(), 130);
        assert_eq!(Signal::Terminate.exit_code(), 143);
        assert_eq!(Signal::HangUp.exit_code(), 129);
        for s in Signal::ALL {
            assert_eq!(Signal::from_number(s.number() as usize), Some(s));
        }
        assert_eq!(Signal::from_number(0), None);
    }
}
