//! Keeping the screen on and the laptop awake while a session plays, through
//! the desktop's own inhibitors (the freedesktop screen saver for the
//! display, logind for idling and sleep), by way of the `keepawake` crate.

use keepawake::{Builder, KeepAwake};

/// A session shorter than this cannot outlast even the shortest
/// screen-blank timeout a desktop offers (one minute), so nothing is asked.
pub const WORTH_IT_SECONDS: u64 = 60;

/// Held for the length of a session; the inhibitors end when it is dropped.
pub struct Awake {
    _display: Option<KeepAwake>,
    _system: Option<KeepAwake>,
}

impl Awake {
    /// Ask the desktop to keep the screen on and the machine awake. The
    /// second value says, in one line, what could not be had.
    pub fn start(reason: &str) -> (Awake, Option<String>) {
        let display = Builder::default()
            .display(true)
            .reason(reason)
            .app_name("walkrun")
            .app_reverse_domain("io.github.walkrun")
            .create();
        let system = Builder::default()
            .idle(true)
            .sleep(true)
            .reason(reason)
            .app_name("walkrun")
            .app_reverse_domain("io.github.walkrun")
            .create();
        // One plain line: the D-Bus error itself (a socket path, an errno)
        // tells a runner nothing they can act on.
        let trouble = match (&display, &system) {
            (Ok(_), _) => None,
            (Err(_), Ok(_)) => Some(
                "the screen may blank during the session: the desktop would not keep it on; \
                 turn off screen blanking for now"
                    .to_string(),
            ),
            (Err(_), Err(_)) => Some(
                "cannot keep the laptop awake during the session: no desktop answered; \
                 turn off sleep for now"
                    .to_string(),
            ),
        };
        (
            Awake {
                _display: display.ok(),
                _system: system.ok(),
            },
            trouble,
        )
    }
}
